/**
 * The compiled uni-app output for Alipay (dist/build/mp-alipay, built when its sources changed), loaded as
 * the host would load it, under the runtime's 'alipay' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-alipay', {
  registersPagesWith: 'Page',
  modalApi: 'confirm',
  httpErrorsThroughFail: true,
  provider: 'alipay',
  navigateToAddsId: false,
})
