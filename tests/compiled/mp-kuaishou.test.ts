/**
 * The compiled uni-app output for Kuaishou (dist/build/mp-kuaishou, built when its sources changed), loaded
 * as the host would load it, under the runtime's 'kuaishou' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-kuaishou', {
  registersPagesWith: 'Component',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'kuaishou',
  navigateToAddsId: true,
})
