import { AuthError, WechatLoginProvider, type LoginPlatform } from '../../../server/auth'
import { WX, startFakeWechat, type FakeServer } from './fakes'

let fake: FakeServer
let provider: WechatLoginProvider

beforeAll(async () => {
  fake = await startFakeWechat()
  // Generous: a loaded CI machine must not turn an answer into a timeout. The timeout test sets its own.
  provider = new WechatLoginProvider({ appId: WX.appId, secret: WX.secret, apiBase: fake.url, timeoutMs: 5_000 })
})
afterAll(() => fake.close())

async function failure(code: string, platform: LoginPlatform = 'weapp', p: WechatLoginProvider = provider): Promise<AuthError> {
  const e = await p.exchange(platform, code).then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AuthError)
  const err = e as AuthError
  // Neither the app secret nor a session_key ever reaches an error: not its message, detail, stack or JSON.
  const everything = [err.message, err.detail ?? '', err.stack ?? '', JSON.stringify(err), JSON.stringify(err.toBody())].join('\n')
  expect(everything).not.toContain(WX.secret)
  expect(everything).not.toContain(WX.sessionKey)
  return err
}

describe('WeChat jscode2session', () => {
  it('exchanges a code for openid, unionid and the session_key (server-only)', async () => {
    const id = await provider.exchange('weapp', 'good')
    expect(id).toEqual({ platform: 'weapp', subject: WX.openid, unionId: WX.unionid, sessionKey: WX.sessionKey })
    const sent = new URL(fake.requests[fake.requests.length - 1].url, 'http://x')
    expect(sent.pathname).toBe('/sns/jscode2session')
    expect(Object.fromEntries(sent.searchParams)).toEqual({ appid: WX.appId, secret: WX.secret, js_code: 'good', grant_type: 'authorization_code' })
  })

  it('accepts errcode 0 and no unionid', async () => {
    expect(await provider.exchange('weapp', 'good-no-union')).toEqual({ platform: 'weapp', subject: WX.openid, sessionKey: WX.sessionKey })
  })

  it.each([
    ['invalid', 'LOGIN_CODE_INVALID', 401, undefined, '40029'],
    ['used', 'LOGIN_CODE_INVALID', 401, undefined, '40163'],
    ['limited', 'LOGIN_RATE_LIMITED', 503, 60, '45011'],
    ['busy', 'LOGIN_UPSTREAM_BUSY', 503, 5, '-1'],
    ['risky', 'LOGIN_USER_BLOCKED', 403, undefined, '40226'],
    ['other', 'LOGIN_UPSTREAM_ERROR', 503, undefined, '40013'],
  ])('maps code %s to %s (%i)', async (code, errorCode, status, retryAfter, errcode) => {
    const err = await failure(code)
    expect(err.code).toBe(errorCode)
    expect(err.status).toBe(status)
    expect(err.retryAfterSeconds).toBe(retryAfter)
    expect(err.detail).toContain(`errcode ${errcode}`)
    expect(err.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('shows the member a zh-CN message for an invalid code', async () => {
    const err = await failure('invalid')
    expect(err.message).toBe('登录凭证已失效，请重新进入小程序')
    expect(err.toBody()).toEqual({ error: { code: 'LOGIN_CODE_INVALID', message: '登录凭证已失效，请重新进入小程序' } })
  })

  it('keeps the session_key out of an error that carries one', async () => {
    const err = await failure('leaky-error')
    expect(err.code).toBe('LOGIN_CODE_INVALID')
    expect(err.detail).toContain('[redacted]')
  })

  it('refuses an answer without openid (and does not echo its session_key)', async () => {
    const err = await failure('no-openid')
    expect(err.code).toBe('LOGIN_UPSTREAM_ERROR')
  })

  it('a wrong secret is an upstream (deployment) error, and the secret is not in it', async () => {
    const wrong = new WechatLoginProvider({ appId: WX.appId, secret: 'not-the-secret', apiBase: fake.url })
    const err = await failure('good', 'weapp', wrong)
    expect(err.code).toBe('LOGIN_UPSTREAM_ERROR')
    expect(err.detail).toContain('40125')
    expect(err.detail).not.toContain('not-the-secret')
  })

  it.each([
    ['garbage', 'LOGIN_UPSTREAM_ERROR'],
    ['not-object', 'LOGIN_UPSTREAM_ERROR'],
    ['http500', 'LOGIN_UPSTREAM_BUSY'],
    ['http429', 'LOGIN_RATE_LIMITED'],
    ['http403', 'LOGIN_UPSTREAM_ERROR'],
  ])('malformed or HTTP-error answer %s → %s', async (code, errorCode) => {
    expect((await failure(code)).code).toBe(errorCode)
  })

  it('gives up after the timeout: busy, with Retry-After', async () => {
    const t0 = Date.now()
    const err = await failure('slow', 'weapp', new WechatLoginProvider({ appId: WX.appId, secret: WX.secret, apiBase: fake.url, timeoutMs: 400 }))
    expect(err.code).toBe('LOGIN_UPSTREAM_BUSY')
    expect(err.status).toBe(503)
    expect(err.retryAfterSeconds).toBe(5)
    expect(err.detail).toMatch(/timed out after 400 ms/)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it('an unreachable upstream is busy', async () => {
    const gone = await startFakeWechat()
    const url = gone.url
    await gone.close()
    const err = await failure('good', 'weapp', new WechatLoginProvider({ appId: WX.appId, secret: WX.secret, apiBase: url, timeoutMs: 2_000 }))
    expect(err.code).toBe('LOGIN_UPSTREAM_BUSY')
  })

  it.each(['alipay', 'h5', 'android'])('refuses platform %s without calling WeChat', async (platform) => {
    const before = fake.requests.length
    const err = await failure('good', platform as LoginPlatform)
    expect(err.code).toBe('LOGIN_PLATFORM_UNSUPPORTED')
    expect(err.status).toBe(400)
    expect(fake.requests.length).toBe(before)
  })

  it.each(['', 'x'.repeat(129), 'a\nb'])('refuses an implausible code %j without calling WeChat', async (code) => {
    const before = fake.requests.length
    const err = await failure(code)
    expect(err.code).toBe('LOGIN_CODE_MALFORMED')
    expect(err.status).toBe(400)
    expect(fake.requests.length).toBe(before)
  })

  it('sends a code with URL-special characters intact', async () => {
    await failure('a&secret=b c+/=')
    const sent = new URL(fake.requests[fake.requests.length - 1].url, 'http://x')
    expect(sent.searchParams.get('js_code')).toBe('a&secret=b c+/=')
    expect(sent.searchParams.getAll('secret')).toEqual([WX.secret])
  })
})
