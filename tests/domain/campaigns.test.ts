import { DEFAULT_CALENDAR_RULES, parseInstant } from '@/domain/calendar'
import { contrastRatio, softTintOf } from '@/domain/contrast'
import {
  DEFAULT_CAMPAIGNS,
  activeSigninMultiplier,
  activeTheme,
  campaignEntry,
  campaignStatus,
  isEligible,
  leaderboardPrizeAfterRefund,
  leaderboardResults,
  leaderboardStandings,
  maskNickname,
  runningCampaignsFor,
  seedCampaigns,
  validateCampaigns,
  visibleCampaignsFor,
  isRetired,
  type CampaignConfig,
  type CampaignDefinition,
  type CampaignMember,
} from '@/domain/campaigns'
import type { Ctx } from '@/domain/context'
import { DEFAULT_COUPON_RULES } from '@/domain/coupons'
import { DEFAULT_LIFECYCLE_RULES } from '@/domain/lifecycle'
import fc from 'fast-check'

const config: CampaignConfig = { calendar: DEFAULT_CALENDAR_RULES, lifecycle: DEFAULT_LIFECYCLE_RULES }
const ctxAt = (iso: string): Pick<Ctx<CampaignConfig>, 'now' | 'config'> => ({ now: parseInstant(iso), config })
const couponTemplateIds = DEFAULT_COUPON_RULES.templates.map((t) => t.id)

const member = (over: Partial<CampaignMember> = {}): CampaignMember => ({
  memberId: 'm1',
  tierRank: 0,
  registeredAt: '2025-01-01T00:00:00Z',
  lastDormancyEndedAt: null,
  segments: [],
  ...over,
})

const festival = (over: Partial<CampaignDefinition> = {}): CampaignDefinition => ({
  id: 'f1',
  type: 'festival',
  name: '中秋',
  description: '',
  startsAt: '2026-09-20T20:00:00+08:00',
  endsAt: '2026-09-27T00:00:00+08:00',
  audience: { kind: 'all' },
  theme: { key: 'midautumn', primaryColor: '#8f5500', bannerTitle: '中秋团圆' },
  ...over,
})

describe('§2.5 schedule: half-open window in business time', () => {
  const c = festival()
  test('upcoming until startsAt, running from startsAt, ended at endsAt', () => {
    expect(campaignStatus(c, parseInstant('2026-09-20T11:59:59.999Z'))).toBe('upcoming')
    expect(campaignStatus(c, parseInstant('2026-09-20T12:00:00Z'))).toBe('running')
    expect(campaignStatus(c, parseInstant('2026-09-26T15:59:59.999Z'))).toBe('running')
    expect(campaignStatus(c, parseInstant('2026-09-26T16:00:00Z'))).toBe('ended')
  })
})

describe('§2.1/§2.5 priority campaigns: gold+ may enter 1 hour early', () => {
  const c = festival({ priority: true })
  test('a gold member (60 early minutes) at 19:00 may enter; at 18:59:59.999 not yet', () => {
    const gold = member({ tierRank: 2 })
    expect(isEligible(c, gold, 60, ctxAt('2026-09-20T11:00:00Z'))).toBe(true)
    expect(campaignEntry(c, gold, 60, ctxAt('2026-09-20T11:00:00Z'))).toMatchObject({ inEarlyAccess: true, opensAt: '2026-09-20T11:00:00.000Z' })
    expect(isEligible(c, gold, 60, ctxAt('2026-09-20T10:59:59.999Z'))).toBe(false)
  })
  test('a normal member (0 early minutes) waits for 20:00', () => {
    expect(isEligible(c, member(), 0, ctxAt('2026-09-20T11:30:00Z'))).toBe(false)
    expect(isEligible(c, member(), 0, ctxAt('2026-09-20T12:00:00Z'))).toBe(true)
  })
  test('early minutes do nothing for a campaign that is not priority', () => {
    expect(isEligible(festival(), member({ tierRank: 2 }), 60, ctxAt('2026-09-20T11:30:00Z'))).toBe(false)
  })
})

describe('§2.5 audience: all, new, dormant, tier ≥ X, segment', () => {
  const now = '2026-09-22T04:00:00Z' // 2026-09-22 business
  test('new: a newcomer (registered within 7 business days) only', () => {
    const c = festival({ audience: { kind: 'new' } })
    expect(isEligible(c, member({ registeredAt: '2026-09-16T04:00:00Z' }), 0, ctxAt(now))).toBe(true) // day 7
    expect(isEligible(c, member({ registeredAt: '2026-09-15T04:00:00Z' }), 0, ctxAt(now))).toBe(false) // day 8
  })
  test('dormant: came back from a dormancy while the campaign runs', () => {
    const c = festival({ audience: { kind: 'dormant' } })
    expect(isEligible(c, member({ lastDormancyEndedAt: '2026-09-21T04:00:00Z' }), 0, ctxAt(now))).toBe(true)
    expect(isEligible(c, member({ lastDormancyEndedAt: '2026-09-19T04:00:00Z' }), 0, ctxAt(now))).toBe(false)
    expect(isEligible(c, member(), 0, ctxAt(now))).toBe(false)
  })
  test('tier: rank at least minTierRank', () => {
    const c = festival({ audience: { kind: 'tier', minTierRank: 2 } })
    expect(isEligible(c, member({ tierRank: 1 }), 0, ctxAt(now))).toBe(false)
    expect(isEligible(c, member({ tierRank: 2 }), 0, ctxAt(now))).toBe(true)
  })
  test('segment narrows any audience', () => {
    const c = festival({ audience: { kind: 'all', segment: 'coffee-lovers' } })
    expect(isEligible(c, member(), 0, ctxAt(now))).toBe(false)
    expect(isEligible(c, member({ segments: ['coffee-lovers'] }), 0, ctxAt(now))).toBe(true)
  })
  test('exclusive (diamond-only) campaigns are hidden from everyone else', () => {
    const exclusive = festival({ id: 'vip', audience: { kind: 'tier', minTierRank: 3 }, exclusive: true })
    const locked = festival({ id: 'gold', audience: { kind: 'tier', minTierRank: 2 } })
    const ids = (m: CampaignMember) => visibleCampaignsFor([exclusive, locked], m, 0, ctxAt(now)).map((x) => x.campaign.id)
    expect(ids(member({ tierRank: 1 }))).toEqual(['gold'])
    expect(ids(member({ tierRank: 3 }))).toEqual(['gold', 'vip'])
    expect(runningCampaignsFor([exclusive, locked], member({ tierRank: 2 }), 60, ctxAt(now)).map((c) => c.id)).toEqual(['gold'])
  })
})

describe('§2.5 an ended campaign stays listed 31 days with the member\'s results, then retires', () => {
  test('listed on day 31 after the end, gone on day 32', () => {
    const c = festival()
    const after = (days: number) => parseInstant('2026-09-26T16:00:00Z') + days * 86_400_000
    expect(visibleCampaignsFor([c], member(), 0, ctxAt(new Date(after(31)).toISOString())).map((x) => x.entry.status)).toEqual(['ended'])
    expect(isRetired(c, after(31))).toBe(false)
    expect(visibleCampaignsFor([c], member(), 0, ctxAt(new Date(after(31) + 1).toISOString()))).toEqual([])
    expect(isRetired(c, after(31) + 1)).toBe(true)
  })
})

describe('§2.5 festival themes and the sign-in multiplier', () => {
  const cards = DEFAULT_CAMPAIGNS.find((c) => c.id === 'spring-cards') as CampaignDefinition
  test('the Spring Festival theme and ×2 apply while the campaign runs, not before or after', () => {
    const during = ctxAt('2026-02-18T04:00:00Z')
    expect(activeTheme(DEFAULT_CAMPAIGNS, member(), during)).toEqual(cards.theme)
    expect(activeTheme(DEFAULT_CAMPAIGNS, null, during)?.key).toBe('spring')
    expect(activeSigninMultiplier(DEFAULT_CAMPAIGNS, member(), 0, during)).toBe(2)
    const after = ctxAt(cards.endsAt)
    expect(activeTheme(DEFAULT_CAMPAIGNS, member(), after)).toBeNull()
    expect(activeSigninMultiplier(DEFAULT_CAMPAIGNS, member(), 0, after)).toBe(1)
  })
  test('of two running themed campaigns the one that started last wins', () => {
    const a = festival({ id: 'a', startsAt: '2026-09-01T00:00:00+08:00', theme: { key: 'national', primaryColor: '#cc0000', bannerTitle: '国庆' } })
    const b = festival({ id: 'b' })
    expect(activeTheme([a, b], member(), ctxAt('2026-09-22T04:00:00Z'))?.key).toBe('midautumn')
    expect(activeTheme([a, b], member(), ctxAt('2026-09-10T04:00:00Z'))?.key).toBe('national')
  })
})

describe('§2.5 default campaigns', () => {
  test('are valid against the default coupon templates', () => {
    expect(validateCampaigns(DEFAULT_CAMPAIGNS, { couponTemplateIds })).toEqual([])
  })
  test('seeded around any clock: a running lottery and cards campaign, an ended leaderboard, always valid', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }), (now) => {
        const seeded = seedCampaigns(now)
        expect(validateCampaigns(seeded, { couponTemplateIds })).toEqual([])
        const status = Object.fromEntries(seeded.map((c) => [c.id, campaignStatus(c, now)]))
        expect(status['lucky-wheel']).toBe('running')
        expect(status['spring-cards']).toBe('running')
        expect(status['points-race']).toBe('ended')
      }),
    )
  })
  test('lottery defaults: 1 free draw a day, then 20 points, at most 3', () => {
    const wheel = DEFAULT_CAMPAIGNS.find((c) => c.id === 'lucky-wheel')
    expect(wheel?.lottery).toMatchObject({ freeDrawsPerDay: 1, paidDrawCostPoints: 20, maxDrawsPerDay: 3 })
  })
  test('no "100% 中奖" wording anywhere in the defaults', () => {
    expect(JSON.stringify(DEFAULT_CAMPAIGNS)).not.toMatch(/100\s*%|必中/)
  })
})

describe('§2.5 validateCampaigns', () => {
  const lottery = (id: string, startsAt: string, endsAt: string, over: Partial<CampaignDefinition> = {}): CampaignDefinition => ({
    id,
    type: 'lottery',
    name: id,
    description: '',
    startsAt,
    endsAt,
    audience: { kind: 'all' },
    lottery: {
      freeDrawsPerDay: 1,
      paidDrawCostPoints: 20,
      maxDrawsPerDay: 3,
      prizes: [
        { id: 'p', name: '10 积分', kind: 'points', points: 10, weight: 1, stock: 5 },
        { id: 'e', name: '谢谢参与', kind: 'empty', weight: 1, stock: null },
      ],
    },
    ...over,
  })

  test('a start or an end on a day that does not exist is refused at its field, not read as another day', () => {
    expect(validateCampaigns([lottery('x', '2026-02-30T00:00:00+08:00', '2026-03-10T24:00:00+08:00')])).toEqual([
      'campaigns[0].startsAt: must be an ISO instant, got "2026-02-30T00:00:00+08:00"',
      'campaigns[0].endsAt: must be an ISO instant, got "2026-03-10T24:00:00+08:00"',
    ])
  })

  test('cadence: a third campaign overlapping two others for the same audience is refused, precisely', () => {
    const list = [
      lottery('a', '2026-05-01T00:00:00+08:00', '2026-05-10T00:00:00+08:00'),
      lottery('b', '2026-05-05T00:00:00+08:00', '2026-05-15T00:00:00+08:00'),
      lottery('c', '2026-05-09T00:00:00+08:00', '2026-05-20T00:00:00+08:00'),
    ]
    expect(validateCampaigns(list)).toEqual([
      'campaigns[2] ("c"): audience all would have 3 campaigns running at once from 2026-05-08T16:00:00.000Z (with "a" (a), "b" (b)); at most 2 may overlap per audience',
    ])
  })
  test('cadence: back-to-back (end == start) does not overlap; other audiences do not count', () => {
    const list = [
      lottery('a', '2026-05-01T00:00:00+08:00', '2026-05-10T00:00:00+08:00'),
      lottery('b', '2026-05-05T00:00:00+08:00', '2026-05-15T00:00:00+08:00'),
      lottery('c', '2026-05-10T00:00:00+08:00', '2026-05-20T00:00:00+08:00'),
      lottery('d', '2026-05-06T00:00:00+08:00', '2026-05-08T00:00:00+08:00', { audience: { kind: 'tier', minTierRank: 2 } }),
    ]
    expect(validateCampaigns(list)).toEqual([])
  })
  test('cadence: a tier audience from the lowest tier on is everyone — the same audience as all', () => {
    const list = [
      lottery('a', '2026-05-01T00:00:00+08:00', '2026-05-10T00:00:00+08:00'),
      lottery('b', '2026-05-05T00:00:00+08:00', '2026-05-15T00:00:00+08:00'),
      lottery('c', '2026-05-09T00:00:00+08:00', '2026-05-20T00:00:00+08:00', { audience: { kind: 'tier', minTierRank: 0 } }),
    ]
    expect(validateCampaigns(list, { lowestTierRank: 0 })).toEqual([
      'campaigns[2] ("c"): audience all would have 3 campaigns running at once from 2026-05-08T16:00:00.000Z (with "a" (a), "b" (b)); at most 2 may overlap per audience',
    ])
    // From the second tier on, it is an audience of its own.
    expect(validateCampaigns([list[0], list[1], { ...list[2], audience: { kind: 'tier', minTierRank: 1 } }], { lowestTierRank: 0 })).toEqual([])
  })
  test('a leaderboard ranks every member: its audience is all, without a segment', () => {
    const board = (audience: CampaignDefinition['audience']): CampaignDefinition => ({
      ...lottery('race', '2026-05-01T00:00:00+08:00', '2026-05-10T00:00:00+08:00'),
      type: 'leaderboard',
      audience,
      lottery: undefined,
      leaderboard: { topN: 3, prizes: [{ rankFrom: 1, rankTo: 3, points: 100 }] },
    })
    expect(validateCampaigns([board({ kind: 'all' })])).toEqual([])
    for (const audience of [{ kind: 'tier', minTierRank: 3 }, { kind: 'new' }, { kind: 'all', segment: 'vip' }] as const) {
      expect(validateCampaigns([board(audience)])).toEqual([
        "campaigns[0].audience: a leaderboard ranks every member's points, so its audience must be 'all' without a segment",
      ])
    }
  })
  test('a coupon prize must be issuable as long as the campaign gives it: a lottery and cards while they run, a leaderboard when it settles', () => {
    const couponPrize = { id: 'c', name: '¥10 券', kind: 'coupon' as const, couponTemplateId: 'd11', weight: 1, stock: null }
    const draw = lottery('wheel', '2026-11-01T00:00:00+08:00', '2026-11-12T00:00:00+08:00', { lottery: { ...lottery('x', '', '').lottery!, prizes: [couponPrize] } })
    const board: CampaignDefinition = { ...draw, id: 'race', type: 'leaderboard', lottery: undefined, leaderboard: { topN: 3, prizes: [{ rankFrom: 1, rankTo: 3, couponTemplateId: 'd11' }] } }
    // The lottery's last day is 11-11; the leaderboard settles as it ends, on 11-12.
    expect(validateCampaigns([draw], { couponLastDays: { d11: '2026-11-11' } })).toEqual([])
    expect(validateCampaigns([draw], { couponLastDays: { d11: '2026-11-10' } })).toEqual([
      'campaigns[0].lottery.prizes[0].couponTemplateId: coupon template "d11" can be issued until 2026-11-10, but the campaign gives it until 2026-11-11; extend its dates or choose another',
    ])
    expect(validateCampaigns([board], { couponLastDays: { d11: '2026-11-12' } })).toEqual([])
    expect(validateCampaigns([board], { couponLastDays: { d11: '2026-11-11' } })).toEqual([
      'campaigns[0].leaderboard.prizes[0].couponTemplateId: coupon template "d11" can be issued until 2026-11-11, but the campaign gives it until 2026-11-12; extend its dates or choose another',
    ])
  })
  test('end after start, prize weights positive integers, stock ≥ 0 or unlimited', () => {
    const bad = lottery('a', '2026-05-10T00:00:00+08:00', '2026-05-10T00:00:00+08:00', {
      lottery: {
        freeDrawsPerDay: 4,
        paidDrawCostPoints: 20,
        maxDrawsPerDay: 3,
        prizes: [
          { id: 'p', name: '10 积分', kind: 'points', points: 10, weight: 0, stock: -1 },
          { id: 'q', name: '100%中奖', kind: 'coupon', couponTemplateId: 'ghost', weight: 1.5, stock: null },
        ],
      },
    })
    expect(validateCampaigns([bad], { couponTemplateIds })).toEqual([
      'campaigns[0].endsAt: 2026-05-10T00:00:00+08:00 must be after startsAt 2026-05-10T00:00:00+08:00',
      'campaigns[0].lottery.freeDrawsPerDay: 4 must not exceed maxDrawsPerDay 3',
      'campaigns[0].lottery.prizes[0].weight: must be a positive integer, got 0',
      'campaigns[0].lottery.prizes[0].stock: must be an integer ≥ 0 or null (unlimited), got -1',
      'campaigns[0].lottery.prizes[1].name: must not claim a guaranteed win ("100% 中奖")',
      'campaigns[0].lottery.prizes[1].weight: must be a positive integer, got 1.5',
      'campaigns[0].lottery.prizes[1].couponTemplateId: unknown coupon template "ghost"',
    ])
  })
  test('cards must be completable without sharing within the campaign', () => {
    const cards = DEFAULT_CAMPAIGNS.find((c) => c.id === 'spring-cards') as CampaignDefinition
    const short = { ...cards, endsAt: new Date(parseInstant(cards.startsAt) + 12 * 86_400_000).toISOString() } // 12 business days
    expect(validateCampaigns([short])).toEqual([
      'campaigns[0].cards.guaranteedNewKindEvery: with 5 kinds a member earning one card a day may need 13 days, but the campaign spans 12 business days; lower it or lengthen the campaign',
    ])
    const shareOnly = { ...cards, cards: { ...(cards.cards as NonNullable<CampaignDefinition['cards']>), earnActions: ['share' as const] } }
    expect(validateCampaigns([shareOnly])).toEqual([
      'campaigns[0].cards.earnActions: must include an action other than "share" (the set must be completable without sharing)',
    ])
  })
  test('structure: audience, exclusive, theme, multiplier, mechanics', () => {
    const problems = validateCampaigns([
      festival({ id: 'x', audience: { kind: 'tier' }, signinMultiplier: 1.5, theme: { key: 'spring', primaryColor: 'red', bannerTitle: '' } }),
      festival({ id: 'x', exclusive: true, theme: undefined, leaderboard: { topN: 10, prizes: [] } }),
    ])
    expect(problems).toEqual([
      "campaigns[0].audience.minTierRank: a 'tier' audience needs an integer rank ≥ 0, got undefined",
      "campaigns[0].theme.primaryColor: must be '#rrggbb', got \"red\"",
      'campaigns[0].theme.bannerTitle: must be a non-empty zh-CN title',
      'campaigns[0].signinMultiplier: must be an integer between 1 and 10, got 1.5',
      'campaigns[1].id: duplicate campaign id "x"',
      "campaigns[1].exclusive: an exclusive campaign needs a 'tier' audience (e.g. minTierRank 3 for diamond)",
      'campaigns[1].theme: a festival campaign needs a theme',
      "campaigns[1].leaderboard: only a 'leaderboard' campaign may carry leaderboard rules",
    ])
  })
  test('theme colour: white text on it and it as text on its light tint reach 4.5:1 (the demo themes do)', () => {
    const themed = (primaryColor: string) => festival({ id: 'x', theme: { key: 'national', primaryColor, bannerTitle: '国庆' } })
    expect(validateCampaigns([themed('#e8453c')])).toEqual([
      'campaigns[0].theme.primaryColor: white text on #e8453c has contrast 3.93:1, below 4.5:1 (WCAG 2.1 AA); choose a darker colour',
    ])
    expect(validateCampaigns([themed('#d7261e')])).toEqual([
      'campaigns[0].theme.primaryColor: #d7261e text on its light tint #fae5e4 has contrast 4.16:1, below 4.5:1 (WCAG 2.1 AA); choose a darker colour',
    ])
    expect(validateCampaigns([themed('#c41d16')])).toEqual([])
    for (const c of DEFAULT_CAMPAIGNS.filter((d) => d.theme)) {
      expect(contrastRatio(c.theme!.primaryColor, '#ffffff')).toBeGreaterThanOrEqual(4.5)
      expect(contrastRatio(c.theme!.primaryColor, softTintOf(c.theme!.primaryColor))).toBeGreaterThanOrEqual(4.5)
    }
    // The measured pairs of issue 12.
    expect(contrastRatio('#8f959e', '#ffffff')).toBeCloseTo(3.0, 1)
    expect(contrastRatio('#646a73', '#ffffff')).toBeCloseTo(5.45, 2)
  })
  test('leaderboard prizes: ranks within topN, no rank twice', () => {
    const race = DEFAULT_CAMPAIGNS.find((c) => c.id === 'points-race') as CampaignDefinition
    const bad = { ...race, leaderboard: { topN: 5, prizes: [{ rankFrom: 1, rankTo: 3, points: 10 }, { rankFrom: 3, rankTo: 6, points: 5 }, { rankFrom: 1, rankTo: 1 }] } }
    expect(validateCampaigns([bad])).toEqual([
      'campaigns[0].leaderboard.prizes[1].rankTo: 6 is beyond topN 5',
      'campaigns[0].leaderboard.prizes[1]: rank 3 already has a prize',
      'campaigns[0].leaderboard.prizes[2]: rank 1 already has a prize',
      'campaigns[0].leaderboard.prizes[2]: needs points or a couponTemplateId',
    ])
    // Ranges are compared as ranges: a range of a trillion ranks (one typed 0 too many) is checked at once.
    const wide = { ...race, leaderboard: { topN: 10 ** 12, prizes: [{ rankFrom: 4, rankTo: 10 ** 12, points: 1 }, { rankFrom: 1, rankTo: 10 ** 11, points: 2 }] } }
    expect(validateCampaigns([wide])).toEqual(['campaigns[0].leaderboard.prizes[1]: rank 4 already has a prize'])
  })
})

describe('§2.5 leaderboard: points earned in the window, top 10, published at the end', () => {
  const race: CampaignDefinition = {
    ...(DEFAULT_CAMPAIGNS.find((c) => c.id === 'points-race') as CampaignDefinition),
    startsAt: '2026-06-01T00:00:00+08:00',
    endsAt: '2026-06-15T00:00:00+08:00',
  }
  const entries = [
    { memberId: 'a', amount: 50, at: '2026-05-31T15:59:59Z' }, // before the window (23:59:59 business on 05-31)
    { memberId: 'a', amount: 30, at: '2026-05-31T16:00:00Z' },
    { memberId: 'b', amount: 30, at: '2026-06-02T00:00:00Z' },
    { memberId: 'c', amount: 45, at: '2026-06-03T00:00:00Z' },
    { memberId: 'c', amount: -10, at: '2026-06-04T00:00:00Z' }, // refund reversal
    { memberId: 'd', amount: 99, at: '2026-06-14T16:00:00Z' }, // after the end
  ]
  const names = { a: '张三丰', b: '小明', c: 'Eve' }
  test('standings: ties go to whoever reached the total first', () => {
    expect(leaderboardStandings(race, entries, names)).toEqual([
      { rank: 1, memberId: 'c', nickname: 'E*e', points: 35 },
      { rank: 2, memberId: 'a', nickname: '张*丰', points: 30 },
      { rank: 3, memberId: 'b', nickname: '小*', points: 30 },
    ])
  })
  test('results only after the end, with the configured prizes', () => {
    expect(() => leaderboardResults(race, entries, names, ctxAt('2026-06-14T15:59:59Z'))).toThrow(
      expect.objectContaining({ code: 'LEADERBOARD_NOT_ENDED', status: 422 }),
    )
    const { awards } = leaderboardResults(race, entries, names, ctxAt('2026-06-14T16:00:00Z'))
    expect(awards).toEqual([
      { rank: 1, memberId: 'c', points: 500, couponTemplateId: null, ref: 'leaderboard:points-race:1' },
      { rank: 2, memberId: 'a', points: 300, couponTemplateId: null, ref: 'leaderboard:points-race:2' },
      { rank: 3, memberId: 'b', points: 300, couponTemplateId: null, ref: 'leaderboard:points-race:3' },
    ])
  })
  test('a refund after the results: the winner’s prize for the score left, among the others as published', () => {
    // The others as published: 331, 316, 190 and seven more down to 20 (the top 10 without the member).
    const others = [331, 316, 190, 150, 120, 90, 60, 50, 40, 20].map((points) => ({ points }))
    expect(leaderboardPrizeAfterRefund(race, 400, others)).toEqual({ rank: 1, points: 500, couponTemplateId: null })
    expect(leaderboardPrizeAfterRefund(race, 320, others)).toEqual({ rank: 2, points: 300, couponTemplateId: null })
    // A tie goes to the other member: at 316 the member is third, at 190 fourth.
    expect(leaderboardPrizeAfterRefund(race, 316, others)).toEqual({ rank: 3, points: 300, couponTemplateId: null })
    expect(leaderboardPrizeAfterRefund(race, 190, others)).toEqual({ rank: 4, points: 100, couponTemplateId: null })
    // Below the top 10, or nothing left: no prize.
    expect(leaderboardPrizeAfterRefund(race, 20, others)).toEqual({ rank: null, points: 0, couponTemplateId: null })
    expect(leaderboardPrizeAfterRefund(race, 0, [])).toEqual({ rank: null, points: 0, couponTemplateId: null })
    expect(leaderboardPrizeAfterRefund(race, 5, [])).toEqual({ rank: 1, points: 500, couponTemplateId: null })
    // A rank whose prize is a coupon says which: the caller takes back a coupon that rank does not give.
    const withCoupon = { ...race, leaderboard: { ...race.leaderboard!, prizes: [{ rankFrom: 1, rankTo: 1, points: 500, couponTemplateId: 'mall-10' }, ...race.leaderboard!.prizes.slice(1)] } }
    expect(leaderboardPrizeAfterRefund(withCoupon, 400, others)).toEqual({ rank: 1, points: 500, couponTemplateId: 'mall-10' })
    expect(leaderboardPrizeAfterRefund(withCoupon, 320, others)).toEqual({ rank: 2, points: 300, couponTemplateId: null })
  })
  test('maskNickname', () => {
    expect(maskNickname('张三丰')).toBe('张*丰')
    expect(maskNickname('小明')).toBe('小*')
    expect(maskNickname('王')).toBe('*')
    expect(maskNickname('欧阳娜娜娜娜娜')).toBe('欧****娜')
  })
})
