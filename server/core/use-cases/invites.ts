/**
 * Invite friends: `GET /invites`, `POST /invites/accept {code}` (sent by a newly registered member whose first
 * login carried an invite code). The registration is rewarded, never the share (SPEC §1.6): the inviter's
 * points + growth — which ARE the §2.4 growth task "invite 1 friend", so the task is marked claimed without
 * paying again (tasks.ts `completeTaskPaidElsewhere`) — a card where a cards campaign runs, and the invitee's
 * coupon. invites.ts refuses self-invites, repeats and members who are not new; the storage keeps one invite per
 * invitee (the second guard).
 */
import type { InviteAcceptResponse, InviteListResponse, InvitesResponse } from '../../../src/api/contract'
import type { Coupon } from '../../../src/domain/coupons'
import { maskNickname } from '../../../src/domain/campaigns'
import { parseInstant, toIso } from '../../../src/domain/calendar'
import { acceptInvite, assertMayAccept, inviteeCouponName, inviteShareTitle, type AcceptedInvite } from '../../../src/domain/invites'
import { completeTaskPaidElsewhere } from '../../../src/domain/tasks'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'
import { invalid, objectBody, PAGE_SIZE, pageQuery, requiredString } from '../validate'

const INVITE_TASK_ID = 'growth-invite-1'

export async function acceptInviteOp(tx: MemberTx, code: string): Promise<{ inviterNickname: string; coupon: Coupon | null }> {
  const existing = await tx.work.scope.inviteOf(tx.member.id)
  const state = { byInvitee: existing ? { [tx.member.id]: existing } : {} }
  // Who may not accept is refused before the code is looked up (and its member locked and loaded).
  assertMayAccept(state, { inviteeId: tx.member.id, inviteeRegisteredAt: tx.member.registeredAt }, tx.ctx)
  const inviterId = await tx.work.scope.memberIdByInviteCode(code.trim().toUpperCase())
  // The inviter is locked before their own invite is read: two members accepting each other's codes at once take
  // the locks in opposite orders, one waits (or is retried after a deadlock) and then finds the other's invite.
  // An inviter erased meanwhile took their code with them: it is unknown, as it is after the erase.
  const other = inviterId && inviterId !== tx.member.id ? await tx.work.unlessErased(inviterId) : null
  const invitedBy = other ? ((await tx.work.scope.inviteOf(other.member.id))?.inviterId ?? null) : null
  const r = acceptInvite(
    state,
    { code, inviterId: other || inviterId === tx.member.id ? inviterId : null, inviteeId: tx.member.id, inviteeRegisteredAt: tx.member.registeredAt, inviter: other ? { registeredAt: other.member.registeredAt, invitedBy } : undefined },
    tx.ctx,
  )
  tx.work.invites.push(r.state.byInvitee[tx.member.id])
  const coupon = tx.give(r.rewards.invitee.couponTemplateId, r.rewards.invitee.ref, 'invite')
  const { inviter } = r.rewards
  if (!other) throw new Error(`the inviter ${inviter.memberId} was not loaded`)
  if (inviter.points > 0) other.grant({ amount: inviter.points, source: 'invite', ref: inviter.ref, growth: inviter.growth, noteIfCapped: true })
  else if (inviter.growth > 0) other.bumpMetrics(other.today, { growth: inviter.growth })
  if (other.rules.tasks.definitions.some((d) => d.id === INVITE_TASK_ID)) {
    const t = completeTaskPaidElsewhere(other.member.tasks, { taskId: INVITE_TASK_ID, ...other.taskContext() }, other.ctx)
    other.member = { ...other.member, tasks: t.state }
    if (t.events.some((e) => e.type === 'task_claimed')) other.bumpMetrics(other.today, { tasksCompleted: 1 })
  }
  other.earnCards('invite_registered', other.shareAllowed())
  other.upgrade()
  return { inviterNickname: other.member.nickname, coupon }
}

/** `<acceptedAt>~<n>`: where a page of invites ended — the n-th of the invites accepted at that instant. */
export const INVITES_CURSOR = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~(\d{1,6})$/

/**
 * A page of the friends who registered with a member's code, the last first. A keyset on the instant of acceptance
 * (a later invite never lands inside what was shown), counting the invites of one instant instead of naming them:
 * a member's cursor must not carry another member's id.
 */
export async function invitePage(tx: MemberTx, cursor: string | null, limit: number): Promise<{ rows: AcceptedInvite[]; nextCursor: string | null }> {
  let through: string | null = null
  let skip = 0
  if (cursor !== null) {
    const [, at, n] = INVITES_CURSOR.exec(cursor)!
    const instant = parseInstant(at)
    if (Number.isNaN(instant)) throw invalid('cursor', 'not a cursor of this list')
    through = toIso(instant)
    skip = Number(n)
  }
  const rows = await tx.work.scope.invitesPage(tx.member.id, { through, skip, limit: limit + 1 })
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  // How many of the invites accepted at the last one's instant are shown by now (they come together in the list).
  const shown = page.filter((i) => i.acceptedAt === last?.acceptedAt).length + (last?.acceptedAt === through ? skip : 0)
  return { rows: page, nextCursor: rows.length > limit ? `${last.acceptedAt}~${shown}` : null }
}

/** A page of my invites: my friends' masked names and what each brought. */
async function myInviteLines(tx: MemberTx, cursor: string | null, limit: number): Promise<{ invites: InvitesResponse['invites']; nextCursor: string | null }> {
  const scope = tx.work.scope
  const { rows: page, nextCursor } = await invitePage(tx, cursor, limit)
  const profiles = await scope.profiles(page.map((i) => i.inviteeId))
  const rewards = await scope.ledgerByRefs(tx.member.id, page.map((i) => `invite:${i.inviteeId}:inviter`))
  const invites = page.map((i) => {
    const invitee = profiles[i.inviteeId]
    // The reward's line (of 0 points when the caps took it all: noteIfCapped).
    const entry = rewards.find((e) => e.ref === `invite:${i.inviteeId}:inviter`)
    // What the day's or month's points cap took off the reward (so the list can say why it is under the rule's).
    const capped = entry?.requested !== undefined ? Math.max(0, entry.requested - entry.amount) : 0
    return {
      nickname: maskNickname(invitee?.nickname ?? '会员'),
      registeredAt: invitee?.registeredAt ?? i.acceptedAt,
      rewardPoints: entry?.amount ?? 0,
      capped,
      // A cut line written before the balance limit said so carries null: only that limit left it unnamed.
      cappedBy: capped > 0 ? (entry?.cappedBy === null ? 'balance' : (entry?.cappedBy ?? 'day')) : null,
    }
  })
  return { invites, nextCursor }
}

export const invitesRoutes: RouteEntry[] = [
  [
    'GET',
    '/invites',
    {
      auth: 'member',
      handler: async (args) => {
        const tx = await args.me()
        const m = tx.member
        const invite = tx.rules.invite
        const inviteeCoupon = inviteeCouponName(tx.rules, tx.ctx.now)
        const first = await myInviteLines(tx, null, PAGE_SIZE)
        const body: InvitesResponse = {
          code: m.inviteCode,
          sharePath: `/pages/home/index?inviteCode=${m.inviteCode}`,
          shareTitle: inviteShareTitle({ inviter: m.nickname, brandName: args.work.env.brand.name, inviteeCoupon }),
          invitedCount: await args.work.scope.inviteCount(m.id),
          invites: first.invites,
          nextCursor: first.nextCursor,
          rewardPerInvite: {
            points: invite.inviterPoints,
            growth: invite.inviterGrowth,
            inviteeCoupon: inviteeCoupon ?? '',
          },
        }
        return { body }
      },
    },
  ],
  [
    'GET',
    '/invites/list',
    {
      auth: 'member',
      handler: async (args) => {
        const { cursor, limit } = pageQuery(args.query, INVITES_CURSOR)
        const page = await myInviteLines(await args.me(), cursor, limit)
        const body: InviteListResponse = { invites: page.invites, nextCursor: page.nextCursor }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/invites/accept',
    {
      auth: 'member',
      handler: async (args) => {
        const code = requiredString(objectBody(args.body), 'code', { max: 16 })
        const tx = await args.me()
        const r = await acceptInviteOp(tx, code)
        const body: InviteAcceptResponse = { inviterNickname: maskNickname(r.inviterNickname), coupon: r.coupon && couponWire(r.coupon, tx.ctx) }
        return { body }
      },
    },
  ],
]
