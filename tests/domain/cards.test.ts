import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { DEFAULT_CAMPAIGNS, type CampaignConfig, type CampaignDefinition, type CampaignMember } from '@/domain/campaigns'
import {
  claimSetPrize,
  earnCard,
  giftCard,
  initialCardsState,
  myCards,
  type CardEarnAction,
  type CardsState,
  withdrawCard,
} from '@/domain/cards'
import { seededRng, type Ctx, type Rng } from '@/domain/context'
import { isRuleError } from '@/domain/errors'
import { DEFAULT_LIFECYCLE_RULES } from '@/domain/lifecycle'
import fc from 'fast-check'

const config: CampaignConfig = { calendar: DEFAULT_CALENDAR_RULES, lifecycle: DEFAULT_LIFECYCLE_RULES }
const ctxAt = (when: string | number, rng: Rng = seededRng(3)): Ctx<CampaignConfig> => ({
  now: typeof when === 'number' ? when : parseInstant(when),
  rng,
  config,
})
const member = (memberId = 'm1'): CampaignMember => ({ memberId, tierRank: 0, registeredAt: '2025-01-01T00:00:00Z' })
const spring = DEFAULT_CAMPAIGNS.find((c) => c.id === 'spring-cards') as CampaignDefinition
const START = parseInstant(spring.startsAt)
const dayAt = (day: number, hour = 10) => START + day * 86_400_000 + hour * 3_600_000
const rules = spring.cards as NonNullable<CampaignDefinition['cards']>

const earn = (s: CardsState, action: CardEarnAction, when: number, m = 'm1', rng?: Rng, shareRewardsEnabled = false) =>
  earnCard(s, { campaign: spring, member: member(m), tierEarlyMinutes: 0, action, shareRewardsEnabled }, ctxAt(when, rng))

function holding(s: CardsState, m: string, counts: Record<string, number>): CardsState {
  return { ...s, holdings: { ...s.holdings, [m]: counts } }
}
const ALL_ONE = { aiguo: 1, fuqiang: 1, hexie: 1, youshan: 1, jingye: 1 }

describe('§2.5 collect cards: defaults', () => {
  test('5 福 kinds with rarity, earned by sign-in, core use, tasks, invites and (where allowed) share', () => {
    expect(rules.kinds.map((k) => k.name)).toEqual(['爱国福', '富强福', '和谐福', '友善福', '敬业福'])
    expect(rules.earnActions).toEqual(['signin', 'core_use', 'task', 'invite_registered', 'share'])
    expect(rules.setPrize).toEqual({ couponTemplateId: 'festival-spring', points: 200 })
  })
})

describe('§2.5 earning: one card per action per business day', () => {
  test('the same action twice in a business day is refused (409); another action or the next day is fine', () => {
    let s = initialCardsState(spring)
    s = earn(s, 'signin', dayAt(1, 0)).state
    expect(() => earn(s, 'signin', dayAt(1, 23) + 59 * 60_000 + 59_000)).toThrow(
      expect.objectContaining({ code: 'CARD_ALREADY_EARNED_TODAY', status: 409 }),
    )
    s = earn(s, 'core_use', dayAt(1, 12)).state
    s = earn(s, 'signin', dayAt(2, 0)).state // business midnight
    expect(Object.values(s.holdings.m1).reduce((a, b) => a + b, 0)).toBe(3)
  })

  test('share earns a card only where share rewards are on (§1.6)', () => {
    const s = initialCardsState(spring)
    expect(() => earn(s, 'share', dayAt(1))).toThrow(expect.objectContaining({ code: 'CARD_SHARE_NOT_REWARDED', status: 422 }))
    expect(earn(s, 'share', dayAt(1), 'm1', undefined, true).result.isNewKind).toBe(true)
  })

  test('an action the campaign does not reward is refused (422); outside the window CARDS_NOT_RUNNING (422)', () => {
    const noTask = { ...spring, cards: { ...rules, earnActions: ['signin' as const] } }
    expect(() =>
      earnCard(initialCardsState(noTask), { campaign: noTask, member: member(), tierEarlyMinutes: 0, action: 'task', shareRewardsEnabled: true }, ctxAt(dayAt(1))),
    ).toThrow(expect.objectContaining({ code: 'CARD_ACTION_NOT_ELIGIBLE', status: 422 }))
    expect(() => earn(initialCardsState(spring), 'signin', START - 1)).toThrow(expect.objectContaining({ code: 'CARDS_NOT_RUNNING', status: 422 }))
    expect(() => earn(initialCardsState(spring), 'signin', parseInstant(spring.endsAt))).toThrow(expect.objectContaining({ code: 'CARDS_NOT_RUNNING' }))
  })

  test('kinds follow rarity: with rng 0 the first kind, with rng → 1 the rarest', () => {
    expect(earn(initialCardsState(spring), 'signin', dayAt(1), 'm1', () => 0).result.kind.id).toBe('aiguo')
    expect(earn(initialCardsState(spring), 'signin', dayAt(1), 'm1', () => 0.99).result.kind.id).toBe('jingye')
  })
})

describe('§2.5 completable without sharing: the new-kind guarantee', () => {
  test('after 2 duplicates in a row the 3rd earned card is a missing kind', () => {
    const worst: Rng = () => 0 // always the first kind of the pool
    let s = initialCardsState(spring)
    const got: string[] = []
    const flags: boolean[] = []
    for (let day = 0; day < 13; day++) {
      const r = earn(s, 'signin', dayAt(day), 'm1', worst)
      s = r.state
      got.push(r.result.kind.id)
      flags.push(r.result.guaranteed)
    }
    expect(got).toEqual(['aiguo', 'aiguo', 'aiguo', 'fuqiang', 'aiguo', 'aiguo', 'hexie', 'aiguo', 'aiguo', 'youshan', 'aiguo', 'aiguo', 'jingye'])
    expect(flags.filter(Boolean)).toHaveLength(4)
    expect(myCards(s, spring, 'm1', false, ctxAt(dayAt(12))).complete).toBe(true)
  })

  test('property: by sign-in alone every member completes the set within the campaign (≤ 13 of 15 days)', () => {
    const days = Math.round((parseInstant(spring.endsAt) - START) / 86_400_000)
    expect(days).toBe(15)
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = seededRng(seed)
        let s = initialCardsState(spring)
        let completedOn = -1
        for (let day = 0; day < days && completedOn < 0; day++) {
          const r = earn(s, 'signin', dayAt(day), 'm1', rng)
          s = r.state
          if (r.result.setComplete) completedOn = day
        }
        expect(completedOn).toBeGreaterThanOrEqual(0)
        expect(completedOn).toBeLessThanOrEqual(12)
      }),
      { numRuns: 300 },
    )
  })

  test('property: with any non-share actions on any days, the set completes within 13 cards', () => {
    const nonShare: CardEarnAction[] = ['signin', 'core_use', 'task', 'invite_registered']
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.subarray(nonShare, { minLength: 1 }), { minLength: 15, maxLength: 15 }), (seed, plan) => {
        const rng = seededRng(seed)
        let s = initialCardsState(spring)
        let cards = 0
        for (let day = 0; day < 15; day++) {
          for (const action of plan[day]) {
            const r = earn(s, action, dayAt(day), 'm1', rng)
            s = r.state
            cards++
            if (r.result.setComplete) {
              expect(cards).toBeLessThanOrEqual(13)
              return
            }
          }
        }
        throw new Error('set not completed')
      }),
      { numRuns: 200 },
    )
  })
})

describe('§2.5 giving a duplicate card to a friend', () => {
  const s0 = holding(initialCardsState(spring), 'a', { aiguo: 2, jingye: 1 })
  const gift = (s: CardsState, over: Partial<{ fromMemberId: string; toMemberId: string; kindId: string }> = {}, when = dayAt(2)) =>
    giftCard(s, { campaign: spring, fromMemberId: 'a', toMemberId: 'b', kindId: 'aiguo', ...over }, ctxAt(when))

  test('a duplicate moves one card from giver to receiver', () => {
    const { state, events } = gift(s0)
    expect(state.holdings.a).toEqual({ aiguo: 1, jingye: 1 })
    expect(state.holdings.b).toEqual({ aiguo: 1 })
    expect(events).toEqual([{ type: 'card_gifted', campaignId: 'spring-cards', fromMemberId: 'a', toMemberId: 'b', kindId: 'aiguo' }])
  })
  test('only duplicates (count ≥ 2), never to oneself, only known kinds, only while running', () => {
    expect(() => gift(s0, { kindId: 'jingye' })).toThrow(expect.objectContaining({ code: 'CARD_NOT_DUPLICATE', status: 422 }))
    expect(() => gift(s0, { kindId: 'hexie' })).toThrow(expect.objectContaining({ code: 'CARD_NOT_DUPLICATE' }))
    expect(() => gift(s0, { toMemberId: 'a' })).toThrow(expect.objectContaining({ code: 'CARD_GIFT_SELF', status: 422 }))
    expect(() => gift(s0, { kindId: 'wufu' })).toThrow(expect.objectContaining({ code: 'CARD_KIND_UNKNOWN', status: 404 }))
    expect(() => gift(s0, {}, parseInstant(spring.endsAt))).toThrow(expect.objectContaining({ code: 'CARDS_NOT_RUNNING', status: 422 }))
  })
})

describe('§2.5 a refunded order’s card', () => {
  const earned = earn(initialCardsState(spring), 'core_use', dayAt(1))
  const kind = earned.result.kind.id
  const date = Object.keys(earned.state.earnedByActionDay)[0].split('|')[2]
  const back = (s: CardsState, d = date) => withdrawCard(s, { memberId: 'm1', action: 'core_use', date: d })

  test('goes back while held; the day’s card for the action stays used (no second draw at the kinds)', () => {
    const after = back(earned.state)
    expect(after.holdings.m1[kind]).toBe(0)
    expect(() => earn(after, 'core_use', dayAt(1, 15))).toThrow(expect.objectContaining({ code: 'CARD_ALREADY_EARNED_TODAY' }))
    // The next day's card is the next day's.
    expect(Object.values(earn(after, 'core_use', dayAt(2)).state.holdings.m1).reduce((n, c) => n + c, 0)).toBe(1)
  })
  test('a duplicate taken back takes its step off the run of duplicates (the new-kind guarantee is not nearer)', () => {
    const twice = holding(earned.state, 'm1', { [kind]: 2 })
    const run = { ...twice, duplicatesInARow: { m1: 2 } }
    expect(back(run).duplicatesInARow.m1).toBe(1)
    expect(back({ ...earned.state, duplicatesInARow: { m1: 0 } }).duplicatesInARow.m1).toBe(0)
  })
  test('stays when given away, when the set prize is claimed, or when it was another day’s or another action’s', () => {
    const given = holding(earned.state, 'm1', { [kind]: 0 })
    expect(back(given)).toBe(given)
    const claimed = { ...earned.state, setClaimedAt: { m1: '2026-02-18T02:00:00.000Z' } }
    expect(back(claimed)).toBe(claimed)
    expect(back(earned.state, '2026-01-01')).toBe(earned.state)
    expect(withdrawCard(earned.state, { memberId: 'm1', action: 'signin', date })).toBe(earned.state)
  })
})

describe('§2.5 set prize: festival coupon + points pack, exactly once', () => {
  test('incomplete → 422 naming what is missing; complete → the prize; again → 409', () => {
    const partial = holding(initialCardsState(spring), 'a', { aiguo: 3, fuqiang: 1, hexie: 1, youshan: 1 })
    expect(() => claimSetPrize(partial, { campaign: spring, memberId: 'a' }, ctxAt(dayAt(3)))).toThrow(
      expect.objectContaining({ code: 'CARD_SET_INCOMPLETE', status: 422, message: '还差 敬业福 才能集齐', details: { missing: ['jingye'] } }),
    )
    const full = holding(partial, 'a', ALL_ONE)
    const claimed = claimSetPrize(full, { campaign: spring, memberId: 'a' }, ctxAt(dayAt(3)))
    expect(claimed.prize).toEqual({ couponTemplateId: 'festival-spring', points: 200, ref: 'cards-set:spring-cards:a' })
    expect(claimed.state.holdings.a).toEqual(ALL_ONE) // cards are kept
    expect(() => claimSetPrize(claimed.state, { campaign: spring, memberId: 'a' }, ctxAt(dayAt(4)))).toThrow(
      expect.objectContaining({ code: 'CARD_SET_ALREADY_CLAIMED', status: 409 }),
    )
  })
  test('may still be claimed after the campaign ends (the set was completed while it ran)', () => {
    const full = holding(initialCardsState(spring), 'a', ALL_ONE)
    expect(claimSetPrize(full, { campaign: spring, memberId: 'a' }, ctxAt(parseInstant(spring.endsAt) + 86_400_000)).prize.points).toBe(200)
  })

  test('property: under random earn / gift / claim sequences the prize is granted at most once per member', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('earn' as const), m: fc.constantFrom('a', 'b', 'c'), action: fc.constantFrom<CardEarnAction>('signin', 'core_use', 'task', 'share'), share: fc.boolean() }),
      fc.record({ kind: fc.constant('gift' as const), m: fc.constantFrom('a', 'b', 'c'), to: fc.constantFrom('a', 'b', 'c'), card: fc.constantFrom('aiguo', 'fuqiang', 'hexie', 'youshan', 'jingye') }),
      fc.record({ kind: fc.constant('claim' as const), m: fc.constantFrom('a', 'b', 'c') }),
    )
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.tuple(fc.integer({ min: 0, max: 14 }), op), { maxLength: 120 }), (seed, raw) => {
        const rng = seededRng(seed)
        const ops = [...raw].sort((x, y) => x[0] - y[0])
        let s = initialCardsState(spring)
        const granted: Record<string, number> = {}
        for (const [day, o] of ops) {
          const when = dayAt(day)
          try {
            if (o.kind === 'earn') s = earn(s, o.action, when, o.m, rng, o.share).state
            else if (o.kind === 'gift') s = giftCard(s, { campaign: spring, fromMemberId: o.m, toMemberId: o.to, kindId: o.card }, ctxAt(when)).state
            else {
              const r = claimSetPrize(s, { campaign: spring, memberId: o.m }, ctxAt(when))
              s = r.state
              granted[o.m] = (granted[o.m] ?? 0) + 1
            }
          } catch (e) {
            if (!isRuleError(e)) throw e
          }
          for (const counts of Object.values(s.holdings)) for (const n of Object.values(counts)) expect(n).toBeGreaterThanOrEqual(0)
        }
        for (const n of Object.values(granted)) expect(n).toBe(1)
        expect(Object.keys(s.setClaimedAt).sort()).toEqual(Object.keys(granted).sort())
      }),
      { numRuns: 200 },
    )
  })
})

describe('my cards page', () => {
  test('counts, giftable duplicates and the actions left today (share hidden where it earns nothing)', () => {
    let s = initialCardsState(spring)
    s = earn(s, 'signin', dayAt(1), 'm1', () => 0).state
    s = earn(s, 'task', dayAt(1), 'm1', () => 0).state
    const page = myCards(s, spring, 'm1', false, ctxAt(dayAt(1)))
    expect(page.kinds[0]).toEqual({ id: 'aiguo', name: '爱国福', count: 2, giftable: true })
    expect(page).toMatchObject({ collected: 1, total: 5, complete: false, claimed: false, actionsLeftToday: ['core_use', 'invite_registered'] })
  })
})
