import { DEFAULT_CALENDAR_RULES, parseInstant, businessDateOf } from '@/domain/calendar'
import { DEFAULT_CAMPAIGNS, type CampaignConfig, type CampaignDefinition, type CampaignMember } from '@/domain/campaigns'
import { seededRng, type Ctx, type Rng } from '@/domain/context'
import { isRuleError } from '@/domain/errors'
import { DEFAULT_LIFECYCLE_RULES } from '@/domain/lifecycle'
import {
  drawLottery,
  drawsLeft,
  initialLotteryState,
  myPrizes,
  publishedOdds,
  winnersList,
  type LotteryRules,
  type LotteryState,
} from '@/domain/lottery'
import fc from 'fast-check'

const config: CampaignConfig = { calendar: DEFAULT_CALENDAR_RULES, lifecycle: DEFAULT_LIFECYCLE_RULES }
const ctxAt = (iso: string | number, rng: Rng = seededRng(7)): Ctx<CampaignConfig> => ({
  now: typeof iso === 'number' ? iso : parseInstant(iso),
  rng,
  config,
})
const member = (memberId = 'm1', tierRank = 0): CampaignMember => ({ memberId, tierRank, registeredAt: '2025-01-01T00:00:00Z' })

const rules: LotteryRules = {
  freeDrawsPerDay: 1,
  paidDrawCostPoints: 20,
  maxDrawsPerDay: 3,
  prizes: [
    { id: 'big', name: '100 积分', kind: 'points', points: 100, weight: 1, stock: 1 },
    { id: 'cpn', name: '¥10 无门槛券', kind: 'coupon', couponTemplateId: 'mall-10', weight: 1, stock: null },
    { id: 'none', name: '谢谢参与', kind: 'empty', weight: 2, stock: null },
  ],
}
const wheel: CampaignDefinition = {
  id: 'wheel',
  type: 'lottery',
  name: '幸运大转盘',
  description: '',
  startsAt: '2026-04-01T00:00:00+08:00',
  endsAt: '2026-04-11T00:00:00+08:00',
  audience: { kind: 'all' },
  lottery: rules,
}
const DAY1 = '2026-04-02T04:00:00Z'
const draw = (state: LotteryState, iso: string, balance = 1000, m = member(), tierWeightPercent = 100, rng?: Rng) =>
  drawLottery(state, { campaign: wheel, member: m, tierWeightPercent, tierEarlyMinutes: 0, balance }, ctxAt(iso, rng))

describe('§2.5 lottery: 1 free draw a day, extra draws cost 20 points, at most 3 a day', () => {
  test('free, then paid, then refused (422 LOTTERY_DAILY_LIMIT), with draws left and next cost', () => {
    let s = initialLotteryState(wheel)
    expect(drawsLeft(s, rules, 'm1', ctxAt(DAY1))).toEqual({ freeLeft: 1, paidLeft: 2, totalLeft: 3, nextDrawCost: 0 })
    const first = draw(s, DAY1)
    expect(first.result).toMatchObject({ free: true, cost: 0, left: { freeLeft: 0, paidLeft: 2, totalLeft: 2, nextDrawCost: 20 } })
    s = first.state
    const second = draw(s, DAY1)
    expect(second.result).toMatchObject({ free: false, cost: 20, left: { totalLeft: 1, nextDrawCost: 20 } })
    s = second.state
    const third = draw(s, DAY1)
    expect(third.result).toMatchObject({ free: false, cost: 20, left: { totalLeft: 0, nextDrawCost: null } })
    s = third.state
    expect(() => draw(s, DAY1)).toThrow(expect.objectContaining({ code: 'LOTTERY_DAILY_LIMIT', status: 422 }))
  })

  test('the limit resets at business midnight (15:59:59Z vs 16:00:00Z)', () => {
    let s = initialLotteryState(wheel)
    for (let i = 0; i < 3; i++) s = draw(s, '2026-04-02T15:00:00Z').state
    expect(() => draw(s, '2026-04-02T15:59:59Z')).toThrow(expect.objectContaining({ code: 'LOTTERY_DAILY_LIMIT' }))
    expect(draw(s, '2026-04-02T16:00:00Z').result.free).toBe(true)
  })

  test('a paid draw needs the balance: 19 points is refused and changes nothing, 20 is enough', () => {
    const s = draw(initialLotteryState(wheel), DAY1).state
    expect(() => draw(s, DAY1, 19)).toThrow(expect.objectContaining({ code: 'POINTS_INSUFFICIENT', status: 422, details: { required: 20, balance: 19 } }))
    expect(draw(s, DAY1, 20).result.cost).toBe(20)
    // the free draw needs no balance
    expect(draw(initialLotteryState(wheel), DAY1, 0).result.cost).toBe(0)
  })

  test('limits are per member', () => {
    let s = initialLotteryState(wheel)
    for (let i = 0; i < 3; i++) s = draw(s, DAY1).state
    expect(draw(s, DAY1, 0, member('m2')).result.free).toBe(true)
  })
})

describe('§2.5 lottery: only while running, for the audience', () => {
  test('before the start and from the end: LOTTERY_NOT_RUNNING (422)', () => {
    const s = initialLotteryState(wheel)
    expect(() => draw(s, '2026-03-31T15:59:59Z')).toThrow(expect.objectContaining({ code: 'LOTTERY_NOT_RUNNING', status: 422, message: '活动尚未开始' }))
    expect(draw(s, '2026-03-31T16:00:00Z').result.free).toBe(true)
    expect(() => draw(s, '2026-04-10T16:00:00Z')).toThrow(expect.objectContaining({ code: 'LOTTERY_NOT_RUNNING', message: '活动已结束' }))
  })
  test('outside the audience: CAMPAIGN_NOT_ELIGIBLE (422); a non-lottery campaign: 404', () => {
    const goldOnly = { ...wheel, audience: { kind: 'tier' as const, minTierRank: 2 } }
    const s = initialLotteryState(goldOnly)
    expect(() =>
      drawLottery(s, { campaign: goldOnly, member: member('m1', 1), tierWeightPercent: 120, tierEarlyMinutes: 0, balance: 0 }, ctxAt(DAY1)),
    ).toThrow(expect.objectContaining({ code: 'CAMPAIGN_NOT_ELIGIBLE', status: 422 }))
    const cards = DEFAULT_CAMPAIGNS.find((c) => c.type === 'cards') as CampaignDefinition
    expect(() =>
      drawLottery(initialLotteryState(cards), { campaign: cards, member: member(), tierWeightPercent: 100, tierEarlyMinutes: 0, balance: 0 }, ctxAt(DAY1)),
    ).toThrow(expect.objectContaining({ code: 'LOTTERY_NOT_FOUND', status: 404 }))
  })
  test('a priority lottery opens early for tiers with early access', () => {
    const priority = { ...wheel, priority: true }
    const s = initialLotteryState(priority)
    const input = { campaign: priority, member: member('g', 2), tierWeightPercent: 150, balance: 0 }
    expect(drawLottery(s, { ...input, tierEarlyMinutes: 60 }, ctxAt('2026-03-31T15:00:00Z')).result.free).toBe(true)
    expect(() => drawLottery(s, { ...input, tierEarlyMinutes: 0 }, ctxAt('2026-03-31T15:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'LOTTERY_NOT_RUNNING' }),
    )
  })
})

describe('§2.5 lottery odds: integer weights, tier multiplier on non-empty prizes, stock', () => {
  test('published odds by tier: normal ×1, silver ×1.2, gold ×1.5, diamond ×2 (non-empty prizes only)', () => {
    expect(publishedOdds(rules, 100).map((o) => o.percent)).toEqual(['25.00%', '25.00%', '50.00%'])
    // diamond: 200 + 200 + 200 (empty 2 × 100) → a third each
    expect(publishedOdds(rules, 200).map((o) => o.percent)).toEqual(['33.33%', '33.33%', '33.33%'])
    // gold ×1.5: 150 / 150 / 200 of 500
    expect(publishedOdds(rules, 150).map((o) => o.percent)).toEqual(['30.00%', '30.00%', '40.00%'])
    // silver ×1.2: 120 / 120 / 200 of 440
    expect(publishedOdds(rules, 120).map((o) => o.percent)).toEqual(['27.27%', '27.27%', '45.45%'])
  })
  test('12.50% formatting and tiny odds', () => {
    const r: LotteryRules = { ...rules, prizes: [{ ...rules.prizes[0], weight: 1, stock: null }, { ...rules.prizes[2], weight: 7 }] }
    expect(publishedOdds(r, 100).map((o) => o.percent)).toEqual(['12.50%', '87.50%'])
    const tiny: LotteryRules = { ...rules, prizes: [{ ...rules.prizes[0], weight: 1, stock: null }, { ...rules.prizes[2], weight: 100000 }] }
    expect(publishedOdds(tiny, 100)[0].percent).toBe('<0.01%')
  })
  test('the draw follows the weights: rng picks a ticket among weight × percent', () => {
    // normal tier: tickets 0..99 big, 100..199 cpn, 200..399 none (total 400)
    const at = (x: number) => draw(initialLotteryState(wheel), DAY1, 0, member(), 100, () => x).result.prize.id
    expect(at(0)).toBe('big')
    expect(at(99.99 / 400)).toBe('big')
    expect(at(100 / 400)).toBe('cpn')
    expect(at(199.99 / 400)).toBe('cpn')
    expect(at(200 / 400)).toBe('none')
    expect(at(0.999999)).toBe('none')
    // diamond: 200 + 200 + 200; ticket 300 of 600 falls on the coupon
    expect(draw(initialLotteryState(wheel), DAY1, 0, member(), 200, () => 0.5).result.prize.id).toBe('cpn')
  })
  test('a prize with stock 0 can no longer come out and shows 0.00%; stock never goes below 0', () => {
    const won = draw(initialLotteryState(wheel), DAY1, 0, member(), 100, () => 0)
    expect(won.result.prize.id).toBe('big')
    expect(won.state.remainingStock.big).toBe(0)
    expect(publishedOdds(rules, 100, won.state.remainingStock).map((o) => o.percent)).toEqual(['0.00%', '33.33%', '66.67%'])
    const next = draw(won.state, DAY1, 100, member('m2'), 100, () => 0)
    expect(next.result.prize.id).toBe('cpn')
    expect(next.state.remainingStock.big).toBe(0)
  })
  test('when every non-empty prize is out only the empty prize remains; without one the draw is refused', () => {
    const limited: LotteryRules = { ...rules, prizes: [{ ...rules.prizes[0], stock: 0 }, { ...rules.prizes[1], stock: 0 }, rules.prizes[2]] }
    const c = { ...wheel, lottery: limited }
    const r = drawLottery(initialLotteryState(c), { campaign: c, member: member(), tierWeightPercent: 200, tierEarlyMinutes: 0, balance: 0 }, ctxAt(DAY1, () => 0))
    expect(r.result.prize.kind).toBe('empty')
    const noEmpty = { ...wheel, lottery: { ...limited, prizes: limited.prizes.slice(0, 2) } }
    expect(() =>
      drawLottery(initialLotteryState(noEmpty), { campaign: noEmpty, member: member(), tierWeightPercent: 100, tierEarlyMinutes: 0, balance: 0 }, ctxAt(DAY1)),
    ).toThrow(expect.objectContaining({ code: 'LOTTERY_PRIZES_EXHAUSTED', status: 422 }))
  })
})

describe('§2.5 winners list: published when the campaign ends', () => {
  test('refused before the end; after: non-empty prizes with masked nicknames', () => {
    let s = initialLotteryState(wheel)
    s = draw(s, DAY1, 0, member('a'), 100, () => 0).state // big
    s = draw(s, DAY1, 0, member('b'), 100, () => 0.9).state // empty
    s = draw(s, DAY1, 0, member('c'), 100, () => 0.3).state // coupon
    const names = { a: '张三丰', b: '李四', c: '小明' }
    expect(() => winnersList(s, wheel, names, ctxAt('2026-04-10T15:59:59Z'))).toThrow(
      expect.objectContaining({ code: 'LOTTERY_WINNERS_NOT_PUBLISHED', status: 422 }),
    )
    expect(winnersList(s, wheel, names, ctxAt('2026-04-10T16:00:00Z'))).toEqual([
      { nickname: '张*丰', prizeName: '100 积分', businessDate: '2026-04-02' },
      { nickname: '小*', prizeName: '¥10 无门槛券', businessDate: '2026-04-02' },
    ])
    expect(myPrizes(s, 'b')).toEqual([])
    expect(myPrizes(s, 'a').map((d) => d.prizeId)).toEqual(['big'])
  })
})

describe('§2.5 lottery invariants under random draw sequences (property)', () => {
  test('stock never < 0; per member and day ≤ 3 draws and ≤ 1 free; counts consistent; refusals change nothing', () => {
    const prizeRules: LotteryRules = {
      freeDrawsPerDay: 1,
      paidDrawCostPoints: 20,
      maxDrawsPerDay: 3,
      prizes: [
        { id: 'p1', name: '100 积分', kind: 'points', points: 100, weight: 3, stock: 2 },
        { id: 'p2', name: '券', kind: 'coupon', couponTemplateId: 'mall-10', weight: 5, stock: 4 },
        { id: 'p3', name: '杯子', kind: 'physical', weight: 1, stock: 1 },
        { id: 'p4', name: '10 积分', kind: 'points', points: 10, weight: 4, stock: null },
        { id: 'e', name: '谢谢参与', kind: 'empty', weight: 6, stock: null },
      ],
    }
    const campaign = { ...wheel, lottery: prizeRules }
    const start = parseInstant(campaign.startsAt)
    const op = fc.record({
      member: fc.constantFrom('a', 'b', 'c'),
      day: fc.integer({ min: 0, max: 9 }),
      minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      tier: fc.constantFrom(100, 120, 150, 200),
      balance: fc.integer({ min: 0, max: 60 }),
      seed: fc.integer(),
    })
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let s = initialLotteryState(campaign)
        let accepted = 0
        // keep time moving forward like a real clock
        const sorted = [...ops].sort((x, y) => x.day - y.day || x.minute - y.minute)
        for (const o of sorted) {
          const now = start + o.day * 86_400_000 + o.minute * 60_000
          try {
            const r = drawLottery(
              s,
              { campaign, member: member(o.member), tierWeightPercent: o.tier, tierEarlyMinutes: 0, balance: o.balance },
              ctxAt(now, seededRng(o.seed)),
            )
            expect(r.result.cost).toBeLessThanOrEqual(o.balance)
            s = r.state
            accepted++
          } catch (e) {
            if (!isRuleError(e)) throw e
            expect(['LOTTERY_DAILY_LIMIT', 'POINTS_INSUFFICIENT']).toContain(e.code)
          }
          for (const p of prizeRules.prizes) {
            if (p.stock === null) continue
            const left = s.remainingStock[p.id]
            expect(left).toBeGreaterThanOrEqual(0)
            expect(left + s.draws.filter((d) => d.prizeId === p.id).length).toBe(p.stock)
          }
        }
        expect(s.draws.length).toBe(accepted)
        const perKey = new Map<string, { free: number; paid: number }>()
        for (const d of s.draws) {
          const key = `${d.memberId}|${d.businessDate}`
          const c = perKey.get(key) ?? { free: 0, paid: 0 }
          if (d.free) c.free++
          else c.paid++
          perKey.set(key, c)
          expect(d.businessDate).toBe(businessDateOf(parseInstant(d.at)))
          expect(d.costPoints).toBe(d.free ? 0 : 20)
        }
        for (const [key, c] of perKey) {
          expect(c.free).toBeLessThanOrEqual(1)
          expect(c.free + c.paid).toBeLessThanOrEqual(3)
          expect(s.dailyDraws[key]).toEqual(c)
          // a paid draw only after the free one
          if (c.paid > 0) expect(c.free).toBe(1)
        }
      }),
      { numRuns: 200 },
    )
  })

  test('a refused draw leaves the state untouched (same object)', () => {
    let s = initialLotteryState(wheel)
    for (let i = 0; i < 3; i++) s = draw(s, DAY1).state
    const before = JSON.stringify(s)
    expect(() => draw(s, DAY1)).toThrow()
    expect(JSON.stringify(s)).toBe(before)
  })
})
