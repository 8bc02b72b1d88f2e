/**
 * Member tiers (SPEC §2.1): what each tier requires and grants, which tier a member holds (earned, paid,
 * operator grant, trial — the highest valid one wins), progress towards the next tier, 12-month retention
 * with a bounded drop at re-evaluation, and paid plans.
 *
 * Metrics window: every function that takes `MemberMetrics` expects the rolling window of the last
 * `retentionMonths` months (the mock keeps dated metric entries). Lifetime totals would make a member
 * who was dropped at re-evaluation re-upgrade immediately, defeating retention.
 */
import { campaignTaskDoubleWords, durationWords, freeServiceBenefitWords } from './benefit-words'
import { addDays, addMonths, businessDateOf, daysBetween, lastDayOfMonth, monthOf, type BusinessDate, type CalendarRules } from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import { isRuleId, optionalTextProblem, RULE_ID_PROBLEM, SENTENCE_MAX, textProblem } from './rule-text'

export type TierMetric = 'growth' | 'spendFen' | 'orders' | 'activeDays' | 'signinDays' | 'tasksCompleted' | 'shares'

export const TIER_METRICS: readonly TierMetric[] = [
  'growth',
  'spendFen',
  'orders',
  'activeDays',
  'signinDays',
  'tasksCompleted',
  'shares',
]

export interface TierRequirement {
  metric: TierMetric
  min: number
}

export interface TierDefinition {
  id: string
  name: string
  /** normal 0, silver 1, gold 2, diamond 3; unique, ascending in `levels`. */
  rank: number
  /** All must hold. The lowest tier has none (everyone holds it). */
  requirements: TierRequirement[]
  /** 100 = no discount, 98 = 9.8折. */
  discountPercent: number
  freeServicesPerMonth: number
  /** zh-CN benefit lines, shown as they are. */
  benefits: string[]
  signinBasePoints: number
  /** Integer percent applied to the weight of non-empty lottery prizes (120 = ×1.2). */
  lotteryWeightPercent: number
  earlyAccessMinutes: number
  campaignTaskDoublePoints: boolean
}

export interface PaidPlan {
  id: string
  name: string
  priceFen: number
  months: number
  /** The plan grants at least this tier while it runs. */
  tierId: string
}

export interface TierRules {
  /** Ascending by rank. */
  levels: TierDefinition[]
  retentionMonths: number
  /** How many tiers a re-evaluation may drop at most (position in `levels`, not rank arithmetic). */
  maxDropOnReevaluation: number
  paidPlans: PaidPlan[]
  /** What a tier's monthly free service is (`freeServicesPerMonth`); absent: DEFAULT_FREE_SERVICE. */
  freeService?: FreeService
}

/** The brand's monthly free service: a member takes one as a voucher the counter uses (核销). */
export interface FreeService {
  /** Absent or blank: DEFAULT_FREE_SERVICE's name (the console's 未填写时为「会员月度免费饮品」). */
  name?: string
  description?: string
}

export const DEFAULT_FREE_SERVICE: Required<FreeService> = { name: '会员月度免费饮品', description: '到店出示核销码，兑换任意中杯饮品一杯' }

export interface FreeServiceStatus extends Required<FreeService> {
  /** The member's effective tier's allowance this business month. */
  perMonth: number
  used: number
  left: number
  /** The last day a voucher taken now can be used: the month's last day (an allowance does not carry over). */
  validTo: BusinessDate
}

/** The brand's free service as members read it (the default when the rules name none). */
export function freeServiceOf(rules: TierRules): Required<FreeService> {
  const service = rules.freeService ?? DEFAULT_FREE_SERVICE
  const named = typeof service.name === 'string' && service.name.trim() !== ''
  return { name: named ? (service.name as string) : DEFAULT_FREE_SERVICE.name, description: service.description ?? '' }
}

/** This month's free services of a member whose effective tier is `tier`, having taken `used` this month. */
export function freeServiceStatus(tier: TierDefinition, used: number, today: BusinessDate, rules: TierRules): FreeServiceStatus {
  const perMonth = tier.freeServicesPerMonth
  return { ...freeServiceOf(rules), perMonth, used, left: Math.max(0, perMonth - used), validTo: lastDayOfMonth(monthOf(today)) }
}

/** Refuses a free service the tier does not include or the month has used up. */
export function assertFreeServiceLeft(status: FreeServiceStatus, tierName: string): void {
  if (status.perMonth === 0) throw new RuleError('FREE_SERVICE_NOT_INCLUDED', `${tierName}暂无${status.name}，升级后即可享受`, 422)
  if (status.left === 0) throw new RuleError('FREE_SERVICE_USED_UP', `本月 ${status.perMonth} 次${status.name}已领完，下月 1 日恢复`, 422, { perMonth: status.perMonth })
}

export const DEFAULT_TIER_RULES: TierRules = {
  levels: [
    {
      id: 'normal',
      name: '普通会员',
      rank: 0,
      requirements: [],
      discountPercent: 100,
      freeServicesPerMonth: 0,
      benefits: ['积分兑换好礼', '会员专属客服'],
      signinBasePoints: 5,
      lotteryWeightPercent: 100,
      earlyAccessMinutes: 0,
      campaignTaskDoublePoints: false,
    },
    {
      id: 'silver',
      name: '白银会员',
      rank: 1,
      requirements: [{ metric: 'growth', min: 100 }],
      discountPercent: 98,
      freeServicesPerMonth: 1,
      benefits: ['消费享 9.8 折', freeServiceBenefitWords(DEFAULT_FREE_SERVICE.name, 1), campaignTaskDoubleWords(), '积分兑换好礼', '会员专属客服'],
      signinBasePoints: 8,
      lotteryWeightPercent: 120,
      earlyAccessMinutes: 0,
      campaignTaskDoublePoints: true,
    },
    {
      id: 'gold',
      name: '黄金会员',
      rank: 2,
      requirements: [
        { metric: 'growth', min: 500 },
        { metric: 'activeDays', min: 10 },
      ],
      discountPercent: 95,
      freeServicesPerMonth: 3,
      benefits: [
        '消费享 9.5 折',
        freeServiceBenefitWords(DEFAULT_FREE_SERVICE.name, 3),
        '优先参与活动（提前 1 小时）',
        campaignTaskDoubleWords(),
        '积分兑换好礼',
        '会员专属客服',
      ],
      signinBasePoints: 12,
      lotteryWeightPercent: 150,
      earlyAccessMinutes: 60,
      campaignTaskDoublePoints: true,
    },
    {
      id: 'diamond',
      name: '钻石会员',
      rank: 3,
      requirements: [
        { metric: 'growth', min: 2000 },
        { metric: 'spendFen', min: 100_000 },
      ],
      discountPercent: 90,
      freeServicesPerMonth: 5,
      benefits: [
        '消费享 9 折',
        freeServiceBenefitWords(DEFAULT_FREE_SERVICE.name, 5),
        '专属活动邀请',
        '一对一专属服务',
        '优先参与活动（提前 1 小时）',
        campaignTaskDoubleWords(),
        '积分兑换好礼',
      ],
      signinBasePoints: 15,
      lotteryWeightPercent: 200,
      earlyAccessMinutes: 60,
      campaignTaskDoublePoints: true,
    },
  ],
  retentionMonths: 12,
  maxDropOnReevaluation: 1,
  paidPlans: [
    { id: 'monthly', name: '月度会员', priceFen: 1500, months: 1, tierId: 'silver' },
    { id: 'annual', name: '年度会员', priceFen: 14800, months: 12, tierId: 'gold' },
  ],
}

export type MemberMetrics = Record<TierMetric, number>

export function emptyMetrics(): MemberMetrics {
  return { growth: 0, spendFen: 0, orders: 0, activeDays: 0, signinDays: 0, tasksCompleted: 0, shares: 0 }
}

export type TierCtx = Ctx<{ calendar: CalendarRules; tiers: TierRules }>

// ───────────────────────────── lookup ─────────────────────────────

/** Levels ascending by rank (defensive copy; `levels` is validated to be ordered but may come from anywhere). */
export function levelsByRank(rules: TierRules): TierDefinition[] {
  return [...rules.levels].sort((a, b) => a.rank - b.rank)
}

export function findTier(rules: TierRules, tierId: string): TierDefinition | undefined {
  return rules.levels.find((t) => t.id === tierId)
}

export function tierById(rules: TierRules, tierId: string): TierDefinition {
  const tier = findTier(rules, tierId)
  if (!tier) throw new RuleError('TIER_NOT_FOUND', '会员等级不存在', 404, { tierId })
  return tier
}

export function lowestTier(rules: TierRules): TierDefinition {
  return levelsByRank(rules)[0]
}

export function requirementsHold(tier: TierDefinition, metrics: MemberMetrics): boolean {
  return tier.requirements.every((r) => (metrics[r.metric] ?? 0) >= r.min)
}

/** The highest tier whose requirements all hold; the lowest tier when none does. */
export function earnedTierFor(metrics: MemberMetrics, rules: TierRules): TierDefinition {
  const levels = levelsByRank(rules)
  for (let i = levels.length - 1; i >= 0; i--) if (requirementsHold(levels[i], metrics)) return levels[i]
  return levels[0]
}

function higherOf(a: TierDefinition, b: TierDefinition): TierDefinition {
  return b.rank > a.rank ? b : a
}

// ───────────────────────────── tier state ─────────────────────────────

export interface EarnedTier {
  tierId: string
  /** Business date the current 12-month period started (reached or re-evaluated). */
  since: BusinessDate
  /** Business date on which the tier is re-evaluated; valid through the day before. */
  expiresOn: BusinessDate
  /**
   * The earned tier before the upgrade that reached this one, and the one before that (each with its own period):
   * lets a refund undo the upgrades the refunded order caused, back to the tier the member had before it. Cleared at
   * re-evaluation.
   */
  upgradedFrom?: EarnedStep
  /** The member was told this period's end would cost the tier (earnedTierNotice), or it was found kept: once a period. */
  noticed?: true
}

/**
 * An earned tier as it was before an upgrade, with its period, whether its 保级提醒 was looked at (a refund back to it
 * does not send it twice), and what it was itself upgraded from.
 */
export interface EarnedStep {
  tierId: string
  since: BusinessDate
  expiresOn: BusinessDate
  noticed?: true
  upgradedFrom?: EarnedStep
}

/** All `until` dates are inclusive last valid business dates. */
export interface TierState {
  earned: EarnedTier
  paid?: HeldTier & { until: BusinessDate }
  /** Operator grant; no `until` = permanent. */
  grant?: HeldTier
  trial?: HeldTier & { until: BusinessDate }
}

/** A tier held for a time. `noticed`: the member was told it is about to end (heldTierNotices), once per `until`. */
export interface HeldTier {
  tierId: string
  until?: BusinessDate
  noticed?: true
}

export type TierSource = 'earned' | 'paid' | 'grant' | 'trial'

/** What the effective tier is chosen from: the earned tier and the ones held for a time. */
export type TierSources = { earned: Pick<EarnedTier, 'tierId'> } & Pick<TierState, 'paid' | 'grant' | 'trial'>

export interface TierChangedEvent {
  type: 'tier_changed'
  /** Which source changed; the effective tier before/after is given too. */
  source: TierSource
  /** `expired`: a tier held for a time (paid, granted, trial) reached its last day (endHeldTiers). */
  reason: 'upgrade' | 'reevaluation' | 'refund' | 'paid_plan' | 'expired'
  fromTierId: string
  toTierId: string
  effectiveBefore: string
  effectiveAfter: string
  businessDate: BusinessDate
}

export interface PaidPlanAppliedEvent {
  type: 'paid_plan_applied'
  planId: string
  tierId: string
  until: BusinessDate
  businessDate: BusinessDate
}

export type TierEvent = TierChangedEvent | PaidPlanAppliedEvent

export interface TierResult {
  state: TierState
  events: TierEvent[]
}

/** A new member: the lowest tier, with a retention period starting at registration. */
export function initialTierState(registeredOn: BusinessDate, rules: TierRules): TierState {
  return {
    earned: { tierId: lowestTier(rules).id, since: registeredOn, expiresOn: addMonths(registeredOn, rules.retentionMonths) },
  }
}

export interface EffectiveTier {
  tier: TierDefinition
  source: TierSource
  /** Last valid date of the winning source; null for the earned tier (see `earned.expiresOn`) and permanent grants. */
  until: BusinessDate | null
}

/**
 * The effective tier on `today`: the highest rank among the earned tier and every paid / grant / trial
 * source still valid. On equal rank the earned tier wins (it never lapses by itself), then paid, grant, trial.
 * A source naming an unknown tier is ignored rather than breaking the member's page.
 */
export function effectiveTierDetail(state: TierSources, today: BusinessDate, rules: TierRules): EffectiveTier {
  const earned = findTier(rules, state.earned.tierId) ?? lowestTier(rules)
  let best: EffectiveTier = { tier: earned, source: 'earned', until: null }
  const candidates: [TierSource, { tierId: string; until?: BusinessDate } | undefined][] = [
    ['paid', state.paid],
    ['grant', state.grant],
    ['trial', state.trial],
  ]
  for (const [source, held] of candidates) {
    if (!held) continue
    if (held.until !== undefined && held.until < today) continue
    const tier = findTier(rules, held.tierId)
    if (tier && tier.rank > best.tier.rank) best = { tier, source, until: held.until ?? null }
  }
  return best
}

export function effectiveTier(state: TierSources, today: BusinessDate, rules: TierRules): TierDefinition {
  return effectiveTierDetail(state, today, rules).tier
}

// ───────────────────────────── progress ─────────────────────────────

export interface RequirementProgress {
  metric: TierMetric
  current: number
  required: number
  missing: number
  /** (current − baseline) / (required − baseline), clamped to [0, 1]; baseline = the lower tier's min. */
  fraction: number
  words: string
}

export interface TierProgress {
  currentTierId: string
  nextTierId: string | null
  nextTierName: string | null
  /** Unmet requirements of the next tier only. */
  requirements: RequirementProgress[]
  /**
   * The bar: the MINIMUM fraction over the next tier's requirements (met ones count as 1), so a full bar
   * always means "every requirement is met". 1 at the top tier.
   */
  fraction: number
  words: string[]
}

/** Fen as yuan for copy: 10000 → "100", 12345 → "123.45", 12340 → "123.40". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  return cents === 0 ? `${sign}${yuan}` : `${sign}${yuan}.${String(cents).padStart(2, '0')}`
}

function upgradeWords(metric: TierMetric, missing: number, nextName: string): string {
  switch (metric) {
    case 'growth':
      return `距离${nextName}还差 ${missing} 成长值`
    case 'spendFen':
      return `再消费 ¥${formatYuan(missing)} 即可升级`
    case 'orders':
      return `再下 ${missing} 单即可升级`
    case 'activeDays':
      return `再活跃 ${missing} 天即可升级`
    case 'signinDays':
      return `再签到 ${missing} 天即可升级`
    case 'tasksCompleted':
      return `再完成 ${missing} 个任务即可升级`
    case 'shares':
      return `再分享 ${missing} 次即可升级`
  }
}

function retentionWords(metric: TierMetric, missing: number): string {
  switch (metric) {
    case 'growth':
      return `保级还需 ${missing} 成长值`
    case 'spendFen':
      return `保级还需消费 ¥${formatYuan(missing)}`
    case 'orders':
      return `保级还需下 ${missing} 单`
    case 'activeDays':
      return `保级还需活跃 ${missing} 天`
    case 'signinDays':
      return `保级还需签到 ${missing} 天`
    case 'tasksCompleted':
      return `保级还需完成 ${missing} 个任务`
    case 'shares':
      return `保级还需分享 ${missing} 次`
  }
}

function requirementMin(tier: TierDefinition | undefined, metric: TierMetric): number {
  return tier?.requirements.find((r) => r.metric === metric)?.min ?? 0
}

function fractionBetween(value: number, baseline: number, target: number): number {
  if (value >= target) return 1
  if (target <= baseline) return 0
  return Math.min(1, Math.max(0, (value - baseline) / (target - baseline)))
}

function progressTowards(
  from: TierDefinition | undefined,
  to: TierDefinition,
  metrics: MemberMetrics,
  words: (metric: TierMetric, missing: number) => string,
): { requirements: RequirementProgress[]; fraction: number } {
  const requirements: RequirementProgress[] = []
  let fraction = 1
  for (const req of to.requirements) {
    const current = metrics[req.metric] ?? 0
    const f = fractionBetween(current, requirementMin(from, req.metric), req.min)
    fraction = Math.min(fraction, f)
    if (current >= req.min) continue
    const missing = req.min - current
    requirements.push({ metric: req.metric, current, required: req.min, missing, fraction: f, words: words(req.metric, missing) })
  }
  return { requirements, fraction }
}

/** Progress from the member's effective tier to the next one up, with zh-CN words per unmet requirement. */
export function nextTierProgress(metrics: MemberMetrics, effectiveTierId: string, rules: TierRules): TierProgress {
  const levels = levelsByRank(rules)
  const current = tierById(rules, effectiveTierId)
  const next = levels.find((t) => t.rank > current.rank)
  if (!next) {
    return { currentTierId: current.id, nextTierId: null, nextTierName: null, requirements: [], fraction: 1, words: ['已是最高等级'] }
  }
  const { requirements, fraction } = progressTowards(current, next, metrics, (m, n) => upgradeWords(m, n, next.name))
  return {
    currentTierId: current.id,
    nextTierId: next.id,
    nextTierName: next.name,
    requirements,
    fraction,
    words: requirements.length > 0 ? requirements.map((r) => r.words) : [`已满足${next.name}条件`],
  }
}

export interface RetentionNeeds {
  tierId: string
  /** False for the lowest tier: there is nothing to keep (the card says nothing about retention). */
  applies: boolean
  /** Unmet requirements of the earned tier on the last-12-months metrics. */
  requirements: RequirementProgress[]
  fraction: number
  words: string[]
}

/** What the member still needs (on the rolling window) to keep the earned tier at its next re-evaluation. */
export function retentionNeeds(metricsLast12Months: MemberMetrics, state: TierState, rules: TierRules): RetentionNeeds {
  const levels = levelsByRank(rules)
  const tier = findTier(rules, state.earned.tierId) ?? levels[0]
  const below = [...levels].reverse().find((t) => t.rank < tier.rank)
  if (!below) return { tierId: tier.id, applies: false, requirements: [], fraction: 1, words: ['当前等级无需保级'] }
  const { requirements, fraction } = progressTowards(below, tier, metricsLast12Months, retentionWords)
  return {
    tierId: tier.id,
    applies: true,
    requirements,
    fraction,
    words: requirements.length > 0 ? requirements.map((r) => r.words) : ['已满足保级条件'],
  }
}

/** Days until the earned tier is re-evaluated (0 when due). The caller hides it for the lowest tier. */
export function levelWillExpireInDays(state: TierState, today: BusinessDate): number {
  return Math.max(0, daysBetween(today, state.earned.expiresOn))
}

// ───────────────────────────── transitions ─────────────────────────────

function changedEvent(
  before: TierState,
  after: TierState,
  today: BusinessDate,
  rules: TierRules,
  source: TierSource,
  reason: TierChangedEvent['reason'],
  fromTierId: string,
  toTierId: string,
): TierChangedEvent {
  return {
    type: 'tier_changed',
    source,
    reason,
    fromTierId,
    toTierId,
    effectiveBefore: effectiveTier(before, today, rules).id,
    effectiveAfter: effectiveTier(after, today, rules).id,
    businessDate: today,
  }
}

/** The tiers a member holds for a time, as opposed to the earned one. */
const HELD_SOURCES = ['paid', 'grant', 'trial'] as const

/** What ending a held tier reads: the clock and the rules, no randomness. */
type Clock = Pick<TierCtx, 'now' | 'config'>

/**
 * A tier held for a time (paid, granted, trial) whose last day has passed leaves the state, once, with the change of
 * the effective tier it takes with it — the member is told their tier went down (none when the earned tier or
 * another held one is as high). Until now such a tier simply stopped counting, and nobody said so.
 */
export function endHeldTiers(state: TierState, ctx: Clock): TierResult {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  let next = state
  const events: TierEvent[] = []
  for (const source of HELD_SOURCES) {
    const held = next[source]
    if (!held?.until || held.until >= today) continue
    // What it gave while it lasted, against what is left without it.
    const before = effectiveTier({ ...next, [source]: { ...held, until: today } }, today, rules)
    const after: TierState = { ...next, [source]: undefined }
    const now = effectiveTier(after, today, rules)
    if (before.id !== now.id) {
      events.push({ type: 'tier_changed', source, reason: 'expired', fromTierId: held.tierId, toTierId: now.id, effectiveBefore: before.id, effectiveAfter: now.id, businessDate: today })
    }
    next = after
  }
  return { state: next, events }
}

/** How many days before its last (that day included) a member is told a tier they hold for a time is ending. */
export const HELD_TIER_NOTICE_DAYS = 7

export interface HeldTierNotice {
  source: (typeof HELD_SOURCES)[number]
  tierId: string
  until: BusinessDate
  /** The effective tier the day after, when it has ended. */
  nextTierId: string
}

/**
 * Held tiers ending within HELD_TIER_NOTICE_DAYS whose end will lower the member's tier, not yet told (会员即将到期):
 * a paid plan bought again (a new `until`) is told anew; one whose end changes nothing (the earned tier is as high)
 * is not told at all, and is marked so all the same — looked at once per `until`, as the reminder sweep finds it.
 */
export function heldTierNotices(state: TierState, ctx: Clock): { state: TierState; notices: HeldTierNotice[] } {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  let next = state
  const notices: HeldTierNotice[] = []
  for (const source of HELD_SOURCES) {
    const held = state[source]
    if (!held?.until || held.noticed || held.until < today || daysBetween(today, held.until) >= HELD_TIER_NOTICE_DAYS) continue
    const dayAfter = addDays(held.until, 1)
    const now = effectiveTier(state, held.until, rules)
    const after = effectiveTier(state, dayAfter, rules)
    if (after.rank < now.rank) notices.push({ source, tierId: held.tierId, until: held.until, nextTierId: after.id })
    next = { ...next, [source]: { ...held, noticed: true } }
  }
  return { state: next, notices }
}

/**
 * Whether a tier held for a time has something due today without the member doing anything: its end (endHeldTiers)
 * or its notice (heldTierNotices) — what the reminder sweep looks for.
 */
export function heldTierDue(state: TierState, ctx: Clock): boolean {
  return endHeldTiers(state, ctx).state !== state || heldTierNotices(state, ctx).state !== state
}

/** Days before an earned tier's re-evaluation a member who would not keep it is told so (保级提醒). */
export const EARNED_TIER_NOTICE_DAYS = 30

export interface EarnedTierNotice {
  tierId: string
  /** The period's last day: the tier is re-evaluated the day after. */
  until: BusinessDate
  /** The effective tier the day after, were the metrics then what they are today. */
  nextTierId: string
  /** What keeps the tier, in words ("保级还需 120 成长值"). */
  needs: string[]
}

/**
 * Whether the earned tier's period ends within EARNED_TIER_NOTICE_DAYS and nobody looked yet this period
 * (earnedTierNotice) — what the reminder sweep looks for; the lowest tier has nothing to lose.
 */
export function earnedTierNoticeDue(state: TierState, ctx: Clock): boolean {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const e = state.earned
  return !e.noticed && e.expiresOn > today && daysBetween(today, e.expiresOn) <= EARNED_TIER_NOTICE_DAYS && e.tierId !== lowestTier(rules).id
}

/**
 * 保级提醒: once a period, within EARNED_TIER_NOTICE_DAYS of its end, a member whose metrics would not keep the
 * earned tier is told when it ends, what it would fall to (at most `maxDropOnReevaluation` tiers, as reevaluateTier
 * does) and what keeps it — when that lowers their effective tier (a paid or granted tier above it would hide the
 * drop). `periodMetrics`: what was done since reaching the tier (server/core/tx.ts periodMetrics, what the
 * re-evaluation will read of today's window). Looked at once a period: a member found keeping it is not looked at again.
 */
export function earnedTierNotice(state: TierState, periodMetrics: MemberMetrics, ctx: Clock): { state: TierState; notice: EarnedTierNotice | null } {
  if (!earnedTierNoticeDue(state, ctx)) return { state, notice: null }
  const rules = ctx.config.tiers
  const next: TierState = { ...state, earned: { ...state.earned, noticed: true } }
  const needs = retentionNeeds(periodMetrics, state, rules)
  if (needs.requirements.length === 0) return { state: next, notice: null }
  const levels = levelsByRank(rules)
  const index = Math.max(0, levels.findIndex((t) => t.id === state.earned.tierId))
  const fallsTo = higherOf(levels[Math.max(0, index - rules.maxDropOnReevaluation)], earnedTierFor(periodMetrics, rules))
  const until = addDays(state.earned.expiresOn, -1)
  const before = effectiveTier(state, until, rules)
  const after = effectiveTier({ ...state, earned: { tierId: fallsTo.id } }, state.earned.expiresOn, rules)
  if (after.rank >= before.rank) return { state: next, notice: null }
  return { state: next, notice: { tierId: state.earned.tierId, until, nextTierId: after.id, needs: needs.words } }
}

/**
 * Upgrade the earned tier at once when the metrics reach a higher tier; a new retention period starts
 * today. Never downgrades (that happens only at re-evaluation or through a refund).
 */
export function upgradeIfEligible(state: TierState, metrics: MemberMetrics, ctx: TierCtx): TierResult {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const current = findTier(rules, state.earned.tierId) ?? lowestTier(rules)
  const target = earnedTierFor(metrics, rules)
  if (target.rank <= current.rank) return { state, events: [] }
  const next: TierState = {
    ...state,
    earned: {
      tierId: target.id,
      since: today,
      expiresOn: addMonths(today, rules.retentionMonths),
      upgradedFrom: {
        tierId: state.earned.tierId,
        since: state.earned.since,
        expiresOn: state.earned.expiresOn,
        ...(state.earned.noticed ? { noticed: true as const } : {}),
        ...(state.earned.upgradedFrom ? { upgradedFrom: state.earned.upgradedFrom } : {}),
      },
    },
  }
  return { state: next, events: [changedEvent(state, next, today, rules, 'earned', 'upgrade', current.id, target.id)] }
}

/** Alias kept for the mock's vocabulary: feed fresh metrics, get an upgrade when due. */
export const applyMetrics = upgradeIfEligible

/**
 * Re-evaluation at/after `expiresOn`: the new earned tier is the higher of what the last 12 months'
 * metrics reach and the current tier moved down `maxDropOnReevaluation` positions — so it drops by at
 * most that much, may stay, or rise. A new period starts on the old `expiresOn` (not on the day the
 * sweep happens to run, so periods stay aligned); if the sweep runs more than a period late, each missed
 * anniversary is evaluated in turn on the same metrics (the only ones available). Before expiry: no change.
 */
export function reevaluateTier(state: TierState, metricsLast12Months: MemberMetrics, ctx: TierCtx): TierResult {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  if (today < state.earned.expiresOn) return { state, events: [] }
  const levels = levelsByRank(rules)
  const supported = earnedTierFor(metricsLast12Months, rules)
  const startTier = findTier(rules, state.earned.tierId) ?? levels[0]
  let tier = startTier
  let since = state.earned.since
  let expiresOn = state.earned.expiresOn
  // A period is at least one day; guards against a misconfigured retentionMonths of 0.
  const months = Math.max(1, rules.retentionMonths)
  while (expiresOn <= today) {
    const index = levels.findIndex((t) => t.id === tier.id)
    const floor = levels[Math.max(0, index - rules.maxDropOnReevaluation)]
    tier = higherOf(floor, supported)
    since = expiresOn
    expiresOn = addMonths(expiresOn, months)
  }
  const next: TierState = { ...state, earned: { tierId: tier.id, since, expiresOn } }
  const events: TierEvent[] =
    tier.id === startTier.id ? [] : [changedEvent(state, next, today, rules, 'earned', 'reevaluation', startTier.id, tier.id)]
  return { state: next, events }
}

/**
 * After an order refund (SPEC §2.2 "re-evaluates the tier both ways"): if the current period's tier was
 * reached by an upgrade on or after the refunded order was paid, and the metrics without that order no
 * longer hold it, fall back to the higher of the tier held before the upgrades since that day (with its own
 * period) and what the metrics still reach (with the period it had if the member passed through it, else the
 * upgrade's) — normal → silver → gold, gold refunded, is silver with silver's period, not a fresh one. A tier
 * retained at re-evaluation, or reached before the order was paid, is never touched. Imprecision accepted: the caller's metrics are the current window,
 * so activity that left the window since the upgrade also counts against it.
 */
export function reevaluateAfterRefund(
  state: TierState,
  input: { metrics: MemberMetrics; orderPaidOn: BusinessDate },
  ctx: TierCtx,
): TierResult {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const current = findTier(rules, state.earned.tierId)
  if (!state.earned.upgradedFrom || !current || state.earned.since < input.orderPaidOn) return { state, events: [] }
  if (requirementsHold(current, input.metrics)) return { state, events: [] }
  // Back past every upgrade on or after the day the order was paid: the tier the member had before it.
  const skipped: EarnedStep[] = []
  let from = state.earned.upgradedFrom
  while (from.upgradedFrom && from.since >= input.orderPaidOn) {
    skipped.push(from)
    from = from.upgradedFrom
  }
  const previous = findTier(rules, from.tierId) ?? lowestTier(rules)
  const supported = earnedTierFor(input.metrics, rules)
  let earned: EarnedTier
  if (supported.rank > previous.rank) {
    // A tier the member passed through since keeps the period it had; one skipped over takes the upgrade's.
    earned = skipped.find((s) => s.tierId === supported.id) ?? { tierId: supported.id, since: state.earned.since, expiresOn: state.earned.expiresOn, upgradedFrom: from }
  } else {
    earned = { ...from, tierId: previous.id }
  }
  if (earned.tierId === current.id) return { state, events: [] }
  const next: TierState = { ...state, earned }
  return { state: next, events: [changedEvent(state, next, today, rules, 'earned', 'refund', current.id, earned.tierId)] }
}

/**
 * Inclusive last day of a paid period starting on `start`: the day before the same day-of-month `months`
 * later — unless that month is too short, in which case its last day (a plan bought on Jan 31 runs
 * through Feb 28, not Feb 27).
 */
export function paidPeriodEnd(start: BusinessDate, months: number): BusinessDate {
  const target = addMonths(start, months)
  return target.slice(8) === start.slice(8) ? addDays(target, -1) : target
}

/**
 * What buying `plan` today would do for a member whose paid tier is `paid` (the same decision `applyPaidPlan`
 * makes, so a page can say it before payment). With no active paid tier it `starts` today for `months` months (see
 * `paidPeriodEnd`). Onto an active paid tier of the same or a lower rank it `extends`: the new months are appended
 * after the current `until`, and the whole period holds the plan's tier. A plan below an active higher paid tier is
 * `refused`: stacking it would sell months of the higher tier at the lower price.
 */
export type PaidPlanOffer =
  | { kind: 'starts'; until: BusinessDate }
  | { kind: 'extends'; until: BusinessDate; activeTierId: string }
  | { kind: 'refused'; activeTierId: string; activeUntil: BusinessDate }

export function paidPlanOffer(paid: TierState['paid'], plan: PaidPlan, today: BusinessDate, rules: TierRules): PaidPlanOffer {
  const active = paid && paid.until >= today ? paid : undefined
  if (!active) return { kind: 'starts', until: paidPeriodEnd(today, plan.months) }
  const activeTier = findTier(rules, active.tierId)
  if (activeTier && activeTier.rank > tierById(rules, plan.tierId).rank) return { kind: 'refused', activeTierId: active.tierId, activeUntil: active.until }
  return { kind: 'extends', until: paidPeriodEnd(addDays(active.until, 1), plan.months), activeTierId: active.tierId }
}

/** A paid plan was bought (payment confirmed by the caller): see `paidPlanOffer`. */
export function applyPaidPlan(state: TierState, planId: string, ctx: TierCtx): TierResult {
  const rules = ctx.config.tiers
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  const plan = rules.paidPlans.find((p) => p.id === planId)
  if (!plan) throw new RuleError('PAID_PLAN_NOT_FOUND', '该付费会员套餐不存在', 404, { planId })
  const planTier = tierById(rules, plan.tierId)
  const offer = paidPlanOffer(state.paid, plan, today, rules)
  if (offer.kind === 'refused') {
    throw new RuleError('PAID_PLAN_BELOW_ACTIVE', '您已是更高等级的付费会员，无需购买该套餐', 409, {
      planId,
      activeTierId: offer.activeTierId,
      until: offer.activeUntil,
    })
  }
  const next: TierState = { ...state, paid: { tierId: planTier.id, until: offer.until } }
  const events: TierEvent[] = [{ type: 'paid_plan_applied', planId, tierId: planTier.id, until: offer.until, businessDate: today }]
  const before = effectiveTier(state, today, rules)
  const after = effectiveTier(next, today, rules)
  if (before.id !== after.id) events.push(changedEvent(state, next, today, rules, 'paid', 'paid_plan', before.id, after.id))
  return { state: next, events }
}

// ───────────────────────────── validation ─────────────────────────────

/** What a tier's `discountPercent` may be: the share of the price paid, 1..100. */
function isDiscountPercent(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 100
}

function isNonNegativeInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
}

/**
 * A benefit line is the operator's words, shown as written; where it states a figure a field also sets — 优先参与活动
 * （提前 1 小时）, 消费享 9.5 折 — it must say the field's value, or members read one figure in the list and another in
 * the tier table. Other figures are the operator's to word (提前 24 小时预约, 生日 8 折券).
 */
function benefitLineProblems(t: TierDefinition, p: string, serviceName: string): string[] {
  const problems: string[] = []
  t.benefits.forEach((line, i) => {
    const problem = textProblem(line, 'string', SENTENCE_MAX)
    if (problem) problems.push(`${p}.benefits[${i}]: ${problem}`)
    if (typeof line !== 'string') return
    // The free service's line (freeServiceBenefitWords): its name and count as the tier gives them.
    const service = /^(.*?)（每月\s*(\d+)\s*次）$/.exec(line.trim())
    if (service && isNonNegativeInt(t.freeServicesPerMonth) && Number(service[2]) !== t.freeServicesPerMonth) {
      problems.push(`${p}.benefits[${i}]: says "${line.trim()}" but freeServicesPerMonth is ${t.freeServicesPerMonth}`)
    } else if (service && serviceName.trim() && service[1] !== serviceName) {
      problems.push(`${p}.benefits[${i}]: says "${line.trim()}" where the app says "${freeServiceBenefitWords(serviceName, t.freeServicesPerMonth)}"`)
    }
    if (/活动任务积分/.test(line) && t.campaignTaskDoublePoints === false) problems.push(`${p}.benefits[${i}]: says "${line.trim()}" but campaignTaskDoublePoints is off`)
    // A field that is itself wrong has its own problem; the line is checked against a valid value only.
    const early = isNonNegativeInt(t.earlyAccessMinutes) && /活动|参与/.test(line) ? /提前\s*(\d+(?:\.\d+)?)\s*(小时|分钟)/.exec(line) : null
    const minutes = early ? Number(early[1]) * (early[2] === '小时' ? 60 : 1) : null
    if (early && minutes !== t.earlyAccessMinutes) problems.push(`${p}.benefits[${i}]: says "${early[0]}" but earlyAccessMinutes is ${t.earlyAccessMinutes}`)
    // The same time in the app's words (提前 1 小时, never 提前 60 分钟 beside it in the tier table).
    else if (early && early[0].replace(/\s+/g, '') !== `提前${durationWords(t.earlyAccessMinutes)}`.replace(/\s+/g, '')) {
      problems.push(`${p}.benefits[${i}]: says "${early[0]}" where the app says "提前 ${durationWords(t.earlyAccessMinutes)}"`)
    }
    // 9.5 折 and 95 折 are the same discount.
    const discount = isDiscountPercent(t.discountPercent) ? /享\s*(\d+(?:\.\d+)?)\s*折/.exec(line) : null
    const paid = discount ? (Number(discount[1]) < 10 ? Math.round(Number(discount[1]) * 10) : Number(discount[1])) : null
    if (discount && paid !== t.discountPercent) problems.push(`${p}.benefits[${i}]: says "${discount[0]}" but discountPercent is ${t.discountPercent}`)
  })
  return problems
}

export function validateTierRules(rules: TierRules, path = 'tiers'): string[] {
  const problems: string[] = []
  if (rules.freeService !== undefined && rules.freeService !== null) {
    const { name, description } = rules.freeService
    // Either may be left out or empty (the console's cleared field): the name is then the default one.
    const nameProblem = name === undefined || (typeof name === 'string' && !name.trim()) ? null : textProblem(name, 'name', 20)
    if (nameProblem) problems.push(`${path}.freeService.name: ${nameProblem}`)
    const descriptionProblem = description === undefined ? null : optionalTextProblem(description, 60)
    if (descriptionProblem) problems.push(`${path}.freeService.description: ${descriptionProblem}`)
  }
  const levels = rules.levels ?? []
  if (levels.length === 0) problems.push(`${path}.levels: at least one tier is required`)
  const ids = new Set<string>()
  const ranks = new Set<number>()
  levels.forEach((t, i) => {
    const p = `${path}.levels[${i}]`
    if (!isRuleId(t.id)) problems.push(`${p}.id: ${RULE_ID_PROBLEM}`)
    else if (ids.has(t.id)) problems.push(`${p}.id: duplicate tier id "${t.id}"`)
    ids.add(t.id)
    const name = textProblem(t.name)
    if (name) problems.push(`${p}.name: ${name}`)
    if (!isNonNegativeInt(t.rank)) problems.push(`${p}.rank: must be a non-negative integer, got ${t.rank}`)
    else if (ranks.has(t.rank)) problems.push(`${p}.rank: duplicate rank ${t.rank}`)
    ranks.add(t.rank)
    if (i > 0 && isNonNegativeInt(t.rank) && t.rank <= levels[i - 1].rank) {
      problems.push(`${p}.rank: ${t.rank} must be greater than the previous tier's ${levels[i - 1].rank} (levels are listed in ascending rank)`)
    }
    if (!isDiscountPercent(t.discountPercent)) {
      problems.push(`${p}.discountPercent: must be an integer in 1..100, got ${t.discountPercent}`)
    } else if (i > 0 && t.discountPercent > levels[i - 1].discountPercent) {
      problems.push(`${p}.discountPercent: ${t.discountPercent} must not be worse than the previous tier's ${levels[i - 1].discountPercent}`)
    }
    if (!isNonNegativeInt(t.freeServicesPerMonth)) problems.push(`${p}.freeServicesPerMonth: must be a non-negative integer, got ${t.freeServicesPerMonth}`)
    if (!isNonNegativeInt(t.signinBasePoints)) problems.push(`${p}.signinBasePoints: must be a non-negative integer, got ${t.signinBasePoints}`)
    if (!Number.isInteger(t.lotteryWeightPercent) || t.lotteryWeightPercent < 1) {
      problems.push(`${p}.lotteryWeightPercent: must be a positive integer percent, got ${t.lotteryWeightPercent}`)
    }
    if (!isNonNegativeInt(t.earlyAccessMinutes)) problems.push(`${p}.earlyAccessMinutes: must be a non-negative integer, got ${t.earlyAccessMinutes}`)
    if (!Array.isArray(t.benefits)) problems.push(`${p}.benefits: must be a list of strings`)
    else problems.push(...benefitLineProblems(t, p, freeServiceOf(rules).name))
    const seen = new Set<string>()
    ;(t.requirements ?? []).forEach((r, j) => {
      const rp = `${p}.requirements[${j}]`
      if (!TIER_METRICS.includes(r.metric)) problems.push(`${rp}.metric: unknown metric "${r.metric}"`)
      if (seen.has(r.metric)) problems.push(`${rp}.metric: "${r.metric}" is listed twice`)
      seen.add(r.metric)
      if (!isNonNegativeInt(r.min)) problems.push(`${rp}.min: must be a non-negative integer, got ${r.min}`)
    })
    if (i === 0 && (t.requirements ?? []).length > 0) {
      problems.push(`${p}.requirements: the lowest tier must have no requirements (every member holds it)`)
    }
    // Each metric must rise strictly over the nearest lower tier that also requires it.
    for (const r of t.requirements ?? []) {
      for (let k = i - 1; k >= 0; k--) {
        const lower = levels[k].requirements?.find((x) => x.metric === r.metric)
        if (!lower) continue
        if (!(r.min > lower.min)) {
          problems.push(`${p}.requirements: ${r.metric} min ${r.min} must be greater than the previous tier's ${lower.min} (${levels[k].id})`)
        }
        break
      }
    }
  })
  if (!Number.isInteger(rules.retentionMonths) || rules.retentionMonths < 1) {
    problems.push(`${path}.retentionMonths: must be an integer ≥ 1, got ${rules.retentionMonths}`)
  }
  if (!isNonNegativeInt(rules.maxDropOnReevaluation)) {
    problems.push(`${path}.maxDropOnReevaluation: must be a non-negative integer, got ${rules.maxDropOnReevaluation}`)
  }
  const planIds = new Set<string>()
  ;(rules.paidPlans ?? []).forEach((plan, i) => {
    const p = `${path}.paidPlans[${i}]`
    if (!isRuleId(plan.id)) problems.push(`${p}.id: ${RULE_ID_PROBLEM}`)
    else if (planIds.has(plan.id)) problems.push(`${p}.id: duplicate plan id "${plan.id}"`)
    planIds.add(plan.id)
    const name = textProblem(plan.name)
    if (name) problems.push(`${p}.name: ${name}`)
    if (!Number.isInteger(plan.priceFen) || plan.priceFen <= 0) problems.push(`${p}.priceFen: must be a positive integer (fen), got ${plan.priceFen}`)
    if (!Number.isInteger(plan.months) || plan.months < 1) problems.push(`${p}.months: must be an integer ≥ 1, got ${plan.months}`)
    if (!ids.has(plan.tierId)) problems.push(`${p}.tierId: unknown tier "${plan.tierId}"`)
  })
  return problems
}
