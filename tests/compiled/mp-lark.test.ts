/**
 * The compiled uni-app output for Lark (Feishu) (dist/build/mp-lark, built when its sources changed), loaded
 * as the host would load it, under the runtime's 'lark' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-lark', {
  registersPagesWith: 'Component',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'toutiao',
  navigateToAddsId: true,
})
