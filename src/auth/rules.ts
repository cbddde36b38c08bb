/** What answers mean, shared by the session and its requesters. */
import type { CredentialsErrorReason, Response } from './errors'
import { codeOf } from './tokens'

/** "Access token expired": HTTP 401, or a body code (`code` / `errCode` / `error`) among `codes`. */
export const expiredBy =
  (codes: unknown[] = []) =>
  (res: Response): boolean =>
    res.statusCode === 401 || (codes.length > 0 && codes.indexOf(codeOf(res.data)) >= 0)

/** A `credentialsError` option's answer as a reason: `true` is `'refresh_token_expired'`. */
export const reasonOf = (r: CredentialsErrorReason | boolean | null | undefined): CredentialsErrorReason | undefined =>
  r === true ? 'refresh_token_expired' : r || undefined
