/**
 * Members as the console sees them (SPEC §8):
 *   GET  /admin/members?q=                  find by id, invite code or nickname
 *   GET  /admin/members/{id}                the member card, lots, tier history, tasks, coupons, orders, invites,
 *                                           redemptions and adjustments
 *   GET  /admin/members/{id}/ledger, /calendar
 *   POST /admin/members/{id}/adjustments    {amount, reason}: applied at once, or — above the deployment's
 *                                           threshold (`CoreEnv.adjustApprovalAbove`) — pending an admin's approval
 *   GET  /admin/adjustments?status=, POST /admin/adjustments/{id}/approve | /reject
 *   POST /admin/members/{id}/coupons        {templateId, reason}: reissue a coupon — within the same threshold, its
 *                                           face value counted with the day's adjustments; past it refused
 *   GET  /admin/deliveries?status=          the shipping queue across members (待发货 / 已发货 / 已签收), a page at a time;
 *   POST /admin/members/{id}/redemptions/{redemptionId}/delivery   one step of a gift's fulfilment
 * An adjustment is an `adjust` ledger entry (points.ts `adjustPoints`): a credit is its own lot, a debit takes
 * the oldest lots and never goes below 0. Approval is by an admin other than the operator who asked. Every write
 * is in the audit log.
 */
import type { AdjustmentListItem, AdjustmentResponse, AdminCouponsPage, AdminInvitesPage, AdminOrdersPage, AdminRedemptionsPage, AdminRefundResponse, DeliveriesResponse, Delivery, DeliveryQueueRow, MemberDetail, MemberRow } from '../../../src/api/contract'
import { businessDateOf, parseInstant } from '../../../src/domain/calendar'
import { maskedAddress } from '../../../src/domain/delivery'
import { couponFaceValueFen } from '../../../src/domain/coupons'
import { advanceDelivery, DELIVERY_STATUS_WORDS, isDeliveryStatus, voucherStatus } from '../../../src/domain/mall'
import { adjustPoints, liveLots, noteCouponReissue } from '../../../src/domain/points'
import { effectiveTier } from '../../../src/domain/tiers'
import { HttpError } from '../http'
import { memberIdOf } from '../member-ids'
import type { ReadScope } from '../port'
import type { AdjustmentRecord, MemberRecord, SessionRecord } from '../records'
import type { HandlerArgs, RouteEntry } from '../route'
import { couponWire, memberScopedId, type MemberTx } from '../tx'
import {
  clientInstant,
  field,
  invalid,
  KEYSET_CURSOR,
  listPage,
  objectBody,
  oneOf,
  optionalString,
  pageQuery,
  pathId,
  queryInt,
  queryMonth,
  requiredString,
  requiredText,
} from '../validate'
import { memberMe, taskViews } from '../views'
import { audit, currentOperator, operatorNames } from './operators'
import { couponsPage } from './coupons'
import { invitePage, INVITES_CURSOR } from './invites'
import { orderWire, refundOrderOp, refundWithProvider } from './orders'
import { ledgerPage } from './points'
import { redemptionWire } from './rewards'
import { calendarResponse } from './signin'

const MEMBER_NOT_FOUND = () => new HttpError(404, 'MEMBER_NOT_FOUND', '会员不存在')

/** The member of the path (locked on a write). */
export function memberOf(args: HandlerArgs): Promise<MemberTx> {
  return args.work.member(pathId(args.params, 'id'), { missing: MEMBER_NOT_FOUND })
}

/**
 * What customer service is given to find a member by besides their id, nickname or invite code: an order number
 * (`ord-<member>-<n>`, with the deployment's trade prefix as the payment provider shows it) or the payment provider's
 * transaction number.
 */
async function membersByOrder(scope: ReadScope, q: string): Promise<MemberRecord[]> {
  const order = /(ord-(\d{1,15})-\d{1,9})$/i.exec(q)
  const memberId = order
    ? (await scope.order(memberIdOf(Number(order[2])), order[1].toLowerCase()))?.memberId
    : /^[0-9A-Za-z]{16,64}$/.test(q)
      ? await scope.memberByTransaction(q)
      : null
  const member = memberId ? await scope.member(memberId) : null
  return member ? [member] : []
}

/** The member of the path, for an operator's write that gives them something: refused once they are erased (会员注销). */
async function activeMemberOf(args: HandlerArgs): Promise<MemberTx> {
  const tx = await memberOf(args)
  if (tx.member.erasedAt) throw new HttpError(409, 'MEMBER_ERASED', '该会员已注销', { erasedAt: tx.member.erasedAt })
  return tx
}

const ERASED_NICKNAME = '已注销会员'
const ERASED_TEXT = '（会员已注销，内容已删除）'

/**
 * 会员注销: the member's personal data goes — nickname and birthday, the platform identities they sign in with (the
 * same person signing in again becomes a new member), their invite code, their sessions, their notifications, the
 * receivers and addresses of their gifts (one not sent yet never will be: 已取消发货), what their feedback said and how to reach them; operators can no longer
 * adjust their points or reissue them coupons (409 MEMBER_ERASED). What the account held is given up with it, as a
 * member is told before 注销 (账户内的积分、优惠券和核销码随账户作废): the live points are forfeited (one `expire` line, so
 * the brand no longer counts them as owed), unused coupons and vouchers are taken back (作废, `revokedAt`:
 * forfeitHoldings); an order waiting for payment can no longer take it — its payment goes back when the provider's
 * notification or the reconciliation of lapsed orders finds it (confirmPaidOp). What the brand must keep stays, with
 * nobody's name on it: the ledger, orders and coupons (accounts and tax), the audit log, the privacy requests (proof
 * the request was answered).
 */
async function eraseOp(tx: MemberTx, args: HandlerArgs): Promise<void> {
  const { work } = args
  // The notification centre goes too (a reply to feedback quotes it; a gift's shipping note names the receiver).
  const messages = { ...tx.member.messages, notifications: [], quota: {} }
  work.identitiesRemoved.push({ memberId: tx.member.id, inviteCode: tx.member.inviteCode })
  tx.member = { ...tx.member, nickname: ERASED_NICKNAME, birthday: null, inviteCode: '', erasedAt: work.iso, messages }
  work.memberSessionsEnded.push(tx.member.id)
  tx.forfeitHoldings()
  for (const r of await work.scope.redemptions(tx.member.id)) {
    const voucher = r.voucher && voucherStatus(r.voucher, work.today) === 'valid' ? { ...r.voucher, revokedAt: work.iso, revokedFor: 'erased' as const } : null
    if (!r.delivery && !voucher) continue
    const status = r.delivery?.status === 'pending' ? 'cancelled' : r.delivery?.status
    work.redemptions.push({
      ...r,
      ...(voucher ? { voucher } : {}),
      ...(r.delivery && status ? { delivery: { ...r.delivery, name: ERASED_TEXT, phone: '', address: ERASED_TEXT, status } } : {}),
    })
  }
  for (const f of await work.scope.feedback(tx.member.id)) work.feedback.push({ ...f, content: ERASED_TEXT, contact: null })
}

/** The next number of an operator action on this member (adjustment and reissue ids). */
function nextActionNo(tx: MemberTx): number {
  const n = (tx.member.seq.adjustment ?? 0) + 1
  tx.member = { ...tx.member, seq: { ...tx.member.seq, adjustment: n } }
  return n
}

function applyAdjustment(tx: MemberTx, a: AdjustmentRecord): void {
  const r = adjustPoints(tx.member.points, { amount: a.amount, reason: a.reason, ref: a.id }, tx.ctx)
  tx.member = { ...tx.member, points: r.state }
}

/** The adjustment of the path, its member locked, read again under the lock. */
async function pendingAdjustment(args: HandlerArgs): Promise<{ tx: MemberTx; adjustment: AdjustmentRecord }> {
  const id = pathId(args.params, 'id')
  const notFound = () => new HttpError(404, 'ADJUSTMENT_NOT_FOUND', '调整记录不存在', { id })
  const seen = await args.work.scope.adjustment(id)
  if (!seen) throw notFound()
  const tx = await args.work.member(seen.memberId, { missing: notFound })
  const adjustment = (await args.work.scope.adjustment(id)) ?? seen
  if (adjustment.status !== 'pending') throw new HttpError(409, 'ADJUSTMENT_DECIDED', '该调整已处理', { status: adjustment.status })
  return { tx, adjustment }
}

/**
 * `nextCursor` of GET /admin/adjustments (`<requested at, epoch ms>_<id>`) and GET /admin/deliveries
 * (`<redeemed at, epoch ms>_<redemption id>`) → where the next page starts.
 */
export function pageCursor(cursor: string | undefined, id: RegExp): { at: string; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined
  const sep = cursor.indexOf('_')
  const [at, rest] = [cursor.slice(0, sep), cursor.slice(sep + 1)]
  if (sep < 0 || !/^\d{1,15}$/.test(at) || !id.test(rest)) throw invalid('cursor', 'not a cursor of this list')
  return { at: clientInstant(Number(at), 'cursor'), id: rest }
}

/**
 * Where a gift goes, as a viewer sees it (maskedAddress) — enough to answer "was it sent, and to whom?", not a list
 * of members' phones and homes. Operators and admins, who send the gifts, see it whole.
 */
function deliveryFor<T extends { delivery: Delivery | null }>(r: T, session: SessionRecord | null): T {
  return r.delivery && session?.operatorRole === 'viewer' ? { ...r, delivery: maskedAddress(r.delivery) } : r
}

/** Coupons reissued the member today, at face value in points (couponFaceValueFen; the rules' point value). */
function reissuedToday(tx: MemberTx): number {
  const r = tx.member.reissued
  return r && r.date === tx.today ? r.points : 0
}

/**
 * Points moved today (business date) without an approval: by the member's adjustments that took effect at once, both
 * directions counted, and by coupons reissued (their face value). What the approval threshold is held against
 * together with the next adjustment or reissue — a coupon is no way around it.
 */
async function appliedToday(tx: MemberTx): Promise<number> {
  return (await adjustedToday(tx)) + reissuedToday(tx)
}

async function adjustedToday(tx: MemberTx): Promise<number> {
  const calendar = tx.rules.calendar
  const today = (a: AdjustmentRecord) => businessDateOf(parseInstant(a.requestedAt), calendar) === tx.today
  let sum = 0
  // Every applied adjustment of the day, page by page (newest first): however many small ones were made.
  for (let after: { requestedAt: string; id: string } | undefined; ; ) {
    const page = await tx.work.scope.adjustments({ memberId: tx.member.id, status: 'applied', limit: 200, after })
    const todays = page.filter(today)
    // Applied at once: decided by the one who asked (an approval never is — nobody approves their own).
    sum += todays.filter((a) => a.decidedBy === a.requestedBy).reduce((s, a) => s + Math.abs(a.amount), 0)
    const last = page.at(-1)
    if (page.length < 200 || todays.length < page.length || !last) return sum
    after = { requestedAt: last.requestedAt, id: last.id }
  }
}

export const membersAdminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/members',
    {
      auth: 'viewer',
      handler: async ({ query, work }) => {
        const typed = (query.q ?? '').trim()
        if (!typed || Array.from(typed).length > 64) throw invalid('q', '1 to 64 characters')
        // A member id or an order number finds its member whatever the letters' case (MBR-1, Ord-4-5), as a code does.
        const q = /^(mbr|ord)-[0-9-]+$/i.test(typed) ? typed.toLowerCase() : typed
        const limit = queryInt(query, 'limit', 1, 100) ?? 20
        const tiers = work.rules.tiers
        // One more than asked: whether there are more than the page shows (`more`: the console asks for a closer query).
        const found = [...(await membersByOrder(work.scope, q)), ...(await work.scope.searchMembers(q, limit + 1))]
        const unique = [...new Map(found.map((m) => [m.id, m])).values()]
        const members: MemberRow[] = unique.slice(0, limit).map((m) => {
          const tier = effectiveTier(m.tier, work.today, tiers)
          return { id: m.id, nickname: m.nickname, inviteCode: m.inviteCode, platform: m.platform, registeredAt: m.registeredAt, tier: { id: tier.id, name: tier.name } }
        })
        return { body: { members, more: unique.length > limit } }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id',
    {
      auth: 'viewer',
      handler: async (args) => {
        const tx = await memberOf(args)
        const scope = args.work.scope
        const id = tx.member.id
        const body: MemberDetail = {
          member: memberMe(tx),
          lots: liveLots(tx.member.points, tx.ctx.now).map((l) => ({ id: l.id, earnedOn: l.earnedOn, expiresOn: l.expiresOn, remaining: l.remaining, source: l.source, ref: l.ref })),
          owed: tx.member.points.owed ?? 0,
          tierHistory: (await scope.tierChanges(id, 50)).map(({ at, from, to, reason }) => ({ at, from, to, reason })),
          tasks: taskViews(tx),
          adjustmentPolicy: { approvalAbove: args.work.env.adjustApprovalAbove, appliedToday: await appliedToday(tx) },
          erasedAt: tx.member.erasedAt ?? null,
        }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/ledger',
    {
      auth: 'viewer',
      handler: async (args) => {
        const id = pathId(args.params, 'id')
        if (!(await args.work.scope.member(id))) throw MEMBER_NOT_FOUND()
        return { body: await ledgerPage(args.work, id, args.query) }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/redemptions',
    {
      auth: 'viewer',
      handler: async (args) => {
        const tx = await memberOf(args)
        const page = await listPage(
          args.query,
          (before, limit) => args.work.scope.redemptionsPage(tx.member.id, before, limit),
          (r) => deliveryFor(redemptionWire(r, tx.today), args.session),
        )
        const body: AdminRedemptionsPage = { redemptions: page.items, nextCursor: page.nextCursor }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/coupons',
    {
      auth: 'viewer',
      handler: async (args) => {
        const { cursor, limit } = pageQuery(args.query, KEYSET_CURSOR)
        // Every coupon the member was given, the last issued first.
        const body: AdminCouponsPage = await couponsPage(await memberOf(args), 'issued', cursor, limit)
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/invites',
    {
      auth: 'viewer',
      handler: async (args) => {
        const { cursor, limit } = pageQuery(args.query, INVITES_CURSOR)
        // The friends who registered with the member's code, the last first.
        const page = await invitePage(await memberOf(args), cursor, limit)
        const profiles = await args.work.scope.profiles(page.rows.map((i) => i.inviteeId))
        const body: AdminInvitesPage = {
          invites: page.rows.map((i) => ({ memberId: i.inviteeId, nickname: profiles[i.inviteeId]?.nickname ?? '', acceptedAt: i.acceptedAt })),
          nextCursor: page.nextCursor,
        }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/orders',
    {
      auth: 'viewer',
      handler: async (args) => {
        const tx = await memberOf(args)
        const page = await listPage(
          args.query,
          (before, limit) => args.work.scope.ordersPage(tx.member.id, before, limit),
          (o) => ({ ...orderWire(o, tx.ctx), transactionId: o.paid?.transactionId ?? null }),
        )
        const body: AdminOrdersPage = { orders: page.items, nextCursor: page.nextCursor }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/admin/members/:id/calendar',
    {
      auth: 'viewer',
      handler: async (args) => {
        const month = queryMonth(args.query, 'month')
        return { body: await calendarResponse(await memberOf(args), month) }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/adjustments',
    {
      auth: 'operator',
      handler: async (args) => {
        const body = objectBody(args.body)
        const amount = field(body, 'amount')
        if (typeof amount !== 'number' || !Number.isInteger(amount) || amount === 0 || Math.abs(amount) > 10_000_000) {
          throw invalid('amount', 'a non-zero integer within ±10000000')
        }
        const reason = requiredText(body, 'reason', 200)
        const tx = await activeMemberOf(args)
        const op = await currentOperator(args)
        const balanceBefore = tx.balance
        const adjustment: AdjustmentRecord = {
          id: memberScopedId('adj', tx.member.id, nextActionNo(tx)),
          memberId: tx.member.id,
          amount,
          reason,
          status: 'pending',
          requestedBy: op.username,
          requestedAt: args.work.iso,
          decidedBy: null,
          decidedAt: null,
          note: null,
        }
        // The threshold holds for a member's day, not one request: ten adjustments of 1,000 are one of 10,000.
        if ((await appliedToday(tx)) + Math.abs(amount) > args.work.env.adjustApprovalAbove) {
          // Refused now rather than at approval when the balance cannot cover it today.
          if (amount < 0 && balanceBefore < -amount) {
            throw new HttpError(422, 'POINTS_ADJUST_BELOW_ZERO', '扣减后积分不能为负', { balance: balanceBefore, amount })
          }
        } else {
          applyAdjustment(tx, adjustment)
          Object.assign(adjustment, { status: 'applied', decidedBy: op.username, decidedAt: args.work.iso })
        }
        args.work.adjustments.push(adjustment)
        await audit(args, 'member.adjust', tx.member.id, { balance: balanceBefore }, { adjustment, balance: tx.balance })
        const answer: AdjustmentResponse = { adjustment: adjustment, balance: tx.balance }
        return { status: 201, body: answer }
      },
    },
  ],
  [
    'GET',
    '/admin/deliveries',
    {
      auth: 'viewer',
      // The shipping queue across members: 待发货 oldest first (who waited longest is sent first); 已发货 and 已签收
      // newest first (what was sent last is what staff are asked about).
      handler: async ({ query, work, session }) => {
        const status = query.status ?? 'pending'
        if (!isDeliveryStatus(status)) throw invalid('status', `one of ${Object.keys(DELIVERY_STATUS_WORDS).join(', ')}`)
        const limit = queryInt(query, 'limit', 1, 200) ?? 50
        // One more than asked tells whether a next page exists.
        const found = await work.scope.deliveries({ status, limit: limit + 1, after: pageCursor(query.cursor, /^[A-Za-z0-9:-]{1,64}$/) })
        const page = found.slice(0, limit)
        const profiles = await work.scope.profiles([...new Set(page.map((r) => r.memberId))])
        const deliveries: DeliveryQueueRow[] = page.map((r) => ({
          member: { id: r.memberId, nickname: profiles[r.memberId]?.nickname ?? r.memberId },
          redemption: deliveryFor(redemptionWire(r, work.today) as DeliveryQueueRow['redemption'], session),
        }))
        const last = page.at(-1)
        const answer: DeliveriesResponse = { deliveries, nextCursor: found.length > limit && last ? `${Date.parse(last.at)}_${last.id}` : null }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/redemptions/:redemptionId/delivery',
    {
      auth: 'operator',
      // A gift's fulfilment: 已发货 with the carrier's number, then 已签收 (advanceDelivery); the member's 兑换记录 shows it.
      handler: async (args) => {
        const body = objectBody(args.body)
        const status = oneOf(body, 'status', ['shipped', 'delivered'] as const)
        const trackingNo = optionalString(body, 'trackingNo', { min: 1, max: 40 })
        const tx = await memberOf(args)
        const id = pathId(args.params, 'redemptionId')
        const r = await args.work.scope.redemption(tx.member.id, id)
        if (!r?.delivery) throw new HttpError(404, 'REDEMPTION_NOT_FOUND', '没有这条需要配送的兑换记录', { id })
        const next = { ...r, delivery: advanceDelivery(r.delivery, status, trackingNo) }
        args.work.redemptions.push(next)
        // The member hears that it is on its way, with the number to follow it by (消息; a subscription message too
        // where they accepted one).
        if (status === 'shipped') tx.message('gift_shipped', { itemName: r.itemName, trackingNo: next.delivery.trackingNo! })
        await audit(args, 'delivery.update', tx.member.id, { redemptionId: r.id, status: r.delivery.status }, { redemptionId: r.id, status, trackingNo: next.delivery.trackingNo ?? null })
        return { body: { redemption: redemptionWire(next, args.work.today) } }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/orders/:orderId/refund',
    {
      auth: 'operator',
      // Customer service refunds what the member no longer can (past the window): the money back through the payment
      // provider first, as a member's refund; then the order's points, growth, coupon and points offset are reversed.
      // The reason is checked before any money moves, and handed to the write.
      prepare: async (input, env, read) => {
        const reason = requiredText(objectBody(input.body), 'reason', 200)
        await refundWithProvider({ memberId: pathId(input.params, 'id'), orderId: pathId(input.params, 'orderId'), now: input.now, staff: true }, env, read)
        return reason
      },
      handler: async (args) => {
        const reason = args.prepared as string
        const tx = await memberOf(args)
        const balanceBefore = tx.balance
        const r = await refundOrderOp(tx, pathId(args.params, 'orderId'), true)
        await audit(args, 'order.refund', tx.member.id, { orderId: r.order.id, status: 'paid', balance: balanceBefore }, { reason, reversed: r.reversed, balance: tx.balance })
        const body: AdminRefundResponse = { order: orderWire(r.order, tx.ctx), reversed: r.reversed, balance: tx.balance }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/coupons',
    {
      auth: 'operator',
      handler: async (args) => {
        const body = objectBody(args.body)
        const templateId = requiredString(body, 'templateId', { min: 1, max: 64 })
        const reason = requiredText(body, 'reason', 200)
        const tx = await activeMemberOf(args)
        const template = tx.rules.coupons.templates.find((t) => t.id === templateId)
        if (!template) throw new HttpError(422, 'COUPON_TEMPLATE_NOT_FOUND', '券模板不存在', { templateId })
        // Held against the adjustments' approval threshold: past it a reissue is refused, not applied — what is worth
        // more goes as a points adjustment, which a second operator approves.
        const value = Math.ceil(couponFaceValueFen(template) / tx.rules.points.pointValueFen)
        const approvalAbove = args.work.env.adjustApprovalAbove
        const moved = await appliedToday(tx)
        if (moved + value > approvalAbove) {
          const worth = Number.isFinite(value) ? `本券面值折合 ${value} 积分` : '不封顶的折扣券面值不限'
          throw new HttpError(409, 'COUPON_REISSUE_OVER_LIMIT', `补发后该会员今日直接发放的价值将超过 ${approvalAbove} 积分（${worth}），请改用积分调整，由另一位管理员审批`, {
            valuePoints: Number.isFinite(value) ? value : null,
            approvalAbove,
            appliedToday: moved,
          })
        }
        tx.member = { ...tx.member, reissued: { date: tx.today, points: reissuedToday(tx) + value } }
        const ref = `reissue-${nextActionNo(tx)}`
        const coupon = tx.issue(templateId, ref, 'operator')
        const noted = noteCouponReissue(tx.member.points, { coupon: template.name, reason, ref }, tx.ctx)
        tx.member = { ...tx.member, points: noted.state }
        await audit(args, 'coupon.reissue', tx.member.id, null, { couponId: coupon.id, templateId, reason })
        return { status: 201, body: { coupon: couponWire(coupon, tx.ctx) } }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/sign-out',
    {
      auth: 'operator',
      // 强制下线 (a lost phone, a shared device): every session of the member ends; the app logs in again on its 401.
      handler: async (args) => {
        const reason = requiredText(objectBody(args.body), 'reason', 200)
        const tx = await memberOf(args)
        args.work.memberSessionsEnded.push(tx.member.id)
        await audit(args, 'member.sign_out', tx.member.id, null, { reason })
        return { body: { ok: true } }
      },
    },
  ],
  [
    'POST',
    '/admin/members/:id/erase',
    {
      auth: 'admin',
      // 会员注销 — what a member's 申请删除数据 asks for, done by an admin: see eraseOp.
      handler: async (args) => {
        const reason = requiredText(objectBody(args.body), 'reason', 200)
        // Once: an erased member is refused like any other step that would give them something.
        const tx = await activeMemberOf(args)
        await eraseOp(tx, args)
        await audit(args, 'member.erase', tx.member.id, null, { reason })
        return { body: { erasedAt: tx.member.erasedAt } }
      },
    },
  ],
  [
    'GET',
    '/admin/adjustments',
    {
      auth: 'viewer',
      handler: async ({ query, work }) => {
        const status = query.status
        if (status !== undefined && status !== 'pending' && status !== 'applied' && status !== 'rejected') throw invalid('status', 'pending, applied or rejected')
        const memberId = query.memberId === undefined ? undefined : pathId(query, 'memberId')
        const limit = queryInt(query, 'limit', 1, 200) ?? 50
        const cursor = pageCursor(query.cursor, /^[A-Za-z0-9-]{1,64}$/)
        const after = cursor && { requestedAt: cursor.at, id: cursor.id }
        // One more than asked tells whether a next page exists.
        const found = await work.scope.adjustments({ status, memberId, limit: limit + 1, after })
        const page = found.slice(0, limit)
        const last = page.at(-1)
        // Each member's balance now — what expired since their last ledger line is not there any more — and whether
        // they were erased (nothing can be approved for them), in one read for the page.
        const members = await work.scope.memberStandings([...new Set(page.map((a) => a.memberId))], work.ctx.now)
        // Who asked and who decided by the names the console shows operators by.
        const name = operatorNames(await work.scope.operators())
        const adjustments: AdjustmentListItem[] = page.map((a) => ({
          ...a,
          memberBalance: members.get(a.memberId)?.balance ?? 0,
          memberErased: members.get(a.memberId)?.erased ?? false,
          requestedByName: name(a.requestedBy),
          decidedByName: a.decidedBy === null ? null : name(a.decidedBy),
        }))
        return { body: { adjustments, nextCursor: found.length > limit && last ? `${Date.parse(last.requestedAt)}_${last.id}` : null } }
      },
    },
  ],
  [
    'POST',
    '/admin/adjustments/:id/approve',
    {
      auth: 'admin',
      handler: async (args) => {
        objectBody(args.body)
        const { tx, adjustment } = await pendingAdjustment(args)
        const op = await currentOperator(args)
        // Two people for a large adjustment: the one who asked cannot approve it.
        if (adjustment.requestedBy === op.username) throw new HttpError(403, 'ADJUSTMENT_SELF_APPROVAL', '不能审批自己发起的调整')
        // Asked before the member was erased: it can only be rejected now.
        if (tx.member.erasedAt) throw new HttpError(409, 'MEMBER_ERASED', '该会员已注销', { erasedAt: tx.member.erasedAt })
        applyAdjustment(tx, adjustment)
        const decided: AdjustmentRecord = { ...adjustment, status: 'applied', decidedBy: op.username, decidedAt: args.work.iso }
        args.work.adjustments.push(decided)
        await audit(args, 'adjustment.approve', decided.id, { status: 'pending' }, { status: 'applied', balance: tx.balance, memberId: decided.memberId })
        const answer: AdjustmentResponse = { adjustment: decided, balance: tx.balance }
        return { body: answer }
      },
    },
  ],
  [
    'POST',
    '/admin/adjustments/:id/reject',
    {
      auth: 'admin',
      handler: async (args) => {
        const body = objectBody(args.body)
        const note = optionalString(body, 'note', { max: 200 })?.trim() || null
        const { adjustment } = await pendingAdjustment(args)
        const op = await currentOperator(args)
        const decided: AdjustmentRecord = { ...adjustment, status: 'rejected', decidedBy: op.username, decidedAt: args.work.iso, note }
        args.work.adjustments.push(decided)
        await audit(args, 'adjustment.reject', decided.id, { status: 'pending' }, { status: 'rejected', note, memberId: decided.memberId })
        return { body: { adjustment: decided } }
      },
    },
  ],
]
