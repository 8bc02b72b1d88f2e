import { generateKeyPairSync } from 'node:crypto'
import {
  AlipayLoginProvider,
  AuthConfigError,
  AuthError,
  DemoLoginProvider,
  WechatLoginProvider,
  createLoginProvider,
} from '../../../server/auth'

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PRIVATE = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const PUBLIC = keys.publicKey.export({ format: 'pem', type: 'spki' }) as string
const alipayEnv = { ALIPAY_APP_ID: '2021000000000001', ALIPAY_PRIVATE_KEY: PRIVATE, ALIPAY_PUBLIC_KEY: PUBLIC }

const configError = (f: () => unknown): AuthConfigError => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(AuthConfigError)
    return e as AuthConfigError
  }
  throw new Error('expected an AuthConfigError')
}

describe('createLoginProvider', () => {
  it('picks the provider named by AUTH_PROVIDER', () => {
    expect(createLoginProvider({ AUTH_PROVIDER: 'demo', NODE_ENV: 'test' })).toBeInstanceOf(DemoLoginProvider)
    expect(createLoginProvider({ AUTH_PROVIDER: 'wechat', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' })).toBeInstanceOf(WechatLoginProvider)
    expect(createLoginProvider({ AUTH_PROVIDER: 'alipay', ...alipayEnv })).toBeInstanceOf(AlipayLoginProvider)
    expect(createLoginProvider({ AUTH_PROVIDER: 'wechat', NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }).name).toBe('wechat')
  })

  it('defaults to demo outside production', () => {
    expect(createLoginProvider({ NODE_ENV: 'development' }).name).toBe('demo')
    expect(createLoginProvider({}).name).toBe('demo')
  })

  it('refuses demo in production, however it is asked for', () => {
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'demo', NODE_ENV: 'production' })).message).toMatch(
      /AUTH_PROVIDER=demo is refused when NODE_ENV=production/,
    )
    expect(configError(() => new DemoLoginProvider({ nodeEnv: 'production' })).message).toMatch(/refused/)
    expect(configError(() => createLoginProvider({ NODE_ENV: 'production' })).message).toMatch(/AUTH_PROVIDER must be set/)
  })

  it('refuses an unknown provider', () => {
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'github' })).message).toMatch(/not one of demo, wechat, alipay/)
  })

  it('refuses wechat without its settings', () => {
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'wechat' })).message).toMatch(/WECHAT_APPID and WECHAT_SECRET/)
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'wechat', WECHAT_APPID: 'wx1' })).message).toMatch(/WECHAT_SECRET/)
  })

  it('refuses alipay without its settings, naming the missing ones', () => {
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'alipay' })).message).toBe(
      'AUTH_PROVIDER=alipay needs ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY',
    )
    expect(configError(() => createLoginProvider({ AUTH_PROVIDER: 'alipay', ...alipayEnv, ALIPAY_PUBLIC_KEY: '' })).message).toMatch(
      /needs ALIPAY_PUBLIC_KEY$/,
    )
  })

  it('refuses unreadable keys at start-up without quoting them', () => {
    const bad = configError(() => createLoginProvider({ AUTH_PROVIDER: 'alipay', ...alipayEnv, ALIPAY_PRIVATE_KEY: 'not a key at all!' }))
    expect(bad.message).toMatch(/ALIPAY_PRIVATE_KEY is neither PEM nor base64/)
    const swapped = configError(() => createLoginProvider({ AUTH_PROVIDER: 'alipay', ...alipayEnv, ALIPAY_PRIVATE_KEY: PUBLIC }))
    expect(swapped.message).toMatch(/ALIPAY_PRIVATE_KEY/)
    expect(swapped.message).not.toContain(PUBLIC.split('\n')[1])
  })

  it('refuses a non-https base URL in production and a non-URL anywhere', () => {
    const prod = { AUTH_PROVIDER: 'wechat', NODE_ENV: 'production', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }
    expect(configError(() => createLoginProvider({ ...prod, WECHAT_API_BASE: 'http://api.weixin.qq.com' })).message).toMatch(/must be https/)
    expect(configError(() => createLoginProvider({ ...prod, WECHAT_API_BASE: 'api.weixin.qq.com' })).message).toMatch(/not a URL/)
    expect(
      configError(() => createLoginProvider({ AUTH_PROVIDER: 'alipay', NODE_ENV: 'production', ...alipayEnv, ALIPAY_GATEWAY: 'http://x/gateway.do' })).message,
    ).toMatch(/ALIPAY_GATEWAY must be https/)
  })
})

describe('demo provider', () => {
  const demo = new DemoLoginProvider({ nodeEnv: 'test' })

  it('takes the code as the identity on every platform', async () => {
    expect(await demo.exchange('weapp', 'demo')).toEqual({ platform: 'weapp', subject: 'demo' })
    expect(await demo.exchange('alipay', 'abc')).toEqual({ platform: 'alipay', subject: 'abc' })
    expect(await demo.exchange('h5', 'browser-1234')).toEqual({ platform: 'h5', subject: 'browser-1234' })
  })

  it('still refuses implausible codes and unknown platforms', async () => {
    await expect(demo.exchange('weapp', '')).rejects.toMatchObject({ code: 'LOGIN_CODE_MALFORMED', status: 400 })
    await expect(demo.exchange('weapp', 'x'.repeat(129))).rejects.toBeInstanceOf(AuthError)
    await expect(demo.exchange('android' as never, 'demo')).rejects.toMatchObject({ code: 'LOGIN_PLATFORM_UNSUPPORTED' })
  })
})
