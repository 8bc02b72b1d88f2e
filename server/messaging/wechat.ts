/**
 * WeChat subscription messages (订阅消息): `POST /cgi-bin/message/subscribe/send` with an access token from
 * `POST /cgi-bin/stable_token` — the stable token, because `/cgi-bin/token` ends the token every other server
 * process holds each time one of them asks. The token is kept until five minutes before it expires, and asked
 * for again (forced) when WeChat says it is no longer valid.
 *
 * What WeChat's answer means for the message (subscribeMessage.send "errcode 的合法值"): 43101 the member no longer
 * accepts it, 40003 not an openid of this app, 40037 no such template, 47003 a field WeChat refuses (errmsg names
 * it), 41030 a page the published app does not have — none of which a retry changes; -1 (busy), 45009 (daily
 * limit), an HTTP 5xx or no answer may pass: retry later.
 */
import { callUpstream, checkBaseUrl } from '../auth/upstream'
import { AuthError, DEFAULT_UPSTREAM_TIMEOUT_MS, scrub, type FetchLike } from '../auth/types'
import { DEFAULT_WECHAT_API_BASE } from '../auth/wechat'
import type { DeliveryOutcome, Messenger, SubscriptionMessage } from './delivery'

export interface WechatMessengerOptions {
  appId: string
  secret: string
  apiBase?: string
  /** `formal` (the published app, default), `trial` or `developer`: which version the message opens. */
  miniprogramState?: 'formal' | 'trial' | 'developer'
  timeoutMs?: number
  fetch?: FetchLike
  now?: () => number
  nodeEnv?: string
}

const PERMANENT: Record<number, string> = {
  43101: 'the member does not accept this message (43101)',
  40003: 'not an openid of this mini program (40003)',
  40037: 'no such template id (40037)',
  47003: 'a field WeChat refuses (47003)',
  41030: 'a page the published mini program does not have (41030)',
}
/** The token is not (or no longer) valid: ask for a new one. */
const TOKEN_INVALID = new Set([40001, 40014, 42001])
const TOKEN_MARGIN_MS = 5 * 60_000

interface WechatAnswer {
  errcode?: unknown
  errmsg?: unknown
  access_token?: unknown
  expires_in?: unknown
}

export class WechatMessenger implements Messenger {
  readonly platform = 'weapp' as const
  readonly loginProvider = 'wechat' as const
  readonly #options: WechatMessengerOptions
  readonly #base: string
  readonly #fetch: FetchLike
  readonly #now: () => number
  #token: { value: string; expiresAt: number } | null = null

  constructor(options: WechatMessengerOptions) {
    this.#options = options
    this.#base = checkBaseUrl('WECHAT_API_BASE', options.apiBase || DEFAULT_WECHAT_API_BASE, 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV).href.replace(/\/+$/, '')
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#now = options.now ?? Date.now
  }

  async send(message: SubscriptionMessage): Promise<DeliveryOutcome> {
    try {
      let answer = await this.#post(message, await this.#accessToken(false))
      if (TOKEN_INVALID.has(answer.errcode)) answer = await this.#post(message, await this.#accessToken(true))
      if (answer.errcode === 0) return { status: 'sent' }
      const known = PERMANENT[answer.errcode]
      if (known) return { status: 'failed', reason: `${known}: ${answer.errmsg}` }
      if (answer.errcode === -1 || answer.errcode === 45009 || TOKEN_INVALID.has(answer.errcode)) return { status: 'retry', reason: `errcode ${answer.errcode}: ${answer.errmsg}` }
      return { status: 'failed', reason: `errcode ${answer.errcode}: ${answer.errmsg}` }
    } catch (e) {
      // No answer, an HTTP error or a token WeChat would not give: the message waits for the next attempt.
      return { status: 'retry', reason: e instanceof AuthError ? (e.detail ?? e.code) : String(e) }
    }
  }

  async #post(message: SubscriptionMessage, token: string): Promise<{ errcode: number; errmsg: string }> {
    const body = {
      touser: message.touser,
      template_id: message.templateId,
      page: message.page,
      data: message.data,
      miniprogram_state: this.#options.miniprogramState ?? 'formal',
      lang: 'zh_CN',
    }
    const answer = await this.#call('subscribeMessage.send', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, body, [token])
    const errcode = answer.errcode === undefined ? 0 : Number(answer.errcode)
    return { errcode: Number.isNaN(errcode) ? -999 : errcode, errmsg: scrub(typeof answer.errmsg === 'string' ? answer.errmsg : '', [token, this.#options.secret]) }
  }

  async #accessToken(force: boolean): Promise<string> {
    const now = this.#now()
    if (!force && this.#token && now < this.#token.expiresAt) return this.#token.value
    this.#token = null
    const answer = await this.#call(
      'stable_token',
      '/cgi-bin/stable_token',
      { grant_type: 'client_credential', appid: this.#options.appId, secret: this.#options.secret, force_refresh: force },
      [],
    )
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: scrub(`wechat stable_token: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`, [this.#options.secret]) })
    }
    const seconds = Number(answer.expires_in)
    this.#token = { value: answer.access_token, expiresAt: now + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 7_200_000) - TOKEN_MARGIN_MS }
    return answer.access_token
  }

  async #call(label: string, path: string, body: unknown, secrets: string[]): Promise<WechatAnswer> {
    const res = await callUpstream(
      this.#fetch,
      `wechat ${label}`,
      `${this.#base}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      this.#options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    )
    if (res.status !== 200) throw new AuthError('LOGIN_UPSTREAM_BUSY', { detail: `wechat ${label}: HTTP ${res.status}` })
    try {
      const parsed = JSON.parse(res.text) as WechatAnswer
      if (parsed && typeof parsed === 'object') return parsed
    } catch {
      // below
    }
    throw new AuthError('LOGIN_UPSTREAM_ERROR', { detail: scrub(`wechat ${label}: the answer is not a JSON object`, [this.#options.secret, ...secrets]) })
  }
}
