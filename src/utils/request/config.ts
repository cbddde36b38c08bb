/** The requester's options, checked once and resolved to what every request uses. */
import type { CredentialsErrorReason, Response } from '../../auth/errors'
import { check, functionOption, numberOption } from '../../auth/options'
import { type Platform, resolvePlatform } from '../../auth/platform'
import type { Auth } from '../../auth/session'
import { codeOf } from '../../auth/tokens'
import { normalizeRetry, type RetryPolicy } from './retry'
import type { Hooks, RequesterOptions } from './types'
import { ORIGIN, originOf } from './url'

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
  /** The bounded queue: requests of this requester waiting for the session now, and the most allowed. */
  queue: { waiting: number; max: number }
  isExpired: (response: Response) => boolean
  /** Why this response ends the session, if it does. */
  sessionOver: (response: Response) => CredentialsErrorReason | undefined
}

export function resolveOptions(options: RequesterOptions): Config {
  check('options', options, options && typeof options === 'object', 'an object')
  const { auth, hooks = {} } = options
  const baseURL = options.baseURL || ''
  check('baseURL', baseURL, typeof baseURL === 'string', 'a string')
  const base = baseURL && `${baseURL.replace(/\/+$/, '')}/`
  check('auth', auth, !auth || typeof auth.peekAccessToken === 'function', 'a session from createAuth()')
  const max = numberOption('maxQueue', options.maxQueue, 1, 100)
  check('maxQueue', max, max % 1 === 0, 'a whole number >= 1')
  const expiredCodes = options.expiredCodes || []
  const ownCredentialsError = functionOption<RequesterOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const trusted = [originOf(baseURL)]
  for (const o of options.trustedOrigins || []) {
    check('trustedOrigins', o, typeof o === 'string' && ORIGIN.test(o), 'origins like "https://host"')
    trusted.push(originOf(o))
  }
  for (const name of ['beforeRequest', 'afterResponse', 'beforeRetry', 'onError'] as const) {
    functionOption(`hooks.${name}`, hooks[name])
  }
  return {
    platform: options.platform || !auth ? resolvePlatform(options.platform) : auth.platform,
    auth,
    base,
    baseHasOrigin: ORIGIN.test(base),
    trusted,
    timeout: numberOption('timeout', options.timeout, 1, 60000),
    retry: normalizeRetry(options.retry, 'retry'),
    header: options.header || {},
    anonymousHeader: options.anonymousHeader || {},
    hooks,
    queue: { waiting: 0, max },
    isExpired:
      functionOption<RequesterOptions['isExpired']>('isExpired', options.isExpired) ||
      ((res: Response) =>
        res.statusCode === 401 || (expiredCodes.length > 0 && expiredCodes.indexOf(codeOf(res.data)) >= 0)),
    sessionOver(res) {
      const r = ownCredentialsError ? ownCredentialsError(res) : auth && auth.credentialsError(res)
      return r === true ? 'refresh_token_expired' : r || undefined
    },
  }
}
