/**
 * `uni.addInterceptor('request', ...)`: the session for code that calls `uni.request` itself. What an
 * interceptor can do: add the token (trusted origins only), wait for a refresh first (an `invoke` that
 * returns a promise, which uni-app waits for), and read the answer (the session ends on a session-over
 * answer, which starts the journey; an expired one starts the refresh, so that the next request goes
 * out with a new token). What it cannot do: replay. The caller gets the expired answer as it came.
 */
import type { Auth } from '../auth/session'
import { type AdapterOptions, type Headers, isPromise, judge, setToken, tokenFor, toResponse, trust } from './shared'

/** `uni.request` / `uploadFile` / `downloadFile` options, as far as the interceptor uses them. */
export interface UniRequestArgs {
  url?: string
  header?: Headers
  /** `false`: no token, no refresh (a public endpoint, or your own refresh call). */
  auth?: boolean
  success?: (res: never) => void
  fail?: (err: never) => void
}

/** The interceptor: give it to `uni.addInterceptor('request', ...)` (and `'uploadFile'`, `'downloadFile'`). */
export interface UniRequestInterceptor {
  invoke(args: UniRequestArgs): undefined | Promise<UniRequestArgs>
}

/**
 * An interceptor that puts the session on `uni.request` calls. Add it last: uni-app calls the API with
 * what the last `invoke` resolves to, and (uni-app 3.0) no `invoke` after one that returned a promise
 * runs. While it waits for a refresh, `uni.request` returns a promise instead of a `RequestTask`.
 * The session's own refresh call is let through as it is.
 *
 * @example
 * const interceptor = uniRequestInterceptor(auth, { baseURL: 'https://api.example.com' })
 * uni.addInterceptor('request', interceptor)
 */
export function uniRequestInterceptor(auth: Auth, options?: AdapterOptions): UniRequestInterceptor {
  const trusted = trust(options)
  const set = (args: UniRequestArgs, token: string | null) => {
    if (!token) return args
    args.header = setToken(auth, Object.assign({}, args.header), token)
    const { success, fail } = args
    // Read the answer before the caller does (uni's Alipay layer hands 4xx to `fail`, the answer mapped on).
    const read = (res: { statusCode?: number }) => {
      const renewed = judge(auth, toResponse(res), token)
      // The refresh serves the next requests; its failure is the session's to tell (a refused one ends it).
      if (renewed) renewed.then(undefined, () => undefined)
    }
    args.success = (res: never) => {
      read(res)
      if (success) success(res)
    }
    args.fail = (err: never) => {
      read(err)
      if (fail) fail(err)
    }
    return args
  }
  return {
    invoke(args) {
      // The session's own calls (its refresh, its logout) go out through `uni.request` too: as they
      // are, never held for the refresh they are.
      if (auth.ownsCall(args)) return undefined
      if (args.auth === false || !trusted(args.url || '')) return undefined
      const token = tokenFor(auth)
      if (!isPromise<string | null>(token)) return void set(args, token)
      // uni-app leaves a call whose invoke rejects pending for good: without a token, it goes out all the same.
      return token.then(
        (t) => set(args, t),
        () => args,
      )
    },
  }
}
