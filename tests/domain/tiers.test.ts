import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import {
  DEFAULT_FREE_SERVICE,
  DEFAULT_TIER_RULES,
  applyPaidPlan,
  earnedTierFor,
  effectiveTier,
  effectiveTierDetail,
  earnedTierNotice,
  earnedTierNoticeDue,
  emptyMetrics,
  endHeldTiers,
  freeServiceOf,
  formatYuan,
  heldTierDue,
  heldTierNotices,
  initialTierState,
  levelWillExpireInDays,
  nextTierProgress,
  reevaluateAfterRefund,
  reevaluateTier,
  retentionNeeds,
  upgradeIfEligible,
  validateTierRules,
  type MemberMetrics,
  type TierCtx,
  type TierRules,
  type TierState,
} from '@/domain/tiers'
import { expectRuleError } from '../support/rule-error'

/** A ctx at a Shanghai wall-clock time, e.g. at('2025-03-10 09:00'). */
function at(local: string, tiers: TierRules = DEFAULT_TIER_RULES): TierCtx {
  return { now: parseInstant(`${local.replace(' ', 'T')}:00+08:00`), rng: seededRng(1), config: { calendar: DEFAULT_CALENDAR_RULES, tiers } }
}

function metrics(m: Partial<MemberMetrics>): MemberMetrics {
  return { ...emptyMetrics(), ...m }
}

function earned(tierId: string, since: string, expiresOn: string): TierState {
  return { earned: { tierId, since, expiresOn } }
}

describe('§2.1 tier defaults', () => {
  test('four tiers with the SPEC requirements, discounts, free services and tier-scaled rewards', () => {
    const byId = Object.fromEntries(DEFAULT_TIER_RULES.levels.map((t) => [t.id, t]))
    expect(DEFAULT_TIER_RULES.levels.map((t) => [t.id, t.name, t.rank])).toEqual([
      ['normal', '普通会员', 0],
      ['silver', '白银会员', 1],
      ['gold', '黄金会员', 2],
      ['diamond', '钻石会员', 3],
    ])
    expect(byId.normal.requirements).toEqual([])
    expect(byId.silver.requirements).toEqual([{ metric: 'growth', min: 100 }])
    expect(byId.gold.requirements).toEqual([
      { metric: 'growth', min: 500 },
      { metric: 'activeDays', min: 10 },
    ])
    expect(byId.diamond.requirements).toEqual([
      { metric: 'growth', min: 2000 },
      { metric: 'spendFen', min: 100_000 },
    ])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.discountPercent)).toEqual([100, 98, 95, 90])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.freeServicesPerMonth)).toEqual([0, 1, 3, 5])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.signinBasePoints)).toEqual([5, 8, 12, 15])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.lotteryWeightPercent)).toEqual([100, 120, 150, 200])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.earlyAccessMinutes)).toEqual([0, 0, 60, 60])
    expect(DEFAULT_TIER_RULES.levels.map((t) => t.campaignTaskDoublePoints)).toEqual([false, true, true, true])
    expect(byId.normal.benefits).toEqual(expect.arrayContaining(['积分兑换好礼', '会员专属客服']))
    expect(byId.gold.benefits.join()).toContain('优先参与活动')
    expect(byId.diamond.benefits.join()).toContain('专属活动')
    expect(DEFAULT_TIER_RULES.retentionMonths).toBe(12)
    expect(DEFAULT_TIER_RULES.maxDropOnReevaluation).toBe(1)
  })

  test('paid plans: monthly ¥15 → silver, annual ¥148 → gold', () => {
    expect(DEFAULT_TIER_RULES.paidPlans).toEqual([
      { id: 'monthly', name: '月度会员', priceFen: 1500, months: 1, tierId: 'silver' },
      { id: 'annual', name: '年度会员', priceFen: 14800, months: 12, tierId: 'gold' },
    ])
  })

  test('the defaults validate', () => {
    expect(validateTierRules(DEFAULT_TIER_RULES)).toEqual([])
  })
})

describe('§2.1 earnedTierFor: the highest tier whose requirements all hold', () => {
  const r = DEFAULT_TIER_RULES
  test('boundaries of each tier', () => {
    expect(earnedTierFor(metrics({ growth: 99 }), r).id).toBe('normal')
    expect(earnedTierFor(metrics({ growth: 100 }), r).id).toBe('silver')
    expect(earnedTierFor(metrics({ growth: 500, activeDays: 9 }), r).id).toBe('silver')
    expect(earnedTierFor(metrics({ growth: 500, activeDays: 10 }), r).id).toBe('gold')
    expect(earnedTierFor(metrics({ growth: 2000, activeDays: 10, spendFen: 99_999 }), r).id).toBe('gold')
    expect(earnedTierFor(metrics({ growth: 2000, activeDays: 10, spendFen: 100_000 }), r).id).toBe('diamond')
  })
  test('all requirements must hold: lots of growth without active days is only silver', () => {
    expect(earnedTierFor(metrics({ growth: 1999, activeDays: 0 }), r).id).toBe('silver')
  })
  test('a higher tier need not repeat a lower tier metric (diamond without active days)', () => {
    expect(earnedTierFor(metrics({ growth: 2000, spendFen: 100_000, activeDays: 0 }), r).id).toBe('diamond')
  })
})

describe('§2.1 tier sources stack; the effective tier is the highest', () => {
  const r = DEFAULT_TIER_RULES
  const base = earned('silver', '2025-01-01', '2026-01-01')
  test('earned only', () => {
    expect(effectiveTierDetail(base, '2025-03-01', r)).toEqual({ tier: expect.objectContaining({ id: 'silver' }), source: 'earned', until: null })
  })
  test('paid gold over earned silver while valid, back to earned (not normal) after it lapses', () => {
    const s: TierState = { ...base, paid: { tierId: 'gold', until: '2025-03-31' } }
    expect(effectiveTier(s, '2025-03-31', r).id).toBe('gold')
    expect(effectiveTierDetail(s, '2025-03-31', r).source).toBe('paid')
    expect(effectiveTier(s, '2025-04-01', r).id).toBe('silver')
  })
  test('a lapsed trial falls back to the earned tier', () => {
    const s: TierState = { ...earned('gold', '2025-01-01', '2026-01-01'), trial: { tierId: 'diamond', until: '2025-02-07' } }
    expect(effectiveTier(s, '2025-02-07', r).id).toBe('diamond')
    expect(effectiveTier(s, '2025-02-08', r).id).toBe('gold')
  })
  test('a permanent operator grant, and the highest of several sources wins', () => {
    const s: TierState = {
      ...earned('normal', '2025-01-01', '2026-01-01'),
      paid: { tierId: 'silver', until: '2025-12-31' },
      grant: { tierId: 'gold' },
      trial: { tierId: 'diamond', until: '2025-01-10' },
    }
    expect(effectiveTier(s, '2025-01-05', r).id).toBe('diamond')
    expect(effectiveTierDetail(s, '2025-06-01', r)).toMatchObject({ source: 'grant', until: null })
    expect(effectiveTier(s, '2030-06-01', r).id).toBe('gold')
  })
  test('a lower paid tier never lowers the effective tier', () => {
    const s: TierState = { ...earned('gold', '2025-01-01', '2026-01-01'), paid: { tierId: 'silver', until: '2025-12-31' } }
    expect(effectiveTierDetail(s, '2025-06-01', r).source).toBe('earned')
  })
})

describe('§2.1 progress towards the next tier', () => {
  const r = DEFAULT_TIER_RULES
  test('fraction is (value − currentMin)/(nextMin − currentMin), not value/nextMin', () => {
    const p = nextTierProgress(metrics({ growth: 380, activeDays: 10 }), 'silver', r)
    expect(p.nextTierId).toBe('gold')
    expect(p.requirements).toEqual([
      { metric: 'growth', current: 380, required: 500, missing: 120, fraction: (380 - 100) / (500 - 100), words: '距离黄金会员还差 120 成长值' },
    ])
    expect(p.fraction).toBeCloseTo(0.7)
    expect(p.words).toEqual(['距离黄金会员还差 120 成长值'])
  })
  test('a metric the current tier does not require starts from 0; every unmet requirement gets words', () => {
    const p = nextTierProgress(metrics({ growth: 1500, spendFen: 90_000, activeDays: 20 }), 'gold', r)
    expect(p.requirements.map((x) => x.metric)).toEqual(['growth', 'spendFen'])
    expect(p.requirements[1]).toMatchObject({ missing: 10_000, fraction: 0.9, words: '再消费 ¥100 即可升级' })
    expect(p.requirements[0].fraction).toBeCloseTo((1500 - 500) / 1500)
    // the bar shows the bottleneck: the minimum fraction
    expect(p.fraction).toBeCloseTo(Math.min(1000 / 1500, 0.9))
  })
  test('activeDays words, and the bar is full only when every requirement is met', () => {
    const p = nextTierProgress(metrics({ growth: 600, activeDays: 7 }), 'silver', r)
    expect(p.words).toEqual(['再活跃 3 天即可升级'])
    expect(p.fraction).toBeCloseTo(0.7)
  })
  test('values below the current tier min clamp to 0 (a paid gold member with little growth)', () => {
    const p = nextTierProgress(metrics({ growth: 50 }), 'gold', r)
    expect(p.requirements[0].fraction).toBe(0)
    expect(p.fraction).toBe(0)
  })
  test('top tier: no next tier, words 已是最高等级', () => {
    expect(nextTierProgress(metrics({ growth: 99_999 }), 'diamond', r)).toEqual({
      currentTierId: 'diamond',
      nextTierId: null,
      nextTierName: null,
      requirements: [],
      fraction: 1,
      words: ['已是最高等级'],
    })
  })
  test('words for every metric', () => {
    const rules: TierRules = {
      ...r,
      levels: [
        r.levels[0],
        {
          ...r.levels[1],
          requirements: [
            { metric: 'growth', min: 10 },
            { metric: 'spendFen', min: 12_345 },
            { metric: 'orders', min: 2 },
            { metric: 'activeDays', min: 3 },
            { metric: 'signinDays', min: 4 },
            { metric: 'tasksCompleted', min: 5 },
            { metric: 'shares', min: 6 },
          ],
        },
      ],
    }
    expect(nextTierProgress(emptyMetrics(), 'normal', rules).words).toEqual([
      '距离白银会员还差 10 成长值',
      '再消费 ¥123.45 即可升级',
      '再下 2 单即可升级',
      '再活跃 3 天即可升级',
      '再签到 4 天即可升级',
      '再完成 5 个任务即可升级',
      '再分享 6 次即可升级',
    ])
  })
  test('formatYuan drops only ".00"', () => {
    expect(formatYuan(10_000)).toBe('100')
    expect(formatYuan(12_340)).toBe('123.40')
    expect(formatYuan(5)).toBe('0.05')
  })
})

describe('§2.1 upgrades happen immediately', () => {
  test('reaching gold upgrades today, starts a 12-month period and emits tier_changed', () => {
    const s = initialTierState('2025-01-15', DEFAULT_TIER_RULES)
    const { state, events } = upgradeIfEligible(s, metrics({ growth: 500, activeDays: 10 }), at('2025-06-30 23:59'))
    expect(state.earned).toMatchObject({ tierId: 'gold', since: '2025-06-30', expiresOn: '2026-06-30' })
    expect(events).toEqual([
      expect.objectContaining({ type: 'tier_changed', source: 'earned', reason: 'upgrade', fromTierId: 'normal', toTierId: 'gold', businessDate: '2025-06-30' }),
    ])
  })
  test('the business date decides the period start: 16:00Z is already the next day in Shanghai', () => {
    const s = initialTierState('2025-01-15', DEFAULT_TIER_RULES)
    const ctx = { ...at('2025-06-30 00:00'), now: parseInstant('2025-06-30T16:00:00Z') }
    expect(upgradeIfEligible(s, metrics({ growth: 100 }), ctx).state.earned.since).toBe('2025-07-01')
    const before = { ...ctx, now: parseInstant('2025-06-30T15:59:59Z') }
    expect(upgradeIfEligible(s, metrics({ growth: 100 }), before).state.earned.since).toBe('2025-06-30')
  })
  test('no change (same object, no event) when metrics do not reach a higher tier; never downgrades', () => {
    const s = earned('gold', '2025-01-01', '2026-01-01')
    const r = upgradeIfEligible(s, metrics({ growth: 10 }), at('2025-03-01 10:00'))
    expect(r.state).toBe(s)
    expect(r.events).toEqual([])
  })
})

describe('§2.1 retention: 12 months, re-evaluated on the last 12 months, drops at most one tier', () => {
  const diamond = earned('diamond', '2024-03-10', '2025-03-10')
  test('levelWillExpireInDays counts to the re-evaluation date', () => {
    expect(levelWillExpireInDays(diamond, '2025-03-01')).toBe(9)
    expect(levelWillExpireInDays(diamond, '2025-03-10')).toBe(0)
    expect(levelWillExpireInDays(diamond, '2025-04-01')).toBe(0)
  })
  test('before expiresOn nothing happens', () => {
    const r = reevaluateTier(diamond, emptyMetrics(), at('2025-03-09 23:59'))
    expect(r.state).toBe(diamond)
    expect(r.events).toEqual([])
  })
  test('with no activity a diamond drops to gold only, with a new period from the old expiry', () => {
    const r = reevaluateTier(diamond, emptyMetrics(), at('2025-03-10 00:00'))
    expect(r.state.earned).toEqual({ tierId: 'gold', since: '2025-03-10', expiresOn: '2026-03-10' })
    expect(r.events).toEqual([expect.objectContaining({ reason: 'reevaluation', fromTierId: 'diamond', toTierId: 'gold' })])
  })
  test('metrics that still hold the tier keep it for another period (no event)', () => {
    const r = reevaluateTier(diamond, metrics({ growth: 2000, spendFen: 100_000 }), at('2025-03-12 10:00'))
    expect(r.state.earned).toEqual({ tierId: 'diamond', since: '2025-03-10', expiresOn: '2026-03-10' })
    expect(r.events).toEqual([])
  })
  test('metrics above the tier raise it at re-evaluation', () => {
    const s = earned('silver', '2024-03-10', '2025-03-10')
    expect(reevaluateTier(s, metrics({ growth: 2000, spendFen: 100_000 }), at('2025-03-10 08:00')).state.earned.tierId).toBe('diamond')
  })
  test('metrics supporting one tier below keep that tier; never below the one-tier floor', () => {
    expect(reevaluateTier(diamond, metrics({ growth: 150 }), at('2025-03-10 08:00')).state.earned.tierId).toBe('gold')
  })
  test('a sweep more than a period late evaluates each missed anniversary', () => {
    const r = reevaluateTier(diamond, emptyMetrics(), at('2026-04-01 08:00'))
    expect(r.state.earned).toEqual({ tierId: 'silver', since: '2026-03-10', expiresOn: '2027-03-10' })
  })
  test('leap day: a period from 02-29 re-evaluates on 02-28 of the next year', () => {
    const s = upgradeIfEligible(initialTierState('2024-01-01', DEFAULT_TIER_RULES), metrics({ growth: 100 }), at('2024-02-29 12:00')).state
    expect(s.earned.expiresOn).toBe('2025-02-28')
  })
  test('retentionNeeds: what keeps the earned tier, with 保级 words', () => {
    const s = earned('gold', '2025-01-01', '2026-01-01')
    const needs = retentionNeeds(metrics({ growth: 420, activeDays: 4 }), s, DEFAULT_TIER_RULES)
    expect(needs.words).toEqual(['保级还需 80 成长值', '保级还需活跃 6 天'])
    expect(needs.requirements[0]).toMatchObject({ current: 420, required: 500, missing: 80, fraction: (420 - 100) / 400 })
    expect(retentionNeeds(metrics({ growth: 600, activeDays: 12 }), s, DEFAULT_TIER_RULES).words).toEqual(['已满足保级条件'])
    expect(retentionNeeds(emptyMetrics(), earned('normal', '2025-01-01', '2026-01-01'), DEFAULT_TIER_RULES).words).toEqual(['当前等级无需保级'])
  })
  test('retention words for spend', () => {
    const s = earned('diamond', '2025-01-01', '2026-01-01')
    expect(retentionNeeds(metrics({ growth: 2500, spendFen: 50_000 }), s, DEFAULT_TIER_RULES).words).toEqual(['保级还需消费 ¥500'])
  })
})

describe('§2.2 refund re-evaluates the tier', () => {
  const ctx = at('2025-07-10 10:00')
  const upgraded = upgradeIfEligible(earned('silver', '2025-01-05', '2026-01-05'), metrics({ growth: 500, activeDays: 10 }), at('2025-06-20 10:00')).state
  test('an upgrade caused on/after the refunded order is undone when the metrics no longer hold it', () => {
    const r = reevaluateAfterRefund(upgraded, { metrics: metrics({ growth: 300, activeDays: 10 }), orderPaidOn: '2025-06-20' }, ctx)
    expect(r.state.earned).toEqual({ tierId: 'silver', since: '2025-01-05', expiresOn: '2026-01-05' })
    expect(r.events).toEqual([expect.objectContaining({ reason: 'refund', fromTierId: 'gold', toTierId: 'silver' })])
  })
  test('kept when the metrics still hold it, or when the upgrade came before the order', () => {
    expect(reevaluateAfterRefund(upgraded, { metrics: metrics({ growth: 520, activeDays: 10 }), orderPaidOn: '2025-06-20' }, ctx).state).toBe(upgraded)
    expect(reevaluateAfterRefund(upgraded, { metrics: metrics({ growth: 0 }), orderPaidOn: '2025-06-21' }, ctx).state).toBe(upgraded)
  })
  test('normal → silver → gold, the gold order refunded: silver with silver\'s own period (a buy and refund renews nothing)', () => {
    const start = earned('normal', '2026-06-01', '2027-06-01')
    const silver = upgradeIfEligible(start, metrics({ growth: 120 }), at('2026-12-09 10:00')).state
    const gold = upgradeIfEligible(silver, metrics({ growth: 600, activeDays: 10 }), at('2027-01-02 10:00')).state
    expect(gold.earned).toMatchObject({ tierId: 'gold', since: '2027-01-02', expiresOn: '2028-01-02' })
    const r = reevaluateAfterRefund(gold, { metrics: metrics({ growth: 120, activeDays: 10 }), orderPaidOn: '2027-01-02' }, at('2027-01-03 10:00'))
    expect(r.state.earned).toEqual({ tierId: 'silver', since: '2026-12-09', expiresOn: '2027-12-09', upgradedFrom: start.earned })
    // Told about silver's end before the gold upgrade: back to silver, not told again that period.
    const told = { ...silver, earned: { ...silver.earned, noticed: true as const } }
    const goldAgain = upgradeIfEligible(told, metrics({ growth: 600, activeDays: 10 }), at('2027-01-02 10:00')).state
    const backToTold = reevaluateAfterRefund(goldAgain, { metrics: metrics({ growth: 120, activeDays: 10 }), orderPaidOn: '2027-01-02' }, at('2027-01-03 10:00')).state
    expect(backToTold.earned).toMatchObject({ tierId: 'silver', noticed: true })
    expect(earnedTierNoticeDue(backToTold, at('2027-11-20 10:00'))).toBe(false)
    // Then the December order refunded too: back to normal and its period.
    const back = reevaluateAfterRefund(r.state, { metrics: metrics({ growth: 20, activeDays: 10 }), orderPaidOn: '2026-12-09' }, at('2027-01-04 10:00'))
    expect(back.state.earned).toEqual(start.earned)
    // Both upgrades on the order's day (sign-ins in the morning, the order after): back past both, to what the metrics still reach.
    const sameDay = upgradeIfEligible(upgradeIfEligible(start, metrics({ growth: 120 }), at('2027-01-02 09:00')).state, metrics({ growth: 600, activeDays: 10 }), at('2027-01-02 15:00')).state
    expect(reevaluateAfterRefund(sameDay, { metrics: metrics({ growth: 120 }), orderPaidOn: '2027-01-02' }, at('2027-01-03 10:00')).state.earned).toMatchObject({ tierId: 'silver', since: '2027-01-02', expiresOn: '2028-01-02' })
    expect(reevaluateAfterRefund(sameDay, { metrics: metrics({ growth: 20 }), orderPaidOn: '2027-01-02' }, at('2027-01-03 10:00')).state.earned).toEqual(start.earned)
  })
  test('a tier retained at re-evaluation is never touched by a refund', () => {
    const retained = reevaluateTier(earned('gold', '2024-07-01', '2025-07-01'), metrics({ growth: 500, activeDays: 10 }), ctx).state
    expect(reevaluateAfterRefund(retained, { metrics: emptyMetrics(), orderPaidOn: '2025-06-01' }, ctx).state).toBe(retained)
  })
})

describe('§2.1 paid membership', () => {
  const s = earned('normal', '2025-01-01', '2026-01-01')
  test('monthly plan: at least silver from today for one month (inclusive end)', () => {
    const r = applyPaidPlan(s, 'monthly', at('2025-01-15 10:00'))
    expect(r.state.paid).toEqual({ tierId: 'silver', until: '2025-02-14' })
    expect(effectiveTier(r.state, '2025-02-14', DEFAULT_TIER_RULES).id).toBe('silver')
    expect(effectiveTier(r.state, '2025-02-15', DEFAULT_TIER_RULES).id).toBe('normal')
    expect(r.events.map((e) => e.type)).toEqual(['paid_plan_applied', 'tier_changed'])
  })
  test('a plan bought on the 31st runs through the end of a short month', () => {
    expect(applyPaidPlan(s, 'monthly', at('2025-01-31 10:00')).state.paid?.until).toBe('2025-02-28')
    expect(applyPaidPlan(s, 'monthly', at('2024-01-31 10:00')).state.paid?.until).toBe('2024-02-29')
    expect(applyPaidPlan(s, 'monthly', at('2025-12-31 10:00')).state.paid?.until).toBe('2026-01-30')
  })
  test('annual plan grants gold for 12 months', () => {
    const r = applyPaidPlan(s, 'annual', at('2025-03-10 10:00'))
    expect(r.state.paid).toEqual({ tierId: 'gold', until: '2026-03-09' })
  })
  test('stacks onto an unexpired plan instead of restarting', () => {
    const first = applyPaidPlan(s, 'monthly', at('2025-03-10 10:00')).state
    const second = applyPaidPlan(first, 'monthly', at('2025-03-20 10:00')).state
    expect(second.paid).toEqual({ tierId: 'silver', until: '2025-05-09' })
  })
  test('a higher plan stacks and lifts the whole paid period to its tier', () => {
    const first = applyPaidPlan(s, 'monthly', at('2025-03-10 10:00')).state
    expect(applyPaidPlan(first, 'annual', at('2025-03-20 10:00')).state.paid).toEqual({ tierId: 'gold', until: '2026-04-09' })
  })
  test('after a lapse a new plan starts from today', () => {
    const first = applyPaidPlan(s, 'monthly', at('2025-03-10 10:00')).state
    expect(applyPaidPlan(first, 'monthly', at('2025-06-01 10:00')).state.paid).toEqual({ tierId: 'silver', until: '2025-06-30' })
  })
  test('a lower plan on top of an active higher one is refused (409), unknown plan 404', () => {
    const gold = applyPaidPlan(s, 'annual', at('2025-03-10 10:00')).state
    expectRuleError(() => applyPaidPlan(gold, 'monthly', at('2025-04-01 10:00')), 'PAID_PLAN_BELOW_ACTIVE', 409)
    expectRuleError(() => applyPaidPlan(s, 'weekly', at('2025-04-01 10:00')), 'PAID_PLAN_NOT_FOUND', 404)
  })
  test('no tier_changed when the paid tier does not beat the earned one', () => {
    const r = applyPaidPlan(earned('diamond', '2025-01-01', '2026-01-01'), 'annual', at('2025-03-10 10:00'))
    expect(r.events.map((e) => e.type)).toEqual(['paid_plan_applied'])
  })
})

describe('§2.1 validateTierRules', () => {
  const r = DEFAULT_TIER_RULES
  test('a requirement that does not increase over the previous tier', () => {
    const bad: TierRules = { ...r, levels: r.levels.map((t) => (t.id === 'gold' ? { ...t, requirements: [{ metric: 'growth', min: 100 }] } : t)) }
    expect(validateTierRules(bad)).toEqual(['tiers.levels[2].requirements: growth min 100 must be greater than the previous tier\'s 100 (silver)'])
  })
  test('ranks out of order and duplicate', () => {
    const swapped: TierRules = { ...r, levels: [r.levels[0], r.levels[2], r.levels[1], r.levels[3]] }
    expect(validateTierRules(swapped)).toContain("tiers.levels[2].rank: 1 must be greater than the previous tier's 2 (levels are listed in ascending rank)")
    const dup: TierRules = { ...r, levels: r.levels.map((t) => (t.id === 'gold' ? { ...t, rank: 1 } : t)) }
    expect(validateTierRules(dup)).toContain('tiers.levels[2].rank: duplicate rank 1')
  })
  test('negative numbers, unknown plan tier, retention < 1', () => {
    const bad: TierRules = {
      ...r,
      retentionMonths: 0,
      levels: r.levels.map((t) => (t.id === 'silver' ? { ...t, signinBasePoints: -1 } : t)),
      paidPlans: [{ id: 'x', name: 'x', priceFen: 100, months: 1, tierId: 'platinum' }],
    }
    expect(validateTierRules(bad)).toEqual([
      'tiers.levels[1].signinBasePoints: must be a non-negative integer, got -1',
      'tiers.retentionMonths: must be an integer ≥ 1, got 0',
      'tiers.paidPlans[0].tierId: unknown tier "platinum"',
    ])
  })
  test('the lowest tier may not have requirements', () => {
    const bad: TierRules = { ...r, levels: [{ ...r.levels[0], requirements: [{ metric: 'growth', min: 1 }] }, ...r.levels.slice(1)] }
    expect(validateTierRules(bad)).toContain('tiers.levels[0].requirements: the lowest tier must have no requirements (every member holds it)')
  })
})

test('a benefit line that states a figure a field sets must say the field\'s value (提前 1 小时, 9.5 折)', () => {
  expect(validateTierRules(DEFAULT_TIER_RULES)).toEqual([])
  const gold = DEFAULT_TIER_RULES.levels.findIndex((l) => l.id === 'gold')
  const changed = structuredClone(DEFAULT_TIER_RULES)
  changed.levels[gold] = { ...changed.levels[gold], earlyAccessMinutes: 30, discountPercent: 92 }
  const lines = changed.levels[gold].benefits
  expect(validateTierRules(changed)).toEqual([
    `tiers.levels[${gold}].benefits[${lines.indexOf('消费享 9.5 折')}]: says "享 9.5 折" but discountPercent is 92`,
    `tiers.levels[${gold}].benefits[${lines.indexOf('优先参与活动（提前 1 小时）')}]: says "提前 1 小时" but earlyAccessMinutes is 30`,
  ].sort((a, b) => a.localeCompare(b)))
  // Said the field's way — 30 分钟, 92 折 or 9.2 折 — it is consistent.
  changed.levels[gold].benefits = ['消费享 92 折', '优先参与活动（提前 30 分钟）']
  expect(validateTierRules(changed)).toEqual([])
  changed.levels[gold].benefits = ['消费享 9.2 折', '提前半小时参与']
  expect(validateTierRules(changed)).toEqual([])
  // The same time in other units is still another wording than the tier table's: one name for one benefit.
  changed.levels[gold] = { ...changed.levels[gold], earlyAccessMinutes: 60, benefits: ['优先参与活动（提前 60 分钟）', '优先参与活动（提前1小时）'] }
  expect(validateTierRules(changed)).toEqual([`tiers.levels[${gold}].benefits[0]: says "提前 60 分钟" where the app says "提前 1 小时"`])
  // Figures of other benefits are the operator's own words.
  changed.levels[gold].benefits = ['生日礼：8 折券一张', '到店服务可提前 24 小时预约']
  expect(validateTierRules(changed)).toEqual([])
})

test('the free service\'s line and 活动任务积分翻倍 say what the tier gives: its count, the service\'s name, the switch on', () => {
  const gold = DEFAULT_TIER_RULES.levels.findIndex((l) => l.id === 'gold')
  const changed = structuredClone(DEFAULT_TIER_RULES)
  const lines = changed.levels[gold].benefits
  const service = lines.findIndex((l) => l.includes('每月 3 次'))
  const double = lines.indexOf('活动任务积分翻倍')
  changed.levels[gold] = { ...changed.levels[gold], freeServicesPerMonth: 4, campaignTaskDoublePoints: false }
  expect(validateTierRules(changed)).toEqual([
    `tiers.levels[${gold}].benefits[${service}]: says "${lines[service]}" but freeServicesPerMonth is 4`,
    `tiers.levels[${gold}].benefits[${double}]: says "活动任务积分翻倍" but campaignTaskDoublePoints is off`,
  ])
  // The service renamed in the rules, its lines left as they were.
  const renamed = { ...structuredClone(DEFAULT_TIER_RULES), freeService: { name: '会员月度免费甜品' } }
  expect(validateTierRules(renamed)).toContain(`tiers.levels[${gold}].benefits[${service}]: says "${lines[service]}" where the app says "会员月度免费甜品（每月 3 次）"`)
})

test('the free service is named in at most 20 characters as members see them; left blank, it has the default name', () => {
  const rules = (name: unknown, description?: unknown) => ({ ...structuredClone(DEFAULT_TIER_RULES), freeService: { name, description } as never })
  const named = (name: unknown, description?: unknown) => validateTierRules(rules(name, description)).filter((p) => p.startsWith('tiers.freeService'))
  // Emoji count once each (code points, not UTF-16 units): 20 of them fit, where a UTF-16 count saw 40.
  expect(named('🍵'.repeat(20))).toEqual([])
  expect(named('免费饮品'.repeat(5) + '券')).toEqual(['tiers.freeService.name: must be at most 20 characters, got 21'])
  expect(named(7)).toEqual(['tiers.freeService.name: must be a non-empty zh-CN name'])
  // The console's form with only the description filled in (it threw inside the validator: 会员等级格式不正确, at no field).
  for (const blank of [undefined, '', '   ']) {
    expect(validateTierRules(rules(blank, '到店出示核销码'))).toEqual([])
    expect(freeServiceOf(rules(blank, '到店出示核销码'))).toEqual({ name: DEFAULT_FREE_SERVICE.name, description: '到店出示核销码' })
  }
  expect(named('会员月度免费饮品', '')).toEqual([])
  expect(named('会员月度免费饮品', '到店出示核销码'.repeat(9))).toEqual(['tiers.freeService.description: must be at most 60 characters, got 63'])
})

describe('a tier held for a time ends once, and says what it took with it (endHeldTiers)', () => {
  const base = earned('silver', '2025-01-01', '2026-01-01')
  test('a paid gold plan past its last day leaves the state: gold → silver, once', () => {
    const s: TierState = { ...base, paid: { tierId: 'gold', until: '2025-03-31' } }
    expect(endHeldTiers(s, at('2025-03-31 23:59'))).toEqual({ state: s, events: [] })
    const r = endHeldTiers(s, at('2025-04-01 00:00'))
    expect(r.state).toEqual(base)
    expect(r.events).toEqual([expect.objectContaining({ type: 'tier_changed', source: 'paid', reason: 'expired', effectiveBefore: 'gold', effectiveAfter: 'silver', businessDate: '2025-04-01' })])
    expect(endHeldTiers(r.state, at('2025-04-02 10:00')).events).toEqual([])
  })
  test('an ended trial under the earned tier, or under a paid plan still running, goes without a change; a grant with no end stays', () => {
    const s: TierState = { ...base, paid: { tierId: 'diamond', until: '2025-12-31' }, trial: { tierId: 'gold', until: '2025-03-31' }, grant: { tierId: 'gold' } }
    const r = endHeldTiers(s, at('2025-04-01 10:00'))
    expect(r.events).toEqual([])
    expect(r.state).toEqual({ ...base, paid: s.paid, grant: s.grant })
  })
})

describe('保级提醒: a member who would not keep the earned tier is told once, in the last 30 days of its period (earnedTierNotice)', () => {
  const gold = earned('gold', '2025-03-10', '2026-03-10')
  const short = metrics({ growth: 200, activeDays: 3 })
  test('from the 30th day before the re-evaluation: its last day, the tier after it, what keeps it — and never twice a period', () => {
    const early = earnedTierNotice(gold, short, at('2026-02-07 23:59'))
    expect(early).toEqual({ state: gold, notice: null })
    expect(earnedTierNoticeDue(gold, at('2026-02-08 00:00'))).toBe(true)
    const r = earnedTierNotice(gold, short, at('2026-02-08 00:00'))
    expect(r.notice).toEqual({ tierId: 'gold', until: '2026-03-09', nextTierId: 'silver', needs: retentionNeeds(short, gold, DEFAULT_TIER_RULES).words })
    expect(r.notice!.needs[0]).toBe('保级还需 300 成长值')
    expect(r.state.earned).toEqual({ ...gold.earned, noticed: true })
    expect(earnedTierNoticeDue(r.state, at('2026-03-01 10:00'))).toBe(false)
    expect(earnedTierNotice(r.state, emptyMetrics(), at('2026-03-09 10:00')).notice).toBeNull()
    // Re-evaluated, a new period: told again near its end.
    const next = reevaluateTier(r.state, short, at('2026-03-10 10:00')).state
    expect(next.earned.noticed).toBeUndefined()
    expect(earnedTierNotice(next, emptyMetrics(), at('2027-02-08 10:00')).notice).toMatchObject({ tierId: 'silver', nextTierId: 'normal' })
  })
  test('at most one tier down, as the re-evaluation; nothing to tell when it is kept (looked at once), hidden by a held tier, or the lowest', () => {
    const diamond = earned('diamond', '2025-03-10', '2026-03-10')
    expect(earnedTierNotice(diamond, emptyMetrics(), at('2026-03-01 10:00')).notice).toMatchObject({ tierId: 'diamond', nextTierId: 'gold' })
    const kept = earnedTierNotice(gold, metrics({ growth: 600, activeDays: 12 }), at('2026-03-01 10:00'))
    expect(kept.notice).toBeNull()
    expect(kept.state.earned.noticed).toBe(true)
    const paidGold: TierState = { ...gold, paid: { tierId: 'gold', until: '2026-06-30' } }
    expect(earnedTierNotice(paidGold, short, at('2026-03-01 10:00')).notice).toBeNull()
    expect(earnedTierNoticeDue(earned('normal', '2025-03-10', '2026-03-10'), at('2026-03-01 10:00'))).toBe(false)
    // Past its end the re-evaluation speaks (tier_changed), not the notice.
    expect(earnedTierNoticeDue(gold, at('2026-03-10 00:00'))).toBe(false)
  })
})

describe('a member is told, once, in the last 7 days of a tier they hold for a time (heldTierNotices)', () => {
  const base = earned('silver', '2025-01-01', '2026-01-01')
  const paid: TierState = { ...base, paid: { tierId: 'gold', until: '2025-03-31' } }
  test('from the 7th day before its end (the last day counted), gold → silver, and never twice for one end', () => {
    expect(heldTierNotices(paid, at('2025-03-24 23:59')).notices).toEqual([])
    const r = heldTierNotices(paid, at('2025-03-25 00:00'))
    expect(r.notices).toEqual([{ source: 'paid', tierId: 'gold', until: '2025-03-31', nextTierId: 'silver' }])
    expect(r.state.paid).toEqual({ tierId: 'gold', until: '2025-03-31', noticed: true })
    expect(heldTierNotices(r.state, at('2025-03-31 12:00')).notices).toEqual([])
    // Bought again: a new end, told anew when it comes near.
    const renewed: TierState = { ...r.state, paid: { tierId: 'gold', until: '2025-04-30' } }
    expect(heldTierNotices(renewed, at('2025-03-31 12:00')).notices).toEqual([])
    expect(heldTierNotices(renewed, at('2025-04-24 08:00')).notices).toEqual([expect.objectContaining({ until: '2025-04-30', nextTierId: 'silver' })])
  })
  test('nothing to tell when its end changes nothing (the earned tier or another held one is as high) or it has already ended', () => {
    expect(heldTierNotices({ ...paid, earned: { ...base.earned, tierId: 'gold' } }, at('2025-03-28 10:00')).notices).toEqual([])
    expect(heldTierNotices({ ...paid, grant: { tierId: 'diamond' } }, at('2025-03-28 10:00')).notices).toEqual([])
    expect(heldTierNotices({ ...paid, trial: { tierId: 'gold', until: '2025-05-31' } }, at('2025-03-28 10:00')).notices).toEqual([])
    expect(heldTierNotices(paid, at('2025-04-01 10:00')).notices).toEqual([])
    // A trial under the paid plan ends first: nothing changes; the plan's own end is told.
    const both: TierState = { ...paid, trial: { tierId: 'silver', until: '2025-03-29' } }
    expect(heldTierNotices(both, at('2025-03-28 10:00')).notices.map((n) => n.source)).toEqual(['paid'])
  })
  test('an end that changes nothing is looked at once all the same: the reminder sweep does not come back for it', () => {
    const asHigh: TierState = { ...paid, earned: { ...base.earned, tierId: 'gold' } }
    const r = heldTierNotices(asHigh, at('2025-03-28 10:00'))
    expect(r.state.paid).toEqual({ tierId: 'gold', until: '2025-03-31', noticed: true })
    expect(heldTierDue(asHigh, at('2025-03-28 10:00'))).toBe(true)
    expect(heldTierDue(r.state, at('2025-03-29 10:00'))).toBe(false)
    // Its last day passed: it ends (the sweep's business again).
    expect(heldTierDue(r.state, at('2025-04-01 10:00'))).toBe(true)
  })
})
