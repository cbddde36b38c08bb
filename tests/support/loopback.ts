/**
 * Requests of the mini program runtime (`src/testing/mp-runtime.ts`) sent over real HTTP: a
 * runtime handler that forwards each call to a Node platform (loopback only) and answers it with
 * what the server said. The runtime still records every call (`runtime.calls`) and its timeouts
 * and aborts behave as on a device.
 */
import type { PlatformFailure, PlatformResponse } from '../../src/auth/platform'
import type { Handler } from '../../src/testing/scripted-platform'
import { createNodePlatform, type NodePlatform } from './node-platform'

export function loopbackHandler(platform: NodePlatform = createNodePlatform()): Handler {
  return (call) => {
    const callbacks = {
      success: (res: PlatformResponse) =>
        call.respond({
          statusCode: res.statusCode,
          data: res.data,
          header: res.header,
          tempFilePath: res.tempFilePath,
        }),
      fail: (err: PlatformFailure) => call.fail(err.errMsg),
    }
    const options = { ...call.options, ...callbacks } as never
    const send =
      call.kind === 'upload' ? platform.uploadFile : call.kind === 'download' ? platform.downloadFile : platform.request
    if (!send) throw new Error(`loopback: the platform cannot send a ${call.kind}`)
    send(options)
    // Left pending: the answer comes when the server's does.
    return undefined
  }
}
