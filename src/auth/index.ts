export type { CredentialsErrorReason, RequestInfo, Response } from './errors'
export {
  AbortError,
  CredentialsError,
  HTTPError,
  isAbortError,
  isCredentialsError,
  isHTTPError,
  isLoginError,
  isNetworkError,
  isQueueFullError,
  isTimeoutError,
  isUniSessionError,
  LoginError,
  NetworkError,
  QueueFullError,
  TimeoutError,
  UniSessionError,
} from './errors'
export type { InstallOptions, SilentLogin } from './install'
export { ensureLogin, installAuth } from './install'
export type { JourneyOptions } from './journey'
export type {
  HttpMethod,
  LoginProvider,
  Platform,
  PlatformLoginResult,
  PlatformPage,
  PlatformResponse,
} from './platform'
export { resolvePlatform } from './platform'
export type { PromptText, PromptTexts } from './prompt'
export { DEFAULT_TEXTS } from './prompt'
export type {
  Auth,
  AuthOptions,
  AuthState,
  DebugInfo,
  Endpoint,
  LoginStateEvent,
  LoginStateListener,
  RefreshEndpoint,
  RefreshEvent,
  RefreshFunction,
  RefreshVerdict,
} from './session'
export { createAuth } from './session'
export type { TokenInput, Tokens } from './tokens'
