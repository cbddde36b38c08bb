/**
 * A template-shaped uni-app (issue 22, "Done when"), written after unibest (unibest-tech/unibest:
 * `src/router/interceptor.ts`, `src/router/config.ts`, `src/store/index.ts`, `src/store/token.ts`):
 * its own route guard that sends signed-out users to `LOGIN_PAGE?redirect=<encoded fullPath>` and lets
 * everything through in mini programs (`LOGIN_PAGE_ENABLE_IN_MP = false`: silent login only there),
 * its own login page, alova with `@alova/adapter-uniapp`, a token store persisted by
 * pinia-plugin-persistedstate through `uni.getStorageSync` / `uni.setStorageSync`, Chinese only (no
 * `locale` in manifest.json, no `uni.setLocale`).
 *
 * `before`: the app as it is, its own alova token authentication (`createServerTokenAuthentication`
 * from `alova/client`, as the alova uni-app templates write it). `after`: the same app having adopted
 * uni-session. The guard (`src/router/*`) is the same file in both.
 */

const API = 'https://api.example.com'

const common: Record<string, string> = {
  'src/pages.json': `${JSON.stringify(
    {
      pages: [
        { path: 'pages/index/index', style: { navigationBarTitleText: '首页' } },
        { path: 'pages/me/me', style: { navigationBarTitleText: '我的' } },
        { path: 'pages/order/detail', style: { navigationBarTitleText: '订单详情' } },
        { path: 'pages/login/login', style: { navigationBarTitleText: '登录' } },
      ],
      tabBar: {
        list: [
          { pagePath: 'pages/index/index', text: '首页' },
          { pagePath: 'pages/me/me', text: '我的' },
        ],
      },
    },
    null,
    2,
  )}\n`,
  'src/env.d.ts': `/// <reference types="vite/client" />
declare module '*.vue' {
  import { DefineComponent } from 'vue'
  const component: DefineComponent<{}, {}, any>
  export default component
}
declare const process: { env: { UNI_PLATFORM: string } }
`,
  'src/main.ts': `import { createSSRApp } from 'vue'
import App from './App.vue'
import { routeInterceptor } from './router/interceptor'
import store from './store'

export function createApp() {
  const app = createSSRApp(App)
  app.use(store)
  app.use(routeInterceptor)
  return { app }
}
`,
  'src/store/index.ts': `import { createPinia, setActivePinia } from 'pinia'
import { createPersistedState } from 'pinia-plugin-persistedstate' // 数据持久化

const store = createPinia()
store.use(
  createPersistedState({
    storage: {
      getItem: uni.getStorageSync,
      setItem: uni.setStorageSync,
    },
  }),
)
setActivePinia(store)

export default store
`,
  // The guard: the same file before and after (unibest's interceptor, its blacklist strategy, trimmed).
  'src/router/config.ts': `export const LOGIN_PAGE = '/pages/login/login'
export const HOME_PAGE = '/pages/index/index'
// 黑名单策略：这些页面需要登录
export const EXCLUDE_LOGIN_PATH_LIST = ['/pages/order/detail', '/pages/me/me']
// 在小程序里面是否使用H5的登录页，默认为 false
export const LOGIN_PAGE_ENABLE_IN_MP = false
export const isMp = process.env.UNI_PLATFORM.startsWith('mp-')
`,
  'src/router/interceptor.ts': `import { useTokenStore } from '@/store/token'
import { EXCLUDE_LOGIN_PATH_LIST, HOME_PAGE, isMp, LOGIN_PAGE, LOGIN_PAGE_ENABLE_IN_MP } from './config'

function parseUrl(url: string) {
  const [path, queryStr = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const pair of queryStr.split('&').filter(Boolean)) {
    const [k, v = ''] = pair.split('=')
    query[k] = v
  }
  return { path, query }
}

export const navigateToInterceptor = {
  invoke({ url }: { url: string }) {
    if (url === undefined) return
    const { path, query } = parseUrl(url)
    // 小程序里面使用平台自带的登录，则不走下面的逻辑
    if (isMp && !LOGIN_PAGE_ENABLE_IN_MP) return true
    const tokenStore = useTokenStore()
    if (tokenStore.hasLogin) {
      if (path !== LOGIN_PAGE) return true
      uni.navigateTo({ url: query.redirect ? decodeURIComponent(query.redirect) : HOME_PAGE })
      return false
    }
    let fullPath = path
    if (Object.keys(query).length) {
      fullPath += \`?\${Object.keys(query).map((key) => \`\${key}=\${query[key]}\`).join('&')}\`
    }
    const redirectUrl = \`\${LOGIN_PAGE}?redirect=\${encodeURIComponent(fullPath)}\`
    if (EXCLUDE_LOGIN_PATH_LIST.includes(path)) {
      uni.navigateTo({ url: redirectUrl })
      return false
    }
    return true
  },
}

export const routeInterceptor = {
  install() {
    uni.addInterceptor('navigateTo', navigateToInterceptor)
    uni.addInterceptor('reLaunch', navigateToInterceptor)
    uni.addInterceptor('redirectTo', navigateToInterceptor)
    uni.addInterceptor('switchTab', navigateToInterceptor)
  },
}
`,
  'src/pages/index/index.vue': `<script setup lang="ts">
function openOrder() {
  uni.navigateTo({ url: '/pages/order/detail?id=7' })
}
</script>

<template>
  <view><button @tap="openOrder">订单</button></view>
</template>
`,
  'src/pages/me/me.vue': `<script setup lang="ts">
import { useTokenStore } from '@/store/token'
const tokenStore = useTokenStore()
</script>

<template>
  <view>{{ tokenStore.hasLogin ? '已登录' : '未登录' }}</view>
</template>
`,
  'src/pages/order/detail.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { getOrder } from '@/api/order'
const order = ref<unknown>()
getOrder().then((o) => (order.value = o)).catch(() => undefined)
</script>

<template>
  <view>订单详情 {{ order }}</view>
</template>
`,
  'src/api/order.ts': `import { alova } from '@/http/alova'

export const getOrder = () => alova.Get('/api/me')
`,
}

/** The app before: its own token store and alova token authentication. */
const before: Record<string, string> = {
  'src/App.vue': `<script setup lang="ts">
import { onLaunch } from '@dcloudio/uni-app'
import { isMp } from '@/router/config'
import { useTokenStore } from '@/store/token'

onLaunch(() => {
  const tokenStore = useTokenStore()
  if (isMp && !tokenStore.hasLogin) tokenStore.wxLogin().catch(() => undefined)
})
</script>
`,
  'src/store/token.ts': `import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { login as _login, wxLogin as _wxLogin } from '@/api/login'

export interface TokenInfo {
  accessToken: string
  refreshToken: string
}

export const useTokenStore = defineStore(
  'token',
  () => {
    const tokenInfo = ref<TokenInfo>({ accessToken: '', refreshToken: '' })
    const setTokenInfo = (val: TokenInfo) => {
      tokenInfo.value = val
    }
    const hasLogin = computed(() => !!tokenInfo.value.accessToken)
    const login = async (form: { username: string; password: string }) => setTokenInfo(await _login(form))
    const wxLogin = async () => {
      const { code } = await uni.login({ provider: 'weixin' })
      setTokenInfo(await _wxLogin(code))
    }
    const logout = () => {
      tokenInfo.value = { accessToken: '', refreshToken: '' }
    }
    return { tokenInfo, setTokenInfo, hasLogin, login, wxLogin, logout }
  },
  { persist: true },
)
`,
  'src/api/login.ts': `import { alova } from '@/http/alova'
import type { TokenInfo } from '@/store/token'

export const login = (form: { username: string; password: string }) =>
  alova.Post<TokenInfo>('/auth/login', form, { meta: { authRole: 'login' } })
export const wxLogin = (code: string) => alova.Post<TokenInfo>('/auth/wechat', { code }, { meta: { authRole: 'login' } })
`,
  'src/http/alova.ts': `import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { createServerTokenAuthentication } from 'alova/client'
import { useTokenStore } from '@/store/token'

const { onAuthRequired, onResponseRefreshToken } = createServerTokenAuthentication({
  refreshTokenOnSuccess: {
    isExpired: (response) => response.statusCode === 401,
    handler: async () => {
      const tokenStore = useTokenStore()
      try {
        const res = await alova.Post<{ accessToken: string; refreshToken: string }>(
          '/auth/refresh',
          { refreshToken: tokenStore.tokenInfo.refreshToken },
          { meta: { authRole: 'refreshToken' } },
        )
        tokenStore.setTokenInfo(res)
      } catch (error) {
        tokenStore.logout()
        uni.showModal({ title: '登录已过期', content: '请重新登录', showCancel: false })
        throw error
      }
    },
  },
  assignToken: (method) => {
    method.config.headers.Authorization = \`Bearer \${useTokenStore().tokenInfo.accessToken}\`
  },
})

export const alova = createAlova({
  baseURL: '${API}',
  ...AdapterUniapp(),
  cacheFor: null, // 每次都请求服务端（alova 默认缓存 GET 5 分钟）
  beforeRequest: onAuthRequired(),
  responded: onResponseRefreshToken({
    onSuccess(response) {
      const { statusCode, data } = response as UniApp.RequestSuccessCallbackResult
      if (statusCode !== 200) throw new Error(\`HTTP \${statusCode}\`)
      return data
    },
  }),
})
`,
  'src/pages/login/login.vue': `<script setup lang="ts">
import { onLoad } from '@dcloudio/uni-app'
import { ref } from 'vue'
import { HOME_PAGE } from '@/router/config'
import { useTokenStore } from '@/store/token'

const redirect = ref(HOME_PAGE)
onLoad((options) => {
  if (options?.redirect) redirect.value = decodeURIComponent(options.redirect)
})
async function submit() {
  await useTokenStore().login({ username: 'demo', password: 'demo1234' })
  uni.redirectTo({ url: redirect.value })
}
</script>

<template>
  <view><button @tap="submit">登录</button></view>
</template>
`,
}

/** The app after adopting uni-session: the guard untouched; the token store keeps the session's record. */
const after: Record<string, string> = {
  'src/App.vue': `<script setup lang="ts">
import { onLaunch } from '@dcloudio/uni-app'
import { installAuth } from 'uni-session'
import { wxLogin } from '@/api/login'
import { auth } from '@/http/session'
import { isMp } from '@/router/config'

onLaunch(() => {
  installAuth(auth, {
    // 小程序：静默登录（没有登录页）；H5：用自己的登录页
    silentLogin: isMp ? async ({ login }) => wxLogin((await login()).code as string) : undefined,
  })
})
</script>
`,
  'src/store/token.ts': `import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** One source of truth: the session's record lives in this store, persisted under its key ('token'). */
export const useTokenStore = defineStore(
  'token',
  () => {
    const record = ref<{ tokens?: { accessToken?: string } } | undefined>()
    const hasLogin = computed(() => !!record.value?.tokens?.accessToken)
    return { record, hasLogin }
  },
  { persist: true },
)
`,
  'src/http/session.ts': `import { createAuth } from 'uni-session'
import { isMp } from '@/router/config'
import pinia from '@/store'
import { useTokenStore } from '@/store/token'

/** pinia-plugin-persistedstate keeps the token store as JSON under its id. */
const KEY = 'token'
const persisted = (): Record<string, unknown> => {
  try {
    return JSON.parse(uni.getStorageSync(KEY) || '{}')
  } catch {
    return {}
  }
}
const write = (state: Record<string, unknown>) => {
  uni.setStorageSync(KEY, JSON.stringify(state))
  // The store, once it exists, reads it again (the plugin's $hydrate). Never created from here: before
  // app.use(pinia) a new store would miss the persistence plugin for good.
  if (pinia.state.value[KEY]) (useTokenStore() as unknown as { $hydrate(): void }).$hydrate()
}

export const auth = createAuth({
  refresh: { url: '${API}/auth/refresh' },
  // 小程序里没有登录页（静默登录）；H5 用自己的登录页，带上它认识的 ?redirect=
  loginPage: isMp ? false : '/pages/login/login',
  navigateToLogin: ({ target, loginPage }) =>
    uni.navigateTo({ url: \`\${loginPage}?redirect=\${encodeURIComponent(target || '/pages/index/index')}\` }),
  storage: {
    get: () => persisted().record,
    set: (_key, record) => write({ ...persisted(), record }),
    remove: () => write({ ...persisted(), record: undefined }),
  },
  // 升级前登录的用户：旧的 tokenInfo 接管一次，然后删掉
  adopt: () => {
    const { tokenInfo, ...rest } = persisted()
    if (tokenInfo) uni.setStorageSync(KEY, JSON.stringify(rest))
    return tokenInfo
  },
})
`,
  'src/api/login.ts': `import { alova } from '@/http/alova'
import { auth } from '@/http/session'

export const login = async (form: { username: string; password: string }) =>
  auth.signIn(await alova.Post('/auth/login', form, { meta: { auth: false } }))
export const wxLogin = (code: string) => alova.Post('/auth/wechat', { code }, { meta: { auth: false } })
`,
  'src/http/alova.ts': `import AdapterUniapp from '@alova/adapter-uniapp'
import { createAlova } from 'alova'
import { alovaAuth } from 'uni-session/adapters'
import { auth } from './session'

const { onAuthRequired, onResponseRefreshToken } = alovaAuth(auth)

export const alova = createAlova({
  baseURL: '${API}',
  ...AdapterUniapp(),
  cacheFor: null, // 每次都请求服务端（alova 默认缓存 GET 5 分钟）
  beforeRequest: onAuthRequired(),
  responded: onResponseRefreshToken({
    onSuccess(response) {
      const { statusCode, data } = response as UniApp.RequestSuccessCallbackResult
      if (statusCode !== 200) throw new Error(\`HTTP \${statusCode}\`)
      return data
    },
  }),
})
`,
  'src/pages/login/login.vue': `<script setup lang="ts">
import { login } from '@/api/login'
import { auth } from '@/http/session'

async function submit() {
  await login({ username: 'demo', password: 'demo1234' })
  await auth.returnAfterLogin() // 读得懂 ?redirect=
}
</script>

<template>
  <view><button @tap="submit">登录</button></view>
</template>
`,
}

export const API_ORIGIN = API
export const templateApp = (adopted: boolean): Record<string, string> => ({
  ...common,
  ...(adopted ? after : before),
})
