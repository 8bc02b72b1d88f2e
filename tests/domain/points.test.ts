import { addDays, DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import {
  DEFAULT_COMPLIANCE_RULES,
  DEFAULT_POINTS_RULES,
  MAX_POINTS,
  adjustPoints,
  balanceOf,
  capStatus,
  dueReminders,
  earnBehaviourPoints,
  emptyPointsState,
  expirePoints,
  expiringSummary,
  forfeitPoints,
  grantPoints,
  markRemindersSent,
  pointsValueFen,
  refundOrderPoints,
  shareRewardsAllowed,
  spendPoints,
  validateComplianceRules,
  validatePointsRules,
  type ComplianceRules,
  type EarningCtx,
  type PointsRules,
  type PointsState,
} from '@/domain/points'
import { expectRuleError } from '../support/rule-error'

function ctxAtInstant(now: number, points: PointsRules = DEFAULT_POINTS_RULES, compliance: ComplianceRules = DEFAULT_COMPLIANCE_RULES): EarningCtx {
  return { now, rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, points, compliance } }
}
/** Shanghai wall-clock time 'YYYY-MM-DD HH:mm'. */
function at(local: string, points?: PointsRules, compliance?: ComplianceRules): EarningCtx {
  return ctxAtInstant(parseInstant(`${local.replace(' ', 'T')}:00+08:00`), points, compliance)
}

/** The defaults with surveys running: the survey rule pays only for the ids the brand lists (none by default). */
const SURVEYS: PointsRules = {
  ...DEFAULT_POINTS_RULES,
  earningRules: { ...DEFAULT_POINTS_RULES.earningRules, survey: { ...DEFAULT_POINTS_RULES.earningRules.survey, refs: ['survey-1', 'survey-2', 'sv', 'survey-9'] } },
}

function grant(state: PointsState, amount: number, when: string, source: 'prize' | 'purchase' | 'grant' | 'signin' | 'task' = 'grant', ref = `r-${when}-${amount}`) {
  return grantPoints(state, { amount, source, ref }, at(when))
}

function lastBalanceAfter(state: PointsState): number {
  return state.ledger.length ? state.ledger[state.ledger.length - 1].balanceAfter : 0
}

describe('§2.2 points defaults', () => {
  test('earning rules table, caps, value, expiry and reminder thresholds', () => {
    const r = DEFAULT_POINTS_RULES
    const summary = Object.fromEntries(Object.entries(r.earningRules).map(([k, v]) => [k, [v.points, v.limits, v.capped]]))
    expect(summary).toEqual({
      first_open: [10, { day: 1 }, true],
      core_use: [15, { day: 3 }, true],
      share: [30, { day: 1 }, true],
      review: [20, { day: 5 }, true],
      survey: [50, { oncePerRef: true }, true],
    })
    expect(r.earningRules.share.shareBased).toBe(true)
    expect(r.caps).toEqual({ dayPoints: 100, monthPoints: 2000 })
    expect(r.growthPerPoint).toBe(1)
    expect(r.pointValueFen).toBe(10)
    expect(pointsValueFen(100, r)).toBe(1000) // 100 points = ¥10
    expect(r.expiryMonths).toBe(12)
    expect(r.reminderDaysBefore).toEqual([30, 7])
  })
  test('capped sources: sign-in, tasks, invites and behaviour; prizes, purchases, operator grants are not', () => {
    const capped = Object.entries(DEFAULT_POINTS_RULES.grantSources).filter(([, v]) => v.capped).map(([k]) => k)
    expect(capped.sort()).toEqual(['behaviour', 'invite', 'signin', 'task'])
  })
  test('compliance: share rewards off on weapp and alipay, on for h5', () => {
    expect(DEFAULT_COMPLIANCE_RULES).toEqual({ shareRewards: { weapp: false, alipay: false, h5: true }, allowShareRewardsOnMiniPrograms: false })
  })
  test('the defaults validate', () => {
    expect(validatePointsRules(DEFAULT_POINTS_RULES)).toEqual([])
    expect(validateComplianceRules(DEFAULT_COMPLIANCE_RULES)).toEqual([])
  })
})

describe('§2.2 earning rules and count limits', () => {
  const ev = (eventType: string, ref = 'e1', platform: 'weapp' | 'alipay' | 'h5' = 'weapp') => ({ eventType, ref, platform })
  test('first_open pays 10 once per business day; the day turns at 16:00Z', () => {
    const s1 = earnBehaviourPoints(emptyPointsState(), ev('first_open'), ctxAtInstant(parseInstant('2025-03-10T15:59:59Z')))
    expect(s1.award).toMatchObject({ requested: 10, awarded: 10, capped: 0, cappedBy: null, growth: 10 })
    expectRuleError(() => earnBehaviourPoints(s1.state, ev('first_open', 'e2'), ctxAtInstant(parseInstant('2025-03-10T15:59:59.999Z'))), 'EARNING_LIMIT_REACHED', 409)
    const s2 = earnBehaviourPoints(s1.state, ev('first_open', 'e2'), ctxAtInstant(parseInstant('2025-03-10T16:00:00Z')))
    expect(s2.award.awarded).toBe(10)
    expect(s2.state.ledger.map((e) => e.businessDate)).toEqual(['2025-03-10', '2025-03-11'])
  })
  test('core_use pays 15 three times a day, the fourth is refused', () => {
    let s = emptyPointsState()
    for (let i = 0; i < 3; i++) s = earnBehaviourPoints(s, ev('core_use', `c${i}`), at('2025-03-10 10:00')).state
    expect(balanceOf(s, at('2025-03-10 10:00').now)).toBe(45)
    expectRuleError(() => earnBehaviourPoints(s, ev('core_use', 'c4'), at('2025-03-10 11:00')), 'EARNING_LIMIT_REACHED', 409)
  })
  test('review pays 20 five times a day', () => {
    let s = emptyPointsState()
    // 5 × 20 = 100 = exactly the day cap
    for (let i = 0; i < 5; i++) s = earnBehaviourPoints(s, ev('review', `v${i}`), at('2025-03-10 10:00')).state
    expect(balanceOf(s, at('2025-03-10 10:00').now)).toBe(100)
    expectRuleError(() => earnBehaviourPoints(s, ev('review', 'v6'), at('2025-03-10 11:00')), 'EARNING_LIMIT_REACHED', 409)
  })
  test('survey pays 50 once per survey ref', () => {
    const s = earnBehaviourPoints(emptyPointsState(), ev('survey', 'survey-1'), at('2025-03-10 10:00', SURVEYS)).state
    expectRuleError(() => earnBehaviourPoints(s, ev('survey', 'survey-1'), at('2025-04-10 10:00', SURVEYS)), 'EARNING_LIMIT_REACHED', 409)
    expect(earnBehaviourPoints(s, ev('survey', 'survey-2'), at('2025-03-11 10:00', SURVEYS)).award.awarded).toBe(50)
  })
  test('a survey pays only for the ids the brand lists: none by default, so a client cannot name a new one every day', () => {
    expect(DEFAULT_POINTS_RULES.earningRules.survey.refs).toEqual([])
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), ev('survey', 'survey-1'), at('2025-03-10 10:00')), 'EVENT_NOT_VERIFIED', 422)
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), ev('survey', 'made-up'), at('2025-03-10 10:00', SURVEYS)), 'EVENT_NOT_VERIFIED', 422)
    // A rule without a list pays any ref (a review names its order; the backend checks that).
    expect(earnBehaviourPoints(emptyPointsState(), ev('review', 'any'), at('2025-03-10 10:00')).award.awarded).toBe(20)
  })
  test('a list of refs is validated: ids of 1 to 64 characters, each once', () => {
    const withRefs = (refs: unknown): PointsRules => ({
      ...DEFAULT_POINTS_RULES,
      earningRules: { ...DEFAULT_POINTS_RULES.earningRules, survey: { ...DEFAULT_POINTS_RULES.earningRules.survey, refs: refs as string[] } },
    })
    expect(validatePointsRules(withRefs(['s-1', 's-2']))).toEqual([])
    expect(validatePointsRules(withRefs('s-1'))).toEqual(['points.earningRules.survey.refs: must be a list of ids'])
    expect(validatePointsRules(withRefs(['s-1', ' ']))).toEqual(['points.earningRules.survey.refs[1]: must be an id of 1 to 64 characters, got " "'])
    expect(validatePointsRules(withRefs(['s-1', 's-1']))).toEqual(['points.earningRules.survey.refs: lists an id twice'])
  })
  test('an earning rule states its limits (an empty object for none): one without is refused, not saved to crash the pages reading them', () => {
    const { limits: _dropped, ...share } = DEFAULT_POINTS_RULES.earningRules.share
    const without = { ...DEFAULT_POINTS_RULES, earningRules: { ...DEFAULT_POINTS_RULES.earningRules, share: share as PointsRules['earningRules'][string] } }
    expect(validatePointsRules(without)).toEqual(['points.earningRules.share.limits: must be an object of count limits ({} for none)'])
    const none = { ...DEFAULT_POINTS_RULES, earningRules: { ...DEFAULT_POINTS_RULES.earningRules, share: { ...share, limits: {} } } }
    expect(validatePointsRules(none)).toEqual([])
  })
  test('task-only events (guide_read, follow_account, profile_complete) earn nothing directly: 404', () => {
    for (const t of ['guide_read', 'follow_account', 'profile_complete']) {
      expectRuleError(() => earnBehaviourPoints(emptyPointsState(), ev(t), at('2025-03-10 10:00')), 'EARNING_RULE_NOT_FOUND', 404)
    }
  })
  test('week and month count limits', () => {
    const rules: PointsRules = {
      ...DEFAULT_POINTS_RULES,
      earningRules: { ...DEFAULT_POINTS_RULES.earningRules, review: { points: 1, limits: { week: 2, month: 3 }, capped: true, reason: '评价' } },
    }
    let s = emptyPointsState()
    // 2025-03-10 is a Monday
    s = earnBehaviourPoints(s, ev('review', 'a'), at('2025-03-10 10:00', rules)).state
    s = earnBehaviourPoints(s, ev('review', 'b'), at('2025-03-16 10:00', rules)).state
    expectRuleError(() => earnBehaviourPoints(s, ev('review', 'c'), at('2025-03-16 11:00', rules)), 'EARNING_LIMIT_REACHED', 409)
    s = earnBehaviourPoints(s, ev('review', 'c'), at('2025-03-17 10:00', rules)).state
    expectRuleError(() => earnBehaviourPoints(s, ev('review', 'd'), at('2025-03-18 10:00', rules)), 'EARNING_LIMIT_REACHED', 409)
    expect(earnBehaviourPoints(s, ev('review', 'd'), at('2025-04-01 10:00', rules)).award.awarded).toBe(1)
  })
})

describe('§1.6 share rewards follow the compliance switch', () => {
  const share = (platform: 'weapp' | 'alipay' | 'h5') => ({ eventType: 'share', ref: 's1', platform })
  test('refused on weapp and alipay by default, paid on h5', () => {
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), share('weapp'), at('2025-03-10 10:00')), 'SHARE_REWARD_DISABLED', 422)
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), share('alipay'), at('2025-03-10 10:00')), 'SHARE_REWARD_DISABLED', 422)
    expect(earnBehaviourPoints(emptyPointsState(), share('h5'), at('2025-03-10 10:00')).award.awarded).toBe(30)
  })
  test('a mini-program switch without the explicit override still refuses', () => {
    const on: ComplianceRules = { shareRewards: { weapp: true, alipay: false, h5: true }, allowShareRewardsOnMiniPrograms: false }
    expect(shareRewardsAllowed(on, 'weapp')).toBe(false)
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), share('weapp'), at('2025-03-10 10:00', undefined, on)), 'SHARE_REWARD_DISABLED', 422)
    const overridden = { ...on, allowShareRewardsOnMiniPrograms: true }
    expect(earnBehaviourPoints(emptyPointsState(), share('weapp'), at('2025-03-10 10:00', undefined, overridden)).award.awarded).toBe(30)
    const h5Off: ComplianceRules = { ...DEFAULT_COMPLIANCE_RULES, shareRewards: { weapp: false, alipay: false, h5: false } }
    expectRuleError(() => earnBehaviourPoints(emptyPointsState(), share('h5'), at('2025-03-10 10:00', undefined, h5Off)), 'SHARE_REWARD_DISABLED', 422)
  })
  test('validator flags a mini-program switch without the override', () => {
    expect(validateComplianceRules({ shareRewards: { weapp: true, alipay: true, h5: true }, allowShareRewardsOnMiniPrograms: false })).toEqual([
      'compliance.shareRewards.weapp: share rewards are switched on for a mini program without compliance.allowShareRewardsOnMiniPrograms (WeChat 运营规范 5.1 forbids rewarding shares)',
      'compliance.shareRewards.alipay: share rewards are switched on for a mini program without compliance.allowShareRewardsOnMiniPrograms (WeChat 运营规范 5.1 forbids rewarding shares)',
    ])
  })
})

describe('§2.2 caps: 100 per business day, 2000 per business month, by amount', () => {
  test('an award crossing the day cap is truncated and says so', () => {
    let s = grant(emptyPointsState(), 90, '2025-03-10 09:00', 'signin').state
    const r = grantPoints(s, { amount: 15, source: 'task', ref: 't1' }, at('2025-03-10 10:00'))
    expect(r.award).toMatchObject({ requested: 15, awarded: 10, capped: 5, cappedBy: 'day', growth: 10 })
    expect(r.state.ledger[1]).toMatchObject({ amount: 10, requested: 15, cappedBy: 'day', balanceAfter: 100 })
    s = r.state
    // exactly at the cap: the next capped award is a success with 0 awarded and writes nothing
    const zero = grantPoints(s, { amount: 8, source: 'signin', ref: 's2' }, at('2025-03-10 23:59'))
    expect(zero.award).toMatchObject({ requested: 8, awarded: 0, capped: 8, cappedBy: 'day', lotId: null, entryId: null, growth: 0 })
    expect(zero.state.ledger).toHaveLength(2)
    expect(capStatus(zero.state, at('2025-03-10 23:59'))).toEqual({ dayUsed: 100, dayCap: 100, monthUsed: 100, monthCap: 2000 })
    // the next business day the cap is fresh
    expect(grantPoints(s, { amount: 8, source: 'signin', ref: 's3' }, at('2025-03-11 00:00')).award.awarded).toBe(8)
    // …unless the award asks for a line that says the caps took it (an invite's: the invite list reads it)
    const noted = grantPoints(s, { amount: 50, source: 'invite', ref: 'invite:mbr-9:inviter', growth: 20, noteIfCapped: true }, at('2025-03-10 23:59'))
    expect(noted.award).toMatchObject({ awarded: 0, capped: 50, cappedBy: 'day', lotId: null, entryId: 'pl-3', growth: 20 })
    expect(noted.state.ledger.at(-1)).toMatchObject({ type: 'earn', amount: 0, balanceAfter: 100, requested: 50, cappedBy: 'day', reason: '邀请好友注册奖励（当日积分已达上限）', lots: [] })
    expect(noted.state.lots).toEqual(s.lots)
  })
  test('an award reaching the cap exactly is not reported as capped', () => {
    const s = grant(emptyPointsState(), 85, '2025-03-10 09:00', 'signin').state
    expect(grantPoints(s, { amount: 15, source: 'task', ref: 't' }, at('2025-03-10 10:00')).award).toMatchObject({ awarded: 15, capped: 0, cappedBy: null })
  })
  test('a capped behaviour event does not use up its count slot when it paid nothing', () => {
    let s = grant(emptyPointsState(), 100, '2025-03-10 09:00', 'signin').state
    const r = earnBehaviourPoints(s, { eventType: 'survey', ref: 'sv', platform: 'h5' }, at('2025-03-10 10:00', SURVEYS))
    expect(r.award.awarded).toBe(0)
    s = r.state
    expect(earnBehaviourPoints(s, { eventType: 'survey', ref: 'sv', platform: 'h5' }, at('2025-03-11 10:00', SURVEYS)).award.awarded).toBe(50)
  })
  test('the month cap truncates across days and resets on the 1st', () => {
    let s = emptyPointsState()
    for (let d = 1; d <= 19; d++) s = grant(s, 100, `2025-01-${String(d).padStart(2, '0')} 10:00`, 'signin').state
    const r = grantPoints(s, { amount: 100, source: 'signin', ref: 'x' }, at('2025-01-20 10:00'))
    expect(r.award).toMatchObject({ awarded: 100, cappedBy: null })
    const over = grantPoints(r.state, { amount: 50, source: 'task', ref: 'y' }, at('2025-01-31 23:59'))
    expect(over.award).toMatchObject({ awarded: 0, capped: 50, cappedBy: 'month' })
    const partial = grantPoints(s, { amount: 100, source: 'signin', ref: 'z' }, at('2025-01-20 10:00'))
    expect(partial.award.awarded).toBe(100)
    expect(grantPoints(over.state, { amount: 50, source: 'task', ref: 'y' }, at('2025-02-01 00:00')).award.awarded).toBe(50)
  })
  test('month cap smaller than what the day has left is reported as the month cap', () => {
    const rules = { ...DEFAULT_POINTS_RULES, caps: { dayPoints: 100, monthPoints: 120 } }
    let s = grantPoints(emptyPointsState(), { amount: 100, source: 'signin', ref: 'a' }, at('2025-01-01 10:00', rules)).state
    const r = grantPoints(s, { amount: 30, source: 'signin', ref: 'b' }, at('2025-01-02 10:00', rules))
    expect(r.award).toMatchObject({ awarded: 20, capped: 10, cappedBy: 'month' })
    s = r.state
  })
  test('prizes, purchases and operator grants are not capped and do not use the cap', () => {
    let s = grant(emptyPointsState(), 500, '2025-03-10 09:00', 'prize').state
    s = grant(s, 300, '2025-03-10 09:00', 'purchase', 'order-1').state
    s = grant(s, 1000, '2025-03-10 09:00', 'grant').state
    expect(balanceOf(s, at('2025-03-10 09:00').now)).toBe(1800)
    expect(grantPoints(s, { amount: 100, source: 'signin', ref: 's' }, at('2025-03-10 10:00')).award.awarded).toBe(100)
  })
  test('ledger types by source: behaviour/sign-in/task/purchase → earn, prize/grant → grant', () => {
    let s = grant(emptyPointsState(), 5, '2025-03-10 09:00', 'signin').state
    s = grant(s, 5, '2025-03-10 09:00', 'prize').state
    s = grant(s, 5, '2025-03-10 09:00', 'purchase', 'o1').state
    s = grant(s, 5, '2025-03-10 09:00', 'grant').state
    expect(s.ledger.map((e) => e.type)).toEqual(['earn', 'grant', 'earn', 'grant'])
  })
  test('an order earns once: a second purchase grant with the same order ref is refused', () => {
    const s = grant(emptyPointsState(), 100, '2025-03-10 09:00', 'purchase', 'order-9').state
    expectRuleError(() => grant(s, 100, '2025-03-10 09:05', 'purchase', 'order-9'), 'POINTS_ALREADY_GRANTED', 409)
  })
  test('amounts must be positive integers', () => {
    expectRuleError(() => grant(emptyPointsState(), 0, '2025-03-10 09:00'), 'POINTS_INVALID_AMOUNT', 400)
    expectRuleError(() => grant(emptyPointsState(), 1.5, '2025-03-10 09:00'), 'POINTS_INVALID_AMOUNT', 400)
    expectRuleError(() => spendPoints(emptyPointsState(), { amount: -1, reason: 'x', ref: 'x' }, at('2025-03-10 09:00')), 'POINTS_INVALID_AMOUNT', 400)
  })
  test('growth follows awarded behaviour points 1:1, or is given explicitly (purchase: per ¥1 paid)', () => {
    expect(grant(emptyPointsState(), 30, '2025-03-10 09:00', 'task').award.growth).toBe(30)
    expect(grant(emptyPointsState(), 30, '2025-03-10 09:00', 'prize').award.growth).toBe(0)
    const p = grantPoints(emptyPointsState(), { amount: 88, source: 'purchase', ref: 'o', growth: 88 }, at('2025-03-10 09:00'))
    expect(p.award.growth).toBe(88)
    expect(p.state.ledger[0].growth).toBe(88)
  })
})

describe('§2.2 lots expire 12 months after earning, at the end of that business day', () => {
  test('a lot earned 2025-03-10 is valid through 2026-03-10 23:59:59.999 Shanghai', () => {
    const s = grant(emptyPointsState(), 50, '2025-03-10 09:00').state
    expect(s.lots[0]).toMatchObject({ earnedOn: '2025-03-10', expiresOn: '2026-03-10', expiresAt: parseInstant('2026-03-10T15:59:59.999Z') })
    expect(balanceOf(s, parseInstant('2026-03-10T15:59:59.999Z'))).toBe(50)
    expect(balanceOf(s, parseInstant('2026-03-10T16:00:00Z'))).toBe(0)
  })
  test('month-end clamps: earned 2024-02-29 expires 2025-02-28', () => {
    expect(grant(emptyPointsState(), 1, '2024-02-29 12:00').state.lots[0].expiresOn).toBe('2025-02-28')
  })
  test('expirePoints writes one expire entry per expiry date and keeps the ledger balance right', () => {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00', 'grant', 'a').state
    s = grant(s, 20, '2025-03-10 10:00', 'grant', 'b').state
    s = grant(s, 40, '2025-03-11 09:00', 'grant', 'c').state
    s = grant(s, 80, '2025-04-01 09:00', 'grant', 'd').state
    const r = expirePoints(s, at('2026-03-12 00:00'))
    const expires = r.state.ledger.filter((e) => e.type === 'expire')
    expect(expires.map((e) => [e.businessDate, e.amount, e.balanceAfter])).toEqual([
      ['2026-03-10', -30, 120],
      ['2026-03-11', -40, 80],
    ])
    expect(expires[0].lots).toEqual([
      { lotId: 'lot-1', amount: 10 },
      { lotId: 'lot-2', amount: 20 },
    ])
    expect(r.events.map((e) => e.type)).toEqual(['points_expire', 'points_expire'])
    expect(balanceOf(r.state, at('2026-03-12 00:00').now)).toBe(80)
    // idempotent: a second sweep changes nothing
    const again = expirePoints(r.state, at('2026-03-12 00:00'))
    expect(again.state).toBe(r.state)
    expect(again.events).toEqual([])
  })
  test('balance is Σ unexpired remainders even before a sweep ran', () => {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    s = grant(s, 5, '2025-06-10 09:00').state
    expect(balanceOf(s, at('2026-03-11 00:00').now)).toBe(5)
  })
  test('every mutating rule sweeps first, so the ledger balance stays equal to the balance', () => {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    s = grant(s, 5, '2026-03-11 09:00').state
    expect(s.ledger.map((e) => e.type)).toEqual(['grant', 'expire', 'grant'])
    expect(lastBalanceAfter(s)).toBe(5)
  })
})

describe('会员注销 forfeits every live point', () => {
  const FORFEIT = { reason: '会员注销，积分作废', ref: 'erase:m-1' }
  test('one expire line takes the balance to 0 over every live lot; what expired or was spent before is not counted again', () => {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    s = grant(s, 30, '2025-09-01 09:00').state
    s = grant(s, 50, '2026-02-01 09:00').state
    s = spendPoints(s, { amount: 20, reason: '兑换', ref: 'spend-1' }, at('2026-03-11 09:00')).state
    const r = forfeitPoints(s, FORFEIT, at('2026-03-12 00:00'))
    expect(r.forfeited).toBe(60)
    expect(r.state.ledger.slice(-3).map((e) => [e.type, e.amount, e.balanceAfter, e.reason])).toEqual([
      ['expire', -10, 80, '积分过期'],
      ['spend', -20, 60, '兑换'],
      ['expire', -60, 0, FORFEIT.reason],
    ])
    expect(r.state.ledger.at(-1)!.lots).toEqual([
      { lotId: 'lot-2', amount: 10 },
      { lotId: 'lot-3', amount: 50 },
    ])
    expect(balanceOf(r.state, at('2026-03-12 00:00').now)).toBe(0)
    expect(r.state.lots.every((l) => l.remaining === 0)).toBe(true)
  })
  test('nothing live: no line', () => {
    const s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    const r = forfeitPoints(expirePoints(s, at('2026-03-12 00:00')).state, FORFEIT, at('2026-03-12 00:00'))
    expect(r.forfeited).toBe(0)
    expect(r.state.ledger.map((e) => e.type)).toEqual(['grant', 'expire'])
  })
  // Earned 100 with order-1 and spent 80 of it before its refund: 80 are owed.
  function owing(): PointsState {
    let s = grantPoints(emptyPointsState(), { amount: 100, source: 'purchase', ref: 'order-1' }, at('2025-03-01 10:00')).state
    s = spendPoints(s, { amount: 80, reason: '兑换', ref: 'spend-1' }, at('2025-03-02 10:00')).state
    s = grant(s, 30, '2025-03-03 10:00').state
    return s
  }
  test('what refunds left owed is written off with the points, said on the same line', () => {
    const refunded = refundOrderPoints(owing(), { orderRef: 'order-1' }, at('2025-03-04 10:00')).state
    expect(refunded.owed).toBe(50)
    const r = forfeitPoints(refunded, FORFEIT, at('2025-03-05 10:00'))
    expect(r.state.owed).toBe(0)
    expect(r.state.ledger.at(-1)).toMatchObject({ type: 'expire', amount: 0, balanceAfter: 0, reason: `${FORFEIT.reason}（另有 50 积分待扣回，不再扣回）` })
  })
  test('a refund on a closed account takes back what it can and lets go of what was spent: nothing owed, and the line says so', () => {
    const r = refundOrderPoints(owing(), { orderRef: 'order-1', closed: true }, at('2025-03-04 10:00'))
    expect(r.refund).toMatchObject({ reversed: 50, shortfall: 0 })
    expect(r.state.owed ?? 0).toBe(0)
    expect(r.state.ledger.at(-1)).toMatchObject({ type: 'refund', amount: -50, balanceAfter: 0, shortfall: 0, reason: '订单退款扣回所得积分（50 积分已使用，会员已注销，不再扣回）' })
  })
})

describe('§2.2 spending is FIFO over unexpired lots', () => {
  function threeLots() {
    let s = grant(emptyPointsState(), 30, '2025-01-05 09:00').state
    s = grant(s, 40, '2025-02-05 09:00').state
    s = grant(s, 50, '2025-03-05 09:00').state
    return s
  }
  test('oldest lot first, recording which lots were consumed', () => {
    const r = spendPoints(threeLots(), { amount: 50, reason: '积分商城兑换', ref: 'redeem-1' }, at('2025-04-01 10:00'))
    expect(r.consumed).toEqual([
      { lotId: 'lot-1', amount: 30 },
      { lotId: 'lot-2', amount: 20 },
    ])
    expect(r.state.lots.map((l) => l.remaining)).toEqual([0, 20, 50])
    expect(r.state.ledger[3]).toMatchObject({ type: 'spend', amount: -50, balanceAfter: 70, ref: 'redeem-1', reason: '积分商城兑换' })
    expect(r.balanceAfter).toBe(70)
  })
  test('spending the whole balance exactly is allowed; one more is POINTS_INSUFFICIENT with no change', () => {
    const s = threeLots()
    expect(spendPoints(s, { amount: 120, reason: 'x', ref: 'x' }, at('2025-04-01 10:00')).balanceAfter).toBe(0)
    const before = JSON.stringify(s)
    expectRuleError(() => spendPoints(s, { amount: 121, reason: 'x', ref: 'x' }, at('2025-04-01 10:00')), 'POINTS_INSUFFICIENT', 422)
    expect(JSON.stringify(s)).toBe(before)
  })
  test('expired lots are never spent', () => {
    const s = threeLots()
    // 2026-01-06: lot-1 has expired (valid through 2026-01-05)
    expectRuleError(() => spendPoints(s, { amount: 91, reason: 'x', ref: 'x' }, at('2026-01-06 00:00')), 'POINTS_INSUFFICIENT', 422)
    const r = spendPoints(s, { amount: 90, reason: 'x', ref: 'x' }, at('2026-01-06 00:00'))
    expect(r.consumed.map((c) => c.lotId)).toEqual(['lot-2', 'lot-3'])
  })
  test('a lot from a shorter expiry rule (config changed) is spent before an older lot that expires later', () => {
    let s = grant(emptyPointsState(), 10, '2025-01-05 09:00').state
    const short = { ...DEFAULT_POINTS_RULES, expiryMonths: 3 }
    s = grantPoints(s, { amount: 10, source: 'grant', ref: 'short' }, at('2025-02-01 09:00', short)).state
    const r = spendPoints(s, { amount: 5, reason: 'x', ref: 'x' }, at('2025-02-02 09:00'))
    expect(r.consumed).toEqual([{ lotId: 'lot-2', amount: 5 }])
  })
})

describe('§2.2 refunding an order', () => {
  // Lots: lot-1 40 (Jan), lot-2 60 (Feb); order-1 spends 50 on 2025-03-01 and earns 100 points.
  function ordered() {
    let s = grant(emptyPointsState(), 40, '2025-01-05 09:00').state
    s = grant(s, 60, '2025-02-05 09:00').state
    s = spendPoints(s, { amount: 50, reason: '订单抵扣', ref: 'order-1' }, at('2025-03-01 10:00')).state
    s = grantPoints(s, { amount: 100, source: 'purchase', ref: 'order-1', growth: 100 }, at('2025-03-01 10:01')).state
    return s
  }
  test('spent points go back to their original lots (original expiry), earned points are taken back', () => {
    const r = refundOrderPoints(ordered(), { orderRef: 'order-1' }, at('2025-03-05 10:00'))
    expect(r.refund).toEqual({ restored: 50, restoredExpired: 0, settled: 0, reversed: 100, shortfall: 0, growthToReverse: 100, growthByDate: { '2025-03-01': 100 } })
    const lots = Object.fromEntries(r.state.lots.map((l) => [l.id, [l.remaining, l.expiresOn]]))
    expect(lots).toEqual({ 'lot-1': [40, '2026-01-05'], 'lot-2': [60, '2026-02-05'], 'lot-3': [0, '2026-03-01'] })
    expect(r.state.ledger.slice(-2).map((e) => [e.type, e.amount, e.balanceAfter])).toEqual([
      ['refund', 50, 200],
      ['refund', -100, 100],
    ])
    expect(balanceOf(r.state, at('2025-03-05 10:00').now)).toBe(100)
  })
  test('the 下单 and 有效评价 awards that name the order are taken back with its purchase points; other awards stay', () => {
    let s = ordered()
    s = earnBehaviourPoints(s, { eventType: 'core_use', ref: 'order-1', platform: 'h5' }, at('2025-03-01 10:05')).state
    s = earnBehaviourPoints(s, { eventType: 'review', ref: 'order-1', platform: 'h5' }, at('2025-03-03 10:00')).state
    s = earnBehaviourPoints(s, { eventType: 'survey', ref: 'survey-9', platform: 'h5' }, at('2025-03-03 10:01', SURVEYS)).state
    const r = refundOrderPoints(s, { orderRef: 'order-1' }, at('2025-03-05 10:00'))
    // 100 purchase + 15 下单 + 20 评价, with the growth they brought (behaviour growth follows points 1:1).
    expect(r.refund).toMatchObject({ restored: 50, reversed: 135, shortfall: 0, growthToReverse: 135, growthByDate: { '2025-03-01': 115, '2025-03-03': 20 } })
    expect(balanceOf(r.state, at('2025-03-05 10:00').now)).toBe(100 + 50)
  })
  test('a 下单 taken back by a refund no longer counts toward the day’s 3, nor its points toward the caps', () => {
    let s = emptyPointsState()
    for (const o of ['o1', 'o2', 'o3']) s = earnBehaviourPoints(s, { eventType: 'core_use', ref: o, platform: 'h5' }, at('2025-03-01 10:00')).state
    expectRuleError(() => earnBehaviourPoints(s, { eventType: 'core_use', ref: 'o4', platform: 'h5' }, at('2025-03-01 11:00')), 'EARNING_LIMIT_REACHED', 409)
    s = refundOrderPoints(s, { orderRef: 'o1' }, at('2025-03-01 12:00')).state
    expect(s.counters.day).toMatchObject({ cappedPoints: 30, counts: { core_use: 2 } })
    expect(earnBehaviourPoints(s, { eventType: 'core_use', ref: 'o4', platform: 'h5' }, at('2025-03-01 13:00')).award.awarded).toBe(15)
    // Refunded on another day: that day's counters are not the award's.
    const later = refundOrderPoints(s, { orderRef: 'o2' }, at('2025-03-02 10:00')).state
    expect(later.counters.day).toMatchObject({ key: '2025-03-02', cappedPoints: 0, counts: {} })
    expect(later.counters.month).toMatchObject({ cappedPoints: 15, counts: { core_use: 1 } })
  })
  test('a refund gives the caps back what the award took from them, whatever the rule says since', () => {
    const uncapped: PointsRules = { ...DEFAULT_POINTS_RULES, earningRules: { ...DEFAULT_POINTS_RULES.earningRules, core_use: { ...DEFAULT_POINTS_RULES.earningRules.core_use, capped: false } } }
    const capped: PointsRules = { ...DEFAULT_POINTS_RULES, earningRules: { ...DEFAULT_POINTS_RULES.earningRules, core_use: { ...DEFAULT_POINTS_RULES.earningRules.core_use, capped: true } } }
    // Earned while 下单 was uncapped (nothing counted), refunded after the brand capped it: the caps keep what counted.
    let s = earnBehaviourPoints(emptyPointsState(), { eventType: 'core_use', ref: 'o1', platform: 'h5' }, at('2025-03-01 10:00', uncapped)).state
    s = earnBehaviourPoints(s, { eventType: 'share', ref: 'sh', platform: 'h5' }, at('2025-03-01 10:01', uncapped)).state
    const counted = s.counters.day.cappedPoints
    expect(refundOrderPoints(s, { orderRef: 'o1' }, at('2025-03-01 12:00', capped)).state.counters.day.cappedPoints).toBe(counted)
    // And the other way: earned capped, refunded after it was uncapped — its points leave the caps.
    let t = earnBehaviourPoints(emptyPointsState(), { eventType: 'core_use', ref: 'o2', platform: 'h5' }, at('2025-03-01 10:00', capped)).state
    expect(t.counters.day.cappedPoints).toBe(15)
    t = refundOrderPoints(t, { orderRef: 'o2' }, at('2025-03-01 12:00', uncapped)).state
    expect(t.counters.day.cappedPoints).toBe(0)
  })
  test('refunding twice is refused (409)', () => {
    const s = refundOrderPoints(ordered(), { orderRef: 'order-1' }, at('2025-03-05 10:00')).state
    expectRuleError(() => refundOrderPoints(s, { orderRef: 'order-1' }, at('2025-03-06 10:00')), 'ORDER_ALREADY_REFUNDED', 409)
  })
  test('earned points already spent are taken from other lots; what the balance cannot cover is the shortfall', () => {
    let s = ordered() // balance 150: lot-2 10, lot-3 100 + lot-1 0
    s = spendPoints(s, { amount: 140, reason: '兑换', ref: 'redeem' }, at('2025-03-02 10:00')).state // leaves 10 in lot-3
    const r = refundOrderPoints(s, { orderRef: 'order-1' }, at('2025-03-05 10:00'))
    // restore 50 → balance 60; take lot-3's 10 and 50 of the 90 spent from it; 40 cannot be taken back
    expect(r.refund).toMatchObject({ restored: 50, reversed: 60, shortfall: 40 })
    expect(balanceOf(r.state, at('2025-03-05 10:00').now)).toBe(0)
    expect(r.state.ledger[r.state.ledger.length - 1]).toMatchObject({ type: 'refund', amount: -60, balanceAfter: 0, shortfall: 40 })
  })
  test('what a refund could not take back is settled from what a later refund gives back', () => {
    // A earns 1000; B spends those 1000 and earns 115; A is refunded (its 1000 were spent on B: 115 taken back, 885
    // owed), then B: of the 1000 B gives back, 885 settle what is owed, and B's 115 are taken back. Nothing is left,
    // as nothing was bought.
    let s = grantPoints(emptyPointsState(), { amount: 1000, source: 'purchase', ref: 'A' }, at('2025-03-01 10:00')).state
    s = spendPoints(s, { amount: 1000, reason: '订单抵扣', ref: 'B' }, at('2025-03-02 10:00')).state
    s = grantPoints(s, { amount: 115, source: 'purchase', ref: 'B' }, at('2025-03-02 10:01')).state
    const a = refundOrderPoints(s, { orderRef: 'A' }, at('2025-03-03 10:00'))
    expect(a.refund).toMatchObject({ reversed: 115, shortfall: 885 })
    const b = refundOrderPoints(a.state, { orderRef: 'B' }, at('2025-03-03 10:05'))
    expect(b.refund).toMatchObject({ restored: 115, reversed: 115, shortfall: 0 })
    expect(b.state.owed).toBe(0)
    expect(balanceOf(b.state, at('2025-03-03 10:05').now)).toBe(0)
    expect(lastBalanceAfter(b.state)).toBe(0)
  })
  test('the entry says how many of the points that came back settled what was owed', () => {
    let s = grant(emptyPointsState(), 50, '2025-03-01 09:00').state
    s = grantPoints(s, { amount: 100, source: 'purchase', ref: 'A' }, at('2025-03-01 10:00')).state
    s = spendPoints(s, { amount: 120, reason: '订单抵扣', ref: 'B' }, at('2025-03-02 10:00')).state // 50 + 70 of A's
    s = refundOrderPoints(s, { orderRef: 'A' }, at('2025-03-03 10:00')).state // A's 30 left taken, 70 owed
    expect(s.owed).toBe(70)
    const b = refundOrderPoints(s, { orderRef: 'B' }, at('2025-03-03 10:05'))
    expect(b.refund).toMatchObject({ restored: 50 })
    expect(b.state.ledger.at(-1)).toMatchObject({ type: 'refund', amount: 50, reason: '订单退款退回积分（70 积分抵扣此前退款未能扣回的积分）' })
    expect(balanceOf(b.state, at('2025-03-03 10:05').now)).toBe(50)
  })
  test('what a refund could not take back is settled from the points earned next, oldest first', () => {
    // A earns 100, spent at once on a mall item; A is refunded: 100 owed. A sign-in's 10 and a prize's 150 follow.
    let s = grantPoints(emptyPointsState(), { amount: 100, source: 'purchase', ref: 'A' }, at('2025-03-01 10:00')).state
    s = spendPoints(s, { amount: 100, reason: '兑换', ref: 'redeem' }, at('2025-03-01 11:00')).state
    s = refundOrderPoints(s, { orderRef: 'A' }, at('2025-03-02 10:00')).state
    expect(s.owed).toBe(100)
    expect(s.ledger.at(-1)?.reason).toBe('订单退款扣回所得积分（100 积分已使用，将从之后获得的积分中扣回）')
    const signin = grantPoints(s, { amount: 10, source: 'signin', ref: 'signin:2025-03-03' }, at('2025-03-03 10:00'))
    expect(signin.award).toMatchObject({ awarded: 10, settled: 10 })
    expect(signin.state.owed).toBe(90)
    expect(signin.state.ledger.slice(-2)).toMatchObject([
      { type: 'earn', amount: 10, balanceAfter: 10 },
      { type: 'refund', amount: -10, balanceAfter: 0, reason: '扣回此前订单退款时已使用的积分', settles: 10 },
    ])
    const prize = grantPoints(signin.state, { amount: 150, source: 'prize', ref: 'draw-1' }, at('2025-03-04 10:00'))
    expect(prize.award).toMatchObject({ awarded: 150, settled: 90 })
    expect(prize.state.owed).toBe(0)
    expect(balanceOf(prize.state, at('2025-03-04 10:00').now)).toBe(60)
    expect(lastBalanceAfter(prize.state)).toBe(60)
    // Oldest first: the sign-in's lot (earlier expiry) was emptied before the prize's.
    expect(prize.state.lots.filter((l) => l.remaining > 0).map((l) => [l.source, l.remaining])).toEqual([['prize', 60]])
    // Nothing owed: the next award is the member's whole.
    expect(grantPoints(prize.state, { amount: 5, source: 'signin', ref: 'signin:2025-03-05' }, at('2025-03-05 10:00')).award.settled).toBe(0)
  })
  test('refunding an order whose points settled a debt owes that debt again', () => {
    let s = grantPoints(emptyPointsState(), { amount: 100, source: 'purchase', ref: 'A' }, at('2025-03-01 10:00')).state
    s = spendPoints(s, { amount: 100, reason: '兑换', ref: 'redeem' }, at('2025-03-01 11:00')).state
    s = refundOrderPoints(s, { orderRef: 'A' }, at('2025-03-02 10:00')).state
    s = grantPoints(s, { amount: 40, source: 'purchase', ref: 'B' }, at('2025-03-03 10:00')).state // settles 40: 60 owed
    expect(s.owed).toBe(60)
    const b = refundOrderPoints(s, { orderRef: 'B' }, at('2025-03-04 10:00'))
    expect(b.refund).toMatchObject({ reversed: 0, shortfall: 40 })
    expect(b.state.owed).toBe(100)
    expect(balanceOf(b.state, at('2025-03-04 10:00').now)).toBe(0)
  })
  test('points restored into a lot that expired meanwhile are restored as expired', () => {
    const s = ordered()
    // 2026-01-20: lot-1 (valid through 2026-01-05) has expired; lot-2 has not
    const r = refundOrderPoints(s, { orderRef: 'order-1' }, at('2026-01-20 10:00'))
    expect(r.refund).toMatchObject({ restored: 10, restoredExpired: 40, reversed: 100, shortfall: 0 })
    const lot1 = r.state.lots.find((l) => l.id === 'lot-1')!
    expect(lot1).toMatchObject({ remaining: 0, expired: 40 })
    expect(balanceOf(r.state, at('2026-01-20 10:00').now)).toBe(60)
    expect(lastBalanceAfter(r.state)).toBe(60)
  })
  test('earned points that expired unused are not taken again', () => {
    let s = grantPoints(emptyPointsState(), { amount: 100, source: 'purchase', ref: 'o2' }, at('2025-01-05 10:00')).state
    s = grant(s, 30, '2025-12-01 10:00')
    .state
    const r = refundOrderPoints(s, { orderRef: 'o2' }, at('2026-02-01 10:00'))
    expect(r.refund).toMatchObject({ reversed: 0, shortfall: 0 })
    expect(balanceOf(r.state, at('2026-02-01 10:00').now)).toBe(30)
  })
  test('an order with no points movement is marked refunded without entries', () => {
    const r = refundOrderPoints(emptyPointsState(), { orderRef: 'o3' }, at('2025-03-05 10:00'))
    expect(r.state.ledger).toEqual([])
    expect(r.refund).toEqual({ restored: 0, restoredExpired: 0, settled: 0, reversed: 0, shortfall: 0, growthToReverse: 0, growthByDate: {} })
    expectRuleError(() => refundOrderPoints(r.state, { orderRef: 'o3' }, at('2025-03-05 10:00')), 'ORDER_ALREADY_REFUNDED', 409)
  })
})

describe('§2.2 upcoming expiries and reminders (30 and 7 days, once per threshold)', () => {
  function lots() {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    s = grant(s, 20, '2025-03-10 18:00').state
    s = grant(s, 40, '2025-04-20 09:00').state
    return s
  }
  test('every upcoming expiry date with its amount, soonest first', () => {
    let s = lots()
    s = spendPoints(s, { amount: 5, reason: 'x', ref: 'x' }, at('2025-05-01 10:00')).state
    expect(expiringSummary(s, at('2025-05-01 10:00').now)).toEqual([
      { date: '2026-03-10', amount: 25 },
      { date: '2026-04-20', amount: 40 },
    ])
    expect(expiringSummary(s, at('2026-03-11 00:00').now)).toEqual([{ date: '2026-04-20', amount: 40 }])
  })
  test('a reminder is due at 30 days, not again the next day, then at 7 days', () => {
    const s = lots()
    expect(dueReminders(s, at('2026-02-07 10:00'))).toEqual([]) // 31 days before
    const due30 = dueReminders(s, at('2026-02-08 10:00'))
    expect(due30).toEqual([{ threshold: 30, expiresOn: '2026-03-10', lastExpiresOn: '2026-03-10', daysLeft: 30, amount: 30, lotIds: ['lot-1', 'lot-2'] }])
    const sent = markRemindersSent(s, { reminders: due30 }).state
    expect(dueReminders(sent, at('2026-02-09 10:00'))).toEqual([])
    expect(dueReminders(sent, at('2026-03-02 10:00'))).toEqual([]) // 8 days
    const due7 = dueReminders(sent, at('2026-03-03 10:00'))
    expect(due7).toEqual([{ threshold: 7, expiresOn: '2026-03-10', lastExpiresOn: '2026-03-10', daysLeft: 7, amount: 30, lotIds: ['lot-1', 'lot-2'] }])
    const sent7 = markRemindersSent(sent, { reminders: due7 }).state
    expect(dueReminders(sent7, at('2026-03-09 10:00'))).toEqual([])
  })
  test('a member away across both thresholds gets one reminder (the 7-day one), not two', () => {
    const s = lots()
    const due = dueReminders(s, at('2026-03-05 10:00'))
    expect(due.map((d) => d.threshold)).toEqual([7])
    expect(dueReminders(markRemindersSent(s, { reminders: due }).state, at('2026-03-05 11:00'))).toEqual([])
  })
  test('a member earning every day gets one reminder per threshold in that many days, not one a day — each lot within twice the threshold', () => {
    let s = emptyPointsState()
    for (let d = 1; d <= 28; d++) s = grant(s, 10, `2025-03-${String(d).padStart(2, '0')} 10:00`, 'prize').state
    const sentOn: { day: string; reminders: { threshold: number; amount: number; expiresOn: string; lastExpiresOn: string }[] }[] = []
    for (let day = '2026-01-25'; day <= '2026-03-28'; day = addDays(day, 1)) {
      const due = dueReminders(s, at(`${day} 09:00`))
      if (due.length) {
        sentOn.push({ day, reminders: due.map(({ threshold, amount, expiresOn, lastExpiresOn }) => ({ threshold, amount, expiresOn, lastExpiresOn })) })
        s = markRemindersSent(s, { reminders: due }).state
      }
    }
    // Lots expire 2026-03-01 … 03-28: one 30-day reminder (30 days before the 1st, for the lots of 30 days from it)
    // and a 7-day one a week, each for the week it opens — the lots of the 28th hear of it 7 days before, not 34.
    expect(sentOn).toEqual([
      { day: '2026-01-30', reminders: [{ threshold: 30, amount: 280, expiresOn: '2026-03-01', lastExpiresOn: '2026-03-28' }] },
      { day: '2026-02-22', reminders: [{ threshold: 7, amount: 70, expiresOn: '2026-03-01', lastExpiresOn: '2026-03-07' }] },
      { day: '2026-03-01', reminders: [{ threshold: 7, amount: 70, expiresOn: '2026-03-08', lastExpiresOn: '2026-03-14' }] },
      { day: '2026-03-08', reminders: [{ threshold: 7, amount: 70, expiresOn: '2026-03-15', lastExpiresOn: '2026-03-21' }] },
      { day: '2026-03-15', reminders: [{ threshold: 7, amount: 70, expiresOn: '2026-03-22', lastExpiresOn: '2026-03-28' }] },
    ])
  })
  test('a lot expiring today, and one due in exactly 7 days: one 7-day reminder for both, not a second the next minute', () => {
    let s = grant(emptyPointsState(), 10, '2025-03-10 09:00').state
    s = grant(s, 20, '2025-03-17 09:00').state
    const due = dueReminders(s, at('2026-03-10 10:00'))
    expect(due.map(({ threshold, amount, expiresOn, lastExpiresOn }) => ({ threshold, amount, expiresOn, lastExpiresOn }))).toEqual([
      { threshold: 7, amount: 30, expiresOn: '2026-03-10', lastExpiresOn: '2026-03-17' },
    ])
    expect(dueReminders(markRemindersSent(s, { reminders: due }).state, at('2026-03-10 10:01'))).toEqual([])
  })
  test('points a refund puts back are not announced again: a lot spent within a threshold had been reminded at it', () => {
    const orderRef = 'order-1'
    const pay = (s: PointsState, when: string) => spendPoints(s, { amount: 70, reason: '订单抵扣', ref: orderRef }, at(when)).state
    // A working set keeps the reminder marks of live lots only: a lot spent whole loses its mark.
    const reloaded = (s: PointsState): PointsState => ({ ...s, remindersSent: {} })
    const refund = (s: PointsState, when: string) => refundOrderPoints(reloaded(s), { orderRef }, at(when)).state
    let told = lots()
    for (const when of ['2026-02-08 10:00', '2026-03-03 10:00']) told = markRemindersSent(told, { reminders: dueReminders(told, at(when)) }).state
    // Reminded at 30 and 7 days, spent, refunded two days later: nothing more to say about March's lots.
    expect(dueReminders(refund(pay(told, '2026-03-04 10:00'), '2026-03-06 10:00'), at('2026-03-06 10:00'))).toEqual([])
    // Reminded at 30 days only, spent, refunded inside the 7 days: the 7-day reminder, once.
    const at30 = markRemindersSent(lots(), { reminders: dueReminders(lots(), at('2026-02-08 10:00')) }).state
    const back = refund(pay(at30, '2026-02-10 10:00'), '2026-03-05 10:00')
    expect(dueReminders(back, at('2026-03-05 10:00')).map((d) => [d.expiresOn, d.threshold])).toEqual([['2026-03-10', 7]])
    // Spent before any threshold, refunded inside the 30 days: the member hears of them once, as usual.
    expect(dueReminders(refund(pay(lots(), '2025-06-01 10:00'), '2026-02-10 10:00'), at('2026-02-10 10:00')).map((d) => [d.expiresOn, d.threshold])).toEqual([['2026-03-10', 30]])
  })
  test('spent or expired lots get no reminder', () => {
    let s = lots()
    s = spendPoints(s, { amount: 30, reason: 'x', ref: 'x' }, at('2025-06-01 10:00')).state
    expect(dueReminders(s, at('2026-02-08 10:00'))).toEqual([])
  })
})

describe('§2.2 validatePointsRules', () => {
  test('caps below a single award, month below day, negative points, expiry < 1', () => {
    const bad: PointsRules = {
      ...DEFAULT_POINTS_RULES,
      earningRules: { ...DEFAULT_POINTS_RULES.earningRules, review: { ...DEFAULT_POINTS_RULES.earningRules.review, points: -5 } },
      caps: { dayPoints: 40, monthPoints: 30 },
      expiryMonths: 0,
    }
    expect(validatePointsRules(bad)).toEqual([
      'points.earningRules.review.points: must be a non-negative integer, got -5',
      'points.caps.monthPoints: 30 is below the day cap 40',
      'points.caps.dayPoints: 40 is below the largest capped single award 50',
      'points.expiryMonths: must be an integer ≥ 1, got 0',
    ])
  })
})

describe('MAX_POINTS: no award, credit or balance past 10 亿 (SQL keeps points in 32-bit integers)', () => {
  test('an award is cut to what the balance can hold, never refused (it follows a payment taken, a prize won); its growth too', () => {
    const s = grant(emptyPointsState(), MAX_POINTS - 10, '2025-03-10 10:00', 'prize').state
    const cut = grant(s, 11, '2025-03-10 10:05', 'prize')
    expect({ awarded: cut.award.awarded, capped: cut.award.capped, balance: balanceOf(cut.state, at('2025-03-10 10:05').now) }).toEqual({ awarded: 10, capped: 1, balance: MAX_POINTS })
    expect(grant(cut.state, 5, '2025-03-10 10:10', 'prize').award.awarded).toBe(0)
    expect(grant(emptyPointsState(), MAX_POINTS + 1, '2025-03-10 10:00', 'purchase').award.awarded).toBe(MAX_POINTS)
    expect(grantPoints(emptyPointsState(), { amount: 1, source: 'purchase', ref: 'o-1', growth: MAX_POINTS + 1 }, at('2025-03-10 10:00')).award.growth).toBe(MAX_POINTS)
  })

  test('a cut by the balance limit is reported as the balance, not as a day or month cap; the tighter limit is the one named', () => {
    const s = grant(emptyPointsState(), MAX_POINTS - 4, '2025-03-10 10:00', 'prize').state
    // Nothing of the day's 100 is used: only the balance stops a sign-in's 10.
    const signin = grantPoints(s, { amount: 10, source: 'signin', ref: 's1' }, at('2025-03-10 10:05'))
    expect(signin.award).toMatchObject({ requested: 10, awarded: 4, capped: 6, cappedBy: 'balance' })
    expect(signin.state.ledger.at(-1)).toMatchObject({ amount: 4, requested: 10, cappedBy: 'balance' })
    // Full: an invite's reward is cut to nothing, and its ledger line says why.
    const noted = grantPoints(signin.state, { amount: 50, source: 'invite', ref: 'invite:mbr-9:inviter', noteIfCapped: true }, at('2025-03-10 10:10'))
    expect(noted.award).toMatchObject({ awarded: 0, capped: 50, cappedBy: 'balance' })
    expect(noted.state.ledger.at(-1)).toMatchObject({ amount: 0, cappedBy: 'balance', reason: '邀请好友注册奖励（积分余额已达上限）' })
    // An uncapped award cut by the balance says so too.
    expect(grant(s, 11, '2025-03-10 10:05', 'prize').award).toMatchObject({ awarded: 4, capped: 7, cappedBy: 'balance' })
    // With more room in the balance than in the day, the day cap is what cut it.
    const near = grant(grant(emptyPointsState(), MAX_POINTS - 200, '2025-03-10 09:00', 'prize').state, 96, '2025-03-10 09:40', 'signin').state
    expect(grantPoints(near, { amount: 10, source: 'task', ref: 't1' }, at('2025-03-10 10:00')).award).toMatchObject({ awarded: 4, capped: 6, cappedBy: 'day' })
  })

  test("an operator's credit past the limit is refused; a debit is not", () => {
    const s = grant(emptyPointsState(), MAX_POINTS - 10, '2025-03-10 10:00', 'prize').state
    expectRuleError(() => adjustPoints(s, { amount: 11, reason: '补偿', ref: 'adj-1' }, at('2025-03-10 10:05')), 'POINTS_LIMIT_EXCEEDED', 422)
    expect(adjustPoints(s, { amount: -5, reason: '更正', ref: 'adj-2' }, at('2025-03-10 10:05')).balanceAfter).toBe(MAX_POINTS - 15)
  })
})
