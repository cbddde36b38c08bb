/**
 * The compiled uni-app output for Xiaohongshu (dist/build/mp-xhs, built when its sources changed), loaded
 * as the host would load it, under the runtime's 'xhs' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-xhs', {
  // uni-mp-xhs dist/uni.mp.esm.js: createPage ends in `return Page(pageOptions)`.
  registersPagesWith: 'Page',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'xhs',
  navigateToAddsId: true,
})
