import { DEFAULT_RULES_CONFIG, largestCappedAwards, validateRulesConfig, type RulesConfig } from '@/domain/config'

function withChange(change: (c: RulesConfig) => RulesConfig): RulesConfig {
  return change(structuredClone(DEFAULT_RULES_CONFIG))
}

function problemsOf(config: RulesConfig): string[] {
  const r = validateRulesConfig(config)
  return r.ok ? [] : r.problems
}

describe('§2 RulesConfig', () => {
  test('composes every slice under the agreed top-level keys', () => {
    expect(Object.keys(DEFAULT_RULES_CONFIG).sort()).toEqual(
      ['version', 'calendar', 'tiers', 'points', 'signin', 'tasks', 'compliance', 'coupons', 'pricing', 'campaigns', 'lifecycle', 'invite', 'messages', 'metrics', 'mall', 'orders'].sort(),
    )
    expect(DEFAULT_RULES_CONFIG.calendar.offsetMinutes).toBe(480)
  })
  test('the default document is valid', () => {
    expect(validateRulesConfig(DEFAULT_RULES_CONFIG)).toEqual({ ok: true })
  })
  test('the default document survives a JSON round trip (what GET /config serves)', () => {
    expect(validateRulesConfig(JSON.parse(JSON.stringify(DEFAULT_RULES_CONFIG)))).toEqual({ ok: true })
  })
})

describe('§2 validateRulesConfig: precise problems', () => {
  test('tier requirements not increasing', () => {
    const c = withChange((c) => {
      c.tiers.levels[2].requirements[0].min = 80
      return c
    })
    expect(problemsOf(c)).toEqual(["tiers.levels[2].requirements: growth min 80 must be greater than the previous tier's 100 (silver)"])
  })
  test('tier ranks not unique', () => {
    const c = withChange((c) => {
      c.tiers.levels[3].rank = 2
      return c
    })
    expect(problemsOf(c)).toEqual(
      expect.arrayContaining(['tiers.levels[3].rank: duplicate rank 2', "tiers.levels[3].rank: 2 must be greater than the previous tier's 2 (levels are listed in ascending rank)"]),
    )
  })
  test('negative points anywhere', () => {
    const c = withChange((c) => {
      c.points.earningRules.core_use.points = -15
      c.signin.bonuses[0].points = -10
      c.tasks.definitions[0].reward.points = -1
      return c
    })
    expect(problemsOf(c)).toEqual(
      expect.arrayContaining([
        'points.earningRules.core_use.points: must be a non-negative integer, got -15',
        'signin.bonuses[0].points: must be a non-negative integer, got -10',
        'tasks.definitions[0].reward.points: must be a non-negative integer, got -1',
      ]),
    )
  })
  test('day cap below a single capped award (sign-in at the top tier with a ×2 festival and every bonus)', () => {
    const c = withChange((c) => {
      c.points.caps.dayPoints = 60
      return c
    })
    expect(largestCappedAwards(c)[0].points).toBe(15 * 2 + 10 + 30)
    expect(problemsOf(c)).toEqual([
      'points.caps.dayPoints: 60 is below the largest capped single award 70 (signin (top tier base × largest campaign multiplier + all bonuses))',
    ])
  })
  test('month cap below day cap', () => {
    const c = withChange((c) => {
      c.points.caps.monthPoints = 90
      return c
    })
    expect(problemsOf(c)).toContain('points.caps.monthPoints: 90 is below the day cap 100')
  })
  test('share rewards on weapp/alipay without the explicit override', () => {
    const c = withChange((c) => {
      c.compliance.shareRewards.weapp = true
      return c
    })
    expect(problemsOf(c)).toEqual([
      'compliance.shareRewards.weapp: share rewards are switched on for a mini program without compliance.allowShareRewardsOnMiniPrograms (WeChat 运营规范 5.1 forbids rewarding shares)',
    ])
    const overridden = withChange((c) => {
      c.compliance.shareRewards.weapp = true
      c.compliance.allowShareRewardsOnMiniPrograms = true
      return c
    })
    expect(validateRulesConfig(overridden)).toEqual({ ok: true })
  })
  test('expiry months < 1 and a negative make-up limit', () => {
    const c = withChange((c) => {
      c.points.expiryMonths = 0
      c.signin.makeup.maxPerMonth = -1
      return c
    })
    expect(problemsOf(c)).toEqual([
      'points.expiryMonths: must be an integer ≥ 1, got 0',
      'signin.makeup.maxPerMonth: must be a non-negative integer, got -1',
    ])
  })
  test('references across slices: coupon templates, follow-up tasks, campaigns', () => {
    const c = withChange((c) => {
      c.signin.bonuses[1].couponTemplateId = 'nope'
      c.signin.followUpTasks = ['ghost-task']
      c.tasks.definitions.find((d) => d.kind === 'campaign')!.campaignId = 'gone'
      c.lifecycle.winbackCouponTemplateId = 'missing'
      return c
    })
    expect(problemsOf(c)).toEqual(
      expect.arrayContaining([
        'signin.bonuses[1].couponTemplateId: unknown coupon template "nope"',
        'signin.followUpTasks[0]: unknown task "ghost-task"',
        'tasks.definitions[9].campaignId: unknown campaign "gone"',
        'lifecycle.winbackCouponTemplateId: unknown coupon template "missing"',
      ]),
    )
  })
  test('settings two slices must agree on: point value and newcomer days', () => {
    const c = withChange((c) => {
      c.pricing.pointValueFen = 1
      c.tasks.newcomerDays = 14
      return c
    })
    expect(problemsOf(c)).toEqual([
      'pricing.pointValueFen: 1 must equal points.pointValueFen 10 (one point has one value)',
      'tasks.newcomerDays: 14 must equal lifecycle.newcomerDays 7',
    ])
  })
  test('problems from the other slices are included', () => {
    const c = withChange((c) => {
      c.coupons.expiringSoonDays = -1
      c.version = 0
      return c
    })
    const problems = problemsOf(c)
    expect(problems).toContain('version: must be a positive integer, got 0')
    expect(problems.some((p) => p.startsWith('coupons.expiringSoonDays'))).toBe(true)
  })
  test('a slice so malformed its validator throws is reported, not fatal', () => {
    const c = withChange((c) => {
      const broken = c as unknown as { tiers: unknown }
      broken.tiers = { levels: [null] }
      return c
    })
    expect(problemsOf(c).some((p) => p.startsWith('tiers'))).toBe(true)
  })
})

describe('§2 mall and orders slices', () => {
  test('a mall item naming an unknown coupon, a duplicate id, a negative stock, a free price and a zero voucher validity are each named', () => {
    const items = [...DEFAULT_RULES_CONFIG.mall.items]
    items[0] = { ...items[0], couponTemplateId: 'no-such-template' }
    items[1] = { ...items[1], id: items[2].id }
    items[3] = { ...items[3], initialStock: -1 }
    items[4] = { ...items[4], pointsPrice: 0 }
    const r = validateRulesConfig({ ...DEFAULT_RULES_CONFIG, mall: { items, voucherValidDays: 0 } })
    expect(r.ok).toBe(false)
    const problems = r.ok ? [] : r.problems
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mall\.items\[0\]\.couponTemplateId: unknown coupon template/),
        expect.stringMatching(/^mall\.items\[2\]\.id: .* used twice/),
        expect.stringMatching(/^mall\.items\[3\]\.initialStock/),
        'mall.items[4].pointsPrice: must be an integer ≥ 1, got 0',
        expect.stringMatching(/^mall\.voucherValidDays/),
      ]),
    )
  })

  test('order rules: a refund window and a pending-order expiry in range', () => {
    const r = validateRulesConfig({ ...DEFAULT_RULES_CONFIG, orders: { refundWindowDays: -1, pendingExpiryMinutes: 0 } })
    expect(r.ok ? [] : r.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^orders\.refundWindowDays/), expect.stringMatching(/^orders\.pendingExpiryMinutes/)]))
  })
})

describe('the rules document has the types of its defaults', () => {
  test('values no slice reads are refused at their field when null, of another type, missing or beyond ten years', () => {
    const bad = withChange((c) => {
      const d = c as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
      d.tiers.levels[0].requirements = null
      d.tiers.retentionMonths = 1e308
      d.points.reminderDaysBefore = null
      d.signin.bonuses = null
      d.messages.templates[0].platformTemplateIds = null
      d.metrics.liftWindowDays = 1e9
      d.campaigns.find((x: { type: string }) => x.type === 'lottery').lottery.prizes[0].weight = '3'
      delete d.orders.pendingExpiryMinutes
      return c
    })
    const problems = problemsOf(bad)
    const lottery = DEFAULT_RULES_CONFIG.campaigns.findIndex((x) => x.type === 'lottery')
    for (const path of [
      'tiers.levels[0].requirements',
      'tiers.retentionMonths',
      'points.reminderDaysBefore',
      'signin.bonuses',
      'messages.templates[0].platformTemplateIds',
      'metrics.liftWindowDays',
      `campaigns[${lottery}].lottery.prizes[0].weight`,
      'orders.pendingExpiryMinutes',
    ]) {
      expect(problems.filter((p) => p.startsWith(`${path}: `))).toHaveLength(1)
    }
    // A slice that threw on a value of the wrong type gives way to the field that caused it.
    expect(problems.filter((p) => p.includes('malformed'))).toEqual([])
  })

  test('a span under a bare unit key (validity.days, a plan\'s months) is held to ten years, and no amount or stock exceeds what SQL stores', () => {
    const bad = withChange((c) => {
      const d = c as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
      d.coupons.templates[0].validity.days = 5_000_000
      d.tiers.paidPlans[0].months = 100_000
      d.campaigns.find((x: { type: string }) => x.type === 'lottery').lottery.prizes[0].stock = 1e15
      d.mall.items[0].initialStock = 2_147_483_648
      return c
    })
    const problems = problemsOf(bad)
    const lottery = DEFAULT_RULES_CONFIG.campaigns.findIndex((x) => x.type === 'lottery')
    expect(problems).toEqual(
      expect.arrayContaining([
        'coupons.templates[0].validity.days: must be at most 3660, got 5000000',
        'tiers.paidPlans[0].months: must be at most 120, got 100000',
        `campaigns[${lottery}].lottery.prizes[0].stock: must be at most 1000000000, got 1000000000000000`,
        'mall.items[0].initialStock: must be at most 1000000000, got 2147483648',
      ]),
    )
    // Ten years itself is allowed.
    const tenYears = withChange((c) => ({ ...c, coupons: { ...c.coupons, templates: [{ ...c.coupons.templates[0], validity: { kind: 'days', days: 3660 } }, ...c.coupons.templates.slice(1)] } }))
    expect(validateRulesConfig(tenYears)).toEqual({ ok: true })
  })

  test('what the defaults allow passes: a prize without a stock limit, optional reminder hours left out, a rate per month', () => {
    const ok = withChange((c) => {
      const d = c as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
      const lottery = d.campaigns.find((x: { type: string }) => x.type === 'lottery')
      for (const p of lottery.lottery.prizes) p.stock = null
      delete d.messages.signinReminderHour
      d.tiers.levels.at(-1).freeServicesPerMonth = 200
      d.tiers.levels.at(-1).benefits = d.tiers.levels.at(-1).benefits.map((l: string) => l.replace(/每月 \d+ 次/, '每月 200 次'))
      return c
    })
    expect(validateRulesConfig(ok)).toEqual({ ok: true })
  })
})
