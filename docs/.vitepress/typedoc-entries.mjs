// A TypeDoc plugin: the API reference's modules named as an app imports them (`uni-session/presets`),
// not by the source file TypeDoc found them in (`presets/index`).
import { Converter } from 'typedoc'

const NAMES = {
  lib: 'uni-session',
  'utils/request': 'uni-session/request',
  'store/define-auth-store': 'uni-session/store',
  presets: 'uni-session/presets',
  platforms: 'uni-session/platforms',
  adapters: 'uni-session/adapters',
  testing: 'uni-session/testing',
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.children ?? []) {
      const name = NAMES[module.name]
      if (!name) throw new Error(`typedoc-entries: no import name for the entry "${module.name}"`)
      module.name = name
    }
  })
}
