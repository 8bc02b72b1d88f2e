/**
 * A real payment provider, as the use cases see it (server/payments has WeChat Pay and Alipay): the core opens a trade for an
 * unpaid order, asks what became of it, closes it, refunds it. An order is marked paid only on the provider's word —
 * its signed notification (server/http/app.ts) or its answer to a query — never on the app's.
 *
 * A trade is named by the order: `out_trade_no` = PAYMENT_TRADE_PREFIX + order id (`ord-<member number>-<n>`), so a
 * notification names the member whose row it locks, and the refund of an order is `<out_trade_no>-R`.
 */
import { memberIdOf } from './member-ids'

export interface Trade {
  outTradeNo: string
  memberId: string
  amountFen: number
  description: string
  /** The instant after which the provider refuses to take the payment (the order's payBefore). */
  payBefore: string
}

/** What the provider says of a trade: paid (with what it took), or not (yet). */
export type TradeState = { paid: true; amountFen: number; transactionId: string; paidAt: string } | { paid: false; state: string }

/** A payment confirmed by the provider: by its notification or its answer to a query. */
export interface PaymentNotice {
  outTradeNo: string
  transactionId: string
  amountFen: number
  paidAt: string
}

/** What a notification's sender is told: taken (`ok`), not the provider's (`refused`), or to send it again (`failed`). */
export type NotificationAck = 'ok' | 'refused' | 'failed'

export interface PaymentProvider {
  readonly name: 'wechat' | 'alipay'
  /** The trade prefix of this deployment (PAYMENT_TRADE_PREFIX): two deployments on one merchant account never share a number. */
  readonly tradePrefix: string
  /** Opens (or, for the same order, opens again) the trade; answers the parameters of the app's payment call. */
  prepay(trade: Trade): Promise<Record<string, unknown>>
  query(outTradeNo: string): Promise<TradeState>
  /** Closes an unpaid trade, so that it can no longer be paid. */
  close(outTradeNo: string): Promise<void>
  /** Gives back `amountFen` of a paid trade; the same `outRefundNo` again is the same refund. */
  refund(input: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string }): Promise<void>
  /**
   * A notification the provider sent, checked and decoded: the payment it reports, or null for an event that is not
   * one (acknowledged, ignored). Throws PaymentProviderError when it is not the provider's.
   */
  notification(headers: Record<string, string | string[] | undefined>, rawBody: string): PaymentNotice | null
  /** The answer to a notification, in the provider's words. */
  acknowledge(ack: NotificationAck): { status: number; type: string; body: string }
}

/**
 * The provider could not do what was asked (unreachable, refused, or an answer that did not verify). `busy`: worth
 * trying again soon. `detail` is for the log, never for the member.
 */
export class PaymentProviderError extends Error {
  constructor(
    readonly busy: boolean,
    readonly detail: string,
  ) {
    super(detail)
    this.name = 'PaymentProviderError'
  }
}

export function outTradeNoOf(prefix: string, orderId: string): string {
  return `${prefix}${orderId}`
}

export const outRefundNoOf = (outTradeNo: string): string => `${outTradeNo}-R`

/** The order and member a trade number names, or null for a number this deployment never gave out. */
export function orderOfTrade(prefix: string, outTradeNo: string): { orderId: string; memberId: string } | null {
  if (!outTradeNo.startsWith(prefix)) return null
  const orderId = outTradeNo.slice(prefix.length)
  const m = /^ord-(\d{1,15})-\d{1,9}$/.exec(orderId)
  return m ? { orderId, memberId: memberIdOf(Number(m[1])) } : null
}
