/**
 * request, uploadFile and downloadFile: every call is recorded and answered by the test's handler
 * (through the scripted platform), or left pending for the test to answer; a call still out when
 * its timeout passes fails with "timeout", an aborted one with "abort". The answer is WeChat's:
 * every HTTP status through `success`, `fail` only when the call did not complete. Each host view
 * reshapes it (Alipay hands HTTP errors to `fail`).
 */
import type { PlatformFailure, PlatformResponse, PlatformTask } from '../../auth/platform'
import { createScriptedPlatform, type Handler, type ScriptedCall } from '../scripted-platform'

export type TransferApi = 'request' | 'uploadFile' | 'downloadFile'

export interface Network {
  /** Answers calls; may be replaced at any time. Without one, calls fail with `request:fail no handler`. */
  handler?: Handler
  /** Every call, in order. */
  readonly calls: ScriptedCall[]
  /** Calls not yet answered, failed or aborted. */
  pending(): ScriptedCall[]
  /**
   * Sends one call with uni/WeChat options (`url`, `method`, `header`, `data`, `timeout`, upload
   * and download fields); `answered` hears WeChat's answer.
   */
  send(
    api: TransferApi,
    options: Record<string, unknown>,
    answered: { success(res: PlatformResponse): void; fail(err: PlatformFailure): void },
  ): PlatformTask | undefined
}

export function createNetwork(handler?: Handler): Network {
  const scripted = createScriptedPlatform((call) => {
    if (network.handler) return network.handler(call)
    const prefix = call.kind === 'request' ? 'request' : `${call.kind}File`
    return { fail: `${prefix}:fail no handler` }
  })
  const network: Network = {
    handler,
    calls: scripted.calls,
    pending: () => scripted.pending(),
    send(api, options, answered) {
      const o = { ...options, success: answered.success, fail: answered.fail } as never
      return (scripted[api] as (o: never) => PlatformTask | undefined)(o)
    },
  }
  return network
}
