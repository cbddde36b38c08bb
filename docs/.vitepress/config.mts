import { defineConfig, type DefaultTheme } from 'vitepress'

const REPO = 'https://github.com/uni-session/uni-session'

/** One sidebar for both languages: the same pages, under `/` (Chinese) and `/en/` (English). */
function sidebar(prefix: '' | '/en', t: (zh: string, en: string) => string): DefaultTheme.SidebarItem[] {
  const p = (path: string) => `${prefix}/${path}`
  return [
    {
      text: t('指南', 'Guide'),
      items: [
        { text: t('快速开始', 'Quick start'), link: p('guide/quick-start') },
        { text: t('安装', 'Install'), link: p('guide/install') },
        { text: t('会话', 'The session'), link: p('guide/session') },
        { text: t('请求器', 'The requester'), link: p('guide/requester') },
        { text: t('登录流程', 'The journey'), link: p('guide/journey') },
        { text: t('静默登录', 'Silent login'), link: p('guide/silent-login') },
        { text: t('存储与迁移', 'Storage and migration'), link: p('guide/storage-and-migration') },
        { text: t('测试你的应用', 'Testing your app'), link: p('guide/testing') },
      ],
    },
    {
      text: t('后端', 'Backends'),
      items: [
        { text: t('概览', 'Overview'), link: p('backends/') },
        { text: t('自己的刷新接口', 'Your own refresh endpoint'), link: p('backends/refresh-endpoint') },
        { text: 'RuoYi', link: p('backends/ruoyi') },
        { text: 'Sa-Token', link: p('backends/sa-token') },
        { text: 'uni-id', link: p('backends/uni-id') },
        { text: 'OAuth2', link: p('backends/oauth2') },
        { text: t('滑动会话', 'Sliding sessions'), link: p('backends/sliding') },
        { text: t('腾讯云开发 CloudBase', 'Tencent CloudBase'), link: p('backends/cloudbase') },
      ],
    },
    {
      text: t('请求库与宿主', 'Requesters and hosts'),
      items: [
        { text: t('自带请求库（适配器）', 'Adapters'), link: p('adapters') },
        { text: t('平台与宿主', 'Platforms and hosts'), link: p('hosts/') },
        { text: t('原生微信小程序', 'Native WeChat'), link: p('hosts/wechat') },
        { text: t('支付宝、抖音、百度、QQ、鸿蒙、快手、Taro', 'Alipay, Douyin, Baidu, QQ, HarmonyOS, Kuaishou, Taro'), link: p('hosts/native') },
        { text: t('uni_modules 版', 'The uni_modules edition'), link: p('uni-modules') },
      ],
    },
    {
      text: t('迁移', 'Migrating'),
      items: [
        { text: t('从手写的刷新逻辑', 'From a hand-written refresh'), link: p('migrate/hand-written') },
        { text: t('从模板里的 http.ts', "From a template's http.ts"), link: p('migrate/http-ts') },
        { text: t('从 RuoYi-App 的 request.js', "From RuoYi-App's request.js"), link: p('migrate/ruoyi-app') },
      ],
    },
    {
      text: t('原理与数据', 'Explanations'),
      items: [
        { text: t('刷新是怎么工作的', 'How the refresh works'), link: p('explain/refresh') },
        { text: t('基准测试', 'Benchmarks'), link: p('explain/benchmarks') },
        { text: t('体积', 'Size'), link: p('explain/size') },
        { text: t('参考服务器', 'The reference server'), link: p('server') },
      ],
    },
    { text: t('API 参考', 'API reference'), link: p('api/') },
  ]
}

const zh = (a: string) => a
const en = (_: string, b: string) => b

export default defineConfig({
  title: 'uni-session',
  // Dead links fail the build (VitePress's default): never set ignoreDeadLinks.
  cleanUrls: false,
  lastUpdated: false,
  srcExclude: ['**/node_modules/**', 'package.json'],
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  locales: {
    root: {
      label: '简体中文',
      lang: 'zh-CN',
      description: '不让用户意外掉线的会话：uni-app 与原生微信小程序的令牌刷新请求器和登录流程。',
      themeConfig: {
        nav: [
          { text: '指南', link: '/guide/quick-start' },
          { text: '后端', link: '/backends/' },
          { text: 'API', link: '/api/' },
        ],
        sidebar: sidebar('', zh),
        outline: { label: '本页目录', level: [2, 3] },
        docFooter: { prev: '上一页', next: '下一页' },
      },
    },
    en: {
      label: 'English',
      lang: 'en',
      link: '/en/',
      description:
        'Sessions that never surprise the user: a token-refreshing requester and login journey for uni-app and native WeChat Mini Programs.',
      themeConfig: {
        nav: [
          { text: 'Guide', link: '/en/guide/quick-start' },
          { text: 'Backends', link: '/en/backends/' },
          { text: 'API', link: '/en/api/' },
        ],
        sidebar: sidebar('/en', en),
        outline: { level: [2, 3] },
      },
    },
  },
  themeConfig: {
    socialLinks: [{ icon: 'github', link: REPO }],
    search: { provider: 'local' },
  },
})
