/**
 * The rules configuration document (`GET /config`, SPEC §2): every slice each rules module reads, their
 * defaults, and one validator that runs every slice's own checks plus the checks that span slices
 * (caps against the largest single award, coupon and task references, settings two slices must agree on).
 *
 * Modules never import this file; each declares its own slice and takes `Ctx<{…its slices}>`, which the
 * full `RulesConfig` satisfies.
 */
import { DEFAULT_CALENDAR_RULES, type CalendarRules } from './calendar'
import { DEFAULT_CAMPAIGNS, validateCampaigns, type CampaignDefinition } from './campaigns'
import { DEFAULT_COUPON_RULES, validateCouponRules, type CouponRules } from './coupons'
import { DEFAULT_INVITE_RULES, validateInviteRules, type InviteRules } from './invites'
import { DEFAULT_LIFECYCLE_RULES, validateLifecycleRules, type LifecycleRules } from './lifecycle'
import { DEFAULT_MALL_RULES, validateMallRules, type MallRules } from './mall'
import { DEFAULT_MESSAGE_RULES, validateMessageRules, type MessageRules } from './messages'
import { DEFAULT_METRICS_RULES, validateMetricsRules, type MetricsRules } from './metrics'
import { DEFAULT_ORDER_RULES, validateOrderRules, type OrderRules } from './orders'
import {
  DEFAULT_COMPLIANCE_RULES,
  DEFAULT_POINTS_RULES,
  validateComplianceRules,
  validatePointsRules,
  type ComplianceRules,
  type PointsRules,
} from './points'
import { DEFAULT_PRICING_RULES, validatePricingRules, type PricingRules } from './pricing'
import { shapeProblems } from './rules-shape'
import { DEFAULT_SIGNIN_RULES, validateSigninRules, type SigninRules } from './signin'
import { DEFAULT_TASK_RULES, rewardPointsFor, validateTaskRules, type TaskRules } from './tasks'
import { DEFAULT_TIER_RULES, validateTierRules, type TierRules } from './tiers'

export interface RulesConfig {
  /** Bumped by the operator on every change; clients cache by it. */
  version: number
  calendar: CalendarRules
  tiers: TierRules
  points: PointsRules
  signin: SigninRules
  tasks: TaskRules
  compliance: ComplianceRules
  coupons: CouponRules
  pricing: PricingRules
  campaigns: CampaignDefinition[]
  lifecycle: LifecycleRules
  invite: InviteRules
  messages: MessageRules
  metrics: MetricsRules
  mall: MallRules
  orders: OrderRules
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  version: 1,
  calendar: DEFAULT_CALENDAR_RULES,
  tiers: DEFAULT_TIER_RULES,
  points: DEFAULT_POINTS_RULES,
  signin: DEFAULT_SIGNIN_RULES,
  tasks: DEFAULT_TASK_RULES,
  compliance: DEFAULT_COMPLIANCE_RULES,
  coupons: DEFAULT_COUPON_RULES,
  pricing: DEFAULT_PRICING_RULES,
  campaigns: DEFAULT_CAMPAIGNS,
  lifecycle: DEFAULT_LIFECYCLE_RULES,
  invite: DEFAULT_INVITE_RULES,
  messages: DEFAULT_MESSAGE_RULES,
  metrics: DEFAULT_METRICS_RULES,
  mall: DEFAULT_MALL_RULES,
  orders: DEFAULT_ORDER_RULES,
}

export type RulesConfigValidation = { ok: true } | { ok: false; problems: string[] }

/** Run one slice's validator; a slice so malformed that its validator throws is reported, not fatal. */
function slice(problems: string[], path: string, run: () => string[]): void {
  try {
    problems.push(...run())
  } catch (e) {
    problems.push(`${path}: malformed (${e instanceof Error ? e.message : String(e)})`)
  }
}

/**
 * The largest single capped award each capped source outside the points slice can make under this
 * config (earning rules are checked by `validatePointsRules`). A day cap below any of them would
 * truncate that award every time it is given.
 */
export function largestCappedAwards(config: RulesConfig): { path: string; points: number }[] {
  const out: { path: string; points: number }[] = []
  const sources = config.points.grantSources ?? {}
  if (sources.signin?.capped !== false) {
    const base = Math.max(0, ...(config.tiers.levels ?? []).map((t) => t.signinBasePoints))
    const multiplier = Math.max(1, ...(config.campaigns ?? []).map((c) => c.signinMultiplier ?? 1))
    // A make-up can reach every bonus of the cycle at once, so the worst case is all of them plus a sign-in.
    const bonuses = (config.signin.bonuses ?? []).reduce((s, b) => s + b.points, 0)
    out.push({ path: 'signin (top tier base × largest campaign multiplier + all bonuses)', points: base * multiplier + bonuses })
  }
  if (sources.task?.capped !== false) {
    const task = Math.max(0, ...(config.tasks.definitions ?? []).map((d) => rewardPointsFor(d, true, config.tasks)))
    out.push({ path: 'tasks.definitions', points: task })
  }
  if (sources.invite?.capped !== false) out.push({ path: 'invite.inviterPoints', points: config.invite.inviterPoints })
  return out
}

function crossSliceProblems(config: RulesConfig): string[] {
  const problems: string[] = []
  const dayCap = config.points.caps?.dayPoints
  if (Number.isInteger(dayCap)) {
    for (const { path, points } of largestCappedAwards(config)) {
      if (points > dayCap) problems.push(`points.caps.dayPoints: ${dayCap} is below the largest capped single award ${points} (${path})`)
    }
  }
  const couponIds = new Set((config.coupons.templates ?? []).map((t) => t.id))
  const couponRef = (path: string, id: string | undefined) => {
    if (id !== undefined && !couponIds.has(id)) problems.push(`${path}: unknown coupon template "${id}"`)
  }
  ;(config.signin.bonuses ?? []).forEach((b, i) => couponRef(`signin.bonuses[${i}].couponTemplateId`, b.couponTemplateId))
  ;(config.tasks.definitions ?? []).forEach((d, i) => couponRef(`tasks.definitions[${i}].reward.couponTemplateId`, d.reward?.couponTemplateId))
  couponRef('lifecycle.winbackCouponTemplateId', config.lifecycle.winbackCouponTemplateId)
  couponRef('invite.inviteeCouponTemplateId', config.invite.inviteeCouponTemplateId)

  const taskIds = new Set((config.tasks.definitions ?? []).map((d) => d.id))
  ;(config.signin.followUpTasks ?? []).forEach((id, i) => {
    if (!taskIds.has(id)) problems.push(`signin.followUpTasks[${i}]: unknown task "${id}"`)
  })
  const campaignIds = new Set((config.campaigns ?? []).map((c) => c.id))
  ;(config.tasks.definitions ?? []).forEach((d, i) => {
    if (d.campaignId !== undefined && !campaignIds.has(d.campaignId)) problems.push(`tasks.definitions[${i}].campaignId: unknown campaign "${d.campaignId}"`)
  })
  const ranks = new Set((config.tiers.levels ?? []).map((t) => t.rank))
  ;(config.campaigns ?? []).forEach((c, i) => {
    const rank = c.audience?.minTierRank
    if (c.audience?.kind === 'tier' && rank !== undefined && !ranks.has(rank)) {
      problems.push(`campaigns[${i}].audience.minTierRank: no tier has rank ${rank}`)
    }
  })

  if (config.pricing.pointValueFen !== config.points.pointValueFen) {
    problems.push(
      `pricing.pointValueFen: ${config.pricing.pointValueFen} must equal points.pointValueFen ${config.points.pointValueFen} (one point has one value)`,
    )
  }
  if (config.tasks.newcomerDays !== config.lifecycle.newcomerDays) {
    problems.push(`tasks.newcomerDays: ${config.tasks.newcomerDays} must equal lifecycle.newcomerDays ${config.lifecycle.newcomerDays}`)
  }
  return problems
}

function pathOfProblem(problem: string): string {
  return problem.slice(0, problem.indexOf(': '))
}

/** Every problem of the document, with field paths; `{ok: true}` when there are none. */
export function validateRulesConfig(config: RulesConfig): RulesConfigValidation {
  const problems: string[] = []
  if (!Number.isInteger(config.version) || config.version < 1) problems.push(`version: must be a positive integer, got ${config.version}`)
  if (!Number.isInteger(config.calendar?.offsetMinutes) || Math.abs(config.calendar.offsetMinutes) > 14 * 60) {
    problems.push(`calendar.offsetMinutes: must be an integer within ±840, got ${config.calendar?.offsetMinutes}`)
  }
  slice(problems, 'tiers', () => validateTierRules(config.tiers))
  slice(problems, 'points', () => validatePointsRules(config.points))
  slice(problems, 'signin', () => validateSigninRules(config.signin))
  slice(problems, 'tasks', () => validateTaskRules(config.tasks))
  slice(problems, 'compliance', () => validateComplianceRules(config.compliance))
  slice(problems, 'coupons', () => validateCouponRules(config.coupons))
  slice(problems, 'pricing', () => validatePricingRules(config.pricing))
  slice(problems, 'campaigns', () =>
    validateCampaigns(config.campaigns, {
      couponTemplateIds: (config.coupons.templates ?? []).map((t) => t.id),
      couponLastDays: Object.fromEntries((config.coupons.templates ?? []).flatMap((t) => (t.validity?.kind === 'fixed' ? [[t.id, t.validity.to]] : []))),
      lowestTierRank: Math.min(...(config.tiers.levels ?? []).map((t) => t.rank)),
      calendar: config.calendar,
    }),
  )
  slice(problems, 'lifecycle', () => validateLifecycleRules(config.lifecycle))
  slice(problems, 'invite', () => validateInviteRules(config.invite))
  slice(problems, 'messages', () => validateMessageRules(config.messages))
  slice(problems, 'metrics', () => validateMetricsRules(config.metrics))
  slice(problems, 'mall', () => validateMallRules(config.mall, (config.coupons.templates ?? []).map((t) => t.id)))
  slice(problems, 'orders', () => validateOrderRules(config.orders))
  slice(problems, 'config', () => crossSliceProblems(config))
  // The types of every value (a null or a 1e308 no slice reads would throw in members' requests), said where no slice
  // said something more precise of the same field; a slice that threw on a value of the wrong type gives way to them.
  const shape = shapeProblems(config as unknown as Record<string, unknown>, DEFAULT_RULES_CONFIG as unknown as Record<string, unknown>)
  if (shape.length > 0) {
    const precise = problems.filter((p) => !p.includes(': malformed ('))
    const said = new Set(precise.map(pathOfProblem))
    problems.splice(0, problems.length, ...precise, ...shape.filter((p) => !said.has(pathOfProblem(p))))
  }
  const unique = [...new Set(problems)]
  return unique.length === 0 ? { ok: true } : { ok: false, problems: unique }
}
