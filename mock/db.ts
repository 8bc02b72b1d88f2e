/**
 * The state of the mock backend: one immutable JSON document, replaced as a whole by each write (the
 * pipeline in backend.ts persists it before answering). Everything a rule needs is in here; every rule that
 * reads it lives in src/domain.
 */
import type { BrandInfo, ClientPlatform, Product } from '../src/api/contract'
import type { BusinessDate, BusinessMonth } from '../src/domain/calendar'
import type { CardsState } from '../src/domain/cards'
import type { RulesConfig } from '../src/domain/config'
import type { CouponWallet } from '../src/domain/coupons'
import type { InviteState } from '../src/domain/invites'
import type { LifecycleState } from '../src/domain/lifecycle'
import type { LotteryState } from '../src/domain/lottery'
import type { MessageState } from '../src/domain/messages'
import type { MetricsEvent } from '../src/domain/metrics'
import type { PointsState } from '../src/domain/points'
import type { OrderQuote } from '../src/domain/pricing'
import type { SigninState } from '../src/domain/signin'
import type { TaskState } from '../src/domain/tasks'
import type { MemberMetrics, TierState } from '../src/domain/tiers'
import type { CoreDb } from './backend'

export const DB_SCHEMA_VERSION = 1

/** Ledger months folded away by `compactDb` (storage budget), kept so monthly reports stay exact. */
export interface LedgerArchiveMonth {
  earn: number
  grant: number
  spend: number
  expire: number
  refundIn: number
  refundOut: number
  adjust: number
}

export interface MemberRecord {
  id: string
  nickname: string
  /** Business date, set from the profile (absent on members stored before profiles existed). */
  birthday?: BusinessDate | null
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
  metricsByDay: Record<BusinessDate, Partial<MemberMetrics>>
  lifecycle: LifecycleState
  wallet: CouponWallet
  messages: MessageState
  /** Mall item id → redemptions so far (per-member limit). */
  redeemed: Record<string, number>
  /** `${eventType}:${ref}` → business date first seen: an event retried with a new Idempotency-Key counts once. */
  eventRefs: Record<string, BusinessDate>
  /** Campaign id → ISO instant the member first took part (metrics `campaign_join`). */
  campaignsJoined: Record<string, string>
  /** Business date of each feedback message (rate limit). */
  feedbackDates: BusinessDate[]
  ledgerArchive: Record<BusinessMonth, LedgerArchiveMonth>
  /** Daily metrics older than the rolling window, folded by `compactDb` (monthly reports only). */
  metricsArchive: Record<BusinessMonth, { growthGained: number; growthReversed: number; tasksCompleted: number }>
  /** Sign-in days of months folded by `compactDb`: bit d−1 set = day d signed (monthly reports only). */
  signinArchive: Record<BusinessMonth, number>
}

export interface RewardDef {
  id: string
  name: string
  description: string
  kind: 'coupon' | 'gift' | 'service'
  pointsPrice: number
  initialStock: number
  perMemberLimit: number
  couponTemplateId?: string
}

export interface Redemption {
  id: string
  memberId: string
  itemId: string
  points: number
  at: string
  couponId: string | null
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
  paidAt: string | null
  paidOn: BusinessDate | null
  refundedAt: string | null
  /** What payment did, so the refund undoes exactly that. */
  paid: { couponId: string | null; pointsUsed: number; pointsEarned: number; growthEarned: number; spendFen: number } | null
}

export interface PrivacyRequestRecord {
  id: string
  memberId: string
  kind: 'export' | 'deletion'
  at: string
}

export interface FeedbackRecord {
  id: string
  memberId: string
  content: string
  contact: string | null
  at: string
}

export interface LoyaltyDb extends CoreDb {
  schemaVersion: number
  seededAt: string
  config: RulesConfig
  brand: BrandInfo
  members: Record<string, MemberRecord>
  /** `${platform}:${code}` (or `*:${code}` for the seeded demo logins) → member id. */
  loginCodes: Record<string, string>
  /** Invite code → member id. */
  inviteCodes: Record<string, string>
  invites: InviteState
  lotteries: Record<string, LotteryState>
  cards: Record<string, CardsState>
  /** Leaderboard campaign id → ISO instant its prizes were granted. */
  leaderboardsSettled: Record<string, string>
  catalogue: Product[]
  rewards: RewardDef[]
  rewardStock: Record<string, number>
  redemptions: Redemption[]
  orders: Record<string, OrderRecord>
  /** Operator metrics' event log (metrics.ts). */
  eventLog: MetricsEvent[]
  feedback: FeedbackRecord[]
  privacyRequests: PrivacyRequestRecord[]
  seq: { member: number; order: number; redemption: number; feedback: number; privacy: number }
}
