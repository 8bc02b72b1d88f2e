/**
 * `POST /events {type, ref?}`: behaviour events. `app_open` runs the lifecycle (win-back offer once per
 * dormancy) and the first-open award (once per day: a second open the same day answers 200 with
 * `awarded: null`); the other types earn per the domain's earning rules (a count limit reached is the domain's
 * 409), advance tasks and earn a card where a running cards campaign allows. An event with a `ref` counts once
 * even when a retry comes with a new Idempotency-Key (409 `EVENT_DUPLICATE`). The route checks what it can of the
 * claim first (`verifyEvent`); `eventOp` is the write itself (the demo seed plays its history through it).
 */
import type { AwardWire, BehaviourEventType, CouponWire, EventResponse, TaskView } from '../../../src/api/contract'
import { addDays } from '../../../src/domain/calendar'
import { isRuleError } from '../../../src/domain/errors'
import { onAppOpen } from '../../../src/domain/lifecycle'
import { earnBehaviourPoints, type AwardResult } from '../../../src/domain/points'
import { HttpError } from '../http'
import { own } from '../own'
import { objectBody, oneOf, optionalString } from '../validate'
import { taskViews } from '../views'
import { profileComplete } from './member'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'

export const EVENT_TYPES: readonly BehaviourEventType[] = [
  'app_open',
  'core_use',
  'share',
  'review',
  'survey',
  'profile_complete',
  'guide_read',
  'follow_account',
  'browse_product',
]

const EVENT_REF_DAYS = 30

function awardWire(a: AwardResult | null): AwardWire | null {
  return a ? { requested: a.requested, awarded: a.awarded, capped: a.capped, cappedBy: a.cappedBy } : null
}

/** Earn by the domain's earning rule for `eventType`; types with no rule earn nothing (they only move tasks). */
function earn(tx: MemberTx, eventType: string, ref: string, toleratedCodes: string[]): AwardResult | null {
  try {
    const r = earnBehaviourPoints(tx.member.points, { eventType, ref, platform: tx.platform }, tx.ctx)
    tx.member = { ...tx.member, points: r.state }
    tx.addGrowth(r.award)
    return r.award
  } catch (e) {
    if (isRuleError(e) && (e.code === 'EARNING_RULE_NOT_FOUND' || toleratedCodes.includes(e.code))) return null
    throw e
  }
}

/**
 * What the backend can check of a member's claim before it pays for it: 有效评价 (`review`) and 下单 (`core_use`)
 * name a goods order of the member's, paid and not refunded, within the days an event's ref is remembered (so each
 * order counts once for each, for good — and a paid order's 下单 was recorded by its payment: `orderUseOp`);
 * 完善资料 (`profile_complete`) needs the profile complete (a birthday).
 * Otherwise 422 `EVENT_NOT_VERIFIED`, and nothing changes. A survey pays only for the ids its earning rule lists
 * (`refs`, src/domain/points.ts). Shares, the guide and follows have nothing the backend could check them against
 * (the platforms do not confirm a share); they stay bounded by their limits and caps.
 */
async function verifyEvent(tx: MemberTx, type: BehaviourEventType, ref: string | undefined): Promise<void> {
  if (type === 'profile_complete') {
    if (!profileComplete(tx.member)) throw new HttpError(422, 'EVENT_NOT_VERIFIED', '请先在个人资料中填写生日', { type })
    return
  }
  if (type !== 'core_use' && type !== 'review') return
  const order = ref === undefined ? null : await tx.work.order(tx.member.id, ref)
  const paidOn = order && order.memberId === tx.member.id && order.kind === 'goods' && order.status === 'paid' ? order.paidOn : null
  if (!paidOn || paidOn <= addDays(tx.today, -EVENT_REF_DAYS)) {
    const words = type === 'review' ? `只能评价近 ${EVENT_REF_DAYS} 天内已支付的订单` : `没有找到近 ${EVENT_REF_DAYS} 天内已支付的这笔订单`
    throw new HttpError(422, 'EVENT_NOT_VERIFIED', words, { type, ref: ref ?? null })
  }
}

export interface EventOutcome {
  award: AwardResult | null
  card: EventResponse['card']
  winback: CouponWire | null
  movedTasks: string[]
}

/** The event counts once, whatever Idempotency-Key a retry comes with: its ref is remembered for EVENT_REF_DAYS. */
function rememberRef(tx: MemberTx, type: BehaviourEventType, ref: string): void {
  const key = `${type}:${ref}`
  if (own(tx.member.eventRefs, key)) throw new HttpError(409, 'EVENT_DUPLICATE', '这个行为已经记录过了', { type, ref })
  const horizon = addDays(tx.today, -EVENT_REF_DAYS)
  const kept: Record<string, string> = {}
  for (const [k, d] of Object.entries(tx.member.eventRefs)) if (d > horizon) kept[k] = d
  tx.member = { ...tx.member, eventRefs: { ...kept, [key]: tx.today } }
}

/**
 * 下单: a goods order paid is the member's core use (`core_use`), recorded by the payment itself — whoever confirmed
 * it (the cashier, the provider's answer or its notification hours later), not on the app's word afterwards. It earns
 * within the rule's count limit (past it, nothing, and the payment goes on), moves the 下单 tasks and may earn a card.
 */
export function orderUseOp(tx: MemberTx, orderId: string): AwardResult | null {
  if (own(tx.member.eventRefs, `core_use:${orderId}`)) return null
  rememberRef(tx, 'core_use', orderId)
  const award = earn(tx, 'core_use', orderId, ['EARNING_LIMIT_REACHED', 'EARNING_PLATFORM_NOT_ALLOWED'])
  tx.recordTasks('core_use', orderId)
  tx.earnCards('core_use', tx.shareAllowed())
  return award
}

export function eventOp(tx: MemberTx, type: BehaviourEventType, ref?: string): EventOutcome {
  if (ref !== undefined) rememberRef(tx, type, ref)
  const progressBefore = tx.member.tasks.progress
  let award: AwardResult | null = null
  let card: EventResponse['card'] = null
  let winback: CouponWire | null = null
  if (type === 'app_open') {
    const lc = onAppOpen(tx.member.lifecycle, tx.ctx)
    tx.member = { ...tx.member, lifecycle: lc.state }
    const given = lc.winbackDue && lc.winbackCouponTemplateId && lc.winbackRef ? tx.give(lc.winbackCouponTemplateId, lc.winbackRef, 'dormant') : null
    if (given) winback = couponWire(given, tx.ctx)
    // The first open of the day earns once; later opens the same day are not an error (awarded: null).
    award = earn(tx, 'first_open', `first_open:${tx.today}`, ['EARNING_LIMIT_REACHED'])
    tx.recordTasks('first_open')
    tx.log('open')
  } else {
    award = earn(tx, type, ref ?? '', [])
    if (type === 'share' && award) tx.bumpMetrics(tx.today, { shares: 1 })
    tx.recordTasks(type, ref)
    if (type === 'core_use') card = tx.earnCards('core_use', tx.shareAllowed())
    if (type === 'share') card = tx.earnCards('share', tx.shareAllowed())
  }
  tx.upgrade()
  const after = tx.member.tasks.progress
  const movedTasks = Object.keys(after).filter((id) => after[id] !== progressBefore[id])
  return { award, card, winback, movedTasks }
}

/** An event as the member's app reports it: checked where the backend can (`verifyEvent`), then recorded. */
export async function claimedEventOp(tx: MemberTx, type: BehaviourEventType, ref?: string): Promise<EventOutcome> {
  await verifyEvent(tx, type, ref)
  return eventOp(tx, type, ref)
}

export const eventsRoutes: RouteEntry[] = [
  [
    'POST',
    '/events',
    {
      auth: 'member',
      handler: async (args) => {
        const body = objectBody(args.body)
        const type = oneOf(body, 'type', EVENT_TYPES)
        const ref = optionalString(body, 'ref', { max: 64 })
        const tx = await args.me()
        const r = await claimedEventOp(tx, type, ref)
        const moved = new Set(r.movedTasks)
        const tasks: TaskView[] = taskViews(tx).filter((t) => moved.has(t.id))
        const answer: EventResponse = { type, awarded: awardWire(r.award), balance: tx.balance, card: r.card, winback: r.winback, tasks }
        return { body: answer }
      },
    },
  ],
]
