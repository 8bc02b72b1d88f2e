import { callUpstream, checkBaseUrl, httpStatusError } from './upstream'
import {
  AuthConfigError,
  AuthError,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  assertPlatform,
  assertPlausibleCode,
  scrub,
  type AuthErrorCode,
  type FetchLike,
  type LoginPlatform,
  type LoginProvider,
  type PlatformIdentity,
} from './types'

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'

export interface WechatOptions {
  appId: string
  secret: string
  /** `WECHAT_API_BASE`; default https://api.weixin.qq.com (tests point it at a loopback fake). */
  apiBase?: string
  timeoutMs?: number
  fetch?: FetchLike
  /** For the https-only check; default process.env.NODE_ENV. */
  nodeEnv?: string
}

/**
 * jscode2session errcodes (developers.weixin.qq.com, code2Session "错误码"): 40029 code 无效, 45011 API 调用太频繁
 * (minute quota, "retry next minute"), 40226 高风险等级用户 (login blocked), -1 系统繁忙. 40163 "code been used"
 * is not in that table but is what WeChat answers for a code used twice (developer community reports).
 * Anything else (40013 invalid appid, 40125 invalid secret, …) is a deployment problem → LOGIN_UPSTREAM_ERROR.
 */
const ERRCODES: Record<number, AuthErrorCode> = {
  40029: 'LOGIN_CODE_INVALID',
  40163: 'LOGIN_CODE_INVALID',
  45011: 'LOGIN_RATE_LIMITED',
  40226: 'LOGIN_USER_BLOCKED',
  [-1]: 'LOGIN_UPSTREAM_BUSY',
}

interface Code2SessionBody {
  openid?: unknown
  session_key?: unknown
  unionid?: unknown
  errcode?: unknown
  errmsg?: unknown
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/**
 * `AUTH_PROVIDER=wechat`: logs in `weapp` only. `alipay` and `h5` are refused with LOGIN_PLATFORM_UNSUPPORTED:
 * an H5 page has no wx.login code (its code is a per-browser random string, which would make anyone anyone).
 */
export class WechatLoginProvider implements LoginProvider {
  readonly name = 'wechat' as const
  readonly platforms: readonly LoginPlatform[] = ['weapp']
  readonly #appId: string
  readonly #secret: string
  readonly #endpoint: string
  readonly #timeoutMs: number
  readonly #fetch: FetchLike

  constructor(options: WechatOptions) {
    if (!options.appId || !options.secret) throw new AuthConfigError('AUTH_PROVIDER=wechat needs WECHAT_APPID and WECHAT_SECRET')
    const nodeEnv = 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV
    let base: URL
    try {
      base = checkBaseUrl('WECHAT_API_BASE', options.apiBase || DEFAULT_WECHAT_API_BASE, nodeEnv)
    } catch (e) {
      throw new AuthConfigError((e as Error).message)
    }
    this.#appId = options.appId
    this.#secret = options.secret
    this.#endpoint = `${base.href.replace(/\/+$/, '')}/sns/jscode2session`
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  async exchange(platform: LoginPlatform, code: string): Promise<PlatformIdentity> {
    assertPlatform(this, platform)
    assertPlausibleCode(code)
    const url = new URL(this.#endpoint)
    url.searchParams.set('appid', this.#appId)
    url.searchParams.set('secret', this.#secret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')
    const res = await callUpstream(this.#fetch, 'wechat jscode2session', url.href, { method: 'GET' }, this.#timeoutMs)
    if (res.status !== 200) throw httpStatusError('wechat jscode2session', res.status)

    let body: Code2SessionBody
    try {
      body = JSON.parse(res.text) as Code2SessionBody
    } catch {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: 'wechat jscode2session: body is not JSON' })
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: 'wechat jscode2session: body is not a JSON object' })
    }
    const sessionKey = typeof body.session_key === 'string' ? body.session_key : undefined
    const secrets = [this.#secret, sessionKey]

    if (body.errcode !== undefined && body.errcode !== 0) {
      const errcode = typeof body.errcode === 'number' || typeof body.errcode === 'string' ? Number(body.errcode) : Number.NaN
      const errmsg = typeof body.errmsg === 'string' ? body.errmsg : ''
      throw new AuthError(ERRCODES[errcode] ?? 'LOGIN_UPSTREAM_ERROR', {
        detail: scrub(`wechat jscode2session: errcode ${JSON.stringify(body.errcode)} ${errmsg}`, secrets),
      })
    }
    if (!nonEmpty(body.openid) || !nonEmpty(sessionKey)) {
      const fields = Object.keys(body).filter((k) => k !== 'session_key').join(',')
      throw new AuthError('LOGIN_UPSTREAM_ERROR', {
        detail: scrub(`wechat jscode2session: no openid or session_key in the answer (fields: ${fields})`, secrets),
      })
    }
    const identity: PlatformIdentity = { platform, subject: body.openid, sessionKey }
    if (nonEmpty(body.unionid)) identity.unionId = body.unionid
    return identity
  }
}
