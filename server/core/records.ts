/**
 * What the backend stores, in the shapes the use cases work with. A member's own state is one record
 * (`MemberRecord`) holding the domain's state slices; a storage loads the part of it that rules read (its working
 * set: live lots, recent sign-ins, available coupons …, see working-set.ts) and keeps the rest as history it can
 * page through. Everything shared between members (stock, orders' ids, invites, lookups) goes through the port.
 */
import type { ClientPlatform, Product } from '../../src/api/contract'
import type { BusinessDate } from '../../src/domain/calendar'
import type { AdjustmentWire, AuditAction, OrderRefundPoints, TierChangeWire } from '../../src/api/contract'
import type { CardEarnAction } from '../../src/domain/cards'
import type { CouponWallet } from '../../src/domain/coupons'
import type { LifecycleState } from '../../src/domain/lifecycle'
import type { LotteryDrawRecord } from '../../src/domain/lottery'
import type { DeliveryState, MallItem } from '../../src/domain/mall'
import type { MessageState } from '../../src/domain/messages'
import type { CappedBy, PointsState } from '../../src/domain/points'
import type { OrderQuote } from '../../src/domain/pricing'
import type { SigninState } from '../../src/domain/signin'
import type { TaskState } from '../../src/domain/tasks'
import type { MemberMetrics, TierState } from '../../src/domain/tiers'

/** A member's part of one campaign (the domain's multi-member lottery / cards states are assembled from these). */
export interface MemberCampaignState {
  lottery?: {
    /** Draws per business date. */
    daily: Record<BusinessDate, { free: number; paid: number }>
    /** This member's draws in the campaign (ids are per member: `${campaignId}-${n}`). */
    draws: LotteryDrawRecord[]
    /**
     * Draws cut from `draws` when the campaign left the rules or retired (working-set.ts): a campaign added back
     * numbers its draws after them, as the stored ones keep their ids.
     */
    earlier?: number
  }
  cards?: {
    holdings: Record<string, number>
    /** `${action}|${businessDate}` → the kind earned. */
    earnedByActionDay: Partial<Record<`${CardEarnAction}|${string}`, string>>
    duplicatesInARow: number
    setClaimedAt: string | null
  }
}

/**
 * One business day of a member: the tier metrics it added (net of refunds since: what still counts), and for the
 * monthly report the growth refunds took back — `growthWithdrawn` on the day it was earned, `growthReversed` on the
 * refund's day. Those two are no tier metric: the window sums leave them out.
 */
export type DayMetrics = Partial<MemberMetrics> & { growthWithdrawn?: number; growthReversed?: number }

export interface MemberRecord {
  id: string
  nickname: string
  birthday?: BusinessDate | null
  /** ISO instant an admin erased the member's personal data (会员注销); absent while they are a member. */
  erasedAt?: string
  /** ISO instant. */
  registeredAt: string
  platform: ClientPlatform
  inviteCode: string
  points: PointsState
  signin: SigninState
  tasks: TaskState
  tier: TierState
  /** The paid plan behind `tier.paid` (TierState keeps the tier only). */
  paidPlanId: string | null
  /**
   * Dated metric increments (growth, spend, orders, tasks …; activeDays / signinDays are 0/1 flags per day),
   * so tier rules read a rolling window (tiers.ts: the last `retentionMonths` months).
   */
  metricsByDay: Record<BusinessDate, DayMetrics>
  /**
   * The days of the rolling tier window before `from`, summed, by a storage that loads only the days from `from` on
   * (a long-standing member has ≈ 400 in the window). `start`: the window they were summed for begins after it.
   * Absent: `metricsByDay` holds every day of the window. `period`: the same days after the earned tier's `since` it
   * was summed for (what counts toward keeping the tier, `periodMetrics` in server/core/tx.ts).
   */
  metricsCarried?: { start: BusinessDate; from: BusinessDate; sums: MemberMetrics; period?: { since: BusinessDate; sums: MemberMetrics } }
  lifecycle: LifecycleState
  wallet: CouponWallet
  messages: MessageState
  /** Mall item id → redemptions so far (per-member limit). */
  redeemed: Record<string, number>
  /** `${eventType}:${ref}` → business date first seen: an event retried with a new Idempotency-Key counts once. */
  eventRefs: Record<string, BusinessDate>
  /** Campaign id → ISO instant the member first took part (metrics `campaign_join`). */
  campaignsJoined: Record<string, string>
  campaigns: Record<string, MemberCampaignState>
  /** Business date of each feedback message (rate limit). */
  feedbackDates: BusinessDate[]
  /** Coupons operators reissued the member on a business date, at face value in points (the approval budget). */
  reissued?: { date: BusinessDate; points: number }
  /** Per-member sequences of ids the member owns. */
  seq: { order: number; redemption: number; feedback: number; privacy: number; adjustment?: number }
}

/** A points-mall item (the rules document's `mall.items`). */
export type RewardDef = MallItem

export interface Voucher {
  /** What the member shows and the staff scan or type (核销码). */
  code: string
  /** Last business date it can be used. */
  validTo: string
  usedAt: string | null
  /** The operator who marked it used. */
  usedBy: string | null
  /** When it was taken back unused (mall.ts VoucherState; absent: never). */
  revokedAt?: string | null
  /** Why, when not for a refund (mall.ts VoucherState). */
  revokedFor?: 'erased'
}

export type Delivery = DeliveryState

export interface Redemption {
  id: string
  memberId: string
  itemId: string
  /** The item's name when redeemed (the rules may rename or drop it later). */
  itemName: string
  kind: 'coupon' | 'gift' | 'service'
  points: number
  at: string
  couponId: string | null
  voucher: Voucher | null
  delivery: Delivery | null
}

export type OrderStatusValue = 'pending_payment' | 'paid' | 'refunded' | 'cancelled'

export interface OrderRecord {
  id: string
  memberId: string
  kind: 'goods' | 'membership'
  title: string
  items: { sku: string; qty: number; name: string; priceFen: number }[]
  planId: string | null
  /** What the member chose; the order is re-quoted with it at payment. */
  request: { couponId: string | null; pointsToUse: number }
  quote: OrderQuote
  status: OrderStatusValue
  createdAt: string
  /** Until when it can be paid (rules `orders.pendingExpiryMinutes` when it was placed; absent on older orders). */
  payBefore?: string
  paidAt: string | null
  paidOn: BusinessDate | null
  refundedAt: string | null
  /** What the refund did to points (absent: not refunded, or refunded before it was kept; so is `leaderboardPrize`, read as 0). */
  refundPoints?: Omit<OrderRefundPoints, 'leaderboardPrize'> & { leaderboardPrize?: number }
  /** What the payment did; `transactionId` is the provider's number for it (absent: the mock cashier, or nothing to pay). */
  paid: {
    couponId: string | null
    pointsUsed: number
    pointsEarned: number
    growthEarned: number
    /** Of `pointsEarned`, what went to points earlier refunds could not take back (absent: none). */
    pointsSettled?: number
    /** What the day's or month's cap took off the 下单 award, and which (absent: nothing). */
    pointsCapped?: { amount: number; by: CappedBy }
    spendFen: number
    transactionId?: string
  } | null
}

/** An operator's one answer to what a member asked (a privacy request, feedback): when, by whom (username), what. */
export interface Answer {
  at: string
  by: string
  reply: string
}

export interface PrivacyRequestRecord {
  id: string
  memberId: string
  kind: 'export' | 'deletion'
  at: string
  /** The number the member was given (`20261202-0042-1`); absent on requests made before it was stored. */
  requestNo?: string
  /** Set once, when an operator marks it handled (the reply is what the member reads); absent or null before. */
  handled?: Answer | null
}

export interface FeedbackRecord {
  id: string
  memberId: string
  content: string
  contact: string | null
  at: string
  /** Set once, when an operator replies (the member gets the reply as a message); absent or null before. */
  handled?: Answer | null
}

export type OperatorRole = 'viewer' | 'operator' | 'admin'

export interface OperatorRecord {
  id: string
  username: string
  displayName: string
  role: OperatorRole
  /** scrypt (server) or the mock's demo hash; never leaves the backend. */
  passwordHash: string
  createdAt: string
  disabledAt: string | null
}

/** One operator write (SPEC §7): who, when, what, before and after. */
export interface AuditRecord {
  /** Assigned by the storage, increasing. */
  no?: number
  operatorId: string
  operatorName: string
  at: string
  action: AuditAction
  target: string | null
  before: unknown
  after: unknown
}

export interface RulesVersionRecord {
  versionNo: number
  note: string
  createdBy: string
  createdAt: string
  effectiveAt: string
  cancelledAt: string | null
  /** Who cancelled it (username); absent or null when not cancelled, or cancelled before it was kept. */
  cancelledBy?: string | null
  /** The document's own `version` field. */
  rulesVersion: number
}

/** A points adjustment is stored as the console shows it. */
export type AdjustmentRecord = AdjustmentWire

/** One change of a member's effective tier (the wire's TierChange, with whose it is). */
export interface TierChangeRecord extends TierChangeWire {
  memberId: string
}

export const OPERATOR_ROLES: readonly OperatorRole[] = ['viewer', 'operator', 'admin']

export interface SessionRecord {
  /** SHA-256 of the bearer token (the token itself is never stored). */
  tokenHash: string
  role: 'member' | 'operator'
  memberId: string | null
  operatorId: string | null
  /** What an operator may do: `viewer` reads, `operator` edits rules and members, `admin` manages operators. */
  operatorRole: OperatorRole | null
  /** The platform the member logged in from (decides share-based rewards, SPEC §1.6). */
  platform: ClientPlatform | null
  /** Epoch ms. */
  createdAt: number
  expiresAt: number
}

/** Newest first: the later login, then (same instant) the token hash in code-unit order, last first. */
export function newestSessionFirst(a: SessionRecord, b: SessionRecord): number {
  return b.createdAt - a.createdAt || (a.tokenHash < b.tokenHash ? 1 : a.tokenHash > b.tokenHash ? -1 : 0)
}

export interface IdempotencyRecord {
  hash: string
  status: number
  body: unknown
  /** Epoch ms. */
  at: number
}

export type { Product }
