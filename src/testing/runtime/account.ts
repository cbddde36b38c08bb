/**
 * The user's account on the host app, as `login` sees it: each login hands out a fresh one-time
 * code ('code-1', 'code-2', ...); logins can be made to fail; and, on Douyin, a user not logged in
 * to the host app gets only an anonymous code ('anonymous-1', ...) unless the host's own login box
 * is allowed (`force`), which the runtime answers as the user does (`hostLoginBox`).
 */

export interface Account {
  /** Codes handed out, in order. */
  readonly codes: string[]
  /** Anonymous codes handed out (Douyin), in order. */
  readonly anonymousCodes: string[]
  /** Make `login` fail. */
  fails: boolean
  /** Logged in to the host app (Douyin's `isLogin`). @default true */
  hostLoggedIn: boolean
  /** How the user answers the host's login box (Douyin `force: true` while not logged in): log in, or cancel. @default 'cancel' */
  hostLoginBox: 'login' | 'cancel'
  /** How many times the host's login box was shown. */
  loginBoxes: number
  code(): string
  anonymousCode(): string
}

export function createAccount(): Account {
  let codes = 0
  let anonymous = 0
  const account: Account = {
    codes: [],
    anonymousCodes: [],
    fails: false,
    hostLoggedIn: true,
    hostLoginBox: 'cancel',
    loginBoxes: 0,
    code() {
      const code = `code-${++codes}`
      account.codes.push(code)
      return code
    },
    anonymousCode() {
      const code = `anonymous-${++anonymous}`
      account.anonymousCodes.push(code)
      return code
    },
  }
  return account
}
