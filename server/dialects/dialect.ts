/** What a backend dialect provides: its login routes, its check of a request, and its answers' shapes. */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DialectName } from '../config'
import type { UserRow } from '../db'
import type { Refusals } from '../errors'
import type { Authenticated } from '../sessions'

export interface Dialect extends Refusals {
  name: DialectName
  /** Who is calling, or the dialect's refusal (thrown). */
  authenticate(req: FastifyRequest): Promise<Authenticated>
  /** A successful API answer in the dialect's envelope. */
  wrap(data: unknown): unknown
  /** A new session for the user, answered as the dialect's login answers; `replaceOthers` ends the user's other sessions. */
  signIn(row: UserRow, replaceOthers: boolean): Promise<unknown>
  /** Ends the user's sessions as an operator does (Sa-Token's kickout, RuoYi's 强退). */
  kickout(row: UserRow): void
  /** Tokens issued until now are presented by another device from now on (uni-id's device-feature check). */
  deviceChanged?(row: UserRow): void
  /** The answer a handed-out captcha expects (RuoYi's), for tests and the demo's control panel. */
  captchaCode?(uuid: string): string | undefined
  /** Registers the dialect's login, logout and user-info routes. */
  routes(app: FastifyInstance): void
}
