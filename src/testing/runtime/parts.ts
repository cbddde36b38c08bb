/** The runtime's concepts, each in its own file; `createMiniProgramRuntime` builds one of each and the APIs read them. */
import type { Account } from './account'
import type { AppConfig } from './app-config'
import type { Interceptors } from './interceptors'
import type { Lifecycle } from './lifecycle'
import type { Navigation } from './navigation'
import type { Network } from './network'
import type { PageStack } from './page-stack'
import type { Scheduler } from './scheduler'
import type { Screen } from './screen'
import type { Storage } from './storage'
import type { System } from './system'
import type { Ui } from './ui'

export interface RuntimeParts {
  scheduler: Scheduler
  config: AppConfig
  stack: PageStack
  navigation: Navigation
  interceptors: Interceptors
  storage: Storage
  ui: Ui
  screen: Screen
  network: Network
  lifecycle: Lifecycle
  account: Account
  system: System
}
