/**
 * The compiled uni-app output for JD (dist/build/mp-jd, built when its sources changed), loaded
 * as the host would load it, under the runtime's 'jd' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-jd', {
  registersPagesWith: 'Component',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'jd',
  navigateToAddsId: true,
})
