/**
 * Invite friends (邀请有礼, SPEC §2.10). What is rewarded is the invitee's REGISTRATION, never the share
 * itself (SPEC §1.6): the inviter gets points and growth, the invitee a coupon, once per new member.
 *
 * "New member" = the invitee accepts within `acceptWithinHours` of registering (the invite code rides along
 * the first login; 24 h also covers an H5 visitor who opens the link, registers and then lands on the accept
 * call). Older members cannot be claimed as invitees.
 *
 * Points never move here: the caller grants `inviter.points` / `inviter.growth` and issues the invitee's
 * coupon with the returned refs in the same atomic step as storing the new state.
 */
import { parseInstant, toIso } from './calendar'
import type { Ctx } from './context'
import { couponTemplateEnded, type CouponsConfig } from './coupons'
import { RuleError } from './errors'

export interface InviteRules {
  inviterPoints: number
  inviterGrowth: number
  inviteeCouponTemplateId: string
  /** The invitee must accept within this many hours after registering. */
  acceptWithinHours: number
}

export const DEFAULT_INVITE_RULES: InviteRules = {
  inviterPoints: 50,
  inviterGrowth: 100,
  inviteeCouponTemplateId: 'invitee-5',
  acceptWithinHours: 24,
}

/** The name of the coupon an invitee gets (`inviteeCouponTemplateId`'s template), if the rules have it. */
export function inviteeCouponName(rules: { invite: InviteRules } & CouponsConfig, now: number): string | undefined {
  // A coupon whose fixed dates ended is not given (MemberTx.give): the card no longer promises it.
  if (couponTemplateEnded(rules.invite.inviteeCouponTemplateId, { now, config: rules })) return undefined
  return rules.coupons.templates.find((t) => t.id === rules.invite.inviteeCouponTemplateId)?.name
}

/**
 * The invite share card's title: who invites, to which brand, and what the friend gets for registering — the invitee
 * coupon (`inviteeCouponName`) by its own name, so the card promises what the accept issues:
 * "小满 邀请你加入会员中心，注册即得「好友邀请 ¥5 无门槛券」". Without the coupon's name it promises nothing.
 */
export function inviteShareTitle(p: { inviter?: string; brandName?: string; inviteeCoupon?: string }): string {
  const gift = p.inviteeCoupon ? `，注册即得「${p.inviteeCoupon}」` : ''
  return `${p.inviter ? `${p.inviter} ` : ''}邀请你加入${p.brandName || '会员'}${gift}`
}

export interface InviteConfig {
  invite: InviteRules
}

export interface AcceptedInvite {
  inviterId: string
  inviteeId: string
  acceptedAt: string
}

export interface InviteState {
  /** inviteeId → the accepted invite (at most one per invitee). */
  byInvitee: Record<string, AcceptedInvite>
}

export type InviteEvent = { type: 'invite_accepted'; inviterId: string; inviteeId: string }

export function emptyInviteState(): InviteState {
  return { byInvitee: {} }
}

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ' // 32 symbols, no 0/O/1/I

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/**
 * The demo's invite code of a member: 8 characters, deterministic (the seeded members' codes are the same on every
 * run) — and computable from the member id by anyone, so the production server draws its members' codes at random
 * instead (CoreEnv.newInviteCode). Either way the backend keeps a code → member index to resolve them.
 */
export function inviteCodeFor(memberId: string): string {
  const a = fnv1a(memberId, 0x811c9dc5)
  const b = fnv1a(memberId, 0x9747b28c)
  let code = ''
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[(a >>> (i * 5)) & 31]
  for (let i = 0; i < 2; i++) code += CODE_ALPHABET[(b >>> (i * 5)) & 31]
  return code
}

export interface AcceptInviteInput {
  code: string
  /** The member the backend's code index resolves `code` to; null when the code is unknown. */
  inviterId: string | null
  inviteeId: string
  inviteeRegisteredAt: string
  /** The inviter's registration and who invited them (absent: not known, e.g. an unknown code). */
  inviter?: { registeredAt: string; invitedBy: string | null }
}

export interface InviteRewards {
  inviter: { memberId: string; points: number; growth: number; ref: string }
  invitee: { memberId: string; couponTemplateId: string; ref: string }
}

/**
 * Whether this member may accept an invite at all, whatever the code: not invited yet, and registered within
 * `acceptWithinHours`. Asked before the code is looked up (acceptInviteOp), so a member who may not learns nothing of
 * which codes are members' — else one invite accepted makes a member an oracle of every code, and of how many members
 * there are. Refuses INVITE_ALREADY_ACCEPTED (409), INVITE_NOT_NEW_MEMBER (422); the registration instant otherwise.
 */
export function assertMayAccept(state: InviteState, input: Pick<AcceptInviteInput, 'inviteeId' | 'inviteeRegisteredAt'>, ctx: Ctx<InviteConfig>): number {
  const rules = ctx.config.invite
  const already = state.byInvitee[input.inviteeId]
  if (already) {
    // Details go to the client: when, never who (the inviter's member id is internal).
    throw new RuleError('INVITE_ALREADY_ACCEPTED', '你已经接受过好友邀请了', 409, { acceptedAt: already.acceptedAt })
  }
  const registered = parseInstant(input.inviteeRegisteredAt)
  if (Number.isNaN(registered)) throw new RuleError('INVITE_BAD_INPUT', '注册时间格式不正确', 400)
  if (ctx.now < registered || ctx.now - registered > rules.acceptWithinHours * 3_600_000) {
    throw new RuleError('INVITE_NOT_NEW_MEMBER', '邀请有礼仅限新注册的会员参与', 422, { acceptWithinHours: rules.acceptWithinHours })
  }
  return registered
}

/**
 * Accepts an invite for a newly registered member. Refuses, in this order, INVITE_ALREADY_ACCEPTED (409, this member
 * was already invited), INVITE_NOT_NEW_MEMBER (422), INVITE_CODE_UNKNOWN (404), INVITE_SELF (422), and
 * INVITE_INVITER_NEWER (422) when the inviter registered after the invitee or was invited by them: an invite brings
 * a member who was not one yet, so two new members cannot invite each other (both sides were paid).
 */
export function acceptInvite(
  state: InviteState,
  input: AcceptInviteInput,
  ctx: Ctx<InviteConfig>,
): { state: InviteState; events: InviteEvent[]; rewards: InviteRewards } {
  const rules = ctx.config.invite
  const registered = assertMayAccept(state, input, ctx)
  // The code is the backend's index's to resolve (a code is drawn at random on the server).
  if (input.inviterId === null) throw new RuleError('INVITE_CODE_UNKNOWN', '邀请码无效', 404, { code: input.code })
  if (input.inviterId === input.inviteeId) throw new RuleError('INVITE_SELF', '不能邀请自己', 422)
  if (input.inviter && (parseInstant(input.inviter.registeredAt) > registered || input.inviter.invitedBy === input.inviteeId)) {
    throw new RuleError('INVITE_INVITER_NEWER', '邀请人须比你更早成为会员', 422)
  }
  const accepted: AcceptedInvite = { inviterId: input.inviterId, inviteeId: input.inviteeId, acceptedAt: toIso(ctx.now) }
  return {
    state: { byInvitee: { ...state.byInvitee, [input.inviteeId]: accepted } },
    events: [{ type: 'invite_accepted', inviterId: input.inviterId, inviteeId: input.inviteeId }],
    rewards: {
      inviter: {
        memberId: input.inviterId,
        points: rules.inviterPoints,
        growth: rules.inviterGrowth,
        ref: `invite:${input.inviteeId}:inviter`,
      },
      invitee: { memberId: input.inviteeId, couponTemplateId: rules.inviteeCouponTemplateId, ref: `invite:${input.inviteeId}:invitee` },
    },
  }
}

/** The "my invites" list, most recent first. */
export function invitesBy(state: InviteState, inviterId: string): AcceptedInvite[] {
  return Object.values(state.byInvitee)
    .filter((i) => i.inviterId === inviterId)
    .sort((a, b) => b.acceptedAt.localeCompare(a.acceptedAt) || a.inviteeId.localeCompare(b.inviteeId))
}

export function validateInviteRules(rules: InviteRules): string[] {
  const problems: string[] = []
  const nonNeg = (field: 'inviterPoints' | 'inviterGrowth') => {
    const v = rules[field]
    if (!Number.isInteger(v) || v < 0) problems.push(`invite.${field}: must be an integer ≥ 0, got ${String(v)}`)
  }
  nonNeg('inviterPoints')
  nonNeg('inviterGrowth')
  if (typeof rules.inviteeCouponTemplateId !== 'string' || rules.inviteeCouponTemplateId.trim() === '') {
    problems.push('invite.inviteeCouponTemplateId: must name a coupon template')
  }
  if (!Number.isInteger(rules.acceptWithinHours) || rules.acceptWithinHours < 1) {
    problems.push(`invite.acceptWithinHours: must be a positive integer, got ${String(rules.acceptWithinHours)}`)
  }
  return problems
}
