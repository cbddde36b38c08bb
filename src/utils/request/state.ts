/**
 * The requester's internal state types: `Config`, what every request of a requester shares, and
 * `Call`, one request's state, which every stage reads and writes.
 */
import type { CredentialsErrorReason, RequestInfo, Response } from '../../auth/errors'
import type { Platform } from '../../auth/platform'
import type { Auth } from '../../auth/session'
import type { Hooks, RequestOptions, RequestPromise, RetryOptions, UploadOptions } from './types'

export type RetryPolicy = Required<RetryOptions>

export interface Config {
  platform: Platform
  auth?: Auth
  /** `baseURL` with one trailing slash, or `''` when there is none. */
  base: string
  /** A relative URL joined to an absolute `baseURL` stays on its origin: no need to parse it. */
  baseHasOrigin: boolean
  /** Origins that receive the token. */
  trusted: string[]
  timeout: number
  retry: RetryPolicy
  header: Record<string, string>
  anonymousHeader: Record<string, string>
  hooks: Hooks
  /** Requests made so far: the next one's `id`. */
  count: number
  /**
   * Platform calls in flight, the most allowed, and the calls waiting for a slot (first come, first
   * served). `lend`: one more slot is kept for the session's refresh call, and may be lent to a replay
   * that carries the token a refresh just brought (see `lends` in send.ts).
   */
  slots: { used: number; max: number; lend: boolean; queue: Array<{ call: Call; turn: () => void }> }
  /** The last access token an answer said expired, seen as a slot was freed: queued calls holding it wait for the refresh. */
  refused?: string
  /** The bounded queue: requests of this requester waiting for the session now, and the most allowed. */
  queue: { waiting: number; max: number }
  isExpired: (response: Response) => boolean
  /** Why this response ends the session, if it does. */
  sessionOver: (response: Response) => CredentialsErrorReason | undefined
}

export type Kind = 'request' | 'upload' | 'download'
export type AnyOptions = RequestOptions & Partial<UploadOptions>

/** A response's verdict: a success, a failure, the token expired, or the session is over (why). */
export type Verdict = 'ok' | 'failed' | 'expired' | CredentialsErrorReason

export interface Call {
  /** This request's number within its requester, for `onLifecycle`. */
  id: number
  kind: Kind
  api: 'request' | 'uploadFile' | 'downloadFile'
  opts: AnyOptions
  /** What errors and hooks see: the final URL, the method, the headers without the token. */
  req: RequestInfo
  /** The URL's origin may receive the token (and the anonymous headers). */
  trusted: boolean
  /** The session that authorises this request, if any (none for `auth: false` or an untrusted origin). */
  session?: Auth
  /** ms for each attempt. */
  ms: number
  retry: RetryPolicy
  /** When the current attempt runs out of time, waits for the session included. */
  deadline: number
  /** The token the current attempt carries. */
  token: string | null
  /**
   * The sign-in this request belongs to, fixed when it first goes out: with a token, that token's
   * sign-in (no later attempt carries another sign-in's token); `null`, without one (later attempts
   * carry none either). `undefined` before that.
   */
  sid?: string | null
  /** The verdict on an answer already judged (by the fast path), for the loop to take as it is. */
  verdict?: Verdict
  /** Replayed after a refresh once already, across retries: a second expiry rejects. */
  replayed: boolean
  /** The error came from the session (its refresh, its queue): it is not retried. */
  fromSession: boolean
  /** Settled: nothing more goes out. */
  done: boolean
  /** Stops what the call waits on now: a send, the session, a backoff. */
  cancel?: (error: unknown) => void
  /** Settles the app's promise, once; the `onError` hook hears of a failure. */
  settle(ok: boolean, value: unknown): void
  promise: RequestPromise<unknown>
}
