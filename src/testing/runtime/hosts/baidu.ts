/**
 * Baidu: `swan`, as uni-app's compiled mp-baidu output finds it, and `api` as uni's Baidu layer
 * delivers it.
 *
 * Sources: uni's layer (uni-mp-baidu 3.0.0-5000720260410001, dist/uni.api.esm.js:
 * `login` is `swan.getLoginCode`; `request` maps `dataType` to 'json' or 'string'; a generic
 * `returnValue` runs on every answer, success and fail alike: `errMsg` becomes
 * `'<api>:fail <errorMessage>'` only when the answer has `error` / `errorMessage`, otherwise
 * `'<api>:ok'`); Baidu's docs (smartprogram.baidu.com, swan.request: HTTP statuses through
 * `success`; `fail` gives `{ errCode, errMsg }`, errCode 1001 "执行失败" on Android;
 * TRACE/CONNECT on Android only); ../shared/anchors.md.
 *
 * So through uni a Baidu failure reaches `fail` with `errMsg: 'request:ok'` (it has `errCode`,
 * not `error`): a timeout or an abort cannot be told from a dropped connection by its text.
 *
 * The app's pages: Baidu documents no runtime global for them, so none is set.
 */
import { settle } from '../callbacks'
import type { RuntimeParts } from '../parts'
import { createUniApi, type UniSemantics } from '../uni-api'
import type { HostProfile } from './host'

/** Baidu's failures: `{ errCode: 1001, errMsg }` (Android's "执行失败"). */
const swanFailure = (_api: string, ok: boolean, res: unknown) => (ok ? res : { errCode: 1001, ...(res as object) })

/** uni's generic returnValue on Baidu: errMsg from `error` / `errorMessage`, else `'<api>:ok'`, whatever the callback. */
function uniReturnValue(api: string, ok: boolean, res: unknown) {
  const r = { ...(swanFailure(api, ok, res) as Record<string, unknown>) }
  if (r.error || r.errorMessage) {
    r.errMsg = `${api}:fail ${r.errorMessage || r.error}`
    delete r.error
    delete r.errorMessage
  } else r.errMsg = `${api}:ok`
  return r
}

/** `swan.getLoginCode`: a code without any login box. */
function getLoginCode(parts: RuntimeParts, api: string): NonNullable<UniSemantics['login']> {
  const { account, scheduler } = parts
  return (a) => {
    const fails = account.fails
    scheduler.later(() =>
      fails
        ? settle(scheduler, a, false, { errCode: 10004, errMsg: `${api}:fail` })
        : settle(scheduler, a, true, { code: account.code(), errMsg: `${api}:ok` }),
    )
  }
}

export const baidu: HostProfile = {
  name: 'baidu',
  global: 'swan',
  create(parts) {
    // uni's Baidu layer asks for 'lifecycle-2-0' (Baidu's page lifecycle 2.0, the current one).
    const swan = createUniApi(
      parts,
      { returnValue: swanFailure, login: loginBox(parts) },
      { intercept: false, capabilities: ['lifecycle-2-0'] },
    )
    Object.assign(swan, {
      getLoginCode(o: Record<string, unknown> = {}) {
        getLoginCode(parts, 'getLoginCode')(o)
      },
    })
    return { host: swan, uni: { returnValue: uniReturnValue, login: getLoginCode(parts, 'login') } }
  },
  globals: (_parts, api, host) => ({ swan: host, getCurrentPages: api.getCurrentPages }),
}

/** `swan.login`: the Baidu account's login, with the host's login box for a user not logged in. */
function loginBox(parts: RuntimeParts): NonNullable<UniSemantics['login']> {
  const { account, scheduler } = parts
  return (a) => {
    const fails = account.fails
    scheduler.later(() => {
      if (!fails && !account.hostLoggedIn) {
        account.loginBoxes++
        if (account.hostLoginBox === 'login') account.hostLoggedIn = true
      }
      if (fails || !account.hostLoggedIn) return settle(scheduler, a, false, { errCode: 10004, errMsg: 'login:fail' })
      settle(scheduler, a, true, { code: account.code(), errMsg: 'login:ok' })
    })
  }
}
