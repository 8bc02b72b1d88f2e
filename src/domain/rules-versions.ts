/**
 * Rules versions (SPEC §8): every change of the rules document is a new version with a note, in force from an
 * instant (now, or scheduled); a scheduled version can be cancelled before it takes effect; a rollback is a new
 * version with an earlier one's document. At any instant exactly one version is in force: the latest-starting
 * one not cancelled (ties: the higher number). Changing the odds or the stock of a campaign that is running
 * when the change takes effect is the `admin` role's decision alone (`RUNNING_CAMPAIGN_LOCKED`).
 */
import { campaignStatus, opensAtFor, type CampaignDefinition } from './campaigns'
import type { RulesConfig } from './config'
import { RuleError } from './errors'
import type { BusinessDate } from './calendar'
import type { TierSources } from './tiers'

/**
 * How far ahead a version may be scheduled: a year (366 days, so the same date next year always fits). A version
 * years away (a typo: 3026 for 2026) would sit unseen in the list and block every save before it
 * (RULES_LATER_VERSION_PENDING) until someone noticed and cancelled it. The server refuses later ones
 * (RULES_EFFECTIVE_TOO_FAR); the console's picker offers no later date.
 */
export const RULES_SCHEDULE_HORIZON_MS = 366 * 24 * 3600 * 1000

export interface VersionTiming {
  versionNo: number
  /** ISO instant. */
  effectiveAt: string
  cancelledAt: string | null
}

export type VersionStatus = 'scheduled' | 'current' | 'past' | 'cancelled'

/** The version in force at `at` (epoch ms); the earliest one when none has started yet. */
export function versionInForce<V extends VersionTiming>(versions: readonly V[], at: number): V | undefined {
  let best: V | undefined
  let earliest: V | undefined
  for (const v of versions) {
    if (v.cancelledAt !== null) continue
    const t = Date.parse(v.effectiveAt)
    if (!earliest || t < Date.parse(earliest.effectiveAt) || (t === Date.parse(earliest.effectiveAt) && v.versionNo < earliest.versionNo)) earliest = v
    if (t > at) continue
    if (!best || t > Date.parse(best.effectiveAt) || (t === Date.parse(best.effectiveAt) && v.versionNo > best.versionNo)) best = v
  }
  return best ?? earliest
}

export function versionStatus(v: VersionTiming, inForce: VersionTiming | undefined, now: number): VersionStatus {
  if (v.cancelledAt !== null) return 'cancelled'
  if (inForce && v.versionNo === inForce.versionNo) return 'current'
  return Date.parse(v.effectiveAt) > now ? 'scheduled' : 'past'
}

/** A validation problem (`validateRulesConfig`'s "path: message") split for a form to show at its field. */
export function problemsByField(problems: readonly string[]): { path: string; message: string }[] {
  return problems.map((p) => {
    const i = p.indexOf(': ')
    return i < 0 ? { path: '', message: p } : { path: p.slice(0, i), message: p.slice(i + 2) }
  })
}

/** Campaigns whose odds and prizes members play against while they run. */
const LOCKABLE = new Set(['lottery', 'cards', 'leaderboard'])

/**
 * What a member's chances or a prize pool depend on: the lottery's prizes (weights, stock, what they give), the
 * card kinds' weights, how cards are earned and the set prize, the leaderboard's places and prizes — everything in
 * them but names and descriptions.
 */
/** What a campaign's play is, names and descriptions aside. */
function mechanicsOf(c: CampaignDefinition): string {
  return JSON.stringify({ lottery: c.lottery, cards: c.cards, leaderboard: c.leaderboard }, (k, v) => (k === 'name' || k === 'description' ? undefined : v))
}

/** The coupon templates a campaign's prizes issue. */
function prizeTemplateIds(c: CampaignDefinition): Set<string> {
  const ids = new Set<string>()
  JSON.stringify({ lottery: c.lottery, cards: c.cards, leaderboard: c.leaderboard }, (k, v) => {
    if (k === 'couponTemplateId' && typeof v === 'string') ids.add(v)
    return v
  })
  return ids
}

/**
 * Which fields of the tiers decide who plays a campaign and with what odds — locked with it while it runs: for a lottery
 * or a tier audience, the tiers' ranks and requirements (which tier a member holds); for a lottery, the tiers' win
 * weights (its odds for a tier are its weights times the tier's multiplier, §2.1); for a priority campaign, how early
 * each tier may enter.
 */
export function tierFieldsDeciding(c: CampaignDefinition): { rankAndRequirements: boolean; lotteryWeight: boolean; earlyAccess: boolean } {
  return { rankAndRequirements: c.type === 'lottery' || c.audience.kind === 'tier', lotteryWeight: c.type === 'lottery', earlyAccess: c.priority ?? false }
}

function oddsAndStock(c: CampaignDefinition, doc: RulesConfig): string {
  // A coupon prize is worth what its template says: a cheaper or dearer coupon is another prize.
  const ids = prizeTemplateIds(c)
  const templates = (doc.coupons.templates ?? []).filter((t) => ids.has(t.id)).sort((a, b) => (a.id < b.id ? -1 : 1))
  // Who may play: the audience, and the tiers' fields that decide it (tierFieldsDeciding).
  const who = { audience: c.audience, priority: c.priority ?? false, exclusive: c.exclusive ?? false }
  const deciding = tierFieldsDeciding(c)
  const levels = doc.tiers.levels ?? []
  const tiers = deciding.rankAndRequirements ? levels.map((t) => [t.id, t.rank, t.requirements, deciding.lotteryWeight ? t.lotteryWeightPercent : null]) : []
  const early = deciding.earlyAccess ? levels.map((t) => t.earlyAccessMinutes) : []
  return mechanicsOf(c) + JSON.stringify(templates, (k, v) => (k === 'name' ? undefined : v)) + JSON.stringify([who, tiers, early])
}

/**
 * A campaign's status as its members meet it: running from the moment the earliest of them may enter — a priority
 * campaign opens `earlyAccessMinutes` early for the tiers that have it (campaigns.ts `opensAtFor`) —, not only from
 * its start.
 */
export function liveStatus(c: CampaignDefinition, doc: Pick<RulesConfig, 'tiers'>, at: number): ReturnType<typeof campaignStatus> {
  const earliest = Math.max(0, ...(doc.tiers.levels ?? []).map((t) => t.earlyAccessMinutes ?? 0))
  const status = campaignStatus(c, at)
  return status === 'upcoming' && at >= opensAtFor(c, earliest) ? 'running' : status
}

/** The lottery, cards and leaderboard campaigns members play at `at` (early access included): their odds and prizes are locked. */
export function runningLockableCampaigns(doc: RulesConfig, at: number): CampaignDefinition[] {
  return doc.campaigns.filter((c) => LOCKABLE.has(c.type) && liveStatus(c, doc, at) === 'running')
}

/** Coupon templates the campaigns' prizes issue (of the running ones: locked too): id → the campaigns' names. */
export function templatesOfCampaigns(campaigns: readonly CampaignDefinition[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const c of campaigns) for (const id of prizeTemplateIds(c)) out.set(id, [...(out.get(id) ?? []), c.name])
  return out
}

/**
 * Campaigns that have begun by `at` under `before` and run at `at` under either document, whose odds or prizes
 * `after` changes (or that it removes) — the coupon templates its prizes issue included, who may play (its audience,
 * and for a lottery or a tier audience the tiers' requirements and ranks; a lottery's tier win weights; a priority
 * campaign's early access) —, by id; begun for the earliest member (`liveStatus`: early access counts). A member who drew
 * yesterday must not find different chances today unless an admin decided so — nor when an ended campaign is reopened
 * with other odds, nor after a running one was paused or stopped (its start moved later or its end to now, then its
 * odds changed while it did not run, then its dates moved back): taking a running campaign off is an admin's too.
 */
export function lockedCampaignChanges(before: RulesConfig, after: RulesConfig, at: number): string[] {
  const out: string[] = []
  for (const c of before.campaigns) {
    if (!LOCKABLE.has(c.type) || liveStatus(c, before, at) === 'upcoming') continue
    const next = after.campaigns.find((x) => x.id === c.id)
    if (liveStatus(c, before, at) === 'running' && next && liveStatus(next, after, at) !== 'running') {
      out.push(c.id)
      continue
    }
    if (liveStatus(c, before, at) !== 'running' && (!next || liveStatus(next, after, at) !== 'running')) continue
    if (!next || oddsAndStock(next, after) !== oddsAndStock(c, before)) out.push(c.id)
  }
  return out
}

/** Refuses a change to a running campaign's odds or stock unless the operator is an admin. */
export function assertRunningCampaignsUnchanged(before: RulesConfig, after: RulesConfig, at: number, isAdmin: boolean): void {
  if (isAdmin) return
  const locked = lockedCampaignChanges(before, after, at)
  if (locked.length > 0) {
    const names = locked.map((id) => before.campaigns.find((c) => c.id === id)?.name ?? id).join('、')
    throw new RuleError('RUNNING_CAMPAIGN_LOCKED', `活动「${names}」在新版本生效时正在进行，修改它的中奖概率、库存、奖品或参与对象（受众、等级条件、提前参与），或暂停、提前结束它，需要管理员操作`, 403, { campaigns: locked })
  }
}

/**
 * The business time zone decides every member's business day (sign-ins, caps, expiry, reports): moving it on a
 * live system is an admin's decision alone.
 */
export function assertCalendarUnchanged(before: RulesConfig, after: RulesConfig, isAdmin: boolean): void {
  if (isAdmin || before.calendar.offsetMinutes === after.calendar.offsetMinutes) return
  throw new RuleError('CALENDAR_ADMIN_ONLY', '修改业务时区会改变所有会员的业务日，需要管理员操作', 403, {
    offsetMinutes: before.calendar.offsetMinutes,
  })
}

/**
 * A version may not drop a tier members hold — earned, or bought, granted or on trial through `day` (the day it takes
 * effect): each view would place them somewhere else (their page re-evaluates them, the search and the dashboard read
 * the stored tier), and a paid tier would vanish unpaid-for. 409 RULES_TIER_IN_USE names each tier and how many hold
 * it; the way on is to change the tier (name, thresholds, benefits) rather than remove it. Who holds a tier is known
 * for now only — until a later instant members may still earn it, buy it or start its trial — so a version that drops a
 * tier takes effect at once (`scheduled`: 409 RULES_TIER_DROP_SCHEDULED).
 */
export function assertHeldTiersKept(
  before: RulesConfig,
  after: RulesConfig,
  held: readonly { sources: TierSources; members: number }[],
  day: BusinessDate,
  scheduled = false,
): void {
  const kept = new Set(after.tiers.levels.map((t) => t.id))
  const dropped = before.tiers.levels.filter((t) => !kept.has(t.id))
  if (dropped.length === 0) return
  if (scheduled) {
    const names = dropped.map((t) => `「${t.name}」`).join('、')
    throw new RuleError('RULES_TIER_DROP_SCHEDULED', `删除等级${names}的版本须立即生效：生效前仍可能有会员获得该等级`, 409, { tiers: dropped.map((t) => t.id) })
  }
  const holders = new Map<string, number>()
  for (const { sources, members } of held) {
    const timed = [sources.paid, sources.grant, sources.trial].filter((h) => h && (h.until === undefined || h.until >= day))
    for (const id of new Set([sources.earned.tierId, ...timed.map((h) => h!.tierId)])) holders.set(id, (holders.get(id) ?? 0) + members)
  }
  const inUse = dropped.filter((t) => (holders.get(t.id) ?? 0) > 0).map((t) => ({ id: t.id, name: t.name, members: holders.get(t.id)! }))
  if (inUse.length === 0) return
  const words = inUse.map((t) => `「${t.name}」还有 ${t.members} 位会员`).join('，')
  const which = inUse.length > 1 ? '这些等级' : '该等级'
  throw new RuleError('RULES_TIER_IN_USE', `${words}，不能删除${which}：可修改${inUse.length > 1 ? '它们' : '它'}的名称、门槛和权益`, 409, { tiers: inUse })
}

/** A value as JSON with its object keys sorted: one document read back from storage (jsonb reorders keys) compares equal. */
function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  )
}

/** The part of a leaderboard its settlement paid by: its window and its places and prizes. */
function sameBoard(a: CampaignDefinition, b: CampaignDefinition): boolean {
  return Date.parse(a.startsAt) === Date.parse(b.startsAt) && Date.parse(a.endsAt) === Date.parse(b.endsAt) && sortedJson(a.leaderboard) === sortedJson(b.leaderboard)
}

/**
 * A leaderboard pays its prizes once, under its id, when it has ended (the settlement; prize refs
 * `leaderboard:<id>:<rank>`). A version that then moves its window or changes its places and prizes — reopens it for
 * another run, say — would run a board that is never paid (its id is settled, so it is never settled again) while
 * its winners list names the new run's winners with their prizes. So a leaderboard settled, or ended by `at` under
 * `before` (it is settled before the version takes effect), keeps its dates and prizes in every later version: 409
 * LEADERBOARD_SETTLED; another run is another campaign, with an id of its own. Dropping it, or renaming it, stays
 * allowed. `settled` holds each settled board with its definition as paid (null: settled before definitions were kept).
 */
export function assertSettledLeaderboardsKept(
  settled: readonly { campaignId: string; campaign: CampaignDefinition | null }[],
  before: RulesConfig | null,
  after: RulesConfig,
  at: number,
): void {
  const paidBy = new Map(settled.map((s) => [s.campaignId, s.campaign]))
  const changed: CampaignDefinition[] = []
  for (const c of after.campaigns) {
    if (c.type !== 'leaderboard') continue
    const prior = before?.campaigns.find((x) => x.id === c.id && x.type === 'leaderboard') ?? null
    // As the version it replaces has it: this version changes nothing of it (a board edited before the rule existed
    // is not refused in every later save).
    if (prior && sameBoard(prior, c)) continue
    let paid: CampaignDefinition | null
    if (paidBy.has(c.id)) paid = paidBy.get(c.id) ?? prior
    else if (prior && campaignStatus(prior, at) === 'ended') paid = prior
    else continue
    if (paid ? !sameBoard(paid, c) : campaignStatus(c, at) !== 'ended') changed.push(c)
  }
  if (changed.length === 0) return
  const names = changed.map((c) => `「${c.name}」`).join('、')
  throw new RuleError('LEADERBOARD_SETTLED', `排行榜${names}已结束并发放奖励，不能再修改它的时间、名次和奖励；再办一期请新建活动（使用新的活动 ID）`, 409, {
    campaigns: changed.map((c) => c.id),
  })
}
