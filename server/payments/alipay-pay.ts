/**
 * Alipay payments of a mini program (opendocs "小程序支付"), through the same signed gateway as Alipay login
 * (`AlipayGateway`: RSA2-signed requests, answers verified with Alipay's public key):
 * - `alipay.trade.create` (product_code JSAPI_PAY) opens a trade for the member — `buyer_id` for a 2088… user id,
 *   `buyer_open_id` for an app on per-app open_ids — ending at the order's payBefore (`time_expire`); the app's
 *   `my.tradePay` takes its `trade_no` as `tradeNO`;
 * - `alipay.trade.query`, `alipay.trade.close`, `alipay.trade.refund` (the same out_request_no twice is one refund);
 * - a payment notification is a form POST signed by Alipay over every parameter but `sign` and `sign_type`, answered
 *   with the text `success` (anything else is sent again).
 * Amounts are yuan strings with two decimals ("26.60").
 */
import { AlipayGateway, alipayTimestamp, type AlipayOptions } from '../auth/alipay'
import { loadPublicKey, rsa2Verify, signContent } from '../auth/rsa2'
import { AuthError } from '../auth/types'
import { PaymentProviderError, type NotificationAck, type PaymentNotice, type PaymentProvider, type Trade, type TradeState } from '../core/payments'

export interface AlipayPayOptions extends AlipayOptions {
  /** Where Alipay sends payment notifications: `<public origin>/api/v1/payments/alipay/notify`. */
  notifyUrl: string
  tradePrefix?: string
  /** The member's Alipay id, as they signed in (member_logins `alipay:<id>`). */
  payerOf(memberId: string): Promise<string | null>
}

export const yuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

/** "26.60" → 2660; null for anything that is not an amount. */
export function fenOf(amount: unknown): number | null {
  const m = typeof amount === 'string' ? /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(amount) : null
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null
}

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED'])

export class AlipayPay implements PaymentProvider {
  readonly name = 'alipay' as const
  readonly tradePrefix: string
  readonly #gateway: AlipayGateway
  readonly #o: AlipayPayOptions
  readonly #alipayPublicKey

  constructor(options: AlipayPayOptions) {
    if (!options.notifyUrl) throw new Error('PAYMENT_PROVIDER=alipay needs PAYMENT_NOTIFY_URL')
    this.#gateway = new AlipayGateway(options, 'PAYMENT_PROVIDER=alipay')
    this.#alipayPublicKey = loadPublicKey(options.alipayPublicKey, 'ALIPAY_PUBLIC_KEY')
    this.tradePrefix = options.tradePrefix ?? ''
    this.#o = options
  }

  /** One gateway call; a refusal is a PaymentProviderError (busy when Alipay says so). */
  async #call(method: string, biz: Record<string, unknown>, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
    let r
    try {
      r = await this.#gateway.call(method, { ...extra, biz_content: JSON.stringify(biz) })
    } catch (e) {
      if (e instanceof AuthError) throw new PaymentProviderError(e.code === 'LOGIN_UPSTREAM_BUSY' || e.code === 'LOGIN_RATE_LIMITED', e.detail ?? method)
      throw e
    }
    if (r.ok) return r.answer
    const busy = r.code === '20000' || r.code === '40005' || /SYSTEM_ERROR$/.test(r.subCode)
    throw new PaymentProviderError(busy, `${r.detail} [${r.subCode}]`)
  }

  async prepay(trade: Trade): Promise<Record<string, unknown>> {
    const payer = await this.#o.payerOf(trade.memberId)
    if (!payer) throw new PaymentProviderError(false, `alipay: member ${trade.memberId} has no Alipay login`)
    const answer = await this.#call(
      'alipay.trade.create',
      {
        out_trade_no: trade.outTradeNo,
        total_amount: yuan(trade.amountFen),
        subject: Array.from(trade.description).slice(0, 128).join(''),
        product_code: 'JSAPI_PAY',
        op_app_id: this.#o.appId,
        ...(/^2088\d{12}$/.test(payer) ? { buyer_id: payer } : { buyer_open_id: payer }),
        time_expire: alipayTimestamp(new Date(trade.payBefore)),
      },
      { notify_url: this.#o.notifyUrl },
    )
    if (typeof answer.trade_no !== 'string' || !answer.trade_no) throw new PaymentProviderError(false, 'alipay.trade.create: answer without trade_no')
    return { tradeNO: answer.trade_no }
  }

  async query(outTradeNo: string): Promise<TradeState> {
    let t: Record<string, unknown>
    try {
      t = await this.#call('alipay.trade.query', { out_trade_no: outTradeNo })
    } catch (e) {
      if (e instanceof PaymentProviderError && /\[ACQ\.TRADE_NOT_EXIST\]$/.test(e.detail)) return { paid: false, state: 'TRADE_NOT_EXIST' }
      throw e
    }
    return this.#tradeState(t)
  }

  #tradeState(t: Record<string, unknown>): TradeState {
    const state = typeof t.trade_status === 'string' ? t.trade_status : ''
    if (!PAID.has(state)) return { paid: false, state }
    const amountFen = fenOf(t.total_amount)
    if (amountFen === null || typeof t.trade_no !== 'string') throw new PaymentProviderError(false, 'alipay: paid trade without total_amount or trade_no')
    return { paid: true, amountFen, transactionId: t.trade_no, paidAt: typeof t.send_pay_date === 'string' ? t.send_pay_date : typeof t.gmt_payment === 'string' ? t.gmt_payment : '' }
  }

  async close(outTradeNo: string): Promise<void> {
    try {
      await this.#call('alipay.trade.close', { out_trade_no: outTradeNo })
    } catch (e) {
      // Nothing to close: the trade was never opened at Alipay (the member never reached the cashier).
      if (e instanceof PaymentProviderError && /\[ACQ\.TRADE_NOT_EXIST\]$/.test(e.detail)) return
      throw e
    }
  }

  async refund(input: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string }): Promise<void> {
    const r = await this.#call('alipay.trade.refund', { out_trade_no: input.outTradeNo, refund_amount: yuan(input.amountFen), out_request_no: input.outRefundNo, refund_reason: input.reason })
    // fund_change Y: the money moved now. N (a repeat of the same refund, or one still settling): Alipay says to ask.
    if (r.fund_change === 'Y') return
    const q = await this.#call('alipay.trade.fastpay.refund.query', { out_trade_no: input.outTradeNo, out_request_no: input.outRefundNo })
    if (q.refund_status !== 'REFUND_SUCCESS') throw new PaymentProviderError(true, `alipay refund ${input.outRefundNo}: not done yet (${String(q.refund_status ?? 'no refund_status')})`)
  }

  notification(_headers: Record<string, string | string[] | undefined>, rawBody: string): PaymentNotice | null {
    const params: Record<string, string> = {}
    for (const [k, v] of new URLSearchParams(rawBody)) {
      if (k in params) throw new PaymentProviderError(false, `alipay notification: ${k} twice`)
      params[k] = v
    }
    const { sign, sign_type: signType, ...signed } = params
    if (signType !== 'RSA2' || !rsa2Verify(signContent(signed), sign ?? '', this.#alipayPublicKey)) {
      throw new PaymentProviderError(false, 'alipay notification: signature does not verify with ALIPAY_PUBLIC_KEY')
    }
    if (params.app_id !== this.#o.appId || !params.out_trade_no) throw new PaymentProviderError(false, 'alipay notification: for another app')
    const state = this.#tradeState(params)
    return state.paid ? { outTradeNo: params.out_trade_no, transactionId: state.transactionId, amountFen: state.amountFen, paidAt: state.paidAt } : null
  }

  acknowledge(ack: NotificationAck): { status: number; type: string; body: string } {
    return ack === 'ok' ? { status: 200, type: 'text/plain; charset=utf-8', body: 'success' } : { status: ack === 'refused' ? 400 : 500, type: 'text/plain; charset=utf-8', body: 'fail' }
  }
}
