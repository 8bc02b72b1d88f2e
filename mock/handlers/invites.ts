/**
 * Invite friends: `GET /invites`, `POST /invites/accept {code}` (sent by a newly registered member whose first
 * login carried an invite code). The registration is rewarded, never the share (SPEC §1.6): the inviter's
 * points + growth — which ARE the §2.4 growth task "invite 1 friend", so the task is marked claimed without
 * paying again (tasks.ts `completeTaskPaidElsewhere`) — a card where a cards campaign runs, and the invitee's
 * coupon. invites.ts refuses self-invites, repeats and members who are not new.
 */
import type { InviteAcceptResponse, InvitesResponse } from '../../src/api/contract'
import { maskNickname } from '../../src/domain/campaigns'
import type { Coupon } from '../../src/domain/coupons'
import { acceptInvite, invitesBy } from '../../src/domain/invites'
import { completeTaskPaidElsewhere } from '../../src/domain/tasks'
import { own } from '../own'
import { beginTx, couponWire, done, readTx, type RouteEntry, type Tx } from '../state'
import { objectBody, requiredString } from '../validate'

const INVITE_TASK_ID = 'growth-invite-1'

export function acceptInviteOp(tx: Tx, code: string): { inviterNickname: string; coupon: Coupon } {
  const inviterId = own(tx.db.inviteCodes, code.trim().toUpperCase()) ?? null
  const r = acceptInvite(
    tx.db.invites,
    { code, inviterId, inviteeId: tx.member.id, inviteeRegisteredAt: tx.member.registeredAt },
    tx.ctx,
  )
  tx.db = { ...tx.db, invites: r.state }
  const coupon = tx.issue(r.rewards.invitee.couponTemplateId, r.rewards.invitee.ref, 'invite')
  const { inviter } = r.rewards
  const inviterNickname = tx.withMember(inviter.memberId, (other) => {
    if (inviter.points > 0) other.grant({ amount: inviter.points, source: 'invite', ref: inviter.ref, growth: inviter.growth })
    else if (inviter.growth > 0) other.bumpMetrics(other.today, { growth: inviter.growth })
    if (other.rules.tasks.definitions.some((d) => d.id === INVITE_TASK_ID)) {
      const t = completeTaskPaidElsewhere(other.member.tasks, { taskId: INVITE_TASK_ID, ...other.taskContext() }, other.ctx)
      other.member = { ...other.member, tasks: t.state }
      if (t.events.some((e) => e.type === 'task_claimed')) other.bumpMetrics(other.today, { tasksCompleted: 1 })
    }
    other.earnCards('invite_registered', other.shareAllowed())
    other.upgrade()
    return other.member.nickname
  })
  return { inviterNickname, coupon }
}

export const invitesRoutes: RouteEntry[] = [
  [
    'GET',
    '/invites',
    {
      auth: 'member',
      handler: (args) => {
        const tx = readTx(args)
        const m = tx.member
        const invite = tx.rules.invite
        const body: InvitesResponse = {
          code: m.inviteCode,
          sharePath: `/pages/home/index?inviteCode=${m.inviteCode}`,
          shareTitle: `${m.nickname} 邀请你加入${tx.db.brand.name}，注册即得新人礼券`,
          invites: invitesBy(tx.db.invites, m.id).map((i) => {
            const invitee = own(tx.db.members, i.inviteeId)
            const entry = m.points.ledger.find((e) => e.ref === `invite:${i.inviteeId}:inviter` && e.amount > 0)
            return { nickname: maskNickname(invitee?.nickname ?? '会员'), registeredAt: invitee?.registeredAt ?? i.acceptedAt, rewardPoints: entry?.amount ?? 0 }
          }),
          rewardPerInvite: {
            points: invite.inviterPoints,
            growth: invite.inviterGrowth,
            inviteeCoupon: tx.rules.coupons.templates.find((t) => t.id === invite.inviteeCouponTemplateId)?.name ?? '',
          },
        }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/invites/accept',
    {
      auth: 'member',
      handler: (args) => {
        const code = requiredString(objectBody(args.body), 'code', { max: 16 })
        const tx = beginTx(args)
        const r = acceptInviteOp(tx, code)
        const body: InviteAcceptResponse = { inviterNickname: maskNickname(r.inviterNickname), coupon: couponWire(r.coupon, tx.ctx) }
        return done(tx, body)
      },
    },
  ],
]
