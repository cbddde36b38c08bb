/**
 * The demo's login page against a RuoYi backend: the captcha is shown when `GET /captchaImage` says
 * `captchaEnabled` (yangzongzhuan/RuoYi-Vue `CaptchaController.getCode`), sent with its uuid, fetched
 * again after a refused attempt, and a refused login shows RuoYi's own words.
 */
import { createAuth } from '../../src/auth'
import { type LoginCredentials, useLoginForm } from '../../src/pages/login/login-form'
import { ruoyi } from '../../src/presets'
import { createScriptedPlatform } from '../../src/testing/scripted-platform'

function page(captchaEnabled: boolean, answer: (c: LoginCredentials) => unknown) {
  const platform = createScriptedPlatform()
  const auth = createAuth({ platform, ...ruoyi() })
  const sent: LoginCredentials[] = []
  let served = 0
  const form = useLoginForm({
    platform,
    login: async (credentials) => {
      sent.push(credentials)
      auth.signIn(answer(credentials))
    },
    done: async () => undefined,
    // CaptchaController.getCode: { msg, code, captchaEnabled } and, when on, uuid and img (base64).
    captcha: async () =>
      captchaEnabled
        ? { msg: '操作成功', code: 200, captchaEnabled, uuid: `u${++served}`, img: '/9j/4AAQSkZJRg==' }
        : { msg: '操作成功', code: 200, captchaEnabled },
  })
  form.form.agreed = true
  form.form.username = 'admin'
  form.form.password = 'admin123'
  return { auth, sent, ...form }
}

test('the login page shows the captcha when the backend asks for it, and sends its code with the uuid', async () => {
  const p = page(true, () => ({ msg: '操作成功', code: 200, token: 'jwt-1' }))
  await p.loadCaptcha()
  expect(p.form.captcha).toMatchObject({ uuid: 'u1', img: 'data:image/gif;base64,/9j/4AAQSkZJRg==' })
  expect(await p.submitPassword()).toBe(false)
  expect(p.form.fieldErrors.captcha).toBe('请输入验证码')
  if (p.form.captcha) p.form.captcha.code = ' ab3d '
  expect(await p.submitPassword()).toBe(true)
  expect(p.sent).toEqual([{ username: 'admin', password: 'admin123', captcha: { code: 'ab3d', uuid: 'u1' } }])
  expect(p.auth.getTokens()?.accessToken).toBe('jwt-1')
})

test('no captcha when the backend says captchaEnabled: false, or has no /captchaImage', async () => {
  const p = page(false, () => ({ msg: '操作成功', code: 200, token: 'jwt-1' }))
  await p.loadCaptcha()
  expect(p.form.captcha).toBeNull()
  expect(await p.submitPassword()).toBe(true)
  expect(p.sent).toEqual([{ username: 'admin', password: 'admin123' }])
})

test('a refused login shows the server message (not "网络异常"), and a fresh captcha replaces the spent one', async () => {
  const p = page(true, () => ({ msg: '用户不存在/密码错误', code: 500 }))
  await p.loadCaptcha()
  if (p.form.captcha) p.form.captcha.code = 'ab3d'
  expect(await p.submitPassword()).toBe(false)
  expect(p.form.error).toBe('用户不存在/密码错误')
  expect(p.form.captcha).toMatchObject({ uuid: 'u2', code: '' })
})
