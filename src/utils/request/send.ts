/**
 * The send stage: one platform call (`request`, `uploadFile` or `downloadFile`) as a promise, hooks
 * around it, within the requester's slots (mini programs run at most 10 network calls at once and
 * queue the rest inside the host, where the wait eats each call's timeout: the requester queues
 * them itself, its wait not counted, one slot kept free for the session's refresh call).
 */
import { type Response, retell } from '../../auth/errors'
import { transmit } from '../../auth/platform'
import { APP_HARMONY, MAY_BE_MP } from '../../auth/platform/build'
import { authorize } from './auth-path'
import { aborted } from './call'
import { tell } from './lifecycle'
import { ofSession, park } from './queue'
import type { Call, Config } from './state'

/** Sends `call` with its current token (attempt number `attempt`) once a slot is free, cancellable through `call.cancel`. */
export function send(config: Config, call: Call, attempt: number): Promise<Response> {
  const slots = config.slots
  // H5 and App have no host limit: their builds drop the queue (`maxConcurrent` is a mini program's).
  if (!MAY_BE_MP || slots.used < slots.max || lends(config, call)) return dispatch(config, call, attempt)
  return new Promise((resolve, reject) => {
    const queued = Date.now()
    const turn = () => {
      // The wait for a slot is not the request's: its deadline moves by as much.
      call.deadline += Date.now() - queued
      const { session, token } = call
      if (token && session) {
        // The session may have moved on while the call waited: sent as it is, the call would carry
        // a dead session's token, or come back 401 (a slot taken twice) for a token an answer just
        // refused or a running refresh replaces.
        const fresh = session.peekAccessToken()
        let ready: Promise<unknown> | undefined
        if (session.signInId !== call.sid) {
          // Its sign-in is over (signed out, or signed in again since: another account, maybe): the
          // call ends unsent, with the reason that sign-in ended for ("not signed in" after a sign-out).
          // Known by the sign-in, not the token: a call of a sliding session is never too old.
          ready = ofSession(call, session.refresh(token, call.sid as string))
        } else if (token === config.refused && !call.replayed && (!fresh || fresh === token)) {
          // Refused: the one refresh, as this call's own 401 would have made it (a second refusal ends it).
          call.replayed = true
          ready = park(config, call, () => session.refresh(token, call.sid as string)).then((tokens) => {
            call.token = tokens.accessToken
          })
        } else if (fresh) call.token = fresh
        // A refresh under way or due: the token as a new request gets it.
        else ready = authorize(config, call)
        if (ready) {
          // Its slot stays free for the next in line (`pump`); it asks again, unless aborted meanwhile.
          ready
            .then(() => {
              if (call.done) throw aborted(call)
              return send(config, call, attempt)
            })
            .then(resolve, reject)
          return
        }
      }
      // Inside another call's settling: a throwing hook fails this call, not that one.
      try {
        dispatch(config, call, attempt).then(resolve, reject)
      } catch (e) {
        reject(e)
      }
    }
    const entry = { call, turn }
    slots.queue.push(entry)
    call.cancel = (e) => {
      const i = slots.queue.indexOf(entry)
      if (i >= 0) slots.queue.splice(i, 1)
      reject(e)
    }
  })
}

/** One platform call now, holding a slot until it settles. */
function dispatch(config: Config, call: Call, attempt: number): Promise<Response> {
  const { req, opts, token } = call
  const slots = config.slots
  // The last word before a token goes out: never one of a sign-in that is over (another user's, maybe).
  const ended = token ? (call.session as NonNullable<Call['session']>).signInEnded(call.sid as string) : undefined
  if (ended) {
    call.fromSession = true
    return Promise.reject(retell(ended, req))
  }
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
    timeout: Math.min(Math.max(1, call.deadline - Date.now()), 2147483647),
  }
  // The same body on every host: JSON unless the app says otherwise (app-harmony's default is a form).
  if (APP_HARMONY && call.kind === 'request' && req.data && typeof req.data === 'object') {
    const header = o.header as Record<string, string>
    if (!Object.keys(header).some((k) => k.toLowerCase() === 'content-type'))
      o.header = Object.assign({ 'content-type': 'application/json' }, header)
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
      // What the answer says of the token, before the next in line takes the slot (and the token
      // with it). (What `afterResponse` makes of the answer is not known yet: with that hook, no guess.)
      if (MAY_BE_MP) {
        // The kept slot is lent only on an answer known not to call for a refresh.
        const read =
          token &&
          response &&
          slots.queue.length &&
          !config.hooks.afterResponse &&
          !foresee(config, call, token, response)
        pump(config, !!read)
      }
    }
  })
  const after = config.hooks.afterResponse
  return after ? sent.then((response) => after({ request: req, response }) || response) : sent
}

/**
 * The verdict `judge` will give, acted on early for the calls waiting for a slot: an answer that ends
 * the session ends it now; an expired token is marked, so that they wait for its refresh. (An option
 * that throws is `judge`'s to report.)
 */
function foresee(config: Config, call: Call, token: string, response: Response): boolean {
  try {
    const over = config.sessionOver(response)
    if (over) (call.session as NonNullable<Call['session']>).invalidate(token, over)
    else if (config.isExpired(response)) {
      config.refused = token
      return true
    }
  } catch {}
  return false
}

/**
 * The slot kept for the session's refresh call, lent to `call` when every other slot is taken: a
 * replay carrying the token a refresh just brought, still fresh for as long as the call may take
 * (no refresh falls due while it is out), with no refresh under way. A refresh can then only be
 * needed because an answer said the token expired, and that answer has freed a slot for it: the
 * refresh call still never waits behind app requests. On the 10-slot host, 20 replays go out in two
 * rounds of 10 instead of three (9, 9, 2).
 */
function lends(config: Config, call: Call): boolean {
  const { slots } = config
  const { session, token } = call
  if (!slots.lend || slots.used !== slots.max || !call.replayed || !session || !token) return false
  const tokens = session.getTokens()
  return !!tokens && token === session.peekAccessToken() && (!tokens.refreshAt || tokens.refreshAt > call.deadline)
}

/**
 * Hands free slots to the calls waiting, in order, in a loop (a call that parks leaves its slot to
 * the next); the kept slot too, to a replay `lends` allows, when the answer that freed the slot was
 * read and did not say the token expired (else a refresh may be coming, and needs it).
 */
function pump(config: Config, lending: boolean): void {
  const { slots } = config
  for (;;) {
    const next = slots.queue[0]
    if (!next || (slots.used >= slots.max && !(lending && lends(config, next.call)))) return
    slots.queue.shift()
    next.turn()
  }
}
