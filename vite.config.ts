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
    // `npm run dev:h5` next to `npm run server`: the app's same-origin API calls reach the reference server.
    proxy: Object.fromEntries(
      ['/auth', '/api', '/__control'].map((path) => [path, { target: 'http://127.0.0.1:8787', changeOrigin: true }]),
    ),
  },
})
