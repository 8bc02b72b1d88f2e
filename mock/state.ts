/**
 * The member transaction every handler works through: load a member, bring their state up to date (expiry,
 * tier re-evaluation, reminders — lazily, on each request), apply domain rules one after another, and hand
 * back one new immutable db. Nothing here decides a business rule; it sequences src/domain calls so that a
 * request is applied whole or not at all (a throw discards the transaction).
 */
import type { ClientPlatform, CouponWire } from '../src/api/contract'
import { addMonths, businessDateOf, parseInstant, toIso, type BusinessDate } from '../src/domain/calendar'
import { earnCard, initialCardsState, type CardEarnAction } from '../src/domain/cards'
import { campaignEntry, campaignStatus, leaderboardResults, type CampaignDefinition, type CampaignMember } from '../src/domain/campaigns'
import type { RulesConfig } from '../src/domain/config'
import type { Ctx, Rng } from '../src/domain/context'
import { couponDaysLeft, couponStatus, emptyWallet, expiringSoon, issueCoupon, type Coupon, type CouponSource } from '../src/domain/coupons'
import { isRuleError } from '../src/domain/errors'
import { inviteCodeFor } from '../src/domain/invites'
import {
  balanceOf,
  dueReminders,
  emptyPointsState,
  expirePoints,
  grantPoints,
  markRemindersSent,
  shareRewardsAllowed,
  spendPoints,
  type AwardResult,
  type GrantInput,
  type SpendInput,
} from '../src/domain/points'
import { emptyMessageState, sendMessage, type MessagePayloads, type MessageTemplateId } from '../src/domain/messages'
import type { MetricsEvent } from '../src/domain/metrics'
import { emptySigninState } from '../src/domain/signin'
import { emptyTaskState, recordTaskEvent, type TaskMemberContext } from '../src/domain/tasks'
import {
  effectiveTierDetail,
  emptyMetrics,
  findTier,
  initialTierState,
  reevaluateTier,
  upgradeIfEligible,
  type EffectiveTier,
  type MemberMetrics,
  type TierEvent,
  type TierMetric,
} from '../src/domain/tiers'
import type { Handler, HandlerArgs, RouteDef } from './backend'
import type { LoyaltyDb, MemberRecord } from './db'
import { HttpError } from './http-types'
import { own } from './own'

export interface LoyaltyEnv {
  /** Rules that override the stored ones (tests); null = the seeded document in the db. */
  config: RulesConfig | null
}

export type LoyaltyArgs = HandlerArgs<LoyaltyDb, LoyaltyEnv>
export type LoyaltyHandler = Handler<LoyaltyDb, LoyaltyEnv>
export type LoyaltyRoute = RouteDef<LoyaltyDb, LoyaltyEnv>
/** method, path pattern (`/campaigns/:id`), route. */
export type RouteEntry = [string, string, LoyaltyRoute]

export function rulesOf(db: LoyaltyDb, env: LoyaltyEnv): RulesConfig {
  return env.config ?? db.config
}

export function ctxOf(db: LoyaltyDb, env: LoyaltyEnv, now: number, rng: Rng): Ctx<RulesConfig> {
  return { now, rng, config: rulesOf(db, env) }
}

const METRIC_FLAGS: readonly TierMetric[] = ['activeDays', 'signinDays']

/** Sum of the dated metric increments in the rolling window that tier rules read (tiers.ts header). */
export function rollingMetrics(member: MemberRecord, today: BusinessDate, config: RulesConfig): MemberMetrics {
  const start = addMonths(today, -config.tiers.retentionMonths)
  const out = emptyMetrics()
  for (const [date, delta] of Object.entries(member.metricsByDay)) {
    if (date <= start || date > today) continue
    for (const [k, v] of Object.entries(delta) as [TierMetric, number][]) out[k] += v
  }
  for (const k of Object.keys(out) as TierMetric[]) out[k] = Math.max(0, out[k])
  return out
}

export class Tx {
  db: LoyaltyDb
  member: MemberRecord
  readonly ctx: Ctx<RulesConfig>
  readonly today: BusinessDate
  readonly platform: ClientPlatform
  private readonly newEvents: MetricsEvent[] = []

  constructor(db: LoyaltyDb, member: MemberRecord, ctx: Ctx<RulesConfig>, platform: ClientPlatform) {
    this.db = db
    this.member = member
    this.ctx = ctx
    this.today = businessDateOf(ctx.now, ctx.config.calendar)
    this.platform = platform
  }

  get rules(): RulesConfig {
    return this.ctx.config
  }

  get iso(): string {
    return toIso(this.ctx.now)
  }

  get balance(): number {
    return balanceOf(this.member.points, this.ctx.now)
  }

  /** The new db with this member (and the events logged) written back. */
  finish(): LoyaltyDb {
    this.db = { ...this.db, members: { ...this.db.members, [this.member.id]: this.member } }
    if (this.newEvents.length > 0) this.db = { ...this.db, eventLog: this.db.eventLog.concat(this.newEvents.splice(0)) }
    return this.db
  }

  /** Runs `fn` on another member (inviter, gift recipient, leaderboard winner) in the same transaction. */
  withMember<T>(memberId: string, fn: (other: Tx) => T): T {
    this.finish()
    const member = memberOf(this.db, memberId)
    const other = new Tx(this.db, member, this.ctx, member.platform)
    refreshMember(other)
    const result = fn(other)
    this.db = other.finish()
    this.member = this.db.members[this.member.id]
    return result
  }

  log(type: MetricsEvent['type'], extra: Omit<MetricsEvent, 'type' | 'memberId' | 'at'> = {}): void {
    this.newEvents.push({ type, memberId: this.member.id, isMember: true, at: this.iso, ...extra })
  }

  effective(): EffectiveTier {
    return effectiveTierDetail(this.member.tier, this.today, this.rules.tiers)
  }

  private metricsCache: { of: MemberRecord['metricsByDay']; value: MemberMetrics } | null = null

  /** The rolling metrics; recomputed only when `metricsByDay` was replaced (it is never changed in place). */
  metrics(): MemberMetrics {
    const of = this.member.metricsByDay
    if (this.metricsCache?.of !== of) this.metricsCache = { of, value: rollingMetrics(this.member, this.today, this.rules) }
    return { ...this.metricsCache.value }
  }

  campaignMember(): CampaignMember {
    return {
      memberId: this.member.id,
      tierRank: this.effective().tier.rank,
      registeredAt: this.member.registeredAt,
      lastDormancyEndedAt: this.member.lifecycle.lastDormancyEndedAt ?? null,
    }
  }

  /** Share-based rewards for this session's platform (SPEC §1.6). */
  shareAllowed(): boolean {
    return shareRewardsAllowed(this.rules.compliance, this.platform)
  }

  earlyMinutes(): number {
    return this.effective().tier.earlyAccessMinutes
  }

  /** Campaigns this member can take part in right now. */
  enterable(): CampaignDefinition[] {
    const member = this.campaignMember()
    const early = this.earlyMinutes()
    return this.rules.campaigns.filter((c) => campaignEntry(c, member, early, this.ctx).canEnter)
  }

  taskContext(): TaskMemberContext {
    return {
      registeredOn: businessDateOf(parseInstant(this.member.registeredAt), this.rules.calendar),
      tierCampaignDouble: this.effective().tier.campaignTaskDoublePoints,
      runningCampaignIds: this.enterable().map((c) => c.id),
    }
  }

  // ── metrics ────────────────────────────────────────────────────────────────────────────────────────

  bumpMetrics(date: BusinessDate, delta: Partial<MemberMetrics>): void {
    const current = { ...(this.member.metricsByDay[date] ?? {}) }
    for (const [k, v] of Object.entries(delta) as [TierMetric, number][]) {
      if (!v) continue
      current[k] = METRIC_FLAGS.includes(k) ? Math.max(0, Math.min(1, (current[k] ?? 0) + v)) : (current[k] ?? 0) + v
    }
    this.member = { ...this.member, metricsByDay: { ...this.member.metricsByDay, [date]: current } }
  }

  markActive(): void {
    if (this.member.metricsByDay[this.today]?.activeDays !== 1) this.bumpMetrics(this.today, { activeDays: 1 })
  }

  /** After metrics changed: upgrade when due (tiers.ts) and tell the member. */
  upgrade(): void {
    const r = upgradeIfEligible(this.member.tier, this.metrics(), this.ctx)
    this.member = { ...this.member, tier: r.state }
    this.tierMessages(r.events)
  }

  tierMessages(events: TierEvent[]): void {
    for (const e of events) {
      if (e.type !== 'tier_changed') continue
      const before = findTier(this.rules.tiers, e.effectiveBefore)
      const after = findTier(this.rules.tiers, e.effectiveAfter)
      if (before && after && after.rank > before.rank) this.message('tier_upgraded', { tierName: after.name })
    }
  }

  // ── points, coupons, messages ──────────────────────────────────────────────────────────────────────

  grant(input: Omit<GrantInput, 'cappedOverride'>): AwardResult {
    const r = grantPoints(this.member.points, input, this.ctx)
    this.member = { ...this.member, points: r.state }
    if (r.award.growth > 0) this.bumpMetrics(this.today, { growth: r.award.growth })
    return r.award
  }

  /** Keeps the growth an award brought (earnBehaviourPoints and friends return the award). */
  addGrowth(award: AwardResult | null): void {
    if (award && award.growth > 0) this.bumpMetrics(this.today, { growth: award.growth })
  }

  spend(input: SpendInput): void {
    this.member = { ...this.member, points: spendPoints(this.member.points, input, this.ctx).state }
  }

  issue(templateId: string, ref: string, source?: CouponSource): Coupon {
    const r = issueCoupon(this.member.wallet, { templateId, ref, source }, this.ctx)
    this.member = { ...this.member, wallet: r.state }
    return r.coupon
  }

  message<T extends MessageTemplateId>(template: T, payload: MessagePayloads[T]): void {
    const r = sendMessage(this.member.messages, { template, payload }, this.ctx)
    this.member = { ...this.member, messages: r.state }
  }

  recordTasks(eventType: string, ref?: string): string[] {
    const r = recordTaskEvent(this.member.tasks, { eventType, ref, ...this.taskContext() }, this.ctx)
    this.member = { ...this.member, tasks: r.state }
    return r.events.map((e) => e.taskId)
  }

  joinCampaign(campaignId: string): void {
    if (this.member.campaignsJoined[campaignId]) return
    this.member = { ...this.member, campaignsJoined: { ...this.member.campaignsJoined, [campaignId]: this.iso } }
    this.log('campaign_join', { campaignId })
  }

  /** Today's card for `action` in every running collect-cards campaign this member can enter (cards.ts decides). */
  earnCards(action: CardEarnAction, shareRewardsEnabled: boolean): { campaignId: string; kindId: string; kindName: string; isNewKind: boolean } | null {
    let first: { campaignId: string; kindId: string; kindName: string; isNewKind: boolean } | null = null
    const member = this.campaignMember()
    for (const c of this.enterable()) {
      if (c.type !== 'cards') continue
      try {
        const r = earnCard(this.db.cards[c.id] ?? initialCardsState(c), { campaign: c, member, tierEarlyMinutes: this.earlyMinutes(), action, shareRewardsEnabled }, this.ctx)
        this.db = { ...this.db, cards: { ...this.db.cards, [c.id]: r.state } }
        this.joinCampaign(c.id)
        first ??= { campaignId: c.id, kindId: r.result.kind.id, kindName: r.result.kind.name, isNewKind: r.result.isNewKind }
      } catch (e) {
        if (!isRuleError(e)) throw e
      }
    }
    return first
  }
}

/**
 * Bring a member up to now: expire lots, re-evaluate the earned tier at its anniversary, upgrade when the
 * rolling metrics allow, and send the expiry reminders that have come due (once per threshold, points.ts).
 */
export function refreshMember(tx: Tx): void {
  const m = tx.member
  tx.member = { ...m, points: expirePoints(m.points, tx.ctx).state }
  const re = reevaluateTier(tx.member.tier, tx.metrics(), tx.ctx)
  tx.member = { ...tx.member, tier: re.state }
  tx.tierMessages(re.events)
  tx.upgrade()
  const due = dueReminders(tx.member.points, tx.ctx)
  if (due.length > 0) {
    for (const r of due) tx.message('points_expiring', { points: r.amount, expiresOn: r.expiresOn, lastExpiresOn: r.lastExpiresOn })
    tx.member = { ...tx.member, points: markRemindersSent(tx.member.points, { reminders: due }).state }
  }
}

function memberOf(db: LoyaltyDb, memberId: string): MemberRecord {
  const member = own(db.members, memberId)
  if (!member) throw new HttpError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
  return member
}

/**
 * A transaction on one member as of `ctx.now`, brought up to date. A write also settles ended leaderboards
 * and marks the day active (tier metric `activeDays`).
 */
export function openTx(db: LoyaltyDb, memberId: string, ctx: Ctx<RulesConfig>, opts: { write: boolean; platform?: ClientPlatform }): Tx {
  const settled = opts.write ? settleLeaderboards(db, ctx) : db
  const member = memberOf(settled, memberId)
  const tx = new Tx(settled, member, ctx, opts.platform ?? member.platform)
  refreshMember(tx)
  if (opts.write) tx.markActive()
  return tx
}

/** The authenticated member's transaction (writes). */
export function beginTx(args: LoyaltyArgs): Tx {
  return openTx(args.db, args.memberId, ctxOf(args.db, args.env, args.now, args.rng), { write: true, platform: args.session?.platform })
}

/** A read-only view of the member as of now (GETs answer from it; nothing is stored). */
export function readTx(args: LoyaltyArgs): Tx {
  return openTx(args.db, args.memberId, ctxOf(args.db, args.env, args.now, args.rng), { write: false, platform: args.session?.platform })
}

/** Registers a member (login with a code never seen, or the seed). */
export function registerMember(
  db: LoyaltyDb,
  input: { platform: ClientPlatform; nickname?: string; now: number; config: RulesConfig },
): { db: LoyaltyDb; member: MemberRecord } {
  const seq = db.seq.member + 1
  const id = `mbr-${seq}`
  const inviteCode = inviteCodeFor(id)
  if (db.inviteCodes[inviteCode]) throw new Error(`invite code collision for ${id}`)
  const today = businessDateOf(input.now, input.config.calendar)
  const member: MemberRecord = {
    id,
    nickname: input.nickname ?? `会员${inviteCode.slice(0, 4)}`,
    registeredAt: toIso(input.now),
    platform: input.platform,
    inviteCode,
    points: emptyPointsState(),
    signin: emptySigninState(),
    tasks: emptyTaskState(),
    tier: initialTierState(today, input.config.tiers),
    paidPlanId: null,
    metricsByDay: {},
    lifecycle: { lastSeenAt: null },
    wallet: emptyWallet(id),
    messages: emptyMessageState(),
    redeemed: {},
    eventRefs: {},
    campaignsJoined: {},
    feedbackDates: [],
    ledgerArchive: {},
    metricsArchive: {},
    signinArchive: {},
  }
  const next: LoyaltyDb = {
    ...db,
    members: { ...db.members, [id]: member },
    inviteCodes: { ...db.inviteCodes, [inviteCode]: id },
    seq: { ...db.seq, member: seq },
    eventLog: db.eventLog.concat({ type: 'register', memberId: id, isMember: true, at: toIso(input.now) }),
  }
  return { db: next, member }
}

/**
 * Ended leaderboards pay their prizes once (campaigns.ts `leaderboardResults`: uncapped prize grants with a
 * per-rank ref, so a replay grants nothing twice). Runs lazily at the start of any write.
 */
export function settleLeaderboards(db: LoyaltyDb, ctx: Ctx<RulesConfig>): LoyaltyDb {
  let next = db
  for (const c of ctx.config.campaigns) {
    if (c.type !== 'leaderboard' || next.leaderboardsSettled[c.id] || campaignStatus(c, ctx.now) !== 'ended') continue
    const { awards } = leaderboardResults(c, leaderboardEntries(next), nicknamesOf(next), ctx)
    for (const award of awards) {
      const member = next.members[award.memberId]
      if (!member) continue
      const tx = new Tx(next, member, ctx, member.platform)
      refreshMember(tx)
      if (award.points > 0) {
        tx.grant({ amount: award.points, source: 'prize', ref: award.ref, reason: `${c.name} 第 ${award.rank} 名奖励` })
        tx.log('prize_cost', { campaignId: c.id, costFen: award.points * ctx.config.points.pointValueFen })
      }
      if (award.couponTemplateId) tx.issue(award.couponTemplateId, award.ref, 'leaderboard')
      tx.joinCampaign(c.id)
      tx.log('campaign_complete', { campaignId: c.id })
      next = tx.finish()
    }
    next = { ...next, leaderboardsSettled: { ...next.leaderboardsSettled, [c.id]: toIso(ctx.now) } }
  }
  return next
}

/** Earned points (and refund reversals) of every member, for leaderboards. */
export function leaderboardEntries(db: LoyaltyDb): { memberId: string; amount: number; at: string }[] {
  const out: { memberId: string; amount: number; at: string }[] = []
  for (const m of Object.values(db.members)) {
    for (const e of m.points.ledger) {
      if (e.type === 'earn' || (e.type === 'refund' && e.amount < 0)) out.push({ memberId: m.id, amount: e.amount, at: e.at })
    }
  }
  return out
}

export function nicknamesOf(db: LoyaltyDb): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of Object.values(db.members)) out[m.id] = m.nickname
  return out
}

export function couponWire(coupon: Coupon, ctx: Pick<Ctx<RulesConfig>, 'now' | 'config'>): CouponWire {
  const wire: CouponWire = {
    id: coupon.id,
    templateId: coupon.templateId,
    name: coupon.name,
    kind: coupon.kind,
    source: coupon.source,
    validFrom: coupon.validFrom,
    validTo: coupon.validTo,
    status: couponStatus(coupon, ctx),
    expiringSoon: expiringSoon(coupon, ctx),
    daysLeft: couponDaysLeft(coupon, ctx),
    usedAt: coupon.usedAt,
  }
  if (coupon.offFen !== undefined) wire.offFen = coupon.offFen
  if (coupon.minSpendFen !== undefined) wire.minSpendFen = coupon.minSpendFen
  if (coupon.percent !== undefined) wire.percent = coupon.percent
  if (coupon.maxOffFen !== undefined) wire.maxOffFen = coupon.maxOffFen
  return wire
}

/** `{status?, body, db}` of a write. */
export function done(tx: Tx, body: unknown, status = 200): { status: number; body: unknown; db: LoyaltyDb } {
  return { status, body, db: tx.finish() }
}
