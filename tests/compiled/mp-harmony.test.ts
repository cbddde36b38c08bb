/**
 * The compiled uni-app output for HarmonyOS atomic services (dist/build/mp-harmony, built when its sources changed), loaded
 * as the host would load it, under the runtime's 'harmony' host profile, against the real reference server
 * over loopback: the demo's story (tests/support/compiled-stories.ts).
 */
import { compiledStories } from '../support/compiled-stories'

jest.setTimeout(180_000)

compiledStories('mp-harmony', {
  registersPagesWith: 'Component',
  modalApi: 'showModal',
  httpErrorsThroughFail: false,
  provider: 'huawei',
  navigateToAddsId: true,
})
