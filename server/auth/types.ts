/**
 * Login building blocks for the production backend (Node only; never imported by the app in src/).
 *
 * A `LoginProvider` turns the code the mini program got from `wx.login` / `my.getAuthCode` into a
 * `PlatformIdentity`; the server keys the member on `(platform, subject)`, issues one of our own tokens
 * (tokens.ts) and keeps `sessionKey` to itself. Every failure a member can cause or see is an `AuthError`.
 */

/** The platforms of the API contract (`ClientPlatform` in src/api/contract.ts; kept separate: server code does not import the app). */
export type LoginPlatform = 'weapp' | 'alipay' | 'h5'

export const LOGIN_PLATFORMS: readonly LoginPlatform[] = ['weapp', 'alipay', 'h5']

export interface PlatformIdentity {
  platform: LoginPlatform
  /** WeChat openid; Alipay open_id (or user_id for apps still on user_id); the code itself for the demo provider. */
  subject: string
  /** WeChat unionid, when the mini program is bound to an Open Platform account. */
  unionId?: string
  /**
   * WeChat session_key. SERVER-ONLY: never put it in a response, a log line or an error. Do not log the
   * identity object whole.
   */
  sessionKey?: string
}

export interface LoginProvider {
  readonly name: 'demo' | 'wechat' | 'alipay'
  /** The platforms this provider logs in; any other platform is refused with LOGIN_PLATFORM_UNSUPPORTED. */
  readonly platforms: readonly LoginPlatform[]
  /** Rejects with `AuthError` only. */
  exchange(platform: LoginPlatform, code: string): Promise<PlatformIdentity>
}

/**
 * Why each status (the API answers 400 bad input / 401 / 403 / 409 / 422 / 429 / 503):
 * - a code the platform says is invalid, expired or used is a credential that does not authenticate → 401
 *   (the app does not re-login on a 401 from /auth/login itself; the member re-enters and gets a new code);
 * - a code that is not even a plausible code (empty, > 128 chars, control characters) is bad input → 400;
 * - asking a deployment to log in on a platform it is not configured for is bad input too → 400;
 * - the platform refusing this user (WeChat 40226, high-risk account) is a refusal of who they are → 403;
 * - the platform rate-limiting OUR app is not the caller's fault, so not 429 (429 stays "you, the caller,
 *   send too many requests", which our own limiter answers): it is an upstream we cannot use right now → 503
 *   with Retry-After;
 * - the platform busy, unreachable or timing out → 503 with a short Retry-After;
 * - the platform answering nonsense (bad signature, unexpected shape, an error we do not expect such as a
 *   wrong appid/secret) → 503 without Retry-After: retrying will not help until an operator looks;
 * - the server itself with more password checks waiting than it takes on (anyone's sign-ins, not only the
 *   caller's) → 503 with Retry-After, like a busy upstream.
 */
export const AUTH_ERRORS = {
  LOGIN_CODE_MALFORMED: { status: 400, message: '登录凭证格式不正确，请重新进入小程序' },
  LOGIN_PLATFORM_UNSUPPORTED: { status: 400, message: '暂不支持在当前平台登录，请在微信或支付宝小程序中使用' },
  LOGIN_CODE_INVALID: { status: 401, message: '登录凭证已失效，请重新进入小程序' },
  LOGIN_USER_BLOCKED: { status: 403, message: '当前账号存在安全风险，暂时无法登录' },
  LOGIN_RATE_LIMITED: { status: 503, message: '登录的人有点多，请稍后再试', retryAfterSeconds: 60 },
  LOGIN_UPSTREAM_BUSY: { status: 503, message: '登录服务繁忙，请稍后再试', retryAfterSeconds: 5 },
  LOGIN_UPSTREAM_ERROR: { status: 503, message: '登录服务暂时不可用，请稍后再试' },
  /** passwords.ts: more password checks wait than the server takes on (PASSWORD_WORK): the caller comes back in a moment. */
  LOGIN_BUSY: { status: 503, message: '系统繁忙，请稍后再试', retryAfterSeconds: 5 },
  /** passwords.ts: a password that is empty or longer than 256 characters (login or new password). */
  PASSWORD_INVALID: { status: 400, message: '密码不能为空，且不能超过 256 个字符' },
  /** passwords.ts: a new password the policy refuses (the message says which rule). */
  PASSWORD_TOO_WEAK: { status: 422, message: '密码强度不足' },
} as const satisfies Record<string, { status: number; message: string; retryAfterSeconds?: number }>

export type AuthErrorCode = keyof typeof AUTH_ERRORS

/**
 * A failure to show a member or operator: `status` is the HTTP status to answer, `code` is stable, `message`
 * is zh-CN and fit to show, `retryAfterSeconds` (when set) goes into a `Retry-After` header. `detail` is for
 * the server's log only (English, never the member's business): the upstream's errcode/sub_code and errmsg.
 * Neither `message` nor `detail` ever contains an app secret, a private key or a session_key.
 */
export class AuthError extends Error {
  readonly status: number
  readonly code: AuthErrorCode
  readonly retryAfterSeconds?: number
  readonly detail?: string

  constructor(code: AuthErrorCode, options: { detail?: string; message?: string } = {}) {
    const known: { status: number; message: string; retryAfterSeconds?: number } = AUTH_ERRORS[code]
    super(options.message ?? known.message)
    this.name = 'AuthError'
    this.status = known.status
    this.code = code
    if (known.retryAfterSeconds !== undefined) this.retryAfterSeconds = known.retryAfterSeconds
    if (options.detail !== undefined) this.detail = options.detail
  }

  /** The API's error body: `{error: {code, message}}` (detail stays in the log). */
  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } }
  }
}

/** A deployment mistake found at start-up (unknown provider, demo in production, missing or unusable settings). */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuthConfigError'
  }
}

/** What `fetch` the providers call: the global one of Node 20 by default; tests may pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** Upstream calls give up after this long (ms): the member is waiting on the login screen. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 5_000

const MAX_CODE_LENGTH = 128
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** The shape checks every provider applies before spending an upstream call (the contract allows 1–128 chars). */
export function assertPlausibleCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH || CONTROL.test(code)) {
    throw new AuthError('LOGIN_CODE_MALFORMED', { detail: 'login code empty, longer than 128 characters or with control characters' })
  }
}

export function assertPlatform(provider: LoginProvider, platform: unknown): asserts platform is LoginPlatform {
  if (!provider.platforms.includes(platform as LoginPlatform)) {
    throw new AuthError('LOGIN_PLATFORM_UNSUPPORTED', {
      detail: `provider ${provider.name} logs in ${provider.platforms.join('/')} only, got ${JSON.stringify(String(platform)).slice(0, 40)}`,
    })
  }
}

/** Cuts upstream text for a log line and removes every secret the caller names. */
export function scrub(text: string, secrets: readonly (string | undefined)[], max = 300): string {
  let out = text
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]')
  return out.length > max ? `${out.slice(0, max)}…` : out
}
