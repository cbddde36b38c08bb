/** The send stage: one platform call (`request`, `uploadFile` or `downloadFile`) as a promise, hooks around it. */
import type { Response } from '../../auth/errors'
import { transmit } from '../../auth/platform'
import { tell } from './lifecycle'
import type { Call, Config } from './state'

/** Sends `call` with its current token (attempt number `attempt`), cancellable through `call.cancel`. */
export function send(config: Config, call: Call, attempt: number): Promise<Response> {
  const { req, opts, token } = call
  if (config.hooks.beforeRequest) config.hooks.beforeRequest({ request: req, attempt })
  if (config.hooks.onLifecycle) {
    const generation = token ? (call.session as NonNullable<Call['session']>).generationOf(token) : undefined
    tell(config, call, { type: 'send', attempt, replay: call.replayed, generation })
  }
  // Only what the call needs: a host may warn about (or choke on) a key it does not support.
  const o: Record<string, unknown> = {
    url: req.url,
    header: token
      ? Object.assign({}, req.header, (call.session as NonNullable<Call['session']>).authHeader(token))
      : call.trusted
        ? Object.assign({}, config.anonymousHeader, req.header)
        : req.header,
    timeout: Math.max(1, call.deadline - Date.now()),
  }
  if (call.kind === 'upload') {
    o.filePath = opts.filePath
    o.name = opts.name || 'file'
    if (opts.formData) o.formData = opts.formData
  } else {
    if (call.kind === 'request') o.method = req.method
    if (req.data !== undefined) o.data = req.data
    if (opts.dataType) o.dataType = opts.dataType
    if (opts.responseType) o.responseType = opts.responseType
    if (opts.filePath) o.filePath = opts.filePath
  }
  const sent = transmit(config.platform, call.api, req, o, (cancel) => {
    call.cancel = cancel
  })
  const after = config.hooks.afterResponse
  return after ? sent.then((response) => after({ request: req, response }) || response) : sent
}
