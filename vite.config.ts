import uniModule from '@dcloudio/vite-plugin-uni'
import { defineConfig, type Plugin } from 'vite'

// package.json has "type": "module", so Node loads this CommonJS plugin through ESM interop:
// the default import is then `module.exports`, and the plugin factory sits on its `.default`.
type UniPluginFactory = typeof uniModule
const uni: UniPluginFactory = (uniModule as unknown as { default?: UniPluginFactory }).default ?? uniModule

/**
 * uni's H5 framework CSS points at shadow images on DCloud's CDN (one is preloaded by a keyframe
 * on every page): the demo would reach outside the machine on each load. Nothing in the demo uses
 * those shadows; the built CSS gets `none` instead.
 */
const noCdnShadows = (): Plugin => ({
  name: 'uni-session:no-cdn-shadows',
  apply: 'build',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type === 'asset' && file.fileName.endsWith('.css') && typeof file.source === 'string') {
        file.source = file.source.replace(
          /url\((['"]?)https:\/\/cdn\.dcloud\.net\.cn\/img\/shadow-\w+\.png\1\)/g,
          'none',
        )
      }
    }
  },
})

export default defineConfig({
  plugins: [uni(), noCdnShadows()],
  server: {
    host: '127.0.0.1',
    // `npm run dev:h5` next to `npm run server`: the app's same-origin API calls reach the reference server.
    proxy: Object.fromEntries(
      ['/auth', '/api', '/__control'].map((path) => [path, { target: 'http://127.0.0.1:8787', changeOrigin: true }]),
    ),
  },
})
