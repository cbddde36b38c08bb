/**
 * A host whose own API object is `wx`-shaped and which uni's compiled layer passes through: `request`,
 * `uploadFile`, `downloadFile`, `showModal`, the storage calls, navigation and `login` are not in its
 * layer's protocols, so they reach the host object as the app wrote them and come back as the host
 * answers (uni-mp-<host> 3.0.0-5000720260410001, dist/uni.api.esm.js: `initUni` sends every key that
 * is neither a shim nor a protocol to `platform[key]` through `wrapper(key, ...)`, which only renames
 * what a protocol names). The host object is the runtime's WeChat semantics: HTTP statuses through
 * `success`, `fail` when the call did not complete, WeChat's storage and modal shapes.
 *
 * What no source here tells: the host's own `fail` texts (the runtime keeps WeChat's: 'timeout',
 * 'abort', ...) and whether its runtime publishes the app's pages (none is set, as for Douyin).
 */
import { createUniApi } from '../uni-api'
import type { HostName, HostProfile } from './host'

export function wxShaped(name: HostName, global: HostProfile['global']): HostProfile {
  return {
    name,
    global,
    create: (parts) => ({ host: createUniApi(parts, {}, { intercept: false }), uni: {} }),
    globals: (_parts, api, host) => ({ [global]: host, getCurrentPages: api.getCurrentPages }),
  }
}
