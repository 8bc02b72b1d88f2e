/**
 * The console's API client: the `admin` operations of mock/openapi.yaml on the same origin (`/api/v1`), with the
 * operator's bearer token. Every POST carries `Idempotency-Key` (one per intended action — see `newIdempotencyKey`
 * and `useAction`, which keep it across a retry) and a JSON body. Failures become `ApiError` with the server's
 * zh-CN message; a 401 ends the session, and the console asks to sign in again over the page (app.tsx). A request
 * that takes longer than `REQUEST_TIMEOUT_MS` is given up as a network failure.
 */
import { learnServerTime } from './lib/clock'
import type {
  AdminCouponsPage,
  AdminInvitesPage,
  AdminOrdersPage,
  AdminRedemptionsPage,
  AdjustmentListItem,
  AdjustmentWire,
  AdminRefundResponse,
  AdminVoucher,
  AuditEntry,
  CouponWire,
  DeliveryQueueRow,
  FeedbackQueueRow,
  LedgerEntryWire,
  MessageDeliveryResponse,
  MemberDetail,
  MemberRow,
  MetricsResponse,
  OperatorLoginResponse,
  OperatorRole,
  OperatorWire,
  PrivacyQueueRow,
  RulesVersionWire,
  SigninCalendar,
} from '@/api/contract'
import type { RulesConfig } from '@/domain/config'
import { clearSession, getToken, storedToken } from './session'

export type { AdjustmentListItem, AdminVoucher, AuditEntry, DeliveryQueueRow, FeedbackQueueRow, MemberDetail, MemberRow, OperatorRole, PrivacyQueueRow }
export type DeliveryStatus = DeliveryQueueRow['redemption']['delivery']['status']
export type { MallItem } from '@/domain/mall'
export type Operator = OperatorWire
export type LoginAnswer = OperatorLoginResponse
export type RulesVersion = RulesVersionWire
export type RulesVersionStatus = RulesVersionWire['status']
export type RulesDocument = RulesConfig
export type Adjustment = AdjustmentWire
export type AdjustmentStatus = AdjustmentWire['status']
export type Redemption = AdminRedemptionsPage['redemptions'][number]
export type Lot = MemberDetail['lots'][number]
export type Metrics = MetricsResponse
/** One template's line of the subscription-message delivery report. */
export type MessageDeliveryRow = MessageDeliveryResponse['templates'][number]

export const API_BASE = '/api/v1'

export interface Page<T> {
  entries: T[]
  nextCursor: string | null
}

export interface Problem {
  path: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /**
     * A 401 on the operator's session (expired, revoked, the account disabled): the request was not carried out, and
     * the console asks to sign in again over the page (app.tsx). Not a wrong password at sign-in, which is a 401 too.
     */
    readonly sessionEnded = false,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** A network failure or a 5xx: the same request (same Idempotency-Key) may be sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429
  }

  /** `details.problems` of a 422 RULES_INVALID. */
  get problems(): Problem[] {
    const list = this.details?.problems
    return Array.isArray(list) ? list.filter((p): p is Problem => typeof p?.path === 'string' && typeof p?.message === 'string') : []
  }
}

/** A UUID v4 — `crypto.randomUUID` exists only in secure contexts, so a console opened over plain http on a LAN falls back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

type Query = Record<string, string | number | undefined | null>

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `${path}?${s}` : path
}

/** Called on a 401 (expired or revoked session): the app asks to sign in again. */
let onUnauthorized: () => void = () => undefined
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn
}

/**
 * Called on a 403 (a role the server no longer grants, e.g. an account demoted since sign-in): the app reads
 * `/admin/me` again so the controls follow the role the server applies.
 */
let onForbidden: () => void = () => undefined
export function setForbiddenHandler(fn: () => void): void {
  onForbidden = fn
}

/**
 * How long a request may take, answer and body, before it is given up: a server or proxy that never answers would
 * otherwise leave a page on its skeleton (or a dialog on its spinner) for good. Given up, it fails as a network
 * failure does (status 0, `TIMEOUT`): retryable, so a write keeps its Idempotency-Key for the retry (`useAction`) —
 * the server may have applied it, and the same key makes the retry answer with what it did instead of doing it twice.
 */
export const REQUEST_TIMEOUT_MS = 20_000

async function request<T>(method: 'GET' | 'POST', path: string, init: { query?: Query; body?: unknown; key?: string; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  // The sign-in this request belongs to, and the token it carries: none once that session has expired here.
  const session = storedToken()
  const token = getToken()
  if (init.auth !== false && token) headers.Authorization = `Bearer ${token}`
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json'
    headers['Idempotency-Key'] = init.key ?? newIdempotencyKey()
  }
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS)
  let res: Response
  let text: string
  try {
    res = await fetch(API_BASE + withQuery(path, init.query), { method, headers, body: method === 'POST' ? JSON.stringify(init.body ?? {}) : undefined, signal: abort.signal })
    // The console's "now" is the server's (a staff PC's clock may be off): today, ranges and schedules follow it.
    learnServerTime(res.headers.get('x-server-time'))
    text = await res.text()
  } catch {
    if (abort.signal.aborted) throw new ApiError(0, 'TIMEOUT', '服务器长时间没有响应，请检查网络后重试')
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
  } finally {
    clearTimeout(timer)
  }
  let data: unknown = undefined
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    // A proxy's HTML error page: reported below by status.
  }
  if (res.ok) return data as T
  const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error
  const fallback = res.status >= 500 ? '服务开小差了，请稍后重试' : `请求失败（${res.status}）`
  const ended = res.status === 401 && init.auth !== false
  const e = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? fallback, err?.details, ended)
  // The session the request was sent under has ended — unless the operator has signed in again since (over the page,
  // which stays mounted: a newer token must not be ended), or it was already ended (another request's 401, its expiry
  // timer, 退出). Not judged by `getToken()`: this very answer's X-Server-Time may just have told the console that the
  // session has expired, and an expired session is still the one to sign in again over.
  if (ended && storedToken() === session) {
    clearSession()
    onUnauthorized()
  }
  if (res.status === 403 && init.auth !== false) onForbidden()
  throw e
}

const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query })
const post = <T>(path: string, body: unknown, key: string) => request<T>('POST', path, { body, key })
const id = (s: string | number) => encodeURIComponent(String(s))

/** Members a search shows at most (`more` says whether others match too). */
export const SEARCH_LIMIT = 50

export const api = {
  login: (username: string, password: string, key: string) =>
    request<LoginAnswer>('POST', '/admin/auth/login', { body: { username, password }, key, auth: false }),
  me: () => get<{ operator: Operator }>('/admin/me'),
  /** 退出: the server ends the session (its token answers 401 from now on). */
  logout: () => post<{ ok: true }>('/admin/auth/logout', {}, newIdempotencyKey()),

  operators: () => get<{ operators: Operator[] }>('/admin/operators'),
  createOperator: (body: { username: string; displayName: string; role: OperatorRole; password: string; currentPassword: string }, key: string) =>
    post<{ operator: Operator }>('/admin/operators', body, key),
  updateOperator: (opId: string, body: Partial<{ displayName: string; role: OperatorRole; password: string; currentPassword: string; disabled: boolean }>, key: string) =>
    post<{ operator: Operator }>(`/admin/operators/${id(opId)}`, body, key),

  audit: (q: { operatorId?: string; action?: string; target?: string; from?: string; to?: string; cursor?: string | null; limit?: number }) =>
    get<Page<AuditEntry>>('/admin/audit', q),

  rules: () => get<{ current: RulesVersion; versions: RulesVersion[] }>('/admin/rules'),
  rulesVersion: (versionNo: number) => get<{ version: RulesVersion; document: RulesDocument }>(`/admin/rules/versions/${id(versionNo)}`),
  saveRules: (body: { document: RulesDocument; note: string; effectiveAt?: string; baseVersionNo?: number }, key: string) =>
    post<{ version: RulesVersion }>('/admin/rules/versions', body, key),
  restoreRules: (versionNo: number, body: { note: string; effectiveAt?: string }, key: string) =>
    post<{ version: RulesVersion }>(`/admin/rules/versions/${id(versionNo)}/restore`, body, key),
  cancelRules: (versionNo: number, key: string) => post<{ version: RulesVersion }>(`/admin/rules/versions/${id(versionNo)}/cancel`, {}, key),

  stockGiven: () => get<{ rewards: Record<string, number>; prizes: Record<string, Record<string, number>> }>('/admin/stock'),
  searchMembers: (q: string, limit = SEARCH_LIMIT) => get<{ members: MemberRow[]; more: boolean }>('/admin/members', { q, limit }),
  member: (memberId: string) => get<MemberDetail>(`/admin/members/${id(memberId)}`),
  memberLedger: (memberId: string, cursor?: string | null, limit = 50) => get<Page<LedgerEntryWire>>(`/admin/members/${id(memberId)}/ledger`, { cursor, limit }),
  memberOrders: (memberId: string, cursor?: string | null, limit = 50) => get<AdminOrdersPage>(`/admin/members/${id(memberId)}/orders`, { cursor, limit }),
  memberCoupons: (memberId: string, cursor?: string | null, limit = 50) => get<AdminCouponsPage>(`/admin/members/${id(memberId)}/coupons`, { cursor, limit }),
  memberInvites: (memberId: string, cursor?: string | null, limit = 50) => get<AdminInvitesPage>(`/admin/members/${id(memberId)}/invites`, { cursor, limit }),
  memberRedemptions: (memberId: string, cursor?: string | null, limit = 50) => get<AdminRedemptionsPage>(`/admin/members/${id(memberId)}/redemptions`, { cursor, limit }),
  memberCalendar: (memberId: string, month?: string) => get<SigninCalendar>(`/admin/members/${id(memberId)}/calendar`, { month }),
  adjustPoints: (memberId: string, body: { amount: number; reason: string }, key: string) =>
    post<{ adjustment: Adjustment; balance: number }>(`/admin/members/${id(memberId)}/adjustments`, body, key),
  updateDelivery: (memberId: string, redemptionId: string, body: { status: 'shipped' | 'delivered'; trackingNo?: string }, key: string) =>
    post<{ redemption: Redemption }>(`/admin/members/${id(memberId)}/redemptions/${id(redemptionId)}/delivery`, body, key),
  reissueCoupon: (memberId: string, body: { templateId: string; reason: string }, key: string) =>
    post<{ coupon: CouponWire }>(`/admin/members/${id(memberId)}/coupons`, body, key),
  signOutMember: (memberId: string, body: { reason: string }, key: string) => post<{ ok: boolean }>(`/admin/members/${id(memberId)}/sign-out`, body, key),
  eraseMember: (memberId: string, body: { reason: string }, key: string) => post<{ erasedAt: string }>(`/admin/members/${id(memberId)}/erase`, body, key),
  refundOrder: (memberId: string, orderId: string, body: { reason: string }, key: string) =>
    post<AdminRefundResponse>(`/admin/members/${id(memberId)}/orders/${id(orderId)}/refund`, body, key),

  deliveries: (status: DeliveryStatus, cursor?: string, limit?: number) =>
    get<{ deliveries: DeliveryQueueRow[]; nextCursor: string | null }>('/admin/deliveries', { status, cursor, limit }),
  messageDelivery: () => get<MessageDeliveryResponse>('/admin/message-delivery'),
  privacyRequests: (status: 'open' | 'done', cursor?: string, limit?: number) =>
    get<{ requests: PrivacyQueueRow[]; nextCursor: string | null }>('/admin/privacy-requests', { status, cursor, limit }),
  handlePrivacyRequest: (memberId: string, requestId: string, reply: string, key: string) =>
    post<{ request: PrivacyQueueRow['request'] }>(`/admin/members/${id(memberId)}/privacy-requests/${id(requestId)}/handle`, { reply }, key),
  feedback: (status: 'open' | 'replied', cursor?: string, limit?: number) =>
    get<{ feedback: FeedbackQueueRow[]; nextCursor: string | null }>('/admin/feedback', { status, cursor, limit }),
  replyFeedback: (memberId: string, feedbackId: string, reply: string, key: string) =>
    post<{ feedback: FeedbackQueueRow['feedback'] }>(`/admin/members/${id(memberId)}/feedback/${id(feedbackId)}/reply`, { reply }, key),
  adjustments: (q: { status?: AdjustmentStatus; memberId?: string; cursor?: string | null; limit?: number }) =>
    get<{ adjustments: AdjustmentListItem[]; nextCursor: string | null }>('/admin/adjustments', q),
  approveAdjustment: (adjId: string, key: string) => post<{ adjustment: Adjustment; balance: number }>(`/admin/adjustments/${id(adjId)}/approve`, {}, key),
  rejectAdjustment: (adjId: string, note: string, key: string) =>
    post<{ adjustment: Adjustment }>(`/admin/adjustments/${id(adjId)}/reject`, note ? { note } : {}, key),

  voucher: (code: string) => get<{ voucher: AdminVoucher }>(`/admin/vouchers/${id(code)}`),
  useVoucher: (code: string, key: string) => post<{ voucher: AdminVoucher }>(`/admin/vouchers/${id(code)}/use`, {}, key),

  metrics: (from?: string, to?: string) => get<Metrics>('/admin/metrics', { from, to }),
}
