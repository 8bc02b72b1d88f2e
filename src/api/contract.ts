/**
 * The API contract (`/api/v1`), as TypeScript. `mock/openapi.yaml` is the same contract for other tools and
 * other backends; the contract tests check a backend against both. Wire rules: instants are ISO strings,
 * business dates `YYYY-MM-DD`, months `YYYY-MM`, money integer fen, points integers. Where the rules engine
 * already produces a wire-ready view (calendar, task, quote, report …) the contract reuses its type.
 */
import type { BusinessDate, BusinessMonth } from '@/domain/calendar'
import type { CardEarnAction } from '@/domain/cards'
import type { CampaignAudienceKind, CampaignStatus, CampaignType } from '@/domain/campaigns'
import type { RulesConfig } from '@/domain/config'
import type { CouponKind, CouponSource, CouponStatus } from '@/domain/coupons'
import type { LotteryPrizeKind, PublishedOdd, WinnerLine } from '@/domain/lottery'
import type { MessagePlatform, MessageTemplateId } from '@/domain/messages'
import type { OperatorMetrics } from '@/domain/metrics'
import type { LedgerType, PointsCaps } from '@/domain/points'
import type { OrderStatus } from '@/domain/orders'
import type { OrderQuote } from '@/domain/pricing'
import type { MonthlyReport } from '@/domain/reports'
import type { MakeupQuote, SigninCalendar } from '@/domain/signin'
import type { TaskView } from '@/domain/tasks'
import type { MemberMetrics, RequirementProgress, TierSource } from '@/domain/tiers'

export type { BusinessDate, BusinessMonth, MakeupQuote, MonthlyReport, OperatorMetrics, OrderQuote, PublishedOdd, SigninCalendar, TaskView, WinnerLine }

export type ClientPlatform = 'weapp' | 'alipay' | 'h5'

/** `{error: {code, message, details?}}` with 400/401/403/404/409/413/422/429. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> }
}

// ── auth ────────────────────────────────────────────────────────────────────────────────────────────
export interface LoginRequest {
  platform: ClientPlatform
  /** wx.login / my.getAuthCode code, or the per-browser code on H5; `demo` = the seeded demo member. */
  code: string
}
export interface LoginResponse {
  token: string
  member: MemberMe
  /** True when this login registered a new member (the app then sends a pending invite code). */
  isNew: boolean
}

// ── config ──────────────────────────────────────────────────────────────────────────────────────────
export interface BrandInfo {
  name: string
  /** Customer service for platforms without a native entry: a web page or `tel:` link. */
  serviceUrl: string
  /** The H5 address invite links point to. */
  shareBaseUrl: string
  /** Platform subscription template ids per message template (empty = in-app only). */
  subscribeTemplateIds: Record<ClientPlatform, Partial<Record<MessageTemplateId, string>>>
  /** `none`: the backend takes no payment (orders and paid plans are refused with 422 PAYMENTS_UNAVAILABLE); absent: it does. */
  payments?: 'none'
}
export interface ConfigResponse {
  version: number
  rules: RulesConfig
  brand: BrandInfo
  /** Whether share-based rewards are on for the platform of the caller's session (§1.6). */
  shareRewards: Record<ClientPlatform, boolean>
}

// ── member ──────────────────────────────────────────────────────────────────────────────────────────
export interface TierRef {
  id: string
  name: string
}
export interface TierProgressWire {
  /** Bar fraction in [0, 1]: (value − currentTierMin) / (nextTierMin − currentTierMin), min over requirements. */
  fraction: number
  /** "距离黄金会员还差 120 成长值", … one line per unmet requirement; "已是最高等级" at the top. */
  words: string[]
  requirements: RequirementProgress[]
}
export interface MemberMe {
  id: string
  nickname: string
  /** As the member gave it in 个人资料 (null until then). */
  birthday: BusinessDate | null
  registeredAt: string
  /** The effective tier (highest of earned / paid / grant / trial) and where it comes from. */
  tier: TierRef & { source: TierSource; until: BusinessDate | null; rank: number }
  earnedTier: TierRef & { expiresOn: BusinessDate }
  growth: number
  nextTier: TierRef | null
  progress: TierProgressWire
  /** Days until the earned tier is re-evaluated, and what keeps it. */
  levelWillExpireInDays: number
  /** `applies` is false for the lowest tier, which has nothing to keep. */
  retention: { words: string[]; met: boolean; applies: boolean }
  benefits: string[]
  nextTierBenefits: string[]
  discountPercent: number
  paid: { planId: string; tierId: string; until: BusinessDate } | null
  metrics: MemberMetrics
  newcomer: { active: boolean; daysLeft: number }
  inviteCode: string
  balance: number
  /** This business month's free services of the effective tier (`POST /member/free-service` takes one). */
  freeServices: FreeServiceWire
}
export interface FreeServiceWire {
  name: string
  description: string
  perMonth: number
  used: number
  left: number
  /** The last day a voucher taken now can be used (the month's last day). */
  validTo: BusinessDate
}

// ── points ──────────────────────────────────────────────────────────────────────────────────────────
export interface ExpiringAmount {
  /** The business date the points expire at the end of. */
  date: BusinessDate
  amount: number
}
export interface PointsSummary {
  balance: number
  /** Every upcoming expiry, soonest first. */
  expiring: ExpiringAmount[]
  /** What the balance is worth at checkout, fen. */
  valueFen: number
  caps: PointsCaps
  /** In-app banner: lots crossing the 30/7-day reminders. */
  expiryNotice: { date: BusinessDate; amount: number; daysLeft: number } | null
  /** Points refunds could not take back (already spent): the next points earned settle them first. */
  owed: number
}
export interface LedgerEntryWire {
  id: string
  type: LedgerType
  /** Signed: + credit, − debit. */
  amount: number
  balanceAfter: number
  reason: string
  ref: string
  businessDate: BusinessDate
  at: string
}
export interface LedgerPage {
  entries: LedgerEntryWire[]
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null
}
export interface ExpiringLots {
  lots: { earnedOn: BusinessDate; expiresOn: BusinessDate; remaining: number; source: string }[]
}

/** How an award went: requested vs awarded, and which cap cut it. */
export interface AwardWire {
  requested: number
  awarded: number
  capped: number
  cappedBy: 'day' | 'month' | 'balance' | null
}

// ── sign-in ─────────────────────────────────────────────────────────────────────────────────────────
export interface SigninCalendarResponse extends SigninCalendar {
  /** Base points a sign-in today pays (tier-scaled, × campaign multiplier). */
  basePoints: number
  multiplier: number
}
export interface SigninResponse {
  /** `settled`: of what was earned, the points that went to what earlier refunds could not take back. */
  awarded: { base: number; bonus: number; capped: number; cappedBy: 'day' | 'month' | 'balance' | null; settled: number }
  streak: number
  cycleDay: number
  balance: number
  coupon?: CouponWire
  /** 1–2 tasks suggested after signing in, those still to do or to claim (a task claimed today is not suggested). */
  followUpTasks: TaskView[]
  calendar: SigninCalendarResponse
  /** The card this sign-in earned in a running collect-cards campaign (one per action per day), if any. */
  card?: CardEarnedWire | null
}
/**
 * `expectedPoints` (make-up, mall item, draw): the points the member was shown and confirmed; a price that has
 * changed since is refused, nothing spent (409 POINTS_PRICE_CHANGED, `details.actual` the price now). Without it the
 * price of the rules in force is charged.
 */
export interface PointsConfirmation {
  expectedPoints?: number
}
export interface MakeupRequest extends PointsConfirmation {
  date: BusinessDate
}
export type DrawRequest = PointsConfirmation
export interface MakeupResponse {
  date: BusinessDate
  cost: number
  bonus: number
  /** What the day's or month's cap (`cappedBy`) took off `bonus`. */
  capped: number
  cappedBy: 'day' | 'month' | 'balance' | null
  streak: number
  balance: number
  coupons: CouponWire[]
  calendar: SigninCalendarResponse
}

// ── tasks & events ──────────────────────────────────────────────────────────────────────────────────
export interface TasksResponse {
  tasks: TaskView[]
}
export interface TaskClaimResponse {
  task: TaskView
  awarded: AwardWire & { growth: number }
  coupon?: CouponWire
  balance: number
  /** "奖励已到账 +10 积分" */
  toast: string
}
/** A card earned in a collect-cards campaign. */
export interface CardEarnedWire {
  campaignId: string
  kindId: string
  kindName: string
  isNewKind: boolean
}
export type BehaviourEventType = 'app_open' | 'core_use' | 'share' | 'review' | 'survey' | 'profile_complete' | 'guide_read' | 'follow_account' | 'browse_product'
export interface EventRequest {
  type: BehaviourEventType
  /** What the event is about (order id, review id, survey id …); dedupes repeats. */
  ref?: string
}
export interface EventResponse {
  type: BehaviourEventType
  /** Points the event earned, null when it earns none. */
  awarded: AwardWire | null
  balance: number
  card: CardEarnedWire | null
  /** `app_open` after 7+ days away: the win-back coupon (once per dormancy). */
  winback: CouponWire | null
  /** Tasks whose progress moved. */
  tasks: TaskView[]
}

// ── campaigns ───────────────────────────────────────────────────────────────────────────────────────
export interface ThemeWire {
  key: string
  primaryColor: string
  bannerTitle: string
  bannerImage?: string
}
export interface CampaignSummary {
  id: string
  type: CampaignType
  name: string
  description: string
  startsAt: string
  endsAt: string
  status: CampaignStatus
  /** May this member take part right now (audience, tier gate, early access). */
  canEnter: boolean
  /** When this member may enter (earlier than startsAt for gold+ on priority campaigns). */
  opensAt: string
  inEarlyAccess: boolean
  exclusive: boolean
  priority: boolean
  theme: ThemeWire | null
  signinMultiplier: number
  /** Who the campaign is for; for a 'tier' audience the lowest tier admitted ("仅钻石会员可参与"). Optional (added later). */
  audience?: { kind: CampaignAudienceKind; minTier: TierRef | null }
  /** Priority campaigns: the lowest tier that may enter early, and how many minutes before the start. Optional. */
  earlyAccess?: { tier: TierRef; minutes: number } | null
}
export interface CampaignsResponse {
  campaigns: CampaignSummary[]
  /** The theme in force for this member (festival), null = brand default. */
  theme: ThemeWire | null
  signinMultiplier: number
}
export interface LotteryDetail {
  prizes: { id: string; name: string; kind: LotteryPrizeKind }[]
  /** Odds for the member's tier. */
  odds: PublishedOdd[]
  draws: { freeLeft: number; paidLeft: number; nextDrawCost: number | null; maxPerDay: number; freePerDay: number; paidCost: number }
  myPrizes: { drawId: string; prizeName: string; kind: LotteryPrizeKind; businessDate: BusinessDate }[]
  /** Today's draws, the latest first, 谢谢参与 included: what each gave, also when a reload hid its result sheet. */
  todayDraws: { drawId: string; prizeName: string; kind: LotteryPrizeKind; costPoints: number; at: string }[]
  winnersPublished: boolean
}
export interface CardsDetail {
  kinds: { id: string; name: string; count: number; giftable: boolean; rarity: 'common' | 'rare' | 'very_rare' }[]
  collected: number
  total: number
  complete: boolean
  claimed: boolean
  /** couponName null: the coupon's fixed dates ended, the prize is the points alone. */
  setPrize: { points: number; couponName: string | null }
  actionsLeftToday: CardEarnAction[]
}
export interface LeaderboardDetail {
  standings: { rank: number; nickname: string; points: number }[]
  /** `prizeTakenBack`: points of my prize a refund after the results took back (owed ones included). */
  me: { rank: number | null; points: number; prizeTakenBack: number }
  prizes: { rankFrom: number; rankTo: number; text: string }[]
  published: boolean
}
export interface CampaignDetail extends CampaignSummary {
  lottery?: LotteryDetail
  cards?: CardsDetail
  leaderboard?: LeaderboardDetail
}
/** `POST /redemptions/{id}/delivery`: a physical prize's line, its delivery now waiting to be sent. */
export interface GiveDeliveryAddressResponse {
  redemption: RedemptionWire
}
export interface DrawResponse {
  drawId: string
  prize: { id: string; name: string; kind: LotteryPrizeKind; points?: number }
  free: boolean
  cost: number
  balance: number
  /** Of a points prize, what went to points earlier refunds could not take back. */
  settled: number
  coupon?: CouponWire
  /** A physical prize's line in 兑换记录 (`delivery: null` until the member gives an address). */
  redemption?: RedemptionWire
  draws: LotteryDetail['draws']
}
export interface WinnersResponse {
  published: boolean
  winners: WinnerLine[]
}
export interface CardGiftRequest {
  /** The friend's member code (their invite code); never a member id. */
  friendCode: string
  kindId: string
}
export interface CardGiftResponse {
  cards: CardsDetail
}
export interface CardClaimResponse {
  points: number
  /** null: the coupon's fixed dates ended before the claim (the points are the prize). */
  coupon: CouponWire | null
  balance: number
  /** Of `points`, what went to points earlier refunds could not take back. */
  settled: number
  cards: CardsDetail
}

// ── coupons, mall, orders ───────────────────────────────────────────────────────────────────────────
export interface CouponWire {
  id: string
  templateId: string
  name: string
  kind: CouponKind
  offFen?: number
  minSpendFen?: number
  percent?: number
  maxOffFen?: number
  source: CouponSource
  validFrom: BusinessDate
  validTo: BusinessDate
  status: CouponStatus
  expiringSoon: boolean
  daysLeft: number
  usedAt: string | null
  /** When it was taken back unused (a leaderboard prize a refund no longer earned): listed as expired. */
  revokedAt?: string
}
/**
 * `GET /coupons`: every available coupon; of the used and the expired ones (most recent first) the first 20, the rest
 * by `GET /coupons/history` from `nextCursor` (null: nothing more).
 */
export interface CouponsResponse {
  available: CouponWire[]
  used: CouponWire[]
  expired: CouponWire[]
  nextCursor: { used: string | null; expired: string | null }
}
/** `GET /coupons/history?status=used|expired&cursor=&limit=`: the next page of a used or expired list. */
export interface CouponHistoryResponse {
  coupons: CouponWire[]
  nextCursor: string | null
}
export interface RewardItem {
  id: string
  name: string
  description: string
  kind: 'coupon' | 'gift' | 'service'
  pointsPrice: number
  /** Left in stock (0 = sold out). */
  stock: number
  perMemberLimit: number
  redeemedByMe: number
}
export interface RewardsResponse {
  items: RewardItem[]
  balance: number
}
/** What a physical item is sent to (asked when redeeming a `gift`). */
export interface DeliveryAddress {
  name: string
  /** Mainland mobile number, 11 digits. */
  phone: string
  address: string
}
export interface Delivery extends DeliveryAddress {
  /** `cancelled`: the member was erased before it was sent, and the address with them. */
  status: 'pending' | 'shipped' | 'delivered' | 'cancelled'
  /** The carrier's number (快递单号) once it is sent. */
  trackingNo: string | null
}
/** An in-store item's voucher: the code the staff scan or type (核销码). */
export interface Voucher {
  code: string
  /** `revoked`: taken back unused (a refund lowered the tier that gave it). */
  status: 'valid' | 'used' | 'expired' | 'revoked'
  /** Last business date it can be used. */
  validTo: BusinessDate
  usedAt: string | null
}
/** One line of 兑换记录. */
export interface RedemptionWire {
  id: string
  itemId: string
  itemName: string
  kind: RewardItem['kind']
  points: number
  at: string
  couponId: string | null
  voucher: Voucher | null
  delivery: Delivery | null
}
export interface RedeemRequest extends PointsConfirmation {
  /** Required for a `gift` item (422 DELIVERY_REQUIRED without it). */
  delivery?: DeliveryAddress
}
export interface RedeemResponse {
  item: RewardItem
  balance: number
  coupon?: CouponWire
  redemptionId: string
  redemption: RedemptionWire
}
export interface FreeServiceClaimResponse {
  redemption: RedemptionWire
  freeServices: FreeServiceWire
}
/** `GET /redemptions?cursor=&limit=`: one page of 兑换记录, the last made first. */
export interface RedemptionsResponse {
  redemptions: RedemptionWire[]
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null
}
export interface Product {
  sku: string
  name: string
  description: string
  priceFen: number
}
export interface CatalogueResponse {
  products: Product[]
}
export interface OrderLine {
  sku: string
  qty: number
}
export interface QuoteRequest {
  items: OrderLine[]
  /** undefined = best eligible coupon; null = none; an id = that coupon. */
  couponId?: string | null
  pointsToUse?: number
}
export type QuoteResponse = OrderQuote
export type { OrderStatus }
export interface OrderWire {
  id: string
  kind: 'goods' | 'membership'
  title: string
  items: (OrderLine & { name: string; priceFen: number })[]
  quote: OrderQuote
  status: OrderStatus
  createdAt: string
  paidAt: string | null
  refundedAt: string | null
  /** An unpaid order can be paid until then; after it, it is cancelled (nothing was taken). */
  payBefore: string | null
  /** The last business day a paid goods order can be refunded, while it still can be; null when it cannot be. */
  refundableUntil: BusinessDate | null
  /** What its payment earned — purchase points and the day's 下单 award, and their growth — which a refund takes back; null until paid. */
  earned: { points: number; growth: number } | null
  /** What its refund did to points, as the refund's ledger lines say; null until refunded (and on orders refunded before it was kept). */
  refundPoints: OrderRefundPoints | null
}
/**
 * `restored`: used points back in the balance (the + line); `expired`: used points whose lots have expired since and
 * `settled`: used points that settled what earlier refunds could not take back (neither back in the balance);
 * `reversed`: earned points taken back (the − line); `shortfall`: earned points already spent, owed;
 * `leaderboardPrize`: a leaderboard's points prize that the order's points had won, taken back (owed ones included;
 * 0 on orders refunded before it was kept).
 */
export interface OrderRefundPoints {
  restored: number
  expired: number
  settled: number
  reversed: number
  shortfall: number
  leaderboardPrize: number
}
export interface PaymentRequestWire {
  provider: 'mock' | 'wechat' | 'alipay'
  amountFen: number
  description: string
  params?: Record<string, unknown>
}
export interface CreateOrderResponse {
  order: OrderWire
  payment: PaymentRequestWire
}
export interface PayRequest {
  /** The mock cashier's answer (a real backend confirms with the payment provider instead). */
  result: 'paid' | 'cancelled'
}
export interface PayResponse {
  order: OrderWire
  balance: number
  /**
   * What the payment earned: a goods order's purchase points and the day's 下单 it records; `settled` of them went to
   * what earlier refunds could not take back; `capped`: what the day's or month's cap (`cappedBy`) took off the 下单 award.
   */
  awarded: { points: number; growth: number; settled: number; capped: number; cappedBy: 'day' | 'month' | 'balance' | null }
  member: MemberMe
}
/** `POST /orders/{id}/cancel`: the order, cancelled; nothing was taken, so the balance is as before it. */
export interface CancelOrderResponse {
  order: OrderWire
  balance: number
}
export interface RefundResponse {
  order: OrderWire
  balance: number
  /**
   * `leaderboardPrize`: points of a leaderboard prize the order's points had won, taken back (owed ones included);
   * `pointsExpired`: points it used whose lots have expired since (not back in the balance); `pointsSettled`: points it
   * used that settled what earlier refunds could not take back (not back in the balance either); `couponKept`: its
   * coupon is past its last valid day (not returned); `freeServicesRevoked`: the month's free-service vouchers the tier
   * held now no longer gives, taken back unused (their status `revoked`); `leaderboardCoupons`: prize coupons of a
   * leaderboard the rank after the refund does not give, taken back unused (expired, with `revokedAt`).
   */
  reversed: {
    pointsEarned: number
    pointsRestored: number
    pointsExpired: number
    pointsSettled: number
    couponKept: boolean
    growth: number
    shortfall: number
    leaderboardPrize: number
    leaderboardCoupons: number
    freeServicesRevoked: number
  }
  member: MemberMe
}
/** `POST /admin/members/{id}/orders/{orderId}/refund {reason}`: customer service's refund, past the member's window too. */
export interface AdminRefundResponse {
  order: OrderWire
  reversed: RefundResponse['reversed']
  balance: number
}
/** `GET /orders?cursor=&limit=`: one page of the member's orders, the last placed first. */
export interface OrdersResponse {
  orders: OrderWire[]
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null
}
export interface MembershipPurchaseRequest {
  planId: string
}

// ── reports, messages, invites, privacy, admin ──────────────────────────────────────────────────────
export interface MonthlyReportResponse extends MonthlyReport {
  availableMonths: BusinessMonth[]
}
export interface NotificationWire {
  id: string
  template: MessageTemplateId
  title: string
  body: string
  createdAt: string
  read: boolean
}
export interface SubscriptionState {
  templates: { id: MessageTemplateId; title: string; quota: number }[]
  sendsThisWeek: number
  weeklyCap: number
}
export interface MessagesResponse {
  notifications: NotificationWire[]
  unread: number
  subscriptions: SubscriptionState
}
export interface MarkReadRequest {
  ids: string[] | 'all'
}
export interface SubscriptionsRequest {
  /** Message templates the member accepted in the platform's dialog. */
  accepted: MessageTemplateId[]
}
export interface InviteAcceptRequest {
  code: string
}
export interface InviteAcceptResponse {
  inviterNickname: string
  /** null: the welcome coupon's fixed dates have ended. */
  coupon: CouponWire | null
}
export interface InvitesResponse {
  code: string
  /** Path of the share card / link, carrying the code. */
  sharePath: string
  shareTitle: string
  /** How many friends registered with my code. */
  invitedCount: number
  /** The last 20 of them, the last first; the rest by `GET /invites/list` from `nextCursor` (null: no more). */
  invites: InviteLine[]
  nextCursor: string | null
  /** `inviteeCoupon` '' once the welcome coupon's fixed dates ended (the friend gets none). */
  rewardPerInvite: { points: number; growth: number; inviteeCoupon: string }
}
/** A friend who registered with my code. `capped`: what the day's (or month's) points cap or the balance limit took off `rewardPoints`, by `cappedBy`. */
export interface InviteLine {
  nickname: string
  registeredAt: string
  rewardPoints: number
  capped: number
  cappedBy: 'day' | 'month' | 'balance' | null
}
/** `GET /invites/list?cursor=&limit=`: the next page of the friends who registered with my code. */
export interface InviteListResponse {
  invites: InviteLine[]
  nextCursor: string | null
}
export interface ProfileRequest {
  nickname: string
  /** YYYY-MM-DD */
  birthday?: string
}
export interface FeedbackRequest {
  content: string
  contact?: string
}
export interface PrivacyRequestResponse {
  requestId: string
  /** What the member reads out to customer service: the business date, their member number and the request's, `20261202-0042-1`. */
  requestNo: string
  kind: 'export' | 'deletion'
  status: 'received'
  /** zh-CN, e.g. "我们将在 15 个工作日内处理". */
  message: string
}
/** A data export or deletion request as its member sees it (设置 → 我的申请). */
export interface PrivacyRequestView {
  requestId: string
  requestNo: string
  kind: 'export' | 'deletion'
  /** received: waiting for the brand; done: handled, with the brand's reply. */
  status: 'received' | 'done'
  at: string
  handledAt: string | null
  /** The brand's answer (zh-CN), e.g. where the export was sent; null until handled. */
  reply: string | null
}
export interface PrivacyRequestsResponse {
  /** Newest first. */
  requests: PrivacyRequestView[]
}
export type MetricsResponse = OperatorMetrics

/** `GET /admin/stock`: units given out, of each mall item and of each limited prize by lottery (none: absent). */
export interface StockTakenResponse {
  rewards: Record<string, number>
  prizes: Record<string, Record<string, number>>
}

// ───────────────────────────── operators (/admin/*) ─────────────────────────────

export type OperatorRole = 'viewer' | 'operator' | 'admin'

export interface OperatorLoginResponse {
  token: string
  operator: { id: string; username: string; role: OperatorRole }
  expiresAt: string
}
export interface OperatorWire {
  id: string
  username: string
  displayName: string
  role: OperatorRole
  disabled: boolean
  createdAt: string
}
/** What an operator did, as the audit log names it (the console words each one: console/src/pages/audit.tsx). */
export type AuditAction =
  | 'rules.publish'
  | 'rules.restore'
  | 'rules.cancel'
  | 'member.adjust'
  | 'member.sign_out'
  | 'member.erase'
  | 'adjustment.approve'
  | 'adjustment.reject'
  | 'coupon.reissue'
  | 'order.refund'
  | 'voucher.use'
  | 'delivery.update'
  | 'privacy.handle'
  | 'feedback.reply'
  | 'operator.login'
  | 'operator.login_failed'
  | 'operator.reauth_failed'
  | 'operator.logout'
  | 'operator.create'
  | 'operator.update'
export interface AuditEntry {
  id: string
  at: string
  operatorId: string
  operatorName: string
  action: AuditAction
  target: string | null
  before: unknown
  after: unknown
}
export interface AuditPage {
  entries: AuditEntry[]
  nextCursor: string | null
}
export interface RulesVersionWire {
  versionNo: number
  note: string
  /** Username of the operator who saved it (`system`: a deployment's first version). */
  createdBy: string
  /** Who saved it by display name (the username of an account that has none or is not found). */
  createdByName: string
  createdAt: string
  effectiveAt: string
  status: 'scheduled' | 'current' | 'past' | 'cancelled'
  /** When it was cancelled; null unless `status` is cancelled. */
  cancelledAt: string | null
  /** Who cancelled it, by username and by display name; null when not cancelled or cancelled before it was kept. */
  cancelledBy: string | null
  cancelledByName: string | null
  /** The document's own `version` field. */
  rulesVersion: number
  /**
   * Whether the asking operator may cancel it now (POST …/cancel): scheduled with no version scheduled after it (else
   * 409 RULES_LATER_VERSION_PENDING), and the asker is an `operator` or an `admin` — a version an admin scheduled only by
   * an admin (else 403 RULES_CANCEL_ADMIN_ONLY).
   */
  cancellable: boolean
}
export interface RulesVersionsResponse {
  current: RulesVersionWire
  versions: RulesVersionWire[]
}
export interface RulesVersionResponse {
  version: RulesVersionWire
  document: RulesConfig
}
export interface SaveRulesRequest {
  document: RulesConfig
  note: string
  /** ISO instant; now when absent. */
  effectiveAt?: string
}
export interface MemberRow {
  id: string
  nickname: string
  inviteCode: string
  platform: ClientPlatform
  registeredAt: string
  tier: { id: string; name: string }
}
export interface TierChangeWire {
  at: string
  from: string
  to: string
  /** `expired`: a paid, granted or trial tier reached its last day. */
  reason: 'upgrade' | 'reevaluation' | 'refund' | 'paid_plan' | 'expired'
}
export interface AdjustmentWire {
  id: string
  memberId: string
  amount: number
  reason: string
  status: 'pending' | 'applied' | 'rejected'
  requestedBy: string
  requestedAt: string
  decidedBy: string | null
  decidedAt: string | null
  note: string | null
}
/**
 * `GET /admin/adjustments`: each with the member's balance now — what an approver weighs a deduction against — and
 * who asked and who decided by their display names (the username of an account that has none or is not found).
 */
/** `memberBalance`: the member's points now (expired lots gone); `memberErased`: 会员注销 — nothing is approved for them. */
export type AdjustmentListItem = AdjustmentWire & { memberBalance: number; memberErased: boolean; requestedByName: string; decidedByName: string | null }
export interface MemberDetail {
  member: MemberMe
  /** The live lots, oldest first (`id` tells two of the same day and source apart; `ref` is what awarded the lot: an
   * order, a task, an operator's adjustment `adj-…`). */
  lots: (ExpiringLots['lots'][number] & { id: string; ref: string })[]
  /** Points refunds could not take back (`PointsSummary.owed`): the member's next points settle them. */
  owed: number
  tierHistory: TierChangeWire[]
  tasks: TaskView[]
  /**
   * Points adjustments above `approvalAbove` in a member's business day (with `appliedToday`: adjustments applied at
   * once and coupons reissued, at face value) wait for an admin; such a coupon reissue is refused.
   */
  adjustmentPolicy: { approvalAbove: number; appliedToday: number }
  /** When an admin erased the member's personal data (会员注销); null while they are a member. */
  erasedAt: string | null
}
/** With the payment provider's transaction number of a paid order (WeChat Pay transaction_id, Alipay trade_no), for customer service. */
export type AdminOrderWire = OrderWire & { transactionId: string | null }
/** `GET /admin/members/{id}/redemptions?cursor=&limit=`: 兑换记录 by pages (a viewer sees delivery addresses masked). */
export interface AdminRedemptionsPage {
  redemptions: RedemptionWire[]
  nextCursor: string | null
}
/** `GET /admin/members/{id}/coupons?cursor=&limit=`: every coupon the member was given, the last issued first, by pages. */
export interface AdminCouponsPage {
  coupons: CouponWire[]
  nextCursor: string | null
}
/** `GET /admin/members/{id}/invites?cursor=&limit=`: the friends who registered with the member's code, the last first. */
export interface AdminInvitesPage {
  invites: { memberId: string; nickname: string; acceptedAt: string }[]
  nextCursor: string | null
}
/** `GET /admin/members/{id}/orders?cursor=&limit=`: a member's orders by pages, as `GET /orders` gives them to the member. */
export interface AdminOrdersPage {
  orders: AdminOrderWire[]
  nextCursor: string | null
}
export interface AdjustmentResponse {
  adjustment: AdjustmentWire
  balance: number
}
/** One gift of the shipping queue (GET /admin/deliveries): whose it is and where it goes. */
export interface DeliveryQueueRow {
  member: { id: string; nickname: string }
  redemption: RedemptionWire & { delivery: Delivery }
}
export interface DeliveriesResponse {
  deliveries: DeliveryQueueRow[]
  /** Where the next page starts (`cursor=`); null on the last page. */
  nextCursor: string | null
}
export interface PrivacyQueueRow {
  member: { id: string; nickname: string }
  /** Who handled it by username, and by display name (the username of an account that has none or is not found). */
  request: PrivacyRequestView & { handledBy: string | null; handledByName: string | null }
}
/** `GET /admin/message-delivery`: how the subscription messages of the last days fared on their way to the platform. */
export interface MessageDeliveryResponse {
  /** Whether this backend sends subscription messages to a platform at all (the mock never does). */
  delivering: boolean
  /** Where they go: WeChat (`weapp`) or Alipay; null when nowhere. */
  platform: MessagePlatform | null
  /** ISO instant the counts start from (7 days before now). */
  since: string
  templates: { template: MessageTemplateId; title: string; pending: number; sent: number; failed: number; lastError: string | null }[]
}

export interface PrivacyQueueResponse {
  requests: PrivacyQueueRow[]
  /** Where the next page starts (`cursor=`); null on the last page. */
  nextCursor: string | null
}
/** A member's 意见反馈 in the operators' inbox. */
export interface FeedbackQueueRow {
  member: { id: string; nickname: string }
  feedback: {
    id: string
    content: string
    contact: string | null
    at: string
    status: 'open' | 'replied'
    handledAt: string | null
    /** Username of the operator who replied. */
    handledBy: string | null
    /** Who replied by display name (the username of an account that has none or is not found). */
    handledByName: string | null
    reply: string | null
  }
}
export interface FeedbackQueueResponse {
  feedback: FeedbackQueueRow[]
  /** Where the next page starts (`cursor=`); null on the last page. */
  nextCursor: string | null
}
export interface AdminVoucher extends Voucher {
  itemName: string
  redeemedAt: string
  member: { id: string; nickname: string }
}
