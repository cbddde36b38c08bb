/**
 * The send stage: one platform call (`request`, `uploadFile` or `downloadFile`) as a promise, hooks
 * around it, within the requester's slots (mini programs run at most 10 network calls at once and
 * queue the rest inside the host, where the wait eats each call's timeout: the requester queues
 * them itself, its wait not counted, one slot kept free for the session's refresh call).
 */
import type { Response } from '../../auth/errors'
import { transmit } from '../../auth/platform'
import { authorize } from './auth-path'
import { tell } from './lifecycle'
import { park } from './queue'
import type { Call, Config } from './state'

/** Sends `call` with its current token (attempt number `attempt`) once a slot is free, cancellable through `call.cancel`. */
export function send(config: Config, call: Call, attempt: number): Promise<Response> {
  const slots = config.slots
  if (slots.used < slots.max) return dispatch(config, call, attempt)
  return new Promise((resolve, reject) => {
    const queued = Date.now()
    const turn = () => {
      // The wait for a slot is not the request's: its deadline moves by as much.
      call.deadline += Date.now() - queued
      const { session, token } = call
      if (token && session) {
        // An answer may have refused this token while the call waited (a refresh is due), or the
        // session moved on: a refresh came (the fresh token at hand is taken), one is running, or
        // it ended. Sent as it is, the call would come back 401 (a slot taken twice) or carry a
        // dead session's token.
        const refused = token === config.refused && !call.replayed
        const fresh = refused ? null : session.peekAccessToken()
        if (fresh) call.token = fresh
        else {
          // The slot goes to the next in line; this call gets its token as a 401 would have made it
          // (so a second refusal ends it), or as a new request would, then asks for a slot again.
          slots.queue.shift()?.()
          if (refused) call.replayed = true
          const ready = refused
            ? park(config, call, () => session.refresh(token)).then((tokens) => {
                call.token = tokens.accessToken
              })
            : authorize(config, call)
          ready.then(() => send(config, call, attempt)).then(resolve, reject)
          return
        }
      }
      dispatch(config, call, attempt).then(resolve, reject)
    }
    slots.queue.push(turn)
    call.cancel = (e) => {
      const i = slots.queue.indexOf(turn)
      if (i >= 0) slots.queue.splice(i, 1)
      reject(e)
    }
  })
}

/** One platform call now, holding a slot until it settles. */
function dispatch(config: Config, call: Call, attempt: number): Promise<Response> {
  const { req, opts, token } = call
  const slots = config.slots
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
  slots.used++
  const sent = transmit(config.platform, call.api, req, o, (cancel, response) => {
    call.cancel = cancel
    // Settled (`hold()` without a cancel comes once, when the call settles): the slot is free.
    if (!cancel) {
      slots.used--
      // An expired token, known before the next in line takes the slot (and the token with it).
      if (token && response && slots.queue.length && expired(config, response)) config.refused = token
      const next = slots.queue.shift()
      if (next) next()
    }
  })
  const after = config.hooks.afterResponse
  return after ? sent.then((response) => after({ request: req, response }) || response) : sent
}

/** The answer says the token expired, and nothing more (an option that throws is `judge`'s to report). */
function expired(config: Config, response: Response): boolean {
  try {
    return !config.sessionOver(response) && config.isExpired(response)
  } catch {
    return false
  }
}
