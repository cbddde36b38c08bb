/**
 * Douyin (Toutiao): `tt`, as uni-app's compiled mp-toutiao output finds it, and `api` as uni's
 * Douyin layer delivers it.
 *
 * Sources: uni's layer (uni-mp-toutiao 3.0.0-5000720260410001, dist/uni.api.esm.js: `tt`
 * calls pass through; `login` drops `scopes` and `timeout`, keeps `force`); the typings
 * (@douyin-microapp/typings 1.3.1: `tt.request` is wx-shaped and has PATCH, `tt.login({ force })`
 * answers `{ code, anonymousCode, isLogin }`); Douyin's docs
 * (developer.open-douyin.com, mini-app/develop/api/open-interface/log-in/tt-login: `force`
 * defaults to true and opens the host's login box for a user not logged in to the host app;
 * cancelling it fails; only a logged-in user gets a `code`, otherwise only an `anonymousCode`;
 * codes are single-use); ../shared/anchors.md.
 *
 * The app's pages: Douyin documents no runtime global for them (a `__ttConfig` is reported in the
 * IDE but not on phones), so none is set.
 */
import { settle } from '../callbacks'
import type { RuntimeParts } from '../parts'
import { createUniApi, type UniSemantics } from '../uni-api'
import type { HostProfile } from './host'

/** `tt.login`: silent for a user logged in to the host; otherwise the login box (`force`), or only an anonymous code. */
export function douyinLogin(parts: RuntimeParts): UniSemantics['login'] {
  const { account, scheduler } = parts
  return (a) => {
    const force = a.force !== false
    const fails = account.fails
    scheduler.later(() => {
      if (fails) return settle(scheduler, a, false, { errMsg: 'login:fail' })
      if (!account.hostLoggedIn && force) {
        account.loginBoxes++
        if (account.hostLoginBox !== 'login')
          return settle(scheduler, a, false, { errMsg: 'login:fail host login fail' })
        account.hostLoggedIn = true
      }
      const anonymousCode = account.anonymousCode()
      if (!account.hostLoggedIn)
        return settle(scheduler, a, true, { anonymousCode, isLogin: false, errMsg: 'login:ok' })
      settle(scheduler, a, true, { code: account.code(), anonymousCode, isLogin: true, errMsg: 'login:ok' })
    })
  }
}

export const toutiao: HostProfile = {
  name: 'toutiao',
  global: 'tt',
  create(parts) {
    const uni: UniSemantics = { login: douyinLogin(parts) }
    return { host: createUniApi(parts, uni, { intercept: false }), uni }
  },
  globals: (_parts, api, host) => ({ tt: host, getCurrentPages: api.getCurrentPages }),
}
