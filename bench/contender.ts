/**
 * What every contender's recipe exports: a factory of a tiny client over the global `uni`.
 * Each recipe is bundled by esbuild on its own (bench/build.ts): the same bundle is run and sized.
 */
export interface ClientOptions {
  /** Origin of the API, e.g. `http://127.0.0.1:1`. */
  baseURL: string
  /** Full URL of the refresh endpoint (`POST { refreshToken }` -> `{ accessToken, refreshToken }`). */
  refreshURL: string
  /** uni-session only: `maxQueue` (the peers' queues are unbounded). */
  maxQueue: number
}

export interface Client {
  /** Starts the session with these tokens (what the app does after its login call). */
  signIn(accessToken: string, refreshToken: string): void
  /** An authorised GET; resolves with the body, rejects on failure. */
  get(url: string): Promise<unknown>
}

export type MakeClient = (options: ClientOptions) => Client
