/**
 * Every text of the demo app, in one table: Chinese (the default) and English (when the app's
 * locale starts with `en`: `uni.getLocale()`, else the system language). A page shows one language
 * throughout: the texts come from here, the session's prompts (src/auth/prompt.ts) follow the same
 * locale. `{name}` in a text is filled from the params given to `fill`.
 */
import { appLocale, type Platform } from '@/auth/platform'

const zh = {
  nav: { home: '首页', me: '我的', login: '登录', order: '订单详情' },
  home: {
    intro:
      '这个演示把 uni-session 做的事画出来：访问令牌过期时，同时发出的请求只触发一次刷新，其余的排队等候，拿到新令牌后再逐个重发。',
    tryThis: '试试看：',
    steps: [
      '登录（演示账号 demo / demo1234）。',
      '点「让访问令牌过期」，再点「同时发 20 个请求」：时间线上是 20 个 401 → 1 次刷新 → 20 次重发。',
      '点「断网」后再发：请求因网络错误失败，但会话保留，恢复网络后照常使用。',
      '点「在其他设备登录」后再发：只弹一次提示，重新登录后回到原来的页面。',
    ],
    signedIn: '已登录：{name}',
    signedOut: '未登录',
    login: '登录',
    session: '会话：{state}',
    expiresIn: '访问令牌 {s} 秒后过期',
    states: { signed_out: '未登录', signed_in: '已登录', refreshing: '正在刷新' },
    burst: '同时发 20 个请求',
    expireAccess: '让访问令牌过期',
    elsewhere: '在其他设备登录',
    expireRefresh: '让刷新令牌过期',
    offline: '断网',
    online: '恢复网络',
    order: '订单 7（需登录）',
    sending: '发送中…',
    articles: '文章（无需登录）',
    events: '登录状态事件',
    noEvents: '暂无事件',
    done: {
      accessExpired: '服务器上的访问令牌已过期',
      refreshExpired: '服务器上的刷新令牌已过期',
      elsewhere: '该账号已在其他设备登录',
      offline: '已断网：服务器会丢弃所有连接',
      online: '网络已恢复',
    },
    event: {
      sign_in: '登录',
      sign_out: '退出登录',
      token_refreshed: '令牌已刷新',
      credentials_error: '会话结束',
    },
    reasons: {
      refresh_token_expired: '登录已过期',
      token_updated: '账号在其他设备登录',
      kicked_out: '被管理员下线',
      token_frozen: '登录已冻结',
    },
  },
  result: {
    ok: '{ok}/{n} 成功，刷新 {refreshes} 次',
    signedOut: '0/{n}：未登录，请先登录',
    offline: '离线：会话保留，{failed} 个请求因网络错误失败（已重试）',
    sessionEnded: '{ok}/{n}：{reason}，请重新登录',
    mixed: '{ok}/{n} 成功，{failed} 个失败：{kinds}',
    separator: '、',
    kinds: {
      http: 'HTTP 错误',
      network: '网络错误',
      timeout: '超时',
      abort: '已取消',
      queue_full: '排队已满',
      signed_out: '未登录',
      session_ended: '会话结束',
      error: '其他错误',
    },
  },
  timeline: {
    title: '请求时间线',
    empty: '还没有请求。点上面的按钮试试。',
    refresh: '刷新',
    summary: {
      requests: '{n} 个请求',
      expired: '{n} × 401',
      ended: '{n} × 会话结束',
      refreshes: '{n} 次刷新',
      replays: '{n} 次重发',
      ok: '{n} 成功',
      failed: '{n} 失败',
    },
    legend: {
      noToken: '无令牌',
      generation: '令牌第 {g} 代',
      expired: '401 过期',
      wait: '等待刷新',
      refresh: '刷新',
      backoff: '重试前等待',
      ok: '成功',
      failed: '失败',
      ended: '会话结束',
    },
  },
  me: {
    title: '我的',
    signedOut: '你还没有登录。',
    login: '登录',
    logout: '退出登录',
    from: '来自：{from}',
    loading: '加载中…',
  },
  order: { title: '订单 {id}', loading: '加载中…' },
  login: {
    title: '登录',
    username: '账号',
    password: '密码',
    captcha: '验证码',
    agree: '我已阅读并同意《用户协议》和《隐私政策》',
    submit: '登录',
    wechat: '微信一键登录',
    demo: '演示账号：demo / demo1234',
    errors: {
      agreement: '请先阅读并同意《用户协议》和《隐私政策》',
      username: '请输入账号（3-32 位）',
      password: '请输入密码（至少 6 位）',
      captcha: '请输入验证码',
      wrong: '账号或密码错误',
      network: '网络异常，请检查网络后重试',
      wechat: '微信登录失败，请重试',
      failed: '登录失败，请稍后重试',
    },
  },
}

export type Messages = typeof zh

const en: Messages = {
  nav: { home: 'Home', me: 'Me', login: 'Log in', order: 'Order' },
  home: {
    intro:
      'This demo draws what uni-session does: when the access token expires, requests sent together trigger one refresh; the others wait for it and are then replayed with the new token.',
    tryThis: 'Try this:',
    steps: [
      'Log in (demo account demo / demo1234).',
      'Tap "Expire access token", then "Send 20 requests": the timeline shows 20 × 401 → 1 refresh → 20 replays.',
      'Tap "Go offline", then send: the requests fail with a network error, but the session is kept.',
      'Tap "Sign in elsewhere", then send: one prompt, and after logging in you are back where you were.',
    ],
    signedIn: 'Signed in: {name}',
    signedOut: 'Signed out',
    login: 'Log in',
    session: 'Session: {state}',
    expiresIn: 'access token expires in {s} s',
    states: { signed_out: 'signed out', signed_in: 'signed in', refreshing: 'refreshing' },
    burst: 'Send 20 requests',
    expireAccess: 'Expire access token',
    elsewhere: 'Sign in elsewhere',
    expireRefresh: 'Expire refresh token',
    offline: 'Go offline',
    online: 'Go online',
    order: 'Order 7 (needs login)',
    sending: 'Sending…',
    articles: 'Articles (public)',
    events: 'Login state events',
    noEvents: 'No events yet',
    done: {
      accessExpired: 'The access token expired on the server',
      refreshExpired: 'The refresh token expired on the server',
      elsewhere: 'The account signed in on another device',
      offline: 'Offline: the server drops every connection',
      online: 'Back online',
    },
    event: {
      sign_in: 'signed in',
      sign_out: 'signed out',
      token_refreshed: 'token refreshed',
      credentials_error: 'session ended',
    },
    reasons: {
      refresh_token_expired: 'login expired',
      token_updated: 'signed in on another device',
      kicked_out: 'signed out by an administrator',
      token_frozen: 'session frozen',
    },
  },
  result: {
    ok: '{ok}/{n} ok, refreshes: {refreshes}',
    signedOut: '0/{n}: signed out — log in first',
    offline: 'offline: session kept, {failed} failed with a network error after retries',
    sessionEnded: '{ok}/{n}: {reason} — log in again',
    mixed: '{ok}/{n} ok, {failed} failed: {kinds}',
    separator: ', ',
    kinds: {
      http: 'HTTP error',
      network: 'network error',
      timeout: 'timeout',
      abort: 'aborted',
      queue_full: 'queue full',
      signed_out: 'signed out',
      session_ended: 'session ended',
      error: 'other error',
    },
  },
  timeline: {
    title: 'Request timeline',
    empty: 'No requests yet. Try the buttons above.',
    refresh: 'refresh',
    summary: {
      requests: '{n} requests',
      expired: '{n} × 401',
      ended: '{n} × session ended',
      refreshes: '{n} × refresh',
      replays: '{n} × replay',
      ok: '{n} ok',
      failed: '{n} failed',
    },
    legend: {
      noToken: 'no token',
      generation: 'token gen {g}',
      expired: '401 expired',
      wait: 'waiting for refresh',
      refresh: 'refresh',
      backoff: 'before a retry',
      ok: 'ok',
      failed: 'failed',
      ended: 'session ended',
    },
  },
  me: {
    title: 'Me',
    signedOut: 'You are not signed in.',
    login: 'Log in',
    logout: 'Log out',
    from: 'From: {from}',
    loading: 'Loading…',
  },
  order: { title: 'Order {id}', loading: 'Loading…' },
  login: {
    title: 'Log in',
    username: 'Account',
    password: 'Password',
    captcha: 'Code in the picture',
    agree: 'I have read and accept the User Agreement and the Privacy Policy',
    submit: 'Log in',
    wechat: 'Log in with WeChat',
    demo: 'Demo account: demo / demo1234',
    errors: {
      agreement: 'Please read and accept the User Agreement and Privacy Policy first',
      username: 'Enter your account (3-32 characters)',
      password: 'Enter your password (at least 6 characters)',
      captcha: 'Enter the code shown in the picture',
      wrong: 'Wrong account or password',
      network: 'Network error: check your connection and try again',
      wechat: 'WeChat login failed, please try again',
      failed: 'Login failed, please try again later',
    },
  },
}

export const MESSAGES: Record<'zh' | 'en', Messages> = { zh, en }

/** The texts for the app's locale on `platform` (Chinese unless it says English). */
export function messagesFor(platform: Platform): Messages {
  return MESSAGES[appLocale(platform) === 'en' ? 'en' : 'zh']
}

/** `text` with each `{name}` replaced by `params[name]`. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
