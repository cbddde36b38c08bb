/** The requester's options, checked once and resolved to what every request uses. */
import { check, DEV, functionOption, numberOption } from '../../auth/options'
import { hostLimit, resolvePlatform } from '../../auth/platform'
import { expiredBy, reasonOf } from '../../auth/rules'
import { normalizeRetry } from './retry'
import type { Config } from './state'
import type { RequesterOptions } from './types'
import { ORIGIN, originOf } from './url'

export function resolveOptions(options: RequesterOptions): Config {
  check('options', options, options && typeof options === 'object', DEV && 'an object')
  const { auth, hooks = {} } = options
  const baseURL = options.baseURL || ''
  check('baseURL', baseURL, typeof baseURL === 'string', DEV && 'a string')
  const base = baseURL && `${baseURL.replace(/\/+$/, '')}/`
  check('auth', auth, !auth || typeof auth.peekAccessToken === 'function', DEV && 'a session from createAuth()')
  const max = numberOption('maxQueue', options.maxQueue, 1, 100)
  check('maxQueue', max, max % 1 === 0, DEV && 'a whole number >= 1')
  const ownCredentialsError = functionOption<RequesterOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const trusted = [originOf(baseURL)]
  for (const o of options.trustedOrigins || []) {
    check('trustedOrigins', o, typeof o === 'string' && ORIGIN.test(o), DEV && 'origins like "https://host"')
    trusted.push(originOf(o))
  }
  for (const name of ['beforeRequest', 'afterResponse', 'beforeRetry', 'onError', 'onLifecycle'] as const) {
    functionOption(`hooks.${name}`, hooks[name])
  }
  const platform = options.platform || !auth ? resolvePlatform(options.platform) : auth.platform
  // Infinity is allowed here (no limit), unlike the other number options.
  const concurrent =
    options.maxConcurrent === Infinity
      ? Infinity
      : numberOption('maxConcurrent', options.maxConcurrent, 1, hostLimit(platform))
  check('maxConcurrent', concurrent, concurrent % 1 === 0 || concurrent === Infinity, DEV && 'a whole number >= 1')
  return {
    platform,
    auth,
    base,
    baseHasOrigin: ORIGIN.test(base),
    trusted,
    timeout: numberOption('timeout', options.timeout, 1, 60000),
    retry: normalizeRetry(options.retry, 'retry'),
    header: options.header || {},
    anonymousHeader: options.anonymousHeader || {},
    hooks,
    count: 0,
    // With a session, one slot is left for its refresh call, which never waits behind app requests.
    slots: {
      used: 0,
      max: auth && concurrent > 1 ? concurrent - 1 : concurrent,
      lend: !!auth && concurrent > 1 && concurrent < Infinity,
      queue: [],
    },
    queue: { waiting: 0, max },
    refused: undefined,
    // The requester's own rule, else the session's (one place configures a backend), else HTTP 401.
    isExpired:
      functionOption<RequesterOptions['isExpired']>('isExpired', options.isExpired) ||
      (auth && !options.expiredCodes ? auth.isExpired : expiredBy(options.expiredCodes)),
    sessionOver: (res) => reasonOf(ownCredentialsError ? ownCredentialsError(res) : auth && auth.credentialsError(res)),
  }
}
