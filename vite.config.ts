import uniModule from '@dcloudio/vite-plugin-uni'
import { defineConfig } from 'vite'

// package.json has "type": "module", so Node loads this CommonJS plugin through ESM interop:
// the default import is then `module.exports`, and the plugin factory sits on its `.default`.
type UniPluginFactory = typeof uniModule
const uni: UniPluginFactory = (uniModule as unknown as { default?: UniPluginFactory }).default ?? uniModule

export default defineConfig({
  plugins: [uni()],
  server: {
    host: '127.0.0.1',
  },
})
