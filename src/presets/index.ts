/**
 * Backend presets (`uni-session/presets`): one line configures `createAuth` for a backend, and the
 * requester takes its rules from the session. Each is tree-shaken: an app pays for the one it imports.
 *
 * @example
 * import { createAuth } from 'uni-session'
 * import { ruoyi } from 'uni-session/presets'
 * const auth = createAuth({ ...ruoyi() })
 */
export { type CloudbaseAuth, cloudbase, cloudbaseReason } from './cloudbase'
export { type OAuth2Options, oauth2 } from './oauth2'
export { type RuoYiOptions, ruoyi } from './ruoyi'
export { notLoginType, type SaTokenEnd, type SaTokenOptions, saToken, saTokenEnd } from './sa-token'
export type { Preset } from './shared'
export { renewedToken, type SlidingOptions, sliding } from './sliding'
export { UNI_ID_TO_LOGIN, uniId } from './uni-id'
