import type { KeyObject } from 'node:crypto'
import { loadPrivateKey, loadPublicKey, rawMembers, rsa2Sign, rsa2Verify, signContent } from './rsa2'
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

export const DEFAULT_ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'
export const OAUTH_TOKEN_METHOD = 'alipay.system.oauth.token'
const ERROR_KEY = 'error_response'
/** The common parameters Alipay's SDKs put in the URL; the API's own parameters (grant_type, code, biz_content) go in the form body. */
const URL_PARAMS = new Set(['app_id', 'method', 'format', 'charset', 'sign_type', 'sign', 'timestamp', 'version'])

export interface AlipayOptions {
  appId: string
  /** App private key (RSA2): PEM or bare base64, PKCS#8 or PKCS#1 (see rsa2.ts). */
  privateKey: string
  /** Alipay's public key ("支付宝公钥", not the app's): PEM or bare base64, SPKI or PKCS#1. */
  alipayPublicKey: string
  /** `ALIPAY_GATEWAY`; default https://openapi.alipay.com/gateway.do. */
  gateway?: string
  /** The clock for the `timestamp` parameter; injected so tests are deterministic. */
  now?: () => Date
  timeoutMs?: number
  fetch?: FetchLike
  /** For the https-only check; default process.env.NODE_ENV. */
  nodeEnv?: string
}

/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8 all year: China has no daylight saving time since 1991). */
export function alipayTimestamp(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/**
 * Alipay's answers (opendocs "公共错误码" and the alipay.system.oauth.token error table):
 * - 40002 `isv.code-invalid` — 授权码 (auth_code) 错误、状态不对或过期: wrong, already used or expired → invalid code;
 * - 40005 `isv.app-call-limited` (per app) / `isv.method-call-limited` (per API) — 调用频次超限 → rate limited;
 * - 20000 `isp.unknow-error` (业务系统) / `aop.unknow-error` (网关) — 服务暂不可用, 稍后重试 → busy;
 * - anything else (isv.invalid-signature, isv.invalid-app-id, isv.unmatched-app-id, 40006 permissions, …) is a
 *   deployment problem → upstream error.
 * The OpenAPI v3 spellings without the `isv.`/`isp.`/`aop.` prefix are accepted too.
 */
export function classifyAlipayError(code: string, subCode: string): AuthErrorCode {
  const bare = subCode.replace(/^(isv|isp|aop)\./, '')
  if (bare === 'code-invalid') return 'LOGIN_CODE_INVALID'
  if (code === '40005' || bare === 'app-call-limited' || bare === 'method-call-limited') return 'LOGIN_RATE_LIMITED'
  if (code === '20000' || bare === 'unknow-error') return 'LOGIN_UPSTREAM_BUSY'
  return 'LOGIN_UPSTREAM_ERROR'
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0

/** What one gateway call answered: the method's signed answer, or Alipay's refusal (believed only as a refusal). */
export type AlipayAnswer =
  | { ok: true; answer: Record<string, unknown> }
  | { ok: false; code: string; subCode: string; detail: string }

/**
 * Alipay's open gateway (`gateway.do`, API v1): every call signed with the app's RSA2 key and every answer checked
 * against Alipay's public key — for login (below) and for subscription messages (server/messaging/alipay.ts).
 * `purpose` names the setting that needs it in a configuration error (`AUTH_PROVIDER=alipay`).
 */
export class AlipayGateway {
  readonly #appId: string
  readonly #privateKey: KeyObject
  readonly #alipayPublicKey: KeyObject
  readonly #gateway: URL
  readonly #now: () => Date
  readonly #timeoutMs: number
  readonly #fetch: FetchLike

  constructor(options: AlipayOptions, purpose = 'AUTH_PROVIDER=alipay') {
    const missing = [
      !options.appId && 'ALIPAY_APP_ID',
      !options.privateKey && 'ALIPAY_PRIVATE_KEY',
      !options.alipayPublicKey && 'ALIPAY_PUBLIC_KEY',
    ].filter(Boolean)
    if (missing.length) throw new AuthConfigError(`${purpose} needs ${missing.join(', ')}`)
    const nodeEnv = 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV
    try {
      this.#privateKey = loadPrivateKey(options.privateKey, 'ALIPAY_PRIVATE_KEY')
      this.#alipayPublicKey = loadPublicKey(options.alipayPublicKey, 'ALIPAY_PUBLIC_KEY')
      this.#gateway = checkBaseUrl('ALIPAY_GATEWAY', options.gateway || DEFAULT_ALIPAY_GATEWAY, nodeEnv)
    } catch (e) {
      throw new AuthConfigError((e as Error).message)
    }
    this.#appId = options.appId
    this.#now = options.now ?? (() => new Date())
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  /** The signed parameters of one call: the common ones and the method's own (exported for tests and diagnostics). */
  signedParams(method: string, apiParams: Record<string, string>): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.#appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: alipayTimestamp(this.#now()),
      version: '1.0',
      ...apiParams,
    }
    params.sign = rsa2Sign(signContent(params), this.#privateKey)
    return params
  }

  /**
   * One call. Throws AuthError when there is no believable answer: no answer in time (BUSY), an HTTP error, a body
   * that is not the method's answer, or a signature that does not verify.
   */
  async call(method: string, apiParams: Record<string, string>): Promise<AlipayAnswer> {
    const params = this.signedParams(method, apiParams)
    const url = new URL(this.#gateway.href)
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) (URL_PARAMS.has(k) ? url.searchParams : form).set(k, v)

    const label = `alipay ${method}`
    const responseKey = `${method.replace(/\./g, '_')}_response`
    const res = await callUpstream(
      this.#fetch,
      label,
      url.href,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: form.toString() },
      this.#timeoutMs,
    )
    if (res.status !== 200) throw httpStatusError(label, res.status)

    let raw: ReturnType<typeof rawMembers>
    let body: Record<string, unknown>
    try {
      raw = rawMembers(res.text)
      body = JSON.parse(res.text) as Record<string, unknown>
    } catch {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `${label}: body is not a JSON object` })
    }
    const { members, duplicates } = raw
    const key = members.has(responseKey) ? responseKey : members.has(ERROR_KEY) ? ERROR_KEY : null
    if (!key || (members.has(responseKey) && members.has(ERROR_KEY)) || duplicates.has(key) || duplicates.has('sign')) {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `${label}: unexpected answer (fields: ${[...members.keys()].join(',')})` })
    }
    const node = body[key]
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `${label}: ${key} is not an object` })
    }
    const answer = node as Record<string, unknown>
    const isError = key === ERROR_KEY || (answer.code !== undefined && str(answer.code) !== '10000')
    const signature = body.sign

    // The signature covers the exact text of the answer's value. A success must be signed; an error may come
    // unsigned (the gateway does not sign some of its own errors) and is then believed only as a refusal: it can
    // deny a login or a message, never grant one. A signature that is present and wrong is never believed.
    if (signature !== undefined || !isError) {
      const signed = typeof signature === 'string' && rsa2Verify(members.get(key) as string, signature, this.#alipayPublicKey)
      if (!signed) {
        throw new AuthError('LOGIN_UPSTREAM_ERROR', {
          detail: `${label}: ${signature === undefined ? 'unsigned answer' : 'answer signature does not verify with ALIPAY_PUBLIC_KEY'} (${key})`,
        })
      }
    }
    if (!isError) return { ok: true, answer }
    const code = str(answer.code)
    const subCode = str(answer.sub_code)
    return {
      ok: false,
      code,
      subCode,
      detail: scrub(`${label}: code ${code} ${str(answer.msg)} sub_code ${subCode} ${str(answer.sub_msg)}${signature === undefined ? ' (unsigned)' : ''}`, []),
    }
  }
}

/**
 * `AUTH_PROVIDER=alipay`: logs in `alipay` only; `weapp` and `h5` are refused with LOGIN_PLATFORM_UNSUPPORTED
 * (an H5 page has no my.getAuthCode code).
 *
 * The subject is `open_id` when Alipay returns one, else `user_id`. Alipay is moving apps from the 2088… user_id
 * to a per-app open_id (newer apps get open_id only, per the app's "openid 配置"); an app that switches gets a
 * different subject for the same person, so a deployment must not switch without migrating its members.
 * access_token / refresh_token are not returned: member login does not call Alipay on the user's behalf.
 */
export class AlipayLoginProvider implements LoginProvider {
  readonly name = 'alipay' as const
  readonly platforms: readonly LoginPlatform[] = ['alipay']
  readonly #gateway: AlipayGateway

  constructor(options: AlipayOptions) {
    this.#gateway = new AlipayGateway(options)
  }

  /** The signed parameters of one oauth.token call (exported for tests and diagnostics). */
  signedParams(code: string): Record<string, string> {
    return this.#gateway.signedParams(OAUTH_TOKEN_METHOD, { grant_type: 'authorization_code', code })
  }

  async exchange(platform: LoginPlatform, code: string): Promise<PlatformIdentity> {
    assertPlatform(this, platform)
    assertPlausibleCode(code)
    const r = await this.#gateway.call(OAUTH_TOKEN_METHOD, { grant_type: 'authorization_code', code })
    if (!r.ok) throw new AuthError(classifyAlipayError(r.code, r.subCode), { detail: r.detail })
    const subject = nonEmpty(r.answer.open_id) ? r.answer.open_id : nonEmpty(r.answer.user_id) ? r.answer.user_id : null
    if (!subject) throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: `alipay ${OAUTH_TOKEN_METHOD}: signed answer without open_id or user_id` })
    return { platform, subject }
  }
}
