/**
 * The HarmonyOS App (uni-app `app-harmony`, Vue 3): no host object of its own in JavaScript; `uni`
 * is uni's ArkTS-backed runtime, and `request` goes through `@ohos.net.http`.
 *
 * Sources:
 * - uni's request on HarmonyOS: dcloudio/uni-app packages/uni-app-harmony/src/service/api/network/request.ts
 *   (commit d965050f): header names lower-cased; a POST without a content-type gets
 *   'application/x-www-form-urlencoded; charset=UTF-8'; a plain-object body is JSON text under a
 *   JSON content-type, form-encoded under a form content-type the app set itself, otherwise handed to
 *   `@ohos.net.http` as it is; GET data goes into the query; every HTTP status resolves
 *   (`{ data, statusCode, header, cookies }`); an error rejects with `err.message`, which uni turns
 *   into `request:fail <message>`; `abort()` destroys the request, and what arrives then is the
 *   write error ("abort后此处收到如下错误 ... Failed writing received data to disk/application");
 *   `headersReceive` is not forwarded.
 * - `@ohos.net.http` itself: openharmony/communication_netstack
 *   frameworks/js/napi/http/async_context/src/request_context.cpp (`ParseHeader` lower-cases every
 *   request header name; `GetRequestBody` sends an object as its JSON text; `HTTP_ERR_MAP`: "Timeout
 *   was reached", "Couldn't connect to server", "Couldn't resolve host name", "Failed writing received
 *   data to disk/application") and frameworks/js/napi/http/options/src/http_response.cpp
 *   (`ParseHeaders` lower-cases every response header name).
 *
 * Not modelled: uploadFile and downloadFile (other files of uni's runtime, not read here: they keep
 * WeChat's answer), cookies.
 */
import type { PlatformResponse } from '../../../auth/platform'
import { type Args, settle } from '../callbacks'
import type { RuntimeParts } from '../parts'
import type { UniSemantics } from '../uni-api'
import { failReason, type HostProfile } from './host'

/** uni's default for a POST without a content-type (request.ts). */
export const HARMONY_FORM = 'application/x-www-form-urlencoded; charset=UTF-8'

/** `@ohos.net.http`'s messages (request_context.cpp, HTTP_ERR_MAP) for the runtime's reasons. */
export const HARMONY_ERRORS = {
  timeout: 'Timeout was reached',
  abort: 'Failed writing received data to disk/application',
  connect: "Couldn't connect to server",
} as const

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Object.prototype.toString.call(v) === '[object Object]'

const formEncode = (data: Record<string, unknown>) =>
  Object.keys(data)
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(String(data[key]))}`)
    .join('&')

/** The message a failure reaches the app with, by the runtime's reason. */
function harmonyMessage(reason: string) {
  if (reason === 'timeout') return HARMONY_ERRORS.timeout
  if (reason === 'abort') return HARMONY_ERRORS.abort
  return reason && reason !== 'no handler' ? reason : HARMONY_ERRORS.connect
}

function harmonyUni(parts: RuntimeParts): UniSemantics {
  const { network, scheduler } = parts
  return {
    transfer(api, a: Args) {
      const { success: _s, fail: _f, complete: _c, ...o } = a
      if (api !== 'request') {
        return network.send(api, o, {
          success: (res) => settle(scheduler, a, true, res),
          fail: (err) => settle(scheduler, a, false, err),
        })
      }
      const method = String(o.method || 'GET').toUpperCase()
      let url = String(o.url)
      let data = o.data
      let contentType: string | undefined
      const header: Record<string, unknown> = {}
      for (const [name, value] of Object.entries((o.header ?? {}) as Record<string, unknown>)) {
        if (name.toLowerCase() === 'content-type') contentType = String(value)
        header[name.toLowerCase()] = value
      }
      // uni writes 'Content-Type'; @ohos.net.http lower-cases it on the way out.
      if (!contentType && method === 'POST') header['content-type'] = HARMONY_FORM
      if (method === 'GET' && isPlainObject(data)) {
        // As request.ts writes it: always '?', even after a query the URL already has (uni's own quirk).
        url += `?${formEncode(data)}`
        data = undefined
      } else if (contentType && contentType.indexOf('application/json') === 0 && isPlainObject(data)) {
        data = JSON.stringify(data)
      } else if (contentType && contentType.indexOf('application/x-www-form-urlencoded') === 0 && isPlainObject(data)) {
        data = formEncode(data)
      } else if (method !== 'GET' && isPlainObject(data)) {
        // Under uni's form default the object goes to @ohos.net.http, which sends its JSON text.
        data = JSON.stringify(data)
      }
      return network.send(
        'request',
        { ...o, url, method, header, data },
        {
          success(res: PlatformResponse) {
            const lower: Record<string, string> = {}
            for (const [name, value] of Object.entries(res.header || {})) lower[name.toLowerCase()] = value
            settle(scheduler, a, true, {
              data: res.data,
              statusCode: res.statusCode,
              header: lower,
              cookies: [],
              errMsg: 'request:ok',
            })
          },
          fail(err) {
            settle(scheduler, a, false, { errMsg: `request:fail ${harmonyMessage(failReason(err.errMsg))}` })
          },
        },
      )
    },
  }
}

export const appHarmony: HostProfile = {
  name: 'app-harmony',
  global: 'uni',
  create: (parts) => ({ uni: harmonyUni(parts) }),
  globals: (_parts, api) => ({ uni: api, getCurrentPages: api.getCurrentPages }),
}
