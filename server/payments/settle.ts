/**
 * What the provider's word does to orders (server/payments): a confirmed payment pays its order once — or, when the
 * order cannot take it, goes back — and a pass over unpaid orders that have lapsed asks the provider what became of
 * each, for the payments whose notification never arrived (the app closed before it asked, a notification lost).
 */
import { isRuleError } from '../../src/domain/errors'
import { HttpError } from '../core/http'
import { orderOfTrade, outRefundNoOf, outTradeNoOf, type PaymentNotice, type PaymentProvider } from '../core/payments'
import type { Core } from '../core/pipeline'
import { UniqueViolation } from '../core/port'
import { cancelRefusedOp, confirmPaidOp } from '../core/use-cases/orders'
import type { Db } from '../sql/db'

/** What became of a provider's payment notification. */
export type PaymentOutcome = 'paid' | 'already paid' | 'refunded' | 'not ours'

export interface SettleDeps {
  core: Core
  db: Db
  provider: PaymentProvider
  now(): number
}

const missing = () => new HttpError(404, 'ORDER_NOT_FOUND', '订单不存在')

/**
 * A payment the provider confirmed (its verified notification, or its answer to a query): the order is paid, once.
 * When the order cannot take it (cancelled meanwhile, its coupon used by another order, another amount) the money
 * goes back and the order is cancelled. Throws when the provider cannot be reached for that refund (the notification
 * comes again; the next reconciliation asks again).
 */
export async function confirmPayment(deps: SettleDeps, notice: PaymentNotice): Promise<PaymentOutcome> {
  const { core, now, provider } = deps
  const target = orderOfTrade(provider.tradePrefix, notice.outTradeNo)
  if (!target) return 'not ours'
  try {
    const r = await core.write(now(), async (work) => confirmPaidOp(await work.member(target.memberId, { missing }), target.orderId, notice))
    return r.fresh ? 'paid' : 'already paid'
  } catch (e) {
    // Two notifications at once: the other one paid it.
    if (e instanceof UniqueViolation) return 'already paid'
    if (!(e instanceof HttpError) && !isRuleError(e)) throw e
  }
  await provider.refund({ outTradeNo: notice.outTradeNo, outRefundNo: outRefundNoOf(notice.outTradeNo), amountFen: notice.amountFen, totalFen: notice.amountFen, reason: '订单已取消，款项原路退回' })
  await cancelLapsed(deps, target)
  return 'refunded'
}

async function cancelLapsed(deps: SettleDeps, target: { memberId: string; orderId: string }): Promise<void> {
  await deps.core.write(deps.now(), async (work) => cancelRefusedOp(await work.member(target.memberId, { missing }), target.orderId)).catch((e: unknown) => {
    if (!(e instanceof HttpError)) throw e
  })
}

/** How far back a pass looks: the providers stop sending a notification after about a day. */
const LOOK_BACK_MS = 25 * 3_600_000
const BATCH = 200
/** A trade the provider is still taking payment for, asked again next pass. */
const IN_PROGRESS = new Set(['USERPAYING'])

export interface ReconcilePass {
  asked: number
  paid: number
  cancelled: number
  failed: number
}

/**
 * Where the last pass stopped (the last order it asked about), so the next one goes on from there: orders the
 * provider keeps answering "still paying" or not at all cannot hold back, pass after pass, the ones placed after
 * them. null: from the oldest again.
 */
export interface ReconcileCursor {
  after: { createdAt: Date; orderId: string } | null
}

/**
 * One pass: every order still unpaid past its `payBefore` (placed within the last day) is
 * asked of the provider — paid: confirmed like a notification; not paid: cancelled (its trade expired with it), so it
 * is not asked again. A provider that does not answer leaves the order to the next pass. A pass asks about `batch`
 * orders (200), oldest first, after where the last one stopped (`cursor`).
 */
export async function reconcilePayments(
  deps: SettleDeps & { pendingExpiryMinutes: number; batch?: number },
  cursor: ReconcileCursor,
  stopping: () => boolean = () => false,
): Promise<ReconcilePass> {
  const now = deps.now()
  const batch = deps.batch ?? BATCH
  const from = cursor.after
  // Lapsed by the time the member was given when it was placed (`payBefore`; older orders: the rules' minutes now).
  const { rows } = await deps.db.query<{ member_id: string; order_id: string; created_at: Date }>(
    `select member_id, order_id, created_at from orders where status = 'pending_payment' and created_at >= $1
       and coalesce((doc->>'payBefore')::timestamptz, created_at + make_interval(mins => $3::int)) <= $2
       ${from ? 'and (created_at, order_id) > ($4, $5)' : ''} order by created_at, order_id limit ${batch}`,
    [new Date(now - LOOK_BACK_MS), new Date(now), deps.pendingExpiryMinutes, ...(from ? [from.createdAt, from.orderId] : [])],
  )
  const pass: ReconcilePass = { asked: 0, paid: 0, cancelled: 0, failed: 0 }
  for (const row of rows) {
    if (stopping()) break
    const outTradeNo = outTradeNoOf(deps.provider.tradePrefix, row.order_id)
    pass.asked++
    try {
      const state = await deps.provider.query(outTradeNo)
      if (state.paid) {
        const outcome = await confirmPayment(deps, { outTradeNo, transactionId: state.transactionId, amountFen: state.amountFen, paidAt: state.paidAt })
        if (outcome === 'paid') pass.paid++
      } else if (!IN_PROGRESS.has(state.state)) {
        await cancelLapsed(deps, { memberId: row.member_id, orderId: row.order_id })
        pass.cancelled++
      }
    } catch {
      pass.failed++
    }
  }
  // The next pass goes on after the last order asked about — when this one stopped half-way, or took a full batch;
  // one that reached the newest starts over.
  const last = rows[pass.asked - 1]
  cursor.after = pass.asked < rows.length || rows.length === batch ? (last ? { createdAt: last.created_at, orderId: last.order_id } : from) : null
  return pass
}
