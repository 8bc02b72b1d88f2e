import { AlipayLoginProvider } from './alipay'
import { DemoLoginProvider } from './demo'
import { WechatLoginProvider } from './wechat'
import { AuthConfigError, type FetchLike, type LoginProvider } from './types'

export * from './types'
export { DemoLoginProvider } from './demo'
export { WechatLoginProvider, DEFAULT_WECHAT_API_BASE, type WechatOptions } from './wechat'
export { AlipayLoginProvider, DEFAULT_ALIPAY_GATEWAY, alipayTimestamp, type AlipayOptions } from './alipay'
export { newInviteCode, newToken, hashToken, isWellFormedToken, safeEqual, TOKEN_LENGTH } from './tokens'
export {
  hashPassword,
  verifyPassword,
  needsRehash,
  validateNewPassword,
  DEFAULT_SCRYPT,
  PASSWORD_WORK,
  MIN_PASSWORD_LENGTH,
  MAX_PASSWORD_LENGTH,
  type ScryptParams,
} from './passwords'
export { OPERATOR_ROLES, isOperatorRole, hasRole, type OperatorRole } from './roles'

/** The settings the factory reads (pass `process.env`). */
export interface AuthEnv {
  /** `demo` | `wechat` | `alipay`. Unset means `demo`, except with NODE_ENV=production where it must be set. */
  AUTH_PROVIDER?: string
  NODE_ENV?: string
  WECHAT_APPID?: string
  WECHAT_SECRET?: string
  /** Default https://api.weixin.qq.com. */
  WECHAT_API_BASE?: string
  ALIPAY_APP_ID?: string
  /** The app's RSA2 private key: PEM or bare base64, PKCS#8 or PKCS#1. */
  ALIPAY_PRIVATE_KEY?: string
  /** Alipay's public key: PEM or bare base64, SPKI or PKCS#1. */
  ALIPAY_PUBLIC_KEY?: string
  /** Default https://openapi.alipay.com/gateway.do. */
  ALIPAY_GATEWAY?: string
}

/** What the environment cannot carry: the HTTP client, the clock and the upstream deadline (tests set these). */
export interface AuthDeps {
  fetch?: FetchLike
  now?: () => Date
  timeoutMs?: number
}

/**
 * The login provider this deployment uses, chosen by `AUTH_PROVIDER`. Throws `AuthConfigError` at start-up —
 * not at the first login — for an unknown provider, `demo` with NODE_ENV=production, a platform provider without
 * its settings, an unreadable key, or a non-https base URL in production.
 *
 * | provider | weapp                 | alipay                      | h5          |
 * |----------|-----------------------|-----------------------------|-------------|
 * | demo     | code = identity       | code = identity             | code = identity |
 * | wechat   | jscode2session        | LOGIN_PLATFORM_UNSUPPORTED  | LOGIN_PLATFORM_UNSUPPORTED |
 * | alipay   | LOGIN_PLATFORM_UNSUPPORTED | alipay.system.oauth.token | LOGIN_PLATFORM_UNSUPPORTED |
 *
 * H5 has no platform login (the app sends a per-browser random code), so a real provider refuses it.
 */
export function createLoginProvider(env: AuthEnv, deps: AuthDeps = {}): LoginProvider {
  const nodeEnv = env.NODE_ENV
  const name = (env.AUTH_PROVIDER ?? '').trim() || (nodeEnv === 'production' ? '' : 'demo')
  switch (name) {
    case 'demo':
      return new DemoLoginProvider({ nodeEnv })
    case 'wechat':
      return new WechatLoginProvider({
        appId: env.WECHAT_APPID ?? '',
        secret: env.WECHAT_SECRET ?? '',
        apiBase: env.WECHAT_API_BASE,
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs,
        nodeEnv,
      })
    case 'alipay':
      return new AlipayLoginProvider({
        appId: env.ALIPAY_APP_ID ?? '',
        privateKey: env.ALIPAY_PRIVATE_KEY ?? '',
        alipayPublicKey: env.ALIPAY_PUBLIC_KEY ?? '',
        gateway: env.ALIPAY_GATEWAY,
        fetch: deps.fetch,
        now: deps.now,
        timeoutMs: deps.timeoutMs,
        nodeEnv,
      })
    case '':
      throw new AuthConfigError('AUTH_PROVIDER must be set when NODE_ENV=production: wechat or alipay')
    default:
      throw new AuthConfigError(`AUTH_PROVIDER=${JSON.stringify(env.AUTH_PROVIDER)} is not one of demo, wechat, alipay`)
  }
}
