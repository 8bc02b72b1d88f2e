/**
 * One request's unit of work. `Work` reads through the storage scope and collects every change; members it
 * will change are locked and brought up to date first (`MemberTx`: expiry, tier re-evaluation, reminders —
 * lazily, on each request). Nothing here decides a business rule: it sequences src/domain calls so that a
 * request is applied whole or not at all (a throw discards the work; the storage writes `changes()` at once).
 */
import type { ClientPlatform, CouponWire } from '../../src/api/contract'
import { addMonths, businessDateOf, monthOf, parseInstant, toIso, type BusinessDate } from '../../src/domain/calendar'
import { campaignEntry, type CampaignDefinition, type CampaignMember } from '../../src/domain/campaigns'
import { earnCard, withdrawCard, type CardEarnAction, type CardsState } from '../../src/domain/cards'
import type { RulesConfig } from '../../src/domain/config'
import type { Ctx, Rng } from '../../src/domain/context'
import { couponDaysLeft, couponStatus, couponTemplateEnded, dueCouponReminders, emptyWallet, expiringSoon, issueCoupon, markCouponsReminded, revokeCoupon, type Coupon, type CouponSource } from '../../src/domain/coupons'
import { NotLoaded, isRuleError } from '../../src/domain/errors'
import { inviteCodeFor, type AcceptedInvite } from '../../src/domain/invites'
import type { LotteryState } from '../../src/domain/lottery'
import { emptyMessageState, sendMessage, type MessagePayloads, type MessagePlatform, type MessageTemplateId } from '../../src/domain/messages'
import { metricsRowsOf, type MetricsEvent } from '../../src/domain/metrics'
import { idNumber, memberIdOf } from './member-ids'
import {
  balanceOf,
  dueReminders,
  emptyPointsState,
  expirePoints,
  forfeitPoints,
  grantPoints,
  markRemindersSent,
  shareRewardsAllowed,
  spendPoints,
  type AwardResult,
  type GrantInput,
  type LedgerEntry,
  type Lot,
  type SpendInput,
} from '../../src/domain/points'
import { emptySigninState, isSigned } from '../../src/domain/signin'
import { emptyTaskState, recordTaskEvent, type TaskMemberContext } from '../../src/domain/tasks'
import {
  earnedTierNotice,
  effectiveTierDetail,
  emptyMetrics,
  endHeldTiers,
  findTier,
  freeServiceOf,
  heldTierNotices,
  initialTierState,
  reevaluateTier,
  TIER_METRICS,
  upgradeIfEligible,
  type EffectiveTier,
  type MemberMetrics,
  type TierEvent,
  type TierMetric,
} from '../../src/domain/tiers'
import { HttpError } from './http'
import type { PaymentProvider } from './payments'
import type { Changes, LeaderboardSettlement, ReadScope, StockTake, WriteScope } from './port'
import type { RulesConfig as Rules } from '../../src/domain/config'
import type {
  AdjustmentRecord,
  AuditRecord,
  DayMetrics,
  FeedbackRecord,
  MemberCampaignState,
  MemberRecord,
  OperatorRecord,
  OrderRecord,
  PrivacyRequestRecord,
  Redemption,
  RulesVersionRecord,
  SessionRecord,
  TierChangeRecord,
} from './records'

/** What the deployment tells the use cases (not rules: who runs it and where). */
export interface CoreEnv {
  brand: BrandSettings
  /**
   * Who a login code belongs to: the keys a member is found by, the first of which a new member is registered
   * under. The mock takes the code itself as the identity; the server asks WeChat or Alipay (before the write).
   */
  identify(platform: ClientPlatform, code: string): Promise<{ loginKeys: string[] }>
  /** A new bearer token (random); only its SHA-256 is stored. */
  newToken(): string
  /**
   * A new member's invite code (8 of invites.ts CODE_ALPHABET): drawn at random on the server, so nobody computes a
   * member's code from their number, nor the number of members from codes; absent, the demo's `inviteCodeFor(id)`.
   */
  newInviteCode?(): string
  /** How long a member session lasts, ms. */
  sessionTtlMs: number
  /**
   * Operator passwords: scrypt on the server; a salted SHA-256 on the mock, whose one account is a public demo
   * account. `verify` with a null hash (no such account) does the same work and answers false.
   */
  passwords: {
    hash(password: string): Promise<string>
    verify(password: string, hash: string | null): Promise<boolean>
  }
  /**
   * A points adjustment larger than this (either sign) waits for a second operator, an admin, to approve it.
   * Deployment configuration, not a rule: an operator who edits rules must not be able to raise it.
   */
  adjustApprovalAbove: number
  /**
   * Who confirms a payment: `mock` — the app's mock cashier says paid or not (`POST /orders/{id}/pay {result}`):
   * the offline demo, tests; `none` — nobody, so nothing can be bought (422 PAYMENTS_UNAVAILABLE): a server
   * in production without a provider, where a member must not be able to declare their own order paid and earn its
   * points; or a real provider (payments.ts: WeChat Pay), whose word alone marks an order paid.
   */
  payments: 'mock' | 'none' | PaymentProvider
  /**
   * The platform this backend sends subscription messages to (server/messaging), or null when it sends none. Members
   * are asked to subscribe (`GET /config`) only to what it sends — a subscription spends their acceptance: that
   * platform's templates with an id and their keywords. Absent: every template with an id (the mock's demo of the
   * flow, with no platform behind it).
   */
  messagePlatform?: MessagePlatform | null
}

export interface BrandSettings {
  name: string
  /** Customer service: a `tel:` or web link. */
  serviceUrl: string
  /** Where the H5 app lives, for invite links. */
  shareBaseUrl: string
}

const METRIC_FLAGS: readonly (keyof DayMetrics)[] = ['activeDays', 'signinDays']

type MetricsByDay = MemberRecord['metricsByDay']

/**
 * The window sums (before clamping at 0) by the (immutable) `metricsByDay` they were summed from: a member's requests
 * share them, and `withDayMetrics` carries them to the map it makes, so a write that bumps today's metrics several
 * times never adds up the whole window (13 months of days for a long-standing member) again.
 */
const windowCache = new WeakMap<MetricsByDay, { today: BusinessDate; months: number; sums: MemberMetrics }>()

/** Sum of the dated metric increments in the rolling window that tier rules read (tiers.ts header). */
export function rollingMetrics(member: Pick<MemberRecord, 'metricsByDay' | 'metricsCarried'>, today: BusinessDate, config: RulesConfig): MemberMetrics {
  const months = config.tiers.retentionMonths
  const carried = member.metricsCarried
  if (carried && carried.start !== addMonths(today, -months)) throw new NotLoaded('the tier window moved since its days were summed')
  const out = { ...windowSums(member.metricsByDay, today, months) }
  if (carried) addInto(out, carried.sums, 1)
  for (const k of Object.keys(out) as TierMetric[]) out[k] = Math.max(0, out[k])
  return out
}

/**
 * What the member has done since reaching their earned tier (the window's days after `since`, as far as today): all
 * of it is still in the window its re-evaluation at `expiresOn` reads, so the retention preview (保级) built on it
 * promises nothing the re-evaluation will not find. The rolling window also holds days before `since`, which will
 * have left it by then.
 */
export function periodMetrics(member: Pick<MemberRecord, 'metricsByDay' | 'metricsCarried' | 'tier'>, today: BusinessDate, config: RulesConfig): MemberMetrics {
  const start = addMonths(today, -config.tiers.retentionMonths)
  const since = member.tier.earned.since
  const after = since > start ? since : start
  const out = emptyMetrics()
  for (const [date, delta] of Object.entries(member.metricsByDay)) if (date > after && date <= today) addInto(out, delta, 1)
  const carried = member.metricsCarried
  if (carried && after < carried.from) {
    if (carried.start !== start || carried.period?.since !== since) throw new NotLoaded('the tier period moved since its days were summed')
    addInto(out, carried.period.sums, 1)
  }
  for (const k of Object.keys(out) as TierMetric[]) out[k] = Math.max(0, out[k])
  return out
}

function windowSums(byDay: MetricsByDay, today: BusinessDate, months: number): MemberMetrics {
  const cached = windowCache.get(byDay)
  if (cached && cached.today === today && cached.months === months) return cached.sums
  const start = addMonths(today, -months)
  const sums = emptyMetrics()
  for (const [date, delta] of Object.entries(byDay)) if (date > start && date <= today) addInto(sums, delta, 1)
  windowCache.set(byDay, { today, months, sums })
  return sums
}

function addInto(sums: MemberMetrics, delta: DayMetrics, sign: 1 | -1): void {
  for (const k of TIER_METRICS) if (delta[k]) sums[k] += sign * delta[k]
}

/** `byDay` with `date`'s entry replaced; window sums already known for it are carried over, not summed again. */
export function withDayMetrics(byDay: MetricsByDay, date: BusinessDate, entry: DayMetrics): MetricsByDay {
  const next = { ...byDay, [date]: entry }
  const cached = windowCache.get(byDay)
  if (cached) {
    const sums = { ...cached.sums }
    if (date > addMonths(cached.today, -cached.months) && date <= cached.today) {
      addInto(sums, byDay[date] ?? {}, -1)
      addInto(sums, entry, 1)
    }
    windowCache.set(next, { ...cached, sums })
  }
  return next
}

/** Ids a member owns: `ord-<member number>-<n>` — no global counter for concurrent writes to contend on. */
export function memberScopedId(prefix: string, memberId: string, n: number): string {
  return `${prefix}-${memberId.slice(memberId.lastIndexOf('-') + 1)}-${n}`
}

export const NOT_LOGGED_IN = () => new HttpError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')

/** `platform`: the session's (share rules); `acting`: the member behind the request, whose day counts as active. */
interface MemberOptions {
  platform?: ClientPlatform | null
  acting?: boolean
}

/** The reads and collected changes of one request, on a read or a write scope. */
export class Work {
  readonly ctx: Ctx<RulesConfig>
  readonly today: BusinessDate
  readonly iso: string
  private readonly members = new Map<string, { before: MemberRecord | null; tx: MemberTx }>()
  readonly orders = new Map<string, OrderRecord>()
  readonly stock: StockTake[] = []
  readonly redemptions: Redemption[] = []
  readonly invites: AcceptedInvite[] = []
  readonly sessions: SessionRecord[] = []
  readonly sessionsEnded: string[] = []
  readonly operatorSessionsEnded: { operatorId: string; except: string }[] = []
  readonly memberSessionsEnded: string[] = []
  readonly memberSessionsKept: { memberId: string; newest: number }[] = []
  readonly identitiesRemoved: { memberId: string; inviteCode: string }[] = []
  readonly logins: { key: string; memberId: string }[] = []
  readonly inviteCodes: { code: string; memberId: string }[] = []
  readonly events: MetricsEvent[] = []
  readonly feedback: FeedbackRecord[] = []
  readonly privacyRequests: PrivacyRequestRecord[] = []
  readonly leaderboardsSettled: LeaderboardSettlement[] = []
  readonly rulesVersions: (RulesVersionRecord & { document: Rules })[] = []
  readonly rulesCancelled: { versionNo: number; at: string; by: string }[] = []
  readonly operators: OperatorRecord[] = []
  readonly newOperators: OperatorRecord[] = []
  readonly audit: AuditRecord[] = []
  readonly adjustments: AdjustmentRecord[] = []
  readonly tierChanges: TierChangeRecord[] = []

  constructor(
    readonly scope: ReadScope,
    rules: RulesConfig,
    now: number,
    readonly rng: Rng,
    readonly writable: boolean,
    readonly env: CoreEnv,
  ) {
    this.ctx = { now, rng, config: rules }
    this.today = businessDateOf(now, rules.calendar)
    this.iso = toIso(now)
  }

  get rules(): RulesConfig {
    return this.ctx.config
  }

  private get writeScope(): WriteScope {
    if (!this.writable) throw new Error('a read cannot change state')
    return this.scope as WriteScope
  }

  /** The member as of now (locked on a write), brought up to date. */
  async member(id: string, opts: MemberOptions & { missing?: () => Error } = {}): Promise<MemberTx> {
    const tx = await this.load(id, opts, () => true)
    if (!tx) throw (opts.missing ?? NOT_LOGGED_IN)()
    return tx
  }

  /**
   * A member found through something 会员注销 ends — the request's session, a login key, an invite code — read before
   * the lock: `null` when an erase won the race (the lock waited for it), and nothing of theirs is loaded.
   */
  unlessErased(id: string, opts: MemberOptions = {}): Promise<MemberTx | null> {
    return this.load(id, opts, (record) => !record.erasedAt)
  }

  /** The member already in this request, or loaded (locked on a write) if there is one `wanted`; null otherwise. */
  private async load(id: string, opts: MemberOptions, wanted: (record: MemberRecord) => boolean): Promise<MemberTx | null> {
    const known = this.members.get(id)
    if (known) return known.tx
    const record = this.writable ? await this.writeScope.lockMember(id) : await this.scope.member(id)
    if (!record || !wanted(record)) return null
    const tx = new MemberTx(this, record, opts.platform ?? record.platform, Boolean(opts.acting))
    this.members.set(id, { before: record, tx })
    tx.refresh()
    if (this.writable && opts.acting) tx.markActive()
    return tx
  }

  /** An operator's account as of now, locked until the write ends (sign-ins and account changes: port.ts). */
  lockOperator(id: string): Promise<OperatorRecord | null> {
    return this.writeScope.lockOperator(id)
  }

  /**
   * A code no member holds (one drawn at random meets a member's once in 10¹² draws: drawn again; two registrations
   * drawing the same one at once meet `invite_codes_pkey`, and the write is run again: sql-storage.ts RACED_KEYS).
   */
  private async newInviteCode(id: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const code = this.env.newInviteCode?.() ?? inviteCodeFor(id)
      if ((await this.writeScope.memberIdByInviteCode(code)) === null && !this.inviteCodes.some((c) => c.code === code)) return code
      if (attempt >= 5) throw new Error(`no free invite code for ${id} after ${attempt} draws`)
    }
  }

  /** Registers a member: a new record with its invite code and the `register` event. */
  async register(input: { platform: ClientPlatform; nickname?: string }): Promise<MemberTx> {
    const n = await this.writeScope.nextMemberNumber()
    const id = memberIdOf(n)
    const inviteCode = await this.newInviteCode(id)
    const record: MemberRecord = {
      id,
      // A name a member can live with until they set their own: "会员0042", not a code ("会员TFWA").
      nickname: input.nickname ?? `会员${String(n).padStart(4, '0')}`,
      registeredAt: this.iso,
      platform: input.platform,
      inviteCode,
      points: emptyPointsState(),
      signin: emptySigninState(),
      tasks: emptyTaskState(),
      tier: initialTierState(this.today, this.rules.tiers),
      paidPlanId: null,
      metricsByDay: {},
      lifecycle: { lastSeenAt: null },
      wallet: emptyWallet(id),
      messages: emptyMessageState(),
      redeemed: {},
      eventRefs: {},
      campaignsJoined: {},
      campaigns: {},
      feedbackDates: [],
      seq: { order: 0, redemption: 0, feedback: 0, privacy: 0 },
    }
    const tx = new MemberTx(this, record, input.platform, true)
    this.members.set(id, { before: null, tx })
    this.inviteCodes.push({ code: inviteCode, memberId: id })
    this.events.push({ type: 'register', memberId: id, isMember: true, at: this.iso })
    // Registering is the member's first request: their first active day.
    tx.markActive()
    return tx
  }

  /**
   * Takes history rows a rule needs back into a member's working set (a refund reads the order's ledger entries,
   * the lots they moved and the coupon it used). They are added to the loaded record too: not a change.
   */
  withHistory(tx: MemberTx, add: { entries?: LedgerEntry[]; lots?: Lot[]; coupons?: Coupon[] }): void {
    const known = this.members.get(tx.member.id)
    const patch = (m: MemberRecord): MemberRecord => {
      const entries = (add.entries ?? []).filter((e) => !m.points.ledger.some((x) => x.id === e.id))
      const lots = (add.lots ?? []).filter((l) => !m.points.lots.some((x) => x.id === l.id))
      const coupons = (add.coupons ?? []).filter((c) => !m.wallet.coupons.some((x) => x.id === c.id))
      return {
        ...m,
        points: {
          ...m.points,
          ledger: [...entries, ...m.points.ledger],
          lots: [...m.points.lots, ...lots].sort((a, b) => a.expiresAt - b.expiresAt || idNumber(a.id) - idNumber(b.id)),
        },
        wallet: { ...m.wallet, coupons: [...m.wallet.coupons, ...coupons] },
      }
    }
    if (known?.before) known.before = patch(known.before)
    tx.member = patch(tx.member)
  }

  /** An order of this member, as this write left it. */
  async order(memberId: string, orderId: string): Promise<OrderRecord | null> {
    return this.orders.get(`${memberId}/${orderId}`) ?? (await this.scope.order(memberId, orderId))
  }

  putOrder(order: OrderRecord): void {
    this.orders.set(`${order.memberId}/${order.id}`, order)
  }

  /** Takes one from a stock; the storage applies it only while stock remains (else the write is retried). */
  takeStock(take: Omit<StockTake, 'count'>): void {
    const same = this.stock.find((s) => s.kind === take.kind && s.campaignId === take.campaignId && s.id === take.id)
    if (same) same.count++
    else this.stock.push({ ...take, count: 1 })
  }

  changes(): Changes {
    for (const { tx } of this.members.values()) tx.joinRaces()
    const members: Changes['members'] = []
    for (const { before, tx } of this.members.values()) if (tx.member !== before) members.push({ before, after: tx.member })
    return {
      now: this.ctx.now,
      members,
      orders: [...this.orders.values()],
      stock: this.stock,
      redemptions: this.redemptions,
      invites: this.invites,
      sessions: this.sessions,
      sessionsEnded: this.sessionsEnded,
      operatorSessionsEnded: this.operatorSessionsEnded,
      memberSessionsEnded: this.memberSessionsEnded,
      memberSessionsKept: this.memberSessionsKept,
      identitiesRemoved: this.identitiesRemoved,
      logins: this.logins,
      inviteCodes: this.inviteCodes,
      metrics: metricsRowsOf(this.events, this.rules.calendar),
      feedback: this.feedback,
      privacyRequests: this.privacyRequests,
      leaderboardsSettled: this.leaderboardsSettled,
      rulesVersions: this.rulesVersions,
      rulesCancelled: this.rulesCancelled,
      operators: this.operators,
      newOperators: this.newOperators,
      audit: this.audit,
      adjustments: this.adjustments,
      tierChanges: this.tierChanges,
    }
  }
}

/** One member in a unit of work: their record and the domain calls that change it. */
export class MemberTx {
  member: MemberRecord
  readonly platform: ClientPlatform

  constructor(
    readonly work: Work,
    /** The member as the storage loaded them, before this request (and `refresh`) changed anything. */
    readonly loaded: MemberRecord,
    platform: ClientPlatform,
    /** The member behind the request (their events are activity); false for a member a request touches. */
    readonly acting = false,
  ) {
    this.member = loaded
    this.platform = platform
  }

  get ctx(): Ctx<RulesConfig> {
    return this.work.ctx
  }

  get rules(): RulesConfig {
    return this.work.rules
  }

  get today(): BusinessDate {
    return this.work.today
  }

  get iso(): string {
    return this.work.iso
  }

  get balance(): number {
    return balanceOf(this.member.points, this.ctx.now)
  }

  /**
   * Bring the member up to now: expire lots, re-evaluate the earned tier at its anniversary, upgrade when the
   * rolling metrics allow, and send the expiry reminders that have come due (points once per threshold, points.ts;
   * each coupon once, coupons.ts; a paid plan's end once, and an earned tier's period ending short of keeping it
   * once, tiers.ts).
   */
  refresh(): void {
    const m = this.member
    this.member = { ...m, points: expirePoints(m.points, this.ctx).state }
    // A closed account (会员注销) stays as it was closed: its tier is not reviewed (no tier change for the dashboard
    // to count) and nothing reminds it of anything.
    if (m.erasedAt) return
    const ended = endHeldTiers(this.member.tier, this.ctx)
    this.member = { ...this.member, tier: ended.state }
    this.tierMessages(ended.events)
    const re = reevaluateTier(this.member.tier, this.metrics(), this.ctx)
    this.member = { ...this.member, tier: re.state }
    this.tierMessages(re.events)
    this.upgrade()
    // After the earned tier is what it is today: the notice names the tier the member will fall back to.
    const ending = heldTierNotices(this.member.tier, this.ctx)
    const tierName = (id: string) => findTier(this.rules.tiers, id)?.name ?? id
    for (const n of ending.notices) {
      this.message('tier_expiring', { tierName: tierName(n.tierId), until: n.until, nextTierName: tierName(n.nextTierId), cause: n.source })
    }
    this.member = { ...this.member, tier: ending.state }
    // On what keeps the tier (the member centre's 保级 words): what was done since reaching it.
    const keep = earnedTierNotice(this.member.tier, this.periodMetrics(), this.ctx)
    if (keep.notice) {
      const n = keep.notice
      this.message('tier_expiring', { tierName: tierName(n.tierId), until: n.until, nextTierName: tierName(n.nextTierId), cause: 'earned', needs: n.needs.join('，') })
    }
    this.member = { ...this.member, tier: keep.state }
    const due = dueReminders(this.member.points, this.ctx)
    if (due.length > 0) {
      for (const r of due) this.message('points_expiring', { points: r.amount, expiresOn: r.expiresOn, lastExpiresOn: r.lastExpiresOn })
      this.member = { ...this.member, points: markRemindersSent(this.member.points, { reminders: due }).state }
    }
    const coupons = dueCouponReminders(this.member.wallet, this.ctx)
    if (coupons.length > 0) {
      for (const c of coupons) this.message('coupon_expiring', { couponName: c.name, expiresOn: c.validTo })
      this.member = { ...this.member, wallet: markCouponsReminded(this.member.wallet, coupons.map((c) => c.id), this.iso) }
    }
    // A month's first write, or the first after an upgrade brings them: the tier's free services are there (权益可用).
    const month = monthOf(this.today)
    const tier = this.effective().tier
    if (tier.freeServicesPerMonth > 0 && this.member.messages.benefitMonth !== month) {
      this.message('benefit_available', { benefitName: `${freeServiceOf(this.rules.tiers).name}（本月 ${tier.freeServicesPerMonth} 次）` })
      this.member = { ...this.member, messages: { ...this.member.messages, benefitMonth: month } }
    }
  }

  log(type: MetricsEvent['type'], extra: Omit<MetricsEvent, 'type' | 'memberId' | 'at'> = {}): void {
    this.work.events.push({ type, memberId: this.member.id, isMember: true, at: this.iso, ...(this.acting ? {} : { passive: true }), ...extra })
  }

  effective(): EffectiveTier {
    return effectiveTierDetail(this.member.tier, this.today, this.rules.tiers)
  }

  /** The rolling metrics (window sums kept by the map they were summed from). */
  metrics(): MemberMetrics {
    return rollingMetrics(this.member, this.today, this.rules)
  }

  /** The metrics since the earned tier was reached: what keeps it (`periodMetrics`). */
  periodMetrics(): MemberMetrics {
    return periodMetrics(this.member, this.today, this.rules)
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

  /** The business day the member registered. */
  joined(): BusinessDate {
    return businessDateOf(parseInstant(this.member.registeredAt), this.rules.calendar)
  }

  taskContext(): TaskMemberContext {
    return {
      registeredOn: this.joined(),
      tierCampaignDouble: this.effective().tier.campaignTaskDoublePoints,
      runningCampaignIds: this.enterable().map((c) => c.id),
      signedToday: isSigned(this.member.signin, this.today),
    }
  }

  // ── metrics ────────────────────────────────────────────────────────────────────────────────────────

  bumpMetrics(date: BusinessDate, delta: DayMetrics): void {
    if (this.member.metricsCarried && date < this.member.metricsCarried.from) throw new NotLoaded(`the tier metrics of ${date} were summed, not loaded`)
    const current = { ...(this.member.metricsByDay[date] ?? {}) }
    for (const [k, v] of Object.entries(delta) as [keyof DayMetrics, number][]) {
      if (!v) continue
      current[k] = METRIC_FLAGS.includes(k) ? Math.max(0, Math.min(1, (current[k] ?? 0) + v)) : (current[k] ?? 0) + v
    }
    this.member = { ...this.member, metricsByDay: withDayMetrics(this.member.metricsByDay, date, current) }
  }

  /** The member's first request of the business day: the tier metric `activeDays` and the dashboard's activity. */
  markActive(): void {
    if (this.member.metricsByDay[this.today]?.activeDays === 1) return
    this.bumpMetrics(this.today, { activeDays: 1 })
    this.log('active')
  }

  /** After metrics changed: upgrade when due (tiers.ts) and tell the member. */
  upgrade(): void {
    const r = upgradeIfEligible(this.member.tier, this.metrics(), this.ctx)
    this.member = { ...this.member, tier: r.state }
    this.tierMessages(r.events)
  }

  /** Records each change of the effective tier (the member's tier history) and tells the member of it, up or down. */
  tierMessages(events: TierEvent[]): void {
    for (const e of events) {
      if (e.type !== 'tier_changed') continue
      const before = findTier(this.rules.tiers, e.effectiveBefore)
      const after = findTier(this.rules.tiers, e.effectiveAfter)
      if (this.work.writable && e.effectiveBefore !== e.effectiveAfter) {
        this.work.tierChanges.push({ memberId: this.member.id, at: this.iso, from: e.effectiveBefore, to: e.effectiveAfter, reason: e.reason })
      }
      if (before && after && after.rank > before.rank) this.message('tier_upgraded', { tierName: after.name })
      if (before && after && after.rank < before.rank) {
        // A held tier that ended says which; the earned tier went down at its re-evaluation or with a refund.
        const cause = e.reason === 'refund' ? 'refund' : e.reason === 'expired' && e.source !== 'earned' ? e.source : 'period'
        this.message('tier_changed', { tierName: after.name, cause })
      }
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

  /**
   * 会员注销 gives up what the account holds (members-admin.ts eraseOp), and so does anything that hands some back
   * afterwards (a staff refund): its live points are forfeited — one `expire` line, which also writes off what
   * refunds left owed — and its unused coupons are taken back (`revokedAt`).
   */
  forfeitHoldings(): void {
    const points = forfeitPoints(this.member.points, { reason: '会员注销，积分作废', ref: `erase:${this.member.id}` }, this.ctx).state
    let wallet = this.member.wallet
    for (const c of wallet.coupons) wallet = revokeCoupon(wallet, c.id, this.ctx).state
    this.member = { ...this.member, points, wallet }
  }

  /** A coupon the member asked for (a mall item, an operator's reissue): refused once its template's dates ended. */
  issue(templateId: string, ref: string, source?: CouponSource): Coupon {
    const r = issueCoupon(this.member.wallet, { templateId, ref, source }, this.ctx)
    this.member = { ...this.member, wallet: r.state }
    return r.coupon
  }

  /**
   * A coupon a rule gives with an award (a sign-in bonus, a task, a prize, a welcome back): none once its template's
   * fixed dates ended — the rest of the award stands, rather than the member's sign-in or claim failing for it.
   */
  give(templateId: string, ref: string, source?: CouponSource): Coupon | null {
    const given = this.member.wallet.coupons.find((c) => c.ref === ref)
    if (!given && couponTemplateEnded(templateId, this.ctx)) return null
    return this.issue(templateId, ref, source)
  }

  /** A message to the member's notification centre (and their subscription, if any) — none once they are erased. */
  message<T extends MessageTemplateId>(template: T, payload: MessagePayloads[T]): void {
    if (this.member.erasedAt) return
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

  /**
   * A member who earned points while a leaderboard they can enter runs is in the race (the dashboard's
   * participation), whether or not they end among its prizes (`campaign_complete`, at settlement).
   */
  joinRaces(): void {
    // Run on every write's commit: the cheap questions first — any leaderboard at all, then points earned by this
    // write (history taken back into the working set, a refund's, is older) —, the member's campaign entry last.
    if (!this.rules.campaigns.some((c) => c.type === 'leaderboard')) return
    if (!this.member.points.ledger.some((e) => e.type === 'earn' && e.amount > 0 && e.at === this.iso)) return
    for (const c of this.enterable()) if (c.type === 'leaderboard') this.joinCampaign(c.id)
  }

  campaignSlice(campaignId: string): MemberCampaignState {
    return this.member.campaigns[campaignId] ?? {}
  }

  setCampaignSlice(campaignId: string, slice: MemberCampaignState): void {
    this.member = { ...this.member, campaigns: { ...this.member.campaigns, [campaignId]: slice } }
  }

  /** Today's card for `action` in every running collect-cards campaign this member can enter (cards.ts decides). */
  earnCards(action: CardEarnAction, shareRewardsEnabled: boolean): { campaignId: string; kindId: string; kindName: string; isNewKind: boolean } | null {
    let first: { campaignId: string; kindId: string; kindName: string; isNewKind: boolean } | null = null
    const member = this.campaignMember()
    for (const c of this.enterable()) {
      if (c.type !== 'cards') continue
      try {
        const r = earnCard(cardsStateOf(c, [this]), { campaign: c, member, tierEarlyMinutes: this.earlyMinutes(), action, shareRewardsEnabled }, this.ctx)
        applyCardsState(r.state, [this])
        this.joinCampaign(c.id)
        first ??= { campaignId: c.id, kindId: r.result.kind.id, kindName: r.result.kind.name, isNewKind: r.result.isNewKind }
      } catch (e) {
        if (!isRuleError(e)) throw e
      }
    }
    return first
  }

  /** Takes back the card `action` earned on `date` in each collect-cards campaign, where it still can (cards.ts decides). */
  withdrawCards(action: CardEarnAction, date: BusinessDate): void {
    for (const c of this.rules.campaigns) {
      if (c.type !== 'cards' || !this.campaignSlice(c.id).cards) continue
      const before = cardsStateOf(c, [this])
      const after = withdrawCard(before, { memberId: this.member.id, action, date })
      if (after !== before) applyCardsState(after, [this])
    }
  }
}

/** The domain's collect-cards state of one campaign, assembled from these members' slices. */
export function cardsStateOf(c: CampaignDefinition, members: MemberTx[]): CardsState {
  const state: CardsState = { campaignId: c.id, holdings: {}, earnedByActionDay: {}, duplicatesInARow: {}, setClaimedAt: {}, log: [] }
  for (const m of members) {
    const slice = m.campaignSlice(c.id).cards
    if (!slice) continue
    const id = m.member.id
    state.holdings[id] = slice.holdings
    for (const [k, v] of Object.entries(slice.earnedByActionDay)) if (v) state.earnedByActionDay[`${id}|${k}`] = v
    state.duplicatesInARow[id] = slice.duplicatesInARow
    if (slice.setClaimedAt) state.setClaimedAt[id] = slice.setClaimedAt
  }
  return state
}

/** Splits a collect-cards state back into the members' slices (the card log is not kept). */
export function applyCardsState(state: CardsState, members: MemberTx[]): void {
  for (const m of members) {
    const id = m.member.id
    const earned: NonNullable<MemberCampaignState['cards']>['earnedByActionDay'] = {}
    for (const [k, v] of Object.entries(state.earnedByActionDay)) if (k.startsWith(`${id}|`)) earned[k.slice(id.length + 1) as keyof typeof earned] = v
    const cards = {
      holdings: state.holdings[id] ?? {},
      earnedByActionDay: earned,
      duplicatesInARow: state.duplicatesInARow[id] ?? 0,
      setClaimedAt: state.setClaimedAt[id] ?? null,
    }
    m.setCampaignSlice(state.campaignId, { ...m.campaignSlice(state.campaignId), cards })
  }
}

/** The domain's lottery state for one member: shared stock plus the member's own draws. */
export function lotteryStateOf(c: CampaignDefinition, m: MemberTx, taken: Record<string, number>): LotteryState {
  const slice = m.campaignSlice(c.id).lottery ?? { daily: {}, draws: [] }
  const dailyDraws: LotteryState['dailyDraws'] = {}
  for (const [date, used] of Object.entries(slice.daily)) dailyDraws[`${m.member.id}|${date}`] = used
  const stock: Record<string, number> = {}
  for (const p of c.lottery?.prizes ?? []) if (p.stock !== null) stock[p.id] = stockLeft(p.stock, taken[p.id])
  return { campaignId: c.id, remainingStock: stock, dailyDraws, draws: slice.draws, earlier: slice.earlier }
}

/** What is left of a stock: the rules' figure (the total) less what was given out, never below 0 once lowered. */
export function stockLeft(stock: number, taken = 0): number {
  return Math.max(0, stock - taken)
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
  if (coupon.revokedAt) wire.revokedAt = coupon.revokedAt
  return wire
}
