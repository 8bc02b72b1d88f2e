/**
 * Campaigns (SPEC §2.5): schedule, audience, early access, festival themes, the sign-in multiplier, the
 * leaderboard, and the validator of the campaign list.
 *
 * Schedule: `startsAt` / `endsAt` are ISO instants, written by operators in business time
 * (e.g. '2026-02-17T00:00:00+08:00'), and the window is half-open: running while startsAt ≤ now < endsAt.
 * A `priority` campaign opens `earlyAccessMinutes` (a tier field) earlier for members whose tier has it.
 *
 * Audience: `all`; `new` = newcomer today (lifecycle.isNewcomer); `dormant` = came back from a dormancy
 * while the campaign runs (lifecycle.onAppOpen records `lastDormancyEndedAt`); `tier` = effective tier rank
 * ≥ `minTierRank`. A `segment`, when set, must also be among the member's segments. `exclusive` campaigns
 * (e.g. diamond-only events) are hidden from members outside their audience instead of shown locked.
 *
 * Rules of the lottery and collect-cards mechanics live in lottery.ts and cards.ts, which import this
 * module (runtime imports go one way: lottery/cards → campaigns → lifecycle).
 */
import {
  businessDateOf,
  daysBetween,
  parseInstant,
  parseStrictInstant,
  startOfBusinessDay,
  toIso,
  addDays,
  type BusinessDate,
  type CalendarRules,
  DEFAULT_CALENDAR_RULES,
} from './calendar'
import type { Ctx } from './context'
import { RuleError } from './errors'
import { isNewcomer, type LifecycleRules } from './lifecycle'
import type { CardsRules, CardEarnAction } from './cards'
import type { LotteryRules, LotteryPrizeKind } from './lottery'
import { contrastRatio, MIN_TEXT_CONTRAST, softTintOf } from './contrast'
import { isRuleId, isRuleText as isText, optionalTextProblem, RULE_ID_PROBLEM, textProblem } from './rule-text'

export type CampaignType = 'lottery' | 'cards' | 'leaderboard' | 'festival'
export type CampaignAudienceKind = 'all' | 'new' | 'dormant' | 'tier'
export type FestivalThemeKey = 'spring' | 'midautumn' | 'national' | '618' | 'double11'

export interface CampaignAudience {
  kind: CampaignAudienceKind
  /** Required for kind 'tier': the lowest tier rank admitted (normal 0 … diamond 3). */
  minTierRank?: number
  /** An operator-defined segment the member must also belong to. */
  segment?: string
}

export interface CampaignTheme {
  key: FestivalThemeKey
  /** '#rrggbb' */
  primaryColor: string
  bannerTitle: string
  bannerImage?: string
}

export interface LeaderboardPrize {
  rankFrom: number
  rankTo: number
  points?: number
  couponTemplateId?: string
}

export interface LeaderboardRules {
  /** Ranked by points earned inside the campaign window; the top N are published and rewarded. */
  topN: number
  prizes: LeaderboardPrize[]
}

export interface CampaignDefinition {
  id: string
  type: CampaignType
  name: string
  description: string
  startsAt: string
  endsAt: string
  audience: CampaignAudience
  /** Members whose tier has earlyAccessMinutes (gold+ by default) may enter that much earlier. */
  priority?: boolean
  /** Only members in the audience see it at all (high-value exclusive events). Needs a 'tier' audience. */
  exclusive?: boolean
  theme?: CampaignTheme
  /** Sign-in base points are multiplied by this while the campaign runs (integer, e.g. 2). */
  signinMultiplier?: number
  /** Campaign tasks marked memberDouble give silver+ double points (read by tasks). */
  memberDoubleTasks?: boolean
  lottery?: LotteryRules
  cards?: CardsRules
  leaderboard?: LeaderboardRules
}

/** At most this many campaigns of one audience may overlap in time (SPEC §2.5 cadence). */
export const MAX_OVERLAPPING_CAMPAIGNS_PER_AUDIENCE = 2

export interface CampaignConfig {
  calendar: CalendarRules
  lifecycle: LifecycleRules
}

type QueryCtx<C> = Pick<Ctx<C>, 'now' | 'config'>

/** What campaign rules read about a member. */
export interface CampaignMember {
  memberId: string
  /** Rank of the member's EFFECTIVE tier (highest of earned, paid, granted, trial). */
  tierRank: number
  registeredAt: string
  /** From lifecycle state; null when the member never came back from a dormancy. */
  lastDormancyEndedAt?: string | null
  segments?: string[]
}

export type CampaignStatus = 'upcoming' | 'running' | 'ended'

function instantOf(iso: string, field: string): number {
  const ms = parseInstant(iso)
  if (Number.isNaN(ms)) throw new RuleError('CAMPAIGN_BAD_SCHEDULE', '活动时间配置有误', 400, { field, value: iso })
  return ms
}

/** The scheduled status, without early access. */
export function campaignStatus(c: CampaignDefinition, now: number): CampaignStatus {
  if (now < instantOf(c.startsAt, 'startsAt')) return 'upcoming'
  if (now >= instantOf(c.endsAt, 'endsAt')) return 'ended'
  return 'running'
}

/** When this member may enter: `earlyMinutes` before the start for priority campaigns, else the start. */
export function opensAtFor(c: CampaignDefinition, tierEarlyMinutes: number): number {
  const start = instantOf(c.startsAt, 'startsAt')
  const early = c.priority ? Math.max(0, tierEarlyMinutes) : 0
  return start - early * 60_000
}

/** Whether the member belongs to the campaign's audience (time aside). */
export function matchesAudience(c: CampaignDefinition, member: CampaignMember, ctx: QueryCtx<CampaignConfig>): boolean {
  const a = c.audience
  if (a.segment !== undefined && !(member.segments ?? []).includes(a.segment)) return false
  switch (a.kind) {
    case 'all':
      return true
    case 'new':
      return isNewcomer(member.registeredAt, ctx)
    case 'dormant': {
      const ended = member.lastDormancyEndedAt ? parseInstant(member.lastDormancyEndedAt) : NaN
      return !Number.isNaN(ended) && ended >= instantOf(c.startsAt, 'startsAt') && ended < instantOf(c.endsAt, 'endsAt')
    }
    case 'tier':
      return member.tierRank >= (a.minTierRank ?? 0)
  }
}

export interface CampaignEntry {
  /** Status as this member experiences it (early access counts as running). */
  status: CampaignStatus
  /** Audience match. */
  eligible: boolean
  /** Eligible and running for this member right now. */
  canEnter: boolean
  /** ISO instant from which this member may enter. */
  opensAt: string
  /** True while the member is inside their early-access window. */
  inEarlyAccess: boolean
}

/** How one member stands toward one campaign right now. `tierEarlyMinutes` = their tier's earlyAccessMinutes. */
export function campaignEntry(
  c: CampaignDefinition,
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
): CampaignEntry {
  const opensAt = opensAtFor(c, tierEarlyMinutes)
  const end = instantOf(c.endsAt, 'endsAt')
  const status: CampaignStatus = ctx.now < opensAt ? 'upcoming' : ctx.now >= end ? 'ended' : 'running'
  const eligible = matchesAudience(c, member, ctx)
  return {
    status,
    eligible,
    canEnter: eligible && status === 'running',
    opensAt: toIso(opensAt),
    inEarlyAccess: status === 'running' && ctx.now < instantOf(c.startsAt, 'startsAt'),
  }
}

/** Can the member take part right now (audience and schedule, with early access)? */
export function isEligible(
  c: CampaignDefinition,
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
): boolean {
  return campaignEntry(c, member, tierEarlyMinutes, ctx).canEnter
}

/**
 * Refuses with `notRunningCode` (422) when the campaign is not open for this member yet / any more, and
 * with CAMPAIGN_NOT_ELIGIBLE (422) when the member is outside its audience.
 */
export function assertCanEnter(
  c: CampaignDefinition,
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
  notRunningCode: string,
): void {
  const entry = campaignEntry(c, member, tierEarlyMinutes, ctx)
  if (entry.status === 'upcoming') {
    throw new RuleError(notRunningCode, '活动尚未开始', 422, { campaignId: c.id, status: entry.status, opensAt: entry.opensAt })
  }
  if (entry.status === 'ended') {
    throw new RuleError(notRunningCode, '活动已结束', 422, { campaignId: c.id, status: entry.status })
  }
  if (!entry.eligible) {
    throw new RuleError('CAMPAIGN_NOT_ELIGIBLE', '你暂不符合该活动的参与条件', 422, { campaignId: c.id, audience: c.audience })
  }
}

/** Campaigns the member can take part in right now. */
export function runningCampaignsFor(
  campaigns: CampaignDefinition[],
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
): CampaignDefinition[] {
  return campaigns.filter((c) => isEligible(c, member, tierEarlyMinutes, ctx))
}

/**
 * The 活动 list: every campaign with this member's entry, exclusive ones only for their audience; running
 * first, then upcoming (soonest first), then ended (most recent first).
 */
/**
 * How long an ended campaign stays listed with the member's own results (draws, cards) and published winners.
 * Past it the campaign is off the list and the member's slice of it is dropped from their working set
 * (server/core/working-set.ts): what they won stays in their ledger, coupons and 兑换记录.
 */
export const ENDED_CAMPAIGN_DAYS = 31

/** Ended more than ENDED_CAMPAIGN_DAYS ago: neither listed nor opened. */
export function isRetired(c: Pick<CampaignDefinition, 'endsAt'>, now: number): boolean {
  return instantOf(c.endsAt, 'endsAt') + ENDED_CAMPAIGN_DAYS * 86_400_000 < now
}

export function visibleCampaignsFor(
  campaigns: CampaignDefinition[],
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
): { campaign: CampaignDefinition; entry: CampaignEntry }[] {
  const order: Record<CampaignStatus, number> = { running: 0, upcoming: 1, ended: 2 }
  return campaigns
    .map((campaign) => ({ campaign, entry: campaignEntry(campaign, member, tierEarlyMinutes, ctx) }))
    .filter(({ campaign, entry }) => (!campaign.exclusive || entry.eligible) && !isRetired(campaign, ctx.now))
    .sort((a, b) => {
      const byStatus = order[a.entry.status] - order[b.entry.status]
      if (byStatus !== 0) return byStatus
      if (a.entry.status === 'ended') return instantOf(b.campaign.endsAt, 'endsAt') - instantOf(a.campaign.endsAt, 'endsAt')
      return parseInstant(a.entry.opensAt) - parseInstant(b.entry.opensAt) || a.campaign.id.localeCompare(b.campaign.id)
    })
}

/**
 * The theme the pages apply now: of the running campaigns with a theme that the member can see, the one that
 * started last (the most specific); null when none. Without a member (before login) only 'all' campaigns count.
 */
export function activeTheme(
  campaigns: CampaignDefinition[],
  member: CampaignMember | null,
  ctx: QueryCtx<CampaignConfig>,
): CampaignTheme | null {
  let best: CampaignDefinition | null = null
  for (const c of campaigns) {
    if (!c.theme || campaignStatus(c, ctx.now) !== 'running') continue
    const visible = member ? matchesAudience(c, member, ctx) : c.audience.kind === 'all' && c.audience.segment === undefined
    if (!visible) continue
    if (!best || instantOf(c.startsAt, 'startsAt') > instantOf(best.startsAt, 'startsAt') || (c.startsAt === best.startsAt && c.id < best.id)) {
      best = c
    }
  }
  return best?.theme ?? null
}

/** The sign-in multiplier in force for this member now: the largest among campaigns they can enter, else 1. */
export function activeSigninMultiplier(
  campaigns: CampaignDefinition[],
  member: CampaignMember,
  tierEarlyMinutes: number,
  ctx: QueryCtx<CampaignConfig>,
): number {
  let multiplier = 1
  for (const c of runningCampaignsFor(campaigns, member, tierEarlyMinutes, ctx)) {
    if (c.signinMultiplier !== undefined && c.signinMultiplier > multiplier) multiplier = c.signinMultiplier
  }
  return multiplier
}

/** "张三丰" → "张*丰", "小明" → "小*", "A" → "*"; for published winner lists. */
export function maskNickname(nickname: string): string {
  const chars = Array.from(nickname.trim())
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 4))}${chars[chars.length - 1]}`
}

// ---------------------------------------------------------------------------------------------------------
// Leaderboard

export interface LeaderboardEntryInput {
  memberId: string
  /** Signed points change from earning (refund reversals negative) — the caller passes earn-type entries. */
  amount: number
  /** ISO instant of the ledger entry. */
  at: string
}

export interface LeaderboardStanding {
  rank: number
  memberId: string
  nickname: string
  points: number
}

/**
 * Ranks members by points earned within [startsAt, endsAt). Ties go to whoever reached their total first
 * (the instant of their last counted entry), then by member id, so ranks are stable and distinct.
 */
export function leaderboardStandings(
  c: CampaignDefinition,
  entries: LeaderboardEntryInput[],
  nicknames: Record<string, string>,
  limit?: number,
): LeaderboardStanding[] {
  if (!c.leaderboard) throw new RuleError('LEADERBOARD_NOT_FOUND', '该活动没有排行榜', 404, { campaignId: c.id })
  const start = instantOf(c.startsAt, 'startsAt')
  const end = instantOf(c.endsAt, 'endsAt')
  const totals = new Map<string, { points: number; reachedAt: number }>()
  for (const e of entries) {
    const at = parseInstant(e.at)
    if (Number.isNaN(at) || at < start || at >= end) continue
    const t = totals.get(e.memberId) ?? { points: 0, reachedAt: at }
    totals.set(e.memberId, { points: t.points + e.amount, reachedAt: Math.max(t.reachedAt, at) })
  }
  const ranked = [...totals.entries()]
    .filter(([, t]) => t.points > 0)
    .sort(([ida, a], [idb, b]) => b.points - a.points || a.reachedAt - b.reachedAt || ida.localeCompare(idb))
  return ranked.slice(0, limit ?? c.leaderboard.topN).map(([memberId, t], i) => ({
    rank: i + 1,
    memberId,
    nickname: maskNickname(nicknames[memberId] ?? '会员'),
    points: t.points,
  }))
}

/** The prize band a rank falls in (the rules' `prizes`, or their wire form). */
export function prizeForRank<P extends { rankFrom: number; rankTo: number }>(prizes: readonly P[], rank: number): P | undefined {
  return prizes.find((p) => rank >= p.rankFrom && rank <= p.rankTo)
}

export interface LeaderboardAward {
  rank: number
  memberId: string
  points: number
  couponTemplateId: string | null
  /** Grant ref, so a replay awards nothing twice. */
  ref: string
}

/**
 * Published results (SPEC §2.5: results at the end): the top N and their prizes. Refused before the end with
 * LEADERBOARD_NOT_ENDED (422). The caller grants each award (uncapped campaign prize) with its ref.
 */
export function leaderboardResults(
  c: CampaignDefinition,
  entries: LeaderboardEntryInput[],
  nicknames: Record<string, string>,
  ctx: QueryCtx<CampaignConfig>,
): { standings: LeaderboardStanding[]; awards: LeaderboardAward[] } {
  if (!c.leaderboard) throw new RuleError('LEADERBOARD_NOT_FOUND', '该活动没有排行榜', 404, { campaignId: c.id })
  if (campaignStatus(c, ctx.now) !== 'ended') {
    throw new RuleError('LEADERBOARD_NOT_ENDED', '活动结束后公布排行结果', 422, { campaignId: c.id, endsAt: c.endsAt })
  }
  const standings = leaderboardStandings(c, entries, nicknames)
  const awards: LeaderboardAward[] = []
  for (const s of standings) {
    const prize = prizeForRank(c.leaderboard.prizes, s.rank)
    if (!prize) continue
    awards.push({
      rank: s.rank,
      memberId: s.memberId,
      points: prize.points ?? 0,
      couponTemplateId: prize.couponTemplateId ?? null,
      ref: `leaderboard:${c.id}:${s.rank}`,
    })
  }
  return { standings, awards }
}

/**
 * What a winner's prize is after a refund made once the results were out (SPEC §2.5; the caller takes back the
 * points beyond it, and a coupon it does not give): `score` is the member's score without the refunded orders,
 * ranked among `others` — the rest of the board as published (at least its top N without the member). Nobody moves
 * up: their prizes were paid. A tie goes to the other member, who reached the score first or holds it unrefunded.
 * Below the prizes: 0.
 */
export function leaderboardPrizeAfterRefund(
  c: CampaignDefinition,
  score: number,
  others: readonly { points: number }[],
): { rank: number | null; points: number; couponTemplateId: string | null } {
  if (!c.leaderboard || score <= 0) return { rank: null, points: 0, couponTemplateId: null }
  const rank = 1 + others.filter((o) => o.points >= score).length
  if (rank > c.leaderboard.topN) return { rank: null, points: 0, couponTemplateId: null }
  const prize = prizeForRank(c.leaderboard.prizes, rank)
  return { rank, points: prize?.points ?? 0, couponTemplateId: prize?.couponTemplateId ?? null }
}

// ---------------------------------------------------------------------------------------------------------
// Default campaigns

/**
 * Demo campaigns placed around `now` (the mock seeds them relative to its own clock so a demo always has
 * something running): a finished points leaderboard with published results, a running lucky wheel, a running
 * Spring Festival collect-cards campaign (theme, sign-in ×2) and a diamond-exclusive priority draw opening at
 * 20:00 today (diamond members, with 60 minutes' early access, from 19:00). At most 2 overlap for 'all'.
 */
export function seedCampaigns(now: number, calendar: CalendarRules = DEFAULT_CALENDAR_RULES): CampaignDefinition[] {
  const today = businessDateOf(now, calendar)
  const dayStart = (offset: number) => toIso(startOfBusinessDay(addDays(today, offset), calendar))
  const at = (offset: number, hour: number) => toIso(startOfBusinessDay(addDays(today, offset), calendar) + hour * 3_600_000)
  return [
    {
      id: 'points-race',
      type: 'leaderboard',
      name: '积分排行榜',
      description: '活动期间赚取积分最多的前 10 名会员可获得积分奖励，活动结束后公布名单。',
      startsAt: dayStart(-17),
      endsAt: dayStart(-3),
      audience: { kind: 'all' },
      leaderboard: {
        topN: 10,
        prizes: [
          { rankFrom: 1, rankTo: 1, points: 500 },
          { rankFrom: 2, rankTo: 3, points: 300 },
          { rankFrom: 4, rankTo: 10, points: 100 },
        ],
      },
    },
    {
      id: 'lucky-wheel',
      type: 'lottery',
      name: '幸运大转盘',
      description: '每天 1 次免费抽奖，之后每次消耗 20 积分，每天最多 3 次。中奖概率见活动页。',
      startsAt: dayStart(-3),
      endsAt: dayStart(11),
      audience: { kind: 'all' },
      lottery: {
        freeDrawsPerDay: 1,
        paidDrawCostPoints: 20,
        maxDrawsPerDay: 3,
        prizes: [
          { id: 'points-100', name: '100 积分', kind: 'points', points: 100, weight: 5, stock: 200 },
          { id: 'points-10', name: '10 积分', kind: 'points', points: 10, weight: 30, stock: null },
          { id: 'coupon-10', name: '¥10 无门槛券', kind: 'coupon', couponTemplateId: 'mall-10', weight: 10, stock: 500 },
          { id: 'coupon-9off', name: '9折券', kind: 'coupon', couponTemplateId: 'mall-9off', weight: 15, stock: 500 },
          { id: 'gift-cup', name: '品牌保温杯', kind: 'physical', weight: 1, stock: 20 },
          { id: 'thanks', name: '谢谢参与', kind: 'empty', weight: 39, stock: null },
        ],
      },
    },
    {
      id: 'spring-cards',
      type: 'cards',
      name: '春节集福卡',
      description: '签到、下单、完成任务、邀请好友注册都能得福卡，集齐五福领新春福袋。签到积分翻倍。',
      startsAt: dayStart(-1),
      endsAt: dayStart(14),
      audience: { kind: 'all' },
      theme: { key: 'spring', primaryColor: '#c41d16', bannerTitle: '春节集福卡 · 集五福领福袋' },
      signinMultiplier: 2,
      cards: {
        kinds: [
          { id: 'aiguo', name: '爱国福', rarityWeight: 30 },
          { id: 'fuqiang', name: '富强福', rarityWeight: 30 },
          { id: 'hexie', name: '和谐福', rarityWeight: 25 },
          { id: 'youshan', name: '友善福', rarityWeight: 10 },
          { id: 'jingye', name: '敬业福', rarityWeight: 5 },
        ],
        earnActions: ['signin', 'core_use', 'task', 'invite_registered', 'share'],
        guaranteedNewKindEvery: 3,
        setPrize: { couponTemplateId: 'festival-spring', points: 200 },
      },
    },
    {
      id: 'diamond-night',
      type: 'lottery',
      name: '钻石会员专享抽奖',
      description: '钻石会员专属活动，每天 1 次免费抽奖。',
      startsAt: at(0, 20),
      endsAt: dayStart(7),
      audience: { kind: 'tier', minTierRank: 3 },
      priority: true,
      exclusive: true,
      lottery: {
        freeDrawsPerDay: 1,
        paidDrawCostPoints: 20,
        maxDrawsPerDay: 1,
        prizes: [
          { id: 'points-500', name: '500 积分', kind: 'points', points: 500, weight: 10, stock: 50 },
          { id: 'coupon-100-20', name: '满100减20券', kind: 'coupon', couponTemplateId: 'mall-100-20', weight: 40, stock: null },
          { id: 'thanks', name: '谢谢参与', kind: 'empty', weight: 50, stock: null },
        ],
      },
    },
  ]
}

/** Defaults anchored on Spring Festival 2026 (17 Feb 2026, business time); the mock re-seeds around its clock. */
export const DEFAULT_CAMPAIGNS: CampaignDefinition[] = seedCampaigns(parseInstant('2026-02-17T12:00:00+08:00'))

// ---------------------------------------------------------------------------------------------------------
// Validation

const CAMPAIGN_TYPES: CampaignType[] = ['lottery', 'cards', 'leaderboard', 'festival']
const AUDIENCE_KINDS: CampaignAudienceKind[] = ['all', 'new', 'dormant', 'tier']
const THEME_KEYS: FestivalThemeKey[] = ['spring', 'midautumn', 'national', '618', 'double11']
const PRIZE_KINDS: LotteryPrizeKind[] = ['points', 'coupon', 'physical', 'empty']
const CARD_ACTIONS: CardEarnAction[] = ['signin', 'core_use', 'task', 'invite_registered', 'share']

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n)
const isPosInt = (n: unknown): n is number => isInt(n) && n >= 1
const isNonNegInt = (n: unknown): n is number => isInt(n) && n >= 0

export interface ValidateCampaignsOptions {
  /** When given, coupon template references are checked against it. */
  couponTemplateIds?: string[]
  /** The last day of each fixed-date coupon template: a prize needs it to last as long as the campaign gives it. */
  couponLastDays?: Record<string, BusinessDate>
  /** The lowest tier's rank: a 'tier' audience from it on is everyone, the same audience as 'all'. */
  lowestTierRank?: number
  maxOverlappingPerAudience?: number
  calendar?: CalendarRules
}

function audienceKey(a: CampaignAudience, lowestTierRank: number): string {
  const base = a.kind === 'tier' && (a.minTierRank ?? 0) > lowestTierRank ? `tier>=${a.minTierRank}` : a.kind === 'tier' ? 'all' : a.kind
  return a.segment === undefined ? base : `${base}/segment=${a.segment}`
}

function checkCouponRef(problems: string[], at: string, id: unknown, known: string[] | undefined): void {
  if (!isText(id)) problems.push(`${at}: must name a coupon template`)
  else if (known && !known.includes(id)) problems.push(`${at}: unknown coupon template "${id}"`)
}

function validateLotteryRules(problems: string[], at: string, rules: LotteryRules, known: string[] | undefined): void {
  if (!isNonNegInt(rules.freeDrawsPerDay)) problems.push(`${at}.freeDrawsPerDay: must be an integer ≥ 0, got ${String(rules.freeDrawsPerDay)}`)
  if (!isPosInt(rules.maxDrawsPerDay)) problems.push(`${at}.maxDrawsPerDay: must be a positive integer, got ${String(rules.maxDrawsPerDay)}`)
  if (isNonNegInt(rules.freeDrawsPerDay) && isPosInt(rules.maxDrawsPerDay) && rules.freeDrawsPerDay > rules.maxDrawsPerDay) {
    problems.push(`${at}.freeDrawsPerDay: ${rules.freeDrawsPerDay} must not exceed maxDrawsPerDay ${rules.maxDrawsPerDay}`)
  }
  if (!isNonNegInt(rules.paidDrawCostPoints)) problems.push(`${at}.paidDrawCostPoints: must be an integer ≥ 0, got ${String(rules.paidDrawCostPoints)}`)
  if (!Array.isArray(rules.prizes) || rules.prizes.length === 0) {
    problems.push(`${at}.prizes: needs at least one prize`)
    return
  }
  const ids = new Set<string>()
  rules.prizes.forEach((p, j) => {
    const pat = `${at}.prizes[${j}]`
    if (!isRuleId(p.id)) problems.push(`${pat}.id: ${RULE_ID_PROBLEM}`)
    else if (ids.has(p.id)) problems.push(`${pat}.id: duplicate prize id "${p.id}"`)
    else ids.add(p.id)
    const name = textProblem(p.name)
    if (name) problems.push(`${pat}.name: ${name}`)
    if (/100\s*%\s*中奖|必中/.test(p.name ?? '')) problems.push(`${pat}.name: must not claim a guaranteed win ("100% 中奖")`)
    if (!isPosInt(p.weight)) problems.push(`${pat}.weight: must be a positive integer, got ${String(p.weight)}`)
    if (p.stock !== null && !isNonNegInt(p.stock)) problems.push(`${pat}.stock: must be an integer ≥ 0 or null (unlimited), got ${String(p.stock)}`)
    if (!PRIZE_KINDS.includes(p.kind)) {
      problems.push(`${pat}.kind: must be one of ${PRIZE_KINDS.join(', ')}, got "${String(p.kind)}"`)
    } else if (p.kind === 'points') {
      if (!isPosInt(p.points)) problems.push(`${pat}.points: a points prize needs a positive integer amount, got ${String(p.points)}`)
    } else if (p.kind === 'coupon') {
      checkCouponRef(problems, `${pat}.couponTemplateId`, p.couponTemplateId, known)
    } else if (p.kind === 'empty' && (p.points !== undefined || p.couponTemplateId !== undefined)) {
      problems.push(`${pat}: an empty prize must not carry points or a coupon`)
    }
  })
}

/** Business days the window touches (a campaign from 10:00 day 1 to 10:00 day 15 touches 15 days). */
function businessDaysTouched(start: number, end: number, calendar: CalendarRules): number {
  return daysBetween(businessDateOf(start, calendar), businessDateOf(end - 1, calendar)) + 1
}

function validateCardsRules(
  problems: string[],
  at: string,
  rules: CardsRules,
  known: string[] | undefined,
  campaignDays: number | null,
): void {
  if (!Array.isArray(rules.kinds) || rules.kinds.length < 2) {
    problems.push(`${at}.kinds: needs at least 2 card kinds`)
  } else {
    const ids = new Set<string>()
    rules.kinds.forEach((k, j) => {
      const kat = `${at}.kinds[${j}]`
      if (!isRuleId(k.id)) problems.push(`${kat}.id: ${RULE_ID_PROBLEM}`)
      else if (ids.has(k.id)) problems.push(`${kat}.id: duplicate card kind "${k.id}"`)
      else ids.add(k.id)
      const name = textProblem(k.name)
      if (name) problems.push(`${kat}.name: ${name}`)
      if (!isPosInt(k.rarityWeight)) problems.push(`${kat}.rarityWeight: must be a positive integer, got ${String(k.rarityWeight)}`)
    })
  }
  if (!Array.isArray(rules.earnActions) || rules.earnActions.length === 0) {
    problems.push(`${at}.earnActions: needs at least one action`)
  } else {
    rules.earnActions.forEach((a, j) => {
      if (!CARD_ACTIONS.includes(a)) problems.push(`${at}.earnActions[${j}]: unknown action "${String(a)}"`)
    })
    if (new Set(rules.earnActions).size !== rules.earnActions.length) problems.push(`${at}.earnActions: lists an action twice`)
    if (!rules.earnActions.some((a) => a !== 'share')) {
      problems.push(`${at}.earnActions: must include an action other than "share" (the set must be completable without sharing)`)
    }
  }
  if (!isPosInt(rules.guaranteedNewKindEvery)) {
    problems.push(`${at}.guaranteedNewKindEvery: must be a positive integer, got ${String(rules.guaranteedNewKindEvery)}`)
  } else if (Array.isArray(rules.kinds) && campaignDays !== null) {
    // One non-share card a day (sign-in alone) must complete the set before the end: the first card is always
    // new and each further kind arrives within `guaranteedNewKindEvery` cards.
    const worstCaseCards = 1 + (rules.kinds.length - 1) * rules.guaranteedNewKindEvery
    if (worstCaseCards > campaignDays) {
      problems.push(
        `${at}.guaranteedNewKindEvery: with ${rules.kinds.length} kinds a member earning one card a day may need ${worstCaseCards} days, but the campaign spans ${campaignDays} business days; lower it or lengthen the campaign`,
      )
    }
  }
  if (!rules.setPrize) {
    problems.push(`${at}.setPrize: required`)
  } else {
    checkCouponRef(problems, `${at}.setPrize.couponTemplateId`, rules.setPrize.couponTemplateId, known)
    if (!isNonNegInt(rules.setPrize.points)) problems.push(`${at}.setPrize.points: must be an integer ≥ 0, got ${String(rules.setPrize.points)}`)
  }
}

function validateLeaderboardRules(problems: string[], at: string, rules: LeaderboardRules, known: string[] | undefined): void {
  if (!isPosInt(rules.topN)) problems.push(`${at}.topN: must be a positive integer, got ${String(rules.topN)}`)
  if (!Array.isArray(rules.prizes)) {
    problems.push(`${at}.prizes: must be a list`)
    return
  }
  // The rank ranges already given a prize (compared as ranges: a range of 10⁸ ranks takes no longer than one).
  const covered: { from: number; to: number }[] = []
  rules.prizes.forEach((p, j) => {
    const pat = `${at}.prizes[${j}]`
    if (!isPosInt(p.rankFrom) || !isPosInt(p.rankTo) || p.rankTo < p.rankFrom) {
      problems.push(`${pat}: ranks must be positive integers with rankFrom ≤ rankTo, got ${String(p.rankFrom)}–${String(p.rankTo)}`)
      return
    }
    if (isPosInt(rules.topN) && p.rankTo > rules.topN) problems.push(`${pat}.rankTo: ${p.rankTo} is beyond topN ${rules.topN}`)
    const overlaps = covered.filter((c) => c.from <= p.rankTo && p.rankFrom <= c.to).map((c) => Math.max(c.from, p.rankFrom))
    if (overlaps.length > 0) problems.push(`${pat}: rank ${Math.min(...overlaps)} already has a prize`)
    covered.push({ from: p.rankFrom, to: p.rankTo })
    if (p.points !== undefined && !isPosInt(p.points)) problems.push(`${pat}.points: must be a positive integer, got ${String(p.points)}`)
    if (p.couponTemplateId !== undefined) checkCouponRef(problems, `${pat}.couponTemplateId`, p.couponTemplateId, known)
    if (p.points === undefined && p.couponTemplateId === undefined) problems.push(`${pat}: needs points or a couponTemplateId`)
  })
}

/**
 * The coupon prizes a campaign gives and the last business day it may give them: a lottery and a set of cards while
 * they run (a set completed on the last day is claimed that day), a leaderboard when it settles, as it ends.
 */
function couponPrizesOf(c: CampaignDefinition, at: string, end: number, calendar: CalendarRules): { path: string; id: string; until: BusinessDate }[] {
  const running = businessDateOf(end - 1, calendar)
  const out: { path: string; id: string; until: BusinessDate }[] = []
  c.lottery?.prizes?.forEach((p, j) => p.couponTemplateId !== undefined && out.push({ path: `${at}.lottery.prizes[${j}].couponTemplateId`, id: p.couponTemplateId, until: running }))
  if (c.cards?.setPrize?.couponTemplateId !== undefined) out.push({ path: `${at}.cards.setPrize.couponTemplateId`, id: c.cards.setPrize.couponTemplateId, until: running })
  const settles = businessDateOf(end, calendar)
  c.leaderboard?.prizes?.forEach((p, j) => p.couponTemplateId !== undefined && out.push({ path: `${at}.leaderboard.prizes[${j}].couponTemplateId`, id: p.couponTemplateId, until: settles }))
  return out
}

/** White text on the colour and the colour as text on its soft tint must both reach WCAG AA (SPEC §6). */
function validateThemeContrast(problems: string[], at: string, color: string): void {
  const onWhite = contrastRatio(color, '#ffffff')
  if (onWhite < MIN_TEXT_CONTRAST) {
    problems.push(`${at}: white text on ${color} has contrast ${onWhite.toFixed(2)}:1, below ${MIN_TEXT_CONTRAST}:1 (WCAG 2.1 AA); choose a darker colour`)
    return
  }
  const tint = softTintOf(color)
  const onTint = contrastRatio(color, tint)
  if (onTint < MIN_TEXT_CONTRAST) {
    problems.push(`${at}: ${color} text on its light tint ${tint} has contrast ${onTint.toFixed(2)}:1, below ${MIN_TEXT_CONTRAST}:1 (WCAG 2.1 AA); choose a darker colour`)
  }
}

/**
 * Problems with the campaign list, [] when valid: fields, schedules (end after start), prize weights
 * (positive integers) and stock (≥ 0 or unlimited), cards completable without sharing, leaderboard prizes (for
 * everyone: the board ranks every member's points), coupon prizes that can be issued as long as the campaign gives
 * them, and the cadence rule — a campaign that would make a third one running at the same time for the same
 * audience is refused.
 */
export function validateCampaigns(campaigns: CampaignDefinition[], options: ValidateCampaignsOptions = {}): string[] {
  const problems: string[] = []
  if (!Array.isArray(campaigns)) return ['campaigns: must be a list']
  const known = options.couponTemplateIds
  const calendar = options.calendar ?? DEFAULT_CALENDAR_RULES
  const maxOverlap = options.maxOverlappingPerAudience ?? MAX_OVERLAPPING_CAMPAIGNS_PER_AUDIENCE
  const ids = new Set<string>()
  const windows: { index: number; id: string; name: string; key: string; start: number; end: number }[] = []

  campaigns.forEach((c, i) => {
    const at = `campaigns[${i}]`
    if (!isRuleId(c.id)) problems.push(`${at}.id: ${RULE_ID_PROBLEM}`)
    else if (ids.has(c.id)) problems.push(`${at}.id: duplicate campaign id "${c.id}"`)
    else ids.add(c.id)
    if (!CAMPAIGN_TYPES.includes(c.type)) problems.push(`${at}.type: must be one of ${CAMPAIGN_TYPES.join(', ')}, got "${String(c.type)}"`)
    const name = textProblem(c.name)
    if (name) problems.push(`${at}.name: ${name}`)
    const description = optionalTextProblem(c.description)
    if (description) problems.push(`${at}.description: ${description}`)
    if (/100\s*%\s*中奖|必中/.test(`${c.name ?? ''}${c.description ?? ''}`)) {
      problems.push(`${at}: name and description must not claim a guaranteed win ("100% 中奖")`)
    }

    // Strict: a day that does not exist (2月30日) is refused at its field, not read as another day.
    const start = parseStrictInstant(c.startsAt)
    const end = parseStrictInstant(c.endsAt)
    if (Number.isNaN(start)) problems.push(`${at}.startsAt: must be an ISO instant, got "${String(c.startsAt)}"`)
    if (Number.isNaN(end)) problems.push(`${at}.endsAt: must be an ISO instant, got "${String(c.endsAt)}"`)
    const scheduleOk = !Number.isNaN(start) && !Number.isNaN(end) && end > start
    if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start) {
      problems.push(`${at}.endsAt: ${c.endsAt} must be after startsAt ${c.startsAt}`)
    }

    const a = c.audience
    if (!a || !AUDIENCE_KINDS.includes(a.kind)) {
      problems.push(`${at}.audience.kind: must be one of ${AUDIENCE_KINDS.join(', ')}, got "${String(a?.kind)}"`)
    } else {
      if (a.kind === 'tier' && !isNonNegInt(a.minTierRank)) {
        problems.push(`${at}.audience.minTierRank: a 'tier' audience needs an integer rank ≥ 0, got ${String(a.minTierRank)}`)
      }
      if (a.kind !== 'tier' && a.minTierRank !== undefined) problems.push(`${at}.audience.minTierRank: only allowed with kind 'tier'`)
      if (a.segment !== undefined && !isText(a.segment)) problems.push(`${at}.audience.segment: must be a non-empty string when set`)
      if (c.exclusive && a.kind !== 'tier') problems.push(`${at}.exclusive: an exclusive campaign needs a 'tier' audience (e.g. minTierRank 3 for diamond)`)
      if (c.type === 'leaderboard' && (a.kind !== 'all' || a.segment !== undefined)) {
        problems.push(`${at}.audience: a leaderboard ranks every member's points, so its audience must be 'all' without a segment`)
      }
      if (scheduleOk && isText(c.id)) windows.push({ index: i, id: c.id, name: isText(c.name) ? c.name : c.id, key: audienceKey(a, options.lowestTierRank ?? 0), start, end })
    }

    if (c.theme !== undefined) {
      if (!THEME_KEYS.includes(c.theme.key)) problems.push(`${at}.theme.key: must be one of ${THEME_KEYS.join(', ')}, got "${String(c.theme.key)}"`)
      if (!/^#[0-9a-fA-F]{6}$/.test(c.theme.primaryColor ?? '')) problems.push(`${at}.theme.primaryColor: must be '#rrggbb', got "${String(c.theme.primaryColor)}"`)
      else validateThemeContrast(problems, `${at}.theme.primaryColor`, c.theme.primaryColor)
      const title = textProblem(c.theme.bannerTitle, 'title')
      if (title) problems.push(`${at}.theme.bannerTitle: ${title}`)
    } else if (c.type === 'festival') {
      problems.push(`${at}.theme: a festival campaign needs a theme`)
    }
    if (c.signinMultiplier !== undefined && (!isPosInt(c.signinMultiplier) || c.signinMultiplier > 10)) {
      problems.push(`${at}.signinMultiplier: must be an integer between 1 and 10, got ${String(c.signinMultiplier)}`)
    }

    for (const mechanic of ['lottery', 'cards', 'leaderboard'] as const) {
      if (c[mechanic] !== undefined && c.type !== mechanic) problems.push(`${at}.${mechanic}: only a '${mechanic}' campaign may carry ${mechanic} rules`)
    }
    if (c.type === 'lottery') {
      if (!c.lottery) problems.push(`${at}.lottery: a lottery campaign needs lottery rules`)
      else validateLotteryRules(problems, `${at}.lottery`, c.lottery, known)
    }
    if (c.type === 'cards') {
      if (!c.cards) problems.push(`${at}.cards: a cards campaign needs cards rules`)
      else validateCardsRules(problems, `${at}.cards`, c.cards, known, scheduleOk ? businessDaysTouched(start, end, calendar) : null)
    }
    if (c.type === 'leaderboard') {
      if (!c.leaderboard) problems.push(`${at}.leaderboard: a leaderboard campaign needs leaderboard rules`)
      else validateLeaderboardRules(problems, `${at}.leaderboard`, c.leaderboard, known)
    }
    if (scheduleOk) {
      for (const p of couponPrizesOf(c, at, end, calendar)) {
        const last = options.couponLastDays?.[p.id]
        if (last !== undefined && last < p.until) {
          problems.push(`${p.path}: coupon template "${p.id}" can be issued until ${last}, but the campaign gives it until ${p.until}; extend its dates or choose another`)
        }
      }
    }
  })

  const byAudience = new Map<string, typeof windows>()
  for (const w of windows) byAudience.set(w.key, [...(byAudience.get(w.key) ?? []), w])
  for (const [key, list] of byAudience) {
    const sorted = [...list].sort((x, y) => x.start - y.start || x.index - y.index)
    let running: typeof windows = []
    for (const w of sorted) {
      running = running.filter((r) => r.end > w.start)
      if (running.length >= maxOverlap) {
        problems.push(
          `campaigns[${w.index}] ("${w.id}"): audience ${key} would have ${running.length + 1} campaigns running at once from ${toIso(w.start)} (with ${running
            .map((r) => `"${r.id}" (${r.name})`)
            .join(', ')}); at most ${maxOverlap} may overlap per audience`,
        )
        continue
      }
      running.push(w)
    }
  }
  return problems
}
