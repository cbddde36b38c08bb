export * from './errors'
export type { Platform, PlatformPage, PlatformResponse } from './platform'
export { resolvePlatform } from './platform'
export type {
  Auth,
  AuthOptions,
  AuthState,
  DebugInfo,
  LoginStateEvent,
  LoginStateListener,
  RefreshEndpoint,
  RefreshFunction,
} from './session'
export { createAuth } from './session'
export type { TokenInput, Tokens } from './tokens'
