/**
 * An app-harmony build of the app (process.env.UNI_PLATFORM === 'app-harmony', as uni's build writes it):
 * uni's request there (uni-app packages/uni-app-harmony/src/service/api/network/request.ts) sends a body
 * without a content-type as a form, where every other host sends JSON. The requester sends the same body
 * everywhere: JSON, unless the app says otherwise.
 */
import '../support/app-harmony-build'
import pagesJson from '../../src/pages.json'
import { createMiniProgramRuntime, HARMONY_FORM, type ScriptedCall } from '../../src/testing/mp-runtime'
import { createRequest } from '../../src/utils/request'
import { BASE, useFakeClock } from '../support/setup'

beforeEach(useFakeClock)
afterEach(() => jest.useRealTimers())

function boot() {
  const runtime = createMiniProgramRuntime({
    pagesJson,
    host: 'app-harmony',
    handler: () => ({ statusCode: 200, data: { ok: true } }),
  })
  const uninstall = runtime.install()
  return { runtime, uninstall }
}

const typeOf = (call: ScriptedCall | undefined) => call?.header['content-type']

test("on an app-harmony build, an app's own POST of an object goes as JSON, not as uni's form default", async () => {
  const { runtime, uninstall } = boot()
  try {
    const request = createRequest({ baseURL: BASE })
    await request.post('/orders', { sku: 1 })
    expect(typeOf(runtime.calls[0])).toBe('application/json')
    expect(JSON.parse(runtime.calls[0]?.data as string)).toEqual({ sku: 1 })
  } finally {
    uninstall()
  }
})

test('on an app-harmony build, a content-type the app sets (any case) is kept: a form stays a form', async () => {
  const { runtime, uninstall } = boot()
  try {
    const request = createRequest({ baseURL: BASE })
    await request.post('/orders', { sku: 1 }, { header: { 'Content-Type': HARMONY_FORM } })
    expect(typeOf(runtime.calls[0])).toBe(HARMONY_FORM)
    expect(runtime.calls[0]?.header['Content-Type']).toBeUndefined()
  } finally {
    uninstall()
  }
})
