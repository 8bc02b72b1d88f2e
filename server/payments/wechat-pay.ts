/**
 * WeChat Pay API v3 (pay.weixin.qq.com/doc/v3/merchant), JSAPI payments of a mini program:
 * - every request signed with the merchant's API key (`Authorization: WECHATPAY2-SHA256-RSA2048 …`, over
 *   `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`), every answer and notification verified with the WeChat Pay
 *   public key (微信支付公钥, `Wechatpay-Serial` = its id) over `TIMESTAMP\nNONCE\nBODY\n`;
 * - `POST /v3/pay/transactions/jsapi` opens a trade (its `time_expire` is the order's payBefore, so nothing is paid
 *   after the order has lapsed), and the app's `wx.requestPayment` parameters are signed here (`paySign` over
 *   `APPID\nTIMESTAMP\nNONCE\nprepay_id=…\n`);
 * - `GET …/out-trade-no/{no}` asks what became of a trade, `POST …/close` closes one, `POST /v3/refund/domestic/refunds`
 *   refunds one (the same out_refund_no twice is one refund);
 * - a payment notification's `resource` is AES-256-GCM under the APIv3 key.
 * Only the public-key mode is built (merchants on platform certificates switch in the merchant platform).
 */
import { createDecipheriv, randomBytes, type KeyObject } from 'node:crypto'
import { AuthError, DEFAULT_UPSTREAM_TIMEOUT_MS, type FetchLike } from '../auth/types'
import { loadPrivateKey, loadPublicKey, rsa2Sign, rsa2Verify } from '../auth/rsa2'
import { callUpstream, checkBaseUrl } from '../auth/upstream'
import { PaymentProviderError, type NotificationAck, type PaymentNotice, type PaymentProvider, type Trade, type TradeState } from '../core/payments'

export const DEFAULT_WECHATPAY_API_BASE = 'https://api.mch.weixin.qq.com'
/** A notification or answer whose timestamp is further than this from our clock is refused (replays). */
const MAX_SKEW_MS = 5 * 60_000

export interface WechatPayOptions {
  /** The mini program's appid (WECHAT_APPID): the trades are its members'. */
  appId: string
  mchId: string
  /** The merchant's API private key (apiclient_key.pem). */
  privateKey: string
  /** The serial number of the merchant's API certificate. */
  certSerial: string
  /** The APIv3 key (32 characters), which encrypts notifications. */
  apiV3Key: string
  /** The WeChat Pay public key (微信支付公钥) and its id (`PUB_KEY_ID_…`). */
  platformPublicKey: string
  platformPublicKeyId: string
  /** Where WeChat Pay sends payment notifications: `<public origin>/api/v1/payments/wechat/notify`. */
  notifyUrl: string
  /** Prefix of every trade number (PAYMENT_TRADE_PREFIX). */
  tradePrefix?: string
  /** The member's openid, as they signed in (member_logins `wechat:<openid>`). */
  payerOf(memberId: string): Promise<string | null>
  apiBase?: string
  now?: () => number
  timeoutMs?: number
  fetch?: FetchLike
  nodeEnv?: string
}

/** `2026-12-04T18:30:00+08:00`: RFC 3339 in Beijing time, as WeChat Pay writes and reads it. */
export function beijingRfc3339(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000)
  return `${d.toISOString().slice(0, 19)}+08:00`
}

const nonce = (): string => randomBytes(16).toString('hex')

/** A UTF-8 description WeChat accepts: at most 127 bytes. */
function description(text: string): string {
  let out = ''
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > 127) break
    out += ch
  }
  return out || '订单'
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string {
  const v = headers[name] ?? headers[name.toLowerCase()]
  return typeof v === 'string' ? v : ''
}

export class WechatPay implements PaymentProvider {
  readonly name = 'wechat' as const
  readonly tradePrefix: string
  readonly #o: WechatPayOptions
  readonly #privateKey: KeyObject
  readonly #publicKey: KeyObject
  readonly #base: string
  readonly #now: () => number
  readonly #fetch: FetchLike

  constructor(options: WechatPayOptions) {
    const missing = [
      !options.appId && 'WECHAT_APPID',
      !options.mchId && 'WECHATPAY_MCHID',
      !options.privateKey && 'WECHATPAY_PRIVATE_KEY',
      !options.certSerial && 'WECHATPAY_CERT_SERIAL',
      !options.apiV3Key && 'WECHATPAY_APIV3_KEY',
      !options.platformPublicKey && 'WECHATPAY_PUBLIC_KEY',
      !options.platformPublicKeyId && 'WECHATPAY_PUBLIC_KEY_ID',
      !options.notifyUrl && 'PAYMENT_NOTIFY_URL',
    ].filter(Boolean)
    if (missing.length) throw new Error(`PAYMENT_PROVIDER=wechat needs ${missing.join(', ')}`)
    if (Buffer.byteLength(options.apiV3Key) !== 32) throw new Error('WECHATPAY_APIV3_KEY must be the 32-character APIv3 key')
    const nodeEnv = options.nodeEnv ?? process.env.NODE_ENV
    this.#privateKey = loadPrivateKey(options.privateKey, 'WECHATPAY_PRIVATE_KEY')
    this.#publicKey = loadPublicKey(options.platformPublicKey, 'WECHATPAY_PUBLIC_KEY')
    this.#base = checkBaseUrl('WECHATPAY_API_BASE', options.apiBase || DEFAULT_WECHATPAY_API_BASE, nodeEnv).href.replace(/\/+$/, '')
    checkBaseUrl('PAYMENT_NOTIFY_URL', options.notifyUrl, nodeEnv)
    this.tradePrefix = options.tradePrefix ?? ''
    this.#o = options
    this.#now = options.now ?? Date.now
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  /** `Wechatpay-*` headers and body checked against the WeChat Pay public key (answers and notifications alike). */
  #verified(headers: Record<string, string | string[] | undefined>, body: string): boolean {
    const timestamp = headerOf(headers, 'Wechatpay-Timestamp')
    const nonceStr = headerOf(headers, 'Wechatpay-Nonce')
    const signature = headerOf(headers, 'Wechatpay-Signature')
    if (headerOf(headers, 'Wechatpay-Serial') !== this.#o.platformPublicKeyId || !/^\d{1,12}$/.test(timestamp) || !signature) return false
    if (Math.abs(Number(timestamp) * 1000 - this.#now()) > MAX_SKEW_MS) return false
    return rsa2Verify(`${timestamp}\n${nonceStr}\n${body}\n`, signature, this.#publicKey)
  }

  async #call(method: 'GET' | 'POST', pathAndQuery: string, payload?: object): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = payload ? JSON.stringify(payload) : ''
    const timestamp = String(Math.floor(this.#now() / 1000))
    const nonceStr = nonce()
    const signature = rsa2Sign(`${method}\n${pathAndQuery}\n${timestamp}\n${nonceStr}\n${body}\n`, this.#privateKey)
    const label = `wechatpay ${method} ${pathAndQuery.split('?')[0]}`
    let res: { status: number; text: string; headers: Headers }
    try {
      let headers = new Headers()
      const fetchImpl: FetchLike = async (input, init) => {
        const r = await this.#fetch(input, init)
        headers = r.headers
        return r
      }
      const r = await callUpstream(
        fetchImpl,
        label,
        `${this.#base}${pathAndQuery}`,
        {
          method,
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'user-agent': 'loyalty-server',
            authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${this.#o.mchId}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.#o.certSerial}"`,
          },
          ...(payload ? { body } : {}),
        },
        this.#o.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
      )
      res = { ...r, headers }
    } catch (e) {
      if (e instanceof AuthError) throw new PaymentProviderError(true, e.detail ?? label)
      throw e
    }
    const plain = Object.fromEntries(res.headers.entries())
    // An answer is believed only when WeChat Pay signed it; a refusal that is not signed still refuses.
    const signed = this.#verified(plain, res.text)
    let parsed: Record<string, unknown> = {}
    if (res.text) {
      try {
        const v: unknown = JSON.parse(res.text)
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) parsed = v as Record<string, unknown>
      } catch {
        // below
      }
    }
    if (res.status >= 200 && res.status < 300) {
      // An answer with content must be signed; an empty 204 (a trade closed) says nothing that could be forged to gain.
      if (!signed && res.text !== '') throw new PaymentProviderError(false, `${label}: answer signature does not verify with WECHATPAY_PUBLIC_KEY`)
      return { status: res.status, body: parsed }
    }
    const code = typeof parsed.code === 'string' ? parsed.code : ''
    const busy = res.status === 429 || res.status >= 500 || code === 'SYSTEM_ERROR' || code === 'FREQUENCY_LIMITED'
    throw new PaymentProviderError(busy, `${label}: HTTP ${res.status} ${code} ${typeof parsed.message === 'string' ? parsed.message : ''}`.trim())
  }

  async prepay(trade: Trade): Promise<Record<string, unknown>> {
    const openid = await this.#o.payerOf(trade.memberId)
    if (!openid) throw new PaymentProviderError(false, `wechatpay: member ${trade.memberId} has no WeChat login`)
    const { body } = await this.#call('POST', '/v3/pay/transactions/jsapi', {
      appid: this.#o.appId,
      mchid: this.#o.mchId,
      description: description(trade.description),
      out_trade_no: trade.outTradeNo,
      time_expire: beijingRfc3339(trade.payBefore),
      notify_url: this.#o.notifyUrl,
      amount: { total: trade.amountFen, currency: 'CNY' },
      payer: { openid },
    })
    if (typeof body.prepay_id !== 'string' || !body.prepay_id) throw new PaymentProviderError(false, 'wechatpay jsapi: answer without prepay_id')
    const timeStamp = String(Math.floor(this.#now() / 1000))
    const nonceStr = nonce()
    const pkg = `prepay_id=${body.prepay_id}`
    return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign: rsa2Sign(`${this.#o.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, this.#privateKey) }
  }

  async query(outTradeNo: string): Promise<TradeState> {
    try {
      const { body } = await this.#call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.#o.mchId)}`)
      return this.#tradeState(body)
    } catch (e) {
      // A trade never opened (the app never got its parameters) is simply not paid.
      if (e instanceof PaymentProviderError && / ORDER_NOT_EXIST\b/.test(e.detail)) return { paid: false, state: 'ORDER_NOT_EXIST' }
      throw e
    }
  }

  #tradeState(t: Record<string, unknown>): TradeState {
    const state = typeof t.trade_state === 'string' ? t.trade_state : ''
    // REFUND: paid, and (some of it) refunded since — paid all the same.
    if (state !== 'SUCCESS' && state !== 'REFUND') return { paid: false, state }
    const amount = t.amount as { total?: unknown } | undefined
    if (typeof amount?.total !== 'number' || typeof t.transaction_id !== 'string') throw new PaymentProviderError(false, 'wechatpay: paid trade without amount or transaction_id')
    return { paid: true, amountFen: amount.total, transactionId: t.transaction_id, paidAt: typeof t.success_time === 'string' ? t.success_time : '' }
  }

  async close(outTradeNo: string): Promise<void> {
    await this.#call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.#o.mchId })
  }

  async refund(input: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string }): Promise<void> {
    const { body } = await this.#call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: description(input.reason).slice(0, 80),
      amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
    })
    // SUCCESS or PROCESSING (the money is on its way); CLOSED / ABNORMAL: it will not arrive this way.
    if (body.status !== 'SUCCESS' && body.status !== 'PROCESSING') throw new PaymentProviderError(false, `wechatpay refund ${input.outRefundNo}: status ${String(body.status)}`)
  }

  /** 200/204 takes it; anything else, with `{code: 'FAIL'}`, has WeChat Pay send it again (for a day). */
  acknowledge(ack: NotificationAck): { status: number; type: string; body: string } {
    if (ack === 'ok') return { status: 204, type: 'application/json', body: '' }
    return { status: ack === 'refused' ? 401 : 500, type: 'application/json', body: JSON.stringify({ code: 'FAIL', message: ack === 'refused' ? '签名错误' : '处理失败' }) }
  }

  /** A notification: signature and time checked, `resource` decrypted, merchant and app checked. */
  notification(headers: Record<string, string | string[] | undefined>, rawBody: string): PaymentNotice | null {
    if (!this.#verified(headers, rawBody)) throw new PaymentProviderError(false, 'wechatpay notification: signature does not verify')
    let event: { event_type?: unknown; resource?: { algorithm?: unknown; ciphertext?: unknown; nonce?: unknown; associated_data?: unknown } }
    try {
      event = JSON.parse(rawBody) as typeof event
    } catch {
      throw new PaymentProviderError(false, 'wechatpay notification: body is not JSON')
    }
    if (event.event_type !== 'TRANSACTION.SUCCESS') return null
    const r = event.resource
    if (r?.algorithm !== 'AEAD_AES_256_GCM' || typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string') {
      throw new PaymentProviderError(false, 'wechatpay notification: resource is not AEAD_AES_256_GCM')
    }
    let plain: string
    try {
      const data = Buffer.from(r.ciphertext, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(this.#o.apiV3Key), Buffer.from(r.nonce))
      decipher.setAuthTag(data.subarray(data.length - 16))
      decipher.setAAD(Buffer.from(typeof r.associated_data === 'string' ? r.associated_data : ''))
      plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
    } catch {
      throw new PaymentProviderError(false, 'wechatpay notification: resource does not decrypt with WECHATPAY_APIV3_KEY')
    }
    const t = JSON.parse(plain) as Record<string, unknown>
    if (t.mchid !== this.#o.mchId || t.appid !== this.#o.appId || typeof t.out_trade_no !== 'string') {
      throw new PaymentProviderError(false, 'wechatpay notification: for another merchant or app')
    }
    const state = this.#tradeState(t)
    if (!state.paid) return null
    return { outTradeNo: t.out_trade_no, transactionId: state.transactionId, amountFen: state.amountFen, paidAt: state.paidAt }
  }
}
