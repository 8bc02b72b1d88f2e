/**
 * The storage port: everything the use cases need from a database, and nothing about how it is kept.
 * Two implementations: the key-value storage of the mock (in memory, persisted to the app's storage or a
 * journal file — mock/kv-storage.ts) and SQL (PGlite or PostgreSQL — server/sql).
 *
 * A write is one `write(work)` call: the storage opens a transaction, `work` reads through the scope (member
 * rows it will change are read with `lockMember`, which holds them until the end) and returns the changes as one
 * `Changes` value, which the storage applies in the same transaction. Nothing is written while `work` runs, so
 * a refusal thrown by a rule leaves nothing half-applied. A storage may run `work` again (deadlock, a stock row
 * emptied by a concurrent write): `work` must not have effects outside the scope.
 */
import type { Product } from '../../src/api/contract'
import type { BusinessDate, BusinessMonth } from '../../src/domain/calendar'
import type { CampaignDefinition } from '../../src/domain/campaigns'
import type { RulesConfig } from '../../src/domain/config'
import type { Coupon, CouponHistoryList } from '../../src/domain/coupons'
import type { KeysetAfter } from '../../src/domain/keyset'
import type { DeliveryStatus } from '../../src/domain/mall'
import type { AcceptedInvite } from '../../src/domain/invites'
import type { LotteryDrawRecord } from '../../src/domain/lottery'
import type { MessageTemplateId, Notification } from '../../src/domain/messages'
import type { MetricsAggregates, MetricsDay, MetricsRows, TierFlow } from '../../src/domain/metrics'
import type { LedgerEntry, Lot } from '../../src/domain/points'
import type { SigninRecord } from '../../src/domain/signin'
import type { TierSources } from '../../src/domain/tiers'
import type {
  AdjustmentRecord,
  AuditRecord,
  DayMetrics,
  FeedbackRecord,
  IdempotencyRecord,
  MemberRecord,
  OperatorRecord,
  OrderRecord,
  PrivacyRequestRecord,
  Redemption,
  RulesVersionRecord,
  SessionRecord,
  TierChangeRecord,
} from './records'

/** One month of a member's ledger, as the monthly report reads it (a storage may hand back folded totals). */
export interface ReportLedgerLine {
  type: LedgerEntry['type']
  amount: number
  businessDate: BusinessDate
}

/**
 * A member's leaderboard score in a window [from, to): the sum of their ledger entries of type `earn` recorded in the
 * window (of points: not a line of 0 that says the caps took an award), leaving out an order's whole earnings when it
 * was refunded in the window (its reversal: a `refund` entry of amount ≤ 0 under the order's ref, recorded in the
 * window) — what an order earned before the window never counted, and a refund after it is the results' business
 * (use-cases/orders.ts takes back the prize). `reachedAt` is the instant of the last entry counted (ties go to who
 * got there first). Members whose sum is not positive are not ranked. Ranking: points descending, reachedAt
 * ascending, member id ascending (campaigns.ts).
 */
export interface LeaderboardScore {
  memberId: string
  points: number
  /** ISO instant. */
  reachedAt: string
}

/** A leaderboard paid: when, and the campaign as it was (a refund takes back its prize after the rules drop it). */
export interface LeaderboardSettlement {
  campaignId: string
  at: string
  campaign: CampaignDefinition
}

/** How the subscription messages of one template created since an instant fared on their way to the platform. */
export interface MessageDeliveryCount {
  template: MessageTemplateId
  /** Queued, not sent yet (waiting for a retry included). */
  pending: number
  sent: number
  failed: number
  /** Why the newest failure failed (the platform's words). */
  lastError: string | null
}

export interface ReadScope {
  /** The rules in force: the document of the version in force at the storage's clock (rules-versions.ts). */
  rules(): Promise<RulesConfig>
  catalogue(): Promise<Product[]>

  /** A member's working set as of now (no lock: a read may not be followed by a write of it). */
  member(id: string): Promise<MemberRecord | null>
  /** The member behind the first of `keys` (in order) that has one. */
  memberIdByLogin(keys: string[]): Promise<string | null>
  memberIdByInviteCode(code: string): Promise<string | null>
  /** Nickname and registration instant of each member found. */
  profiles(ids: string[]): Promise<Record<string, { nickname: string; registeredAt: string }>>
  session(tokenHash: string): Promise<SessionRecord | null>
  idempotency(scope: string, key: string): Promise<IdempotencyRecord | null>

  /** History: the ledger newest first, entries numbered below `before` (`pl-N` → N). */
  ledgerPage(memberId: string, before: number | null, limit: number): Promise<LedgerEntry[]>
  ledgerByRefs(memberId: string, refs: string[]): Promise<LedgerEntry[]>
  ledgerOfMonth(memberId: string, month: BusinessMonth): Promise<ReportLedgerLine[]>
  lotsByIds(memberId: string, ids: string[]): Promise<Lot[]>
  signinsOfMonth(memberId: string, month: BusinessMonth): Promise<SigninRecord[]>
  /**
   * A page of one of the member's coupon lists that grow with their history (`CouponHistoryList`, in its order):
   * the `limit` after `after` (the previous page's last row); `today` tells the expired from the available ones.
   * What `couponHistory` (src/domain/coupons.ts) gives on every coupon of the member.
   */
  couponPage(memberId: string, q: { list: CouponHistoryList; today: BusinessDate; after: KeysetAfter | null; limit: number }): Promise<Coupon[]>
  couponsByIds(memberId: string, ids: string[]): Promise<Coupon[]>
  /** The coupons the member used from instant `from` until `to` (ISO, `to` excluded). */
  couponsUsedBetween(memberId: string, from: string, to: string): Promise<Coupon[]>
  notifications(memberId: string, limit: number): Promise<Notification[]>
  daysOfMonth(memberId: string, month: BusinessMonth): Promise<Record<BusinessDate, DayMetrics>>
  order(memberId: string, orderId: string): Promise<OrderRecord | null>
  orders(memberId: string): Promise<OrderRecord[]>
  /** The member's orders newest first (the last placed first), numbered below `before` (`ord-<member>-<n>` → n). */
  ordersPage(memberId: string, before: number | null, limit: number): Promise<OrderRecord[]>
  /** How many friends registered with the member's code. */
  inviteCount(inviterId: string): Promise<number>
  /**
   * The friends who registered with the member's code, the last first (then by invitee id, in code units): the
   * `limit` after the first `skip` of those accepted at or before `through` (of all of them when null).
   */
  invitesPage(inviterId: string, q: { through: string | null; skip: number; limit: number }): Promise<AcceptedInvite[]>
  inviteOf(inviteeId: string): Promise<AcceptedInvite | null>
  privacyRequests(memberId: string): Promise<PrivacyRequestRecord[]>

  /**
   * Units of each mall item given out so far (an item missing: none). What is left is the rules' stock less this
   * (`stockLeft`), so an operator who raises an item's stock restocks it.
   */
  rewardsTaken(): Promise<Record<string, number>>
  /** Units of each limited prize of a lottery won so far (a prize missing: none); likewise against its stock. */
  prizesTaken(campaignId: string): Promise<Record<string, number>>
  /** Every non-empty draw of a lottery (winners list). */
  winningDraws(campaignId: string): Promise<LotteryDrawRecord[]>
  /** How many draws of a lottery a member has made, as stored (their ids are taken). */
  drawsMade(memberId: string, campaignId: string): Promise<number>
  /** The top `limit` scores of the window, ranked; a member erased before `to` is not (the next one is). */
  leaderboardScores(from: string, to: string, limit: number): Promise<LeaderboardScore[]>
  /** One member's rank (1-based) and score in the window; null when they are not ranked. */
  leaderboardRankOf(memberId: string, from: string, to: string): Promise<{ rank: number; points: number } | null>
  leaderboardSettled(campaignId: string): Promise<boolean>
  /** Every leaderboard paid, with its definition as it was then (null: settled before definitions were kept). */
  settledLeaderboards(): Promise<{ campaignId: string; campaign: CampaignDefinition | null }[]>

  // ── operators and their console ──
  /** Every rules version, newest first (without documents). */
  rulesVersions(): Promise<RulesVersionRecord[]>
  rulesDocument(versionNo: number): Promise<RulesConfig | null>
  operators(): Promise<OperatorRecord[]>
  /** The account whose username is `username` in any case (usernames are unique ignoring case). */
  operatorByUsername(username: string): Promise<OperatorRecord | null>
  /**
   * Newest first; `before` pages by the record number. `target` finds the entries of that target, those whose
   * `after.memberId` it is (decisions on a member's adjustments, voucher uses) and the one whose `after.adjustment.id`
   * it is (the request that created an adjustment, recorded under its member).
   */
  auditLog(q: { operatorId?: string; action?: string; target?: string; from?: string; to?: string; before?: number | null; limit: number }): Promise<AuditRecord[]>
  /** The member whose paid order the payment provider numbered `transactionId` (WeChat Pay transaction_id, Alipay trade_no). */
  memberByTransaction(transactionId: string): Promise<string | null>
  /** Members whose id or invite code is `q`, or whose nickname contains it. */
  searchMembers(q: string, limit: number): Promise<{ id: string; nickname: string; inviteCode: string; platform: MemberRecord['platform']; registeredAt: string; tier: MemberRecord['tier'] }[]>
  /** Newest first (requested, then id), from after `after` (the last of the previous page) when given. */
  adjustments(q: { status?: AdjustmentRecord['status']; memberId?: string; limit: number; after?: { requestedAt: string; id: string } }): Promise<AdjustmentRecord[]>
  adjustment(id: string): Promise<AdjustmentRecord | null>
  tierChanges(memberId: string, limit: number): Promise<TierChangeRecord[]>
  /** Every redemption of the member (erasure); `redemption` and `redemptionsPage` read one or a page. */
  redemptions(memberId: string): Promise<Redemption[]>
  redemption(memberId: string, redemptionId: string): Promise<Redemption | null>
  /** The member's redemptions newest first (the last made first), numbered below `before` (`rd-<member>-<n>` → n). */
  redemptionsPage(memberId: string, before: number | null, limit: number): Promise<Redemption[]>
  redemptionByVoucher(code: string): Promise<Redemption | null>
  /**
   * Every member's redemptions whose delivery is in `status` (the shipping queue) by instant, then id (ids are
   * unique across members): 待发货 oldest first (who waited longest is sent first), 已发货 and 已签收 newest first;
   * from after `after` (the last of the previous page) when given.
   */
  deliveries(q: { status: DeliveryStatus; limit: number; after?: { at: string; id: string } }): Promise<Redemption[]>
  /**
   * Every member's privacy requests: open ones by when they were made, oldest first; handled ones by when they were
   * handled, newest first (instant, then id); from after `after` (the last of the previous page) when given.
   */
  privacyQueue(q: { handled: boolean; limit: number; after?: { at: string; id: string } }): Promise<PrivacyRequestRecord[]>
  /** Every member's feedback, in the order of `privacyQueue`. */
  feedbackQueue(q: { handled: boolean; limit: number; after?: { at: string; id: string } }): Promise<FeedbackRecord[]>
  /** One member's feedback, oldest first. */
  feedback(memberId: string): Promise<FeedbackRecord[]>

  /**
   * Operator metrics, from the daily aggregates (never compacted): every first-date fact and every cost dated on or
   * before `through`, and the day sets of the dates in [from, to] (dates without activity may be left out).
   */
  metricsFirsts(through: BusinessDate): Promise<Pick<MetricsAggregates, 'firsts' | 'costs'>>
  metricsDays(from: BusinessDate, to: BusinessDate): Promise<MetricsDay[]>
  /**
   * Members the reminder sweep may have something for, by id ascending from after `after` — a pre-filter (the rules
   * decide: reminders.ts, points.ts, coupons.ts, tiers.ts): quota left for `signin_reminder`, signed in on
   * `signin.yesterday` and not on `signin.today`, not reminded on `signin.today`; or quota left for
   * `campaign_starting` and not yet told of every one of `campaignIds`; or, with `expiry`, what comes due without
   * the member doing anything (`ExpiryDue`).
   */
  remindable(q: { signin?: { today: BusinessDate; yesterday: BusinessDate }; campaignIds?: string[]; expiry?: ExpiryDue; after: string | null; limit: number }): Promise<string[]>
  /** Subscription messages created since `since` (ISO) by template; null when this storage queues none for a platform. */
  messageDelivery(since: string): Promise<MessageDeliveryCount[] | null>
  /** Every member's id (tests and tools walk the population with it). */
  memberIds(): Promise<string[]>
  /**
   * How many members hold each combination of tier sources (what the effective tier is chosen from). Erased members
   * (会员注销) are members no more: not counted. In a write that publishes rules (WriteOptions), exact: no other write
   * is under way.
   */
  tierSourceCounts(): Promise<{ sources: TierSources; members: number }[]>
  /** Points members hold at `now` (lots with points left, not yet expired), summed by lot expiry instant. */
  liveLotTotals(now: number): Promise<{ expiresAt: number; points: number }[]>
  /**
   * Each of these members' points at `now` (their lots not yet expired, whatever the ledger has written yet) and
   * whether they were erased — what an approver weighs an adjustment against, for a page of them in one read.
   */
  memberStandings(ids: string[], now: number): Promise<Map<string, { balance: number; erased: boolean }>>
  /** Changes of effective tier recorded in [fromIso, toIso), as from → to counts (a pair may repeat: the domain sums). */
  tierChangeCounts(fromIso: string, toIso: string): Promise<TierFlow[]>
}

export interface WriteScope extends ReadScope {
  /** The member's working set, locked until the write ends; null when there is no such member. */
  lockMember(id: string): Promise<MemberRecord | null>
  /**
   * An operator's account, locked until the write ends: a sign-in and a change of the account (a new password, a
   * role, disabled) happen one after the other, so a sign-in checked against the old password either commits before
   * the change (and the change ends its session) or meets the new one (and is refused).
   */
  lockOperator(id: string): Promise<OperatorRecord | null>
  /** The next member number (ids `mbr-N`). */
  nextMemberNumber(): Promise<number>
}

export interface StockTake {
  kind: 'reward' | 'prize'
  /** The lottery's campaign id for prizes. */
  campaignId?: string
  id: string
  /** Units given out; the take fails (and the write is retried) if that would pass the rules' stock. */
  count: number
}

/** What one write changes. Every list is applied in the same transaction, or none is. */
export interface Changes {
  /** The write's instant (epoch ms): working sets are cut as of it. */
  now: number
  /** Members read with `lockMember` (before) and their new state (after); a new member has before = null. */
  members?: { before: MemberRecord | null; after: MemberRecord }[]
  orders?: OrderRecord[]
  /** Conditional counts: `taken + count ≤ the rules' stock` or the whole write is retried with fresh reads. */
  stock?: StockTake[]
  /** New redemptions, and redemptions whose voucher or delivery changed (by id). */
  redemptions?: Redemption[]
  invites?: AcceptedInvite[]
  sessions?: SessionRecord[]
  /** Sessions signed out (token hashes): their tokens answer 401 from now on. */
  sessionsEnded?: string[]
  /** Every open session of these operators ends, but the one (token hash) that made the change (a new password). */
  operatorSessionsEnded?: { operatorId: string; except: string }[]
  /** Every open session of these members ends (an operator's 强制下线): their tokens answer 401, the app logs in again. */
  memberSessionsEnded?: string[]
  /**
   * Of each member's sessions opened before this write and still open (not ended, not expired at `now`), the
   * `newest` (`newestSessionFirst`) stay open and the others end; the sessions this write opens are not among them.
   */
  memberSessionsKept?: { memberId: string; newest: number }[]
  /**
   * Members erased (会员注销): their platform identities (logins, and the platform session keys kept for them) and
   * their invite code are gone, so nobody can sign in as them again — the same person signing in becomes a new member;
   * and their notifications (a reply to their feedback quotes it).
   */
  identitiesRemoved?: { memberId: string; inviteCode: string }[]
  logins?: { key: string; memberId: string }[]
  inviteCodes?: { code: string; memberId: string }[]
  /** The write's contribution to the metrics aggregates (folded from its events: metricsRowsOf). */
  metrics?: MetricsRows
  /** New feedback, and feedback answered (by id). */
  feedback?: FeedbackRecord[]
  /** New privacy requests, and requests handled (by id). */
  privacyRequests?: PrivacyRequestRecord[]
  leaderboardsSettled?: LeaderboardSettlement[]
  idempotency?: { scope: string; key: string; record: IdempotencyRecord }
  /** New rules versions (numbered by the use case; the storage refuses a number taken: UniqueViolation). */
  rulesVersions?: (RulesVersionRecord & { document: RulesConfig })[]
  rulesCancelled?: { versionNo: number; at: string; by: string }[]
  /** Changed operator accounts (by id). */
  operators?: OperatorRecord[]
  /**
   * Accounts this write creates: inserted, never merged into an account of the same id or username. When a
   * concurrent write took the id (or the username) first, the storage runs the write again, and the use case numbers
   * the account anew (or finds the username taken).
   */
  newOperators?: OperatorRecord[]
  audit?: AuditRecord[]
  /** New adjustments, and pending ones decided (by id). */
  adjustments?: AdjustmentRecord[]
  tierChanges?: TierChangeRecord[]
}

/** A write lost a race it can win on a retry (a stock row emptied, a deadlock): the storage runs it again. */
export class RetryableConflict extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RetryableConflict'
  }
}

/** A unique key refused a row (the second guard behind the member lock): answered 409, never 500. */
export class UniqueViolation extends Error {
  readonly constraint: string
  constructor(constraint: string) {
    super(`unique violation: ${constraint}`)
    this.name = 'UniqueViolation'
    this.constraint = constraint
  }
}

/** The database cannot be reached: answered 503. */
export class StorageUnavailable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StorageUnavailable'
  }
}

/**
 * What comes due for a member who does nothing, as the reminder sweep looks for it (reminder-sweep.ts `expiryDue`):
 * a lot with points left that has expired (`now`) and is not yet in the ledger; a lot with points left expiring
 * after `lots[i].after` and by `lots[i].by` (the end of a reminder threshold's last day; `after`: where the window
 * ended at the previous complete sweep) not yet reminded at `lots[i].threshold` or a tighter one — the member's
 * last write sent every reminder due then (`members.refreshed_at` on SQL); an available coupon not yet reminded,
 * valid through a date in `coupons.validTo` and issued before
 * `coupons.issuedBefore` (ISO); an earned tier due for re-evaluation (its period ends on or before `today`); with
 * `benefits`, a member holding (from any source) one of `benefits.tierIds` — the tiers with free services — who has
 * not been written since `benefits.monthStart`, the business month's first instant (权益可用 once a month); a tier
 * held for a time (paid, grant, trial) whose last day is before `today` (it ends) or on or before `heldBy` and not
 * yet noticed (会员即将到期, tiers.ts heldTierNotices); an earned tier above `earned.lowestTierId` whose period ends
 * after `today` and on or before `earned.by`, not yet looked at (保级提醒, tiers.ts earnedTierNotice).
 * `offsetMinutes`: the business calendar's offset from UTC.
 */
export interface ExpiryDue {
  now: number
  today: BusinessDate
  offsetMinutes: number
  lots: { threshold: number; after: number; by: number }[]
  coupons: { validTo: { from: BusinessDate; to: BusinessDate }; issuedBefore: string }
  benefits?: { tierIds: string[]; monthStart: number }
  heldBy: BusinessDate
  earned: { by: BusinessDate; lowestTierId: string }
}

export interface WriteOptions {
  /**
   * The write publishes rules (a save or restore, which counts who holds each tier): it holds the rules versions
   * alone — the writes under way on the rules it may replace finish first, those to come wait for it and read its
   * rules. Without it, a member could earn, buy or register into a tier the version removes between the count and
   * the commit. A storage running one write at a time needs nothing for it.
   */
  publishesRules?: boolean
}

export interface Storage {
  read<T>(work: (scope: ReadScope) => Promise<T>): Promise<T>
  write<T>(work: (scope: WriteScope) => Promise<{ result: T; changes: Changes }>, options?: WriteOptions): Promise<T>
  /** Whether the storage answers (readiness). */
  ping(): Promise<boolean>
  close(): Promise<void>
}
