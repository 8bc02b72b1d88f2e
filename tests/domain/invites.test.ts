import { parseInstant } from '@/domain/calendar'
import { seededRng, type Ctx } from '@/domain/context'
import {
  DEFAULT_INVITE_RULES,
  acceptInvite,
  emptyInviteState,
  inviteCodeFor,
  invitesBy,
  validateInviteRules,
  type InviteConfig,
} from '@/domain/invites'

const config: InviteConfig = { invite: DEFAULT_INVITE_RULES }
const ctxAt = (iso: string): Ctx<InviteConfig> => ({ now: parseInstant(iso), rng: seededRng(1), config })
const REGISTERED = '2026-05-01T02:00:00Z'
const accept = (over: Partial<Parameters<typeof acceptInvite>[1]> = {}, iso = '2026-05-01T02:05:00Z', state = emptyInviteState()) =>
  acceptInvite(state, { code: inviteCodeFor('inviter'), inviterId: 'inviter', inviteeId: 'newbie', inviteeRegisteredAt: REGISTERED, ...over }, ctxAt(iso))

describe('§2.10 invite codes', () => {
  test('deterministic, 8 unambiguous characters, different per member', () => {
    const code = inviteCodeFor('member-42')
    expect(code).toBe(inviteCodeFor('member-42'))
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    const codes = new Set(Array.from({ length: 2000 }, (_, i) => inviteCodeFor(`m${i}`)))
    expect(codes.size).toBe(2000)
  })
})

describe('§2.10 accepting an invite: the registration is rewarded, once per new member', () => {
  test('inviter +50 points and +100 growth, invitee a ¥5 coupon, with refs', () => {
    const { rewards, state, events } = accept()
    expect(rewards).toEqual({
      inviter: { memberId: 'inviter', points: 50, growth: 100, ref: 'invite:newbie:inviter' },
      invitee: { memberId: 'newbie', couponTemplateId: 'invitee-5', ref: 'invite:newbie:invitee' },
    })
    expect(events).toEqual([{ type: 'invite_accepted', inviterId: 'inviter', inviteeId: 'newbie' }])
    expect(invitesBy(state, 'inviter').map((i) => i.inviteeId)).toEqual(['newbie'])
  })
  test('codes are case-insensitive', () => {
    expect(accept({ code: inviteCodeFor('inviter').toLowerCase() }).rewards.inviter.points).toBe(50)
  })
  test('self-invite is refused (422)', () => {
    expect(() => accept({ code: inviteCodeFor('newbie'), inviterId: 'newbie' })).toThrow(expect.objectContaining({ code: 'INVITE_SELF', status: 422 }))
  })
  test('an invitee already invited is refused (409), by the same or another inviter', () => {
    const first = accept().state
    expect(() => accept({}, '2026-05-01T03:00:00Z', first)).toThrow(expect.objectContaining({ code: 'INVITE_ALREADY_ACCEPTED', status: 409 }))
    expect(() => accept({ code: inviteCodeFor('other'), inviterId: 'other' }, '2026-05-01T03:00:00Z', first)).toThrow(
      expect.objectContaining({ code: 'INVITE_ALREADY_ACCEPTED' }),
    )
  })
  test('only new members: within 24 hours of registering (exactly 24 h ok, 1 ms later refused)', () => {
    expect(accept({}, '2026-05-02T02:00:00Z').rewards.invitee.couponTemplateId).toBe('invitee-5')
    expect(() => accept({}, '2026-05-02T02:00:00.001Z')).toThrow(expect.objectContaining({ code: 'INVITE_NOT_NEW_MEMBER', status: 422 }))
  })
  test('no invite loops: an inviter who registered later, or whom this member invited, is refused (422)', () => {
    const refusedWith = (inviter: { registeredAt: string; invitedBy: string | null }) => () => accept({ inviter })
    expect(refusedWith({ registeredAt: '2026-05-01T02:00:00.001Z', invitedBy: null })).toThrow(expect.objectContaining({ code: 'INVITE_INVITER_NEWER', status: 422 }))
    expect(refusedWith({ registeredAt: REGISTERED, invitedBy: 'newbie' })).toThrow(expect.objectContaining({ code: 'INVITE_INVITER_NEWER' }))
    expect(accept({ inviter: { registeredAt: REGISTERED, invitedBy: null } }).rewards.inviter.points).toBe(50)
    expect(accept({ inviter: { registeredAt: '2026-04-01T00:00:00Z', invitedBy: 'someone' } }).rewards.inviter.points).toBe(50)
  })
  test('an unknown code is 404: the backend’s index resolved it to no member (codes are the index’s, drawn at random on the server)', () => {
    expect(() => accept({ inviterId: null })).toThrow(expect.objectContaining({ code: 'INVITE_CODE_UNKNOWN', status: 404 }))
  })
  test('a refusal leaves the state as it was', () => {
    const first = accept().state
    const snapshot = JSON.stringify(first)
    expect(() => accept({}, '2026-05-01T03:00:00Z', first)).toThrow()
    expect(JSON.stringify(first)).toBe(snapshot)
  })
})

describe('validateInviteRules', () => {
  test('defaults are valid', () => {
    expect(validateInviteRules(DEFAULT_INVITE_RULES)).toEqual([])
  })
  test('precise problems', () => {
    expect(validateInviteRules({ inviterPoints: -1, inviterGrowth: 100, inviteeCouponTemplateId: ' ', acceptWithinHours: 0 })).toEqual([
      'invite.inviterPoints: must be an integer ≥ 0, got -1',
      'invite.inviteeCouponTemplateId: must name a coupon template',
      'invite.acceptWithinHours: must be a positive integer, got 0',
    ])
  })
})
