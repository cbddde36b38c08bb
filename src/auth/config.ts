/** `createAuth`'s options, checked once and resolved to what the session's parts use. */
import type { CredentialsErrorReason, Response } from './errors'
import { check, DEV, functionOption, numberOption } from './options'
import { resolvePlatform } from './platform'
import { expiredBy, reasonOf } from './rules'
import type { DebugInfo } from './session-state'
import { recordStorage } from './storage'
import { codeOf, readTokenInput } from './tokens'
import type { AuthOptions } from './types'

export function resolveAuthOptions(options: AuthOptions) {
  check('options', options, options && typeof options === 'object', DEV && 'an object')
  const { refresh, logout } = options
  check('refresh', refresh, !refresh || typeof refresh === 'function' || refresh.url, DEV && '{ url } or a function')
  const key = options.storageKey === undefined ? 'uni-session' : options.storageKey
  check('storageKey', key, key && typeof key === 'string', DEV && 'a non-empty string')
  check('logout', logout, !logout || logout.url, DEV && '{ url }')
  const ownCredentialsError = functionOption<AuthOptions['credentialsError']>(
    'credentialsError',
    options.credentialsError,
  )
  const debug = functionOption<AuthOptions['debug']>('debug', options.debug)
  const storage = options.storage
  check(
    'storage',
    storage,
    !storage ||
      ['get', 'set', 'remove'].every((m) => typeof (storage as unknown as Record<string, unknown>)[m] === 'function'),
    DEV && '{ get, set, remove } (functions)',
  )
  const adopt = options.adopt
  check(
    'adopt',
    adopt,
    !adopt || typeof adopt === 'string' || typeof adopt === 'function',
    DEV && 'a storage key or a function',
  )
  const platform = resolvePlatform(options.platform)
  return {
    refresh,
    logout,
    key,
    // Without a refresh, nothing can be done ahead of expiry: a token is used until it expires.
    leeway: refresh ? numberOption('leeway', options.leeway, 0, 60) * 1000 : 0,
    refreshTimeout: numberOption('refreshTimeout', options.refreshTimeout, 1, 10000),
    silentLoginTimeout: numberOption('silentLoginTimeout', options.silentLoginTimeout, 1, 15000),
    autoRefresh: !!options.autoRefresh && !!refresh,
    now: functionOption<() => number>('now', options.now) || Date.now,
    parse: functionOption<AuthOptions['parseTokens']>('parseTokens', options.parseTokens) || readTokenInput,
    credentialsError: (res: Response): CredentialsErrorReason | undefined =>
      reasonOf(
        ownCredentialsError ? ownCredentialsError(res) : codeOf(res.data) === 'TOKEN_UPDATED' && 'token_updated',
      ),
    isExpired:
      functionOption<AuthOptions['isExpired']>('isExpired', options.isExpired) || expiredBy(options.expiredCodes),
    renewal: functionOption<AuthOptions['renewal']>('renewal', options.renewal),
    judgeRefresh: functionOption<AuthOptions['judgeRefresh']>('judgeRefresh', options.judgeRefresh),
    authHeader: functionOption<AuthOptions['authHeader']>('authHeader', options.authHeader),
    attach: functionOption<AuthOptions['attach']>('attach', options.attach),
    platform,
    storage: recordStorage(platform, storage),
    adopt,
    /** Tells `debug`; the message is the type in words ("uni-session: refresh failed"). */
    report(type: DebugInfo['type'], error: unknown) {
      try {
        if (debug) debug({ type, message: `uni-session: ${type.replace(/_/g, ' ')}`, error })
      } catch {
        // a failing debug hook must not break the session
      }
    },
  }
}
