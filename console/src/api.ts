/**
 * The console's API client: the `admin` operations of mock/openapi.yaml on the same origin (`/api/v1`), with the
 * operator's bearer token. Every POST carries `Idempotency-Key` (one per intended action — see `newIdempotencyKey`
 * and `useAction`, which keep it across a retry) and a JSON body. Failures become `ApiError` with the server's
 * zh-CN message; a 401 ends the session and returns to the sign-in page.
 */
import type { CouponWire, LedgerEntryWire, MemberMe, OperatorMetrics, OrderWire, SigninCalendar, TaskView } from '@/api/contract'
import type { RulesConfig } from '@/domain/config'
import { clearSession, getToken } from './session'

export const API_BASE = '/api/v1'

export type OperatorRole = 'viewer' | 'operator' | 'admin'

export interface Operator {
  id: string
  username: string
  displayName: string
  role: OperatorRole
  disabled: boolean
  createdAt: string
}

export interface LoginAnswer {
  token: string
  operator: { id: string; username: string; role: OperatorRole }
  expiresAt: string
}

export interface AuditEntry {
  id: string
  at: string
  operatorId: string
  operatorName: string
  action: string
  target: string | null
  before: unknown
  after: unknown
}

export type RulesVersionStatus = 'scheduled' | 'current' | 'past' | 'cancelled'

export interface RulesVersion {
  versionNo: number
  note: string
  createdBy: string
  createdAt: string
  effectiveAt: string
  status: RulesVersionStatus
  rulesVersion: number
}

/** A reward item of the points mall, when the backend keeps them in the rules document (`mall`). */
export interface MallItem {
  id: string
  name: string
  description: string
  kind: 'coupon' | 'gift' | 'service'
  pointsPrice: number
  initialStock: number
  perMemberLimit: number
  couponTemplateId?: string
}

/** The rules document as the backend may serve it: `RulesConfig`, perhaps with a `mall` section. */
export type RulesDocument = RulesConfig & { mall?: { items: MallItem[] } & Record<string, unknown> }

export interface MemberRow {
  id: string
  nickname: string
  inviteCode: string
  platform: 'weapp' | 'alipay' | 'h5'
  registeredAt: string
  tier: { id: string; name: string }
}

export type AdjustmentStatus = 'pending' | 'applied' | 'rejected'

export interface Adjustment {
  id: string
  memberId: string
  amount: number
  reason: string
  status: AdjustmentStatus
  requestedBy: string
  requestedAt: string
  decidedBy: string | null
  decidedAt: string | null
  note: string | null
}

export type VoucherStatus = 'valid' | 'used' | 'expired'

export interface Voucher {
  code: string
  status: VoucherStatus
  validTo: string
  usedAt: string | null
}

export interface Redemption {
  id: string
  itemId: string
  itemName: string
  kind: 'coupon' | 'gift' | 'service'
  points: number
  at: string
  couponId: string | null
  voucher: Voucher | null
  delivery: { name: string; phone: string; address: string; status: 'pending' | 'shipped' | 'delivered' } | null
}

export interface AdminVoucher extends Voucher {
  itemName: string
  redeemedAt: string
  member: { id: string; nickname: string }
}

export interface Lot {
  earnedOn: string
  expiresOn: string
  remaining: number
  source: string
}

export interface MemberDetail {
  member: MemberMe
  lots: Lot[]
  tierHistory: { at: string; from: string; to: string }[]
  tasks: TaskView[]
  coupons: CouponWire[]
  orders: OrderWire[]
  invites: { memberId: string; nickname: string; acceptedAt: string }[]
  redemptions: Redemption[]
  adjustments: Adjustment[]
}

export interface Page<T> {
  entries: T[]
  nextCursor: string | null
}

/** The metrics of SPEC §2.11; fields the backend adds later (liability, tier movement …) arrive as extras. */
export type Metrics = Partial<OperatorMetrics> & Record<string, unknown>

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

/** Called on a 401 (expired or revoked session): the app shows the sign-in page. */
let onUnauthorized: () => void = () => undefined
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn
}

async function request<T>(method: 'GET' | 'POST', path: string, init: { query?: Query; body?: unknown; key?: string; auth?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  const token = getToken()
  if (init.auth !== false && token) headers.Authorization = `Bearer ${token}`
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json'
    headers['Idempotency-Key'] = init.key ?? newIdempotencyKey()
  }
  let res: Response
  try {
    res = await fetch(API_BASE + withQuery(path, init.query), { method, headers, body: method === 'POST' ? JSON.stringify(init.body ?? {}) : undefined })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
  }
  const text = await res.text()
  let data: unknown = undefined
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    // A proxy's HTML error page: reported below by status.
  }
  if (res.ok) return data as T
  const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error
  const fallback = res.status >= 500 ? '服务开小差了，请稍后重试' : `请求失败（${res.status}）`
  const e = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? fallback, err?.details)
  if (res.status === 401 && init.auth !== false) {
    clearSession()
    onUnauthorized()
  }
  throw e
}

const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query })
const post = <T>(path: string, body: unknown, key: string) => request<T>('POST', path, { body, key })
const id = (s: string | number) => encodeURIComponent(String(s))

export const api = {
  login: (username: string, password: string, key: string) =>
    request<LoginAnswer>('POST', '/admin/auth/login', { body: { username, password }, key, auth: false }),
  me: () => get<{ operator: Operator }>('/admin/me'),

  operators: () => get<{ operators: Operator[] }>('/admin/operators'),
  createOperator: (body: { username: string; displayName: string; role: OperatorRole; password: string }, key: string) =>
    post<{ operator: Operator }>('/admin/operators', body, key),
  updateOperator: (opId: string, body: Partial<{ displayName: string; role: OperatorRole; password: string; disabled: boolean }>, key: string) =>
    post<{ operator: Operator }>(`/admin/operators/${id(opId)}`, body, key),

  audit: (q: { operatorId?: string; action?: string; target?: string; from?: string; to?: string; cursor?: string | null; limit?: number }) =>
    get<Page<AuditEntry>>('/admin/audit', q),

  rules: () => get<{ current: RulesVersion; versions: RulesVersion[] }>('/admin/rules'),
  rulesVersion: (versionNo: number) => get<{ version: RulesVersion; document: RulesDocument }>(`/admin/rules/versions/${id(versionNo)}`),
  saveRules: (body: { document: RulesDocument; note: string; effectiveAt?: string }, key: string) =>
    post<{ version: RulesVersion }>('/admin/rules/versions', body, key),
  restoreRules: (versionNo: number, body: { note: string; effectiveAt?: string }, key: string) =>
    post<{ version: RulesVersion }>(`/admin/rules/versions/${id(versionNo)}/restore`, body, key),
  cancelRules: (versionNo: number, key: string) => post<{ version: RulesVersion }>(`/admin/rules/versions/${id(versionNo)}/cancel`, {}, key),

  searchMembers: (q: string, limit = 50) => get<{ members: MemberRow[] }>('/admin/members', { q, limit }),
  member: (memberId: string) => get<MemberDetail>(`/admin/members/${id(memberId)}`),
  memberLedger: (memberId: string, cursor?: string | null, limit = 50) => get<Page<LedgerEntryWire>>(`/admin/members/${id(memberId)}/ledger`, { cursor, limit }),
  memberCalendar: (memberId: string, month?: string) => get<SigninCalendar>(`/admin/members/${id(memberId)}/calendar`, { month }),
  adjustPoints: (memberId: string, body: { amount: number; reason: string }, key: string) =>
    post<{ adjustment: Adjustment; balance: number }>(`/admin/members/${id(memberId)}/adjustments`, body, key),
  reissueCoupon: (memberId: string, body: { templateId: string; reason: string }, key: string) =>
    post<{ coupon: CouponWire }>(`/admin/members/${id(memberId)}/coupons`, body, key),

  adjustments: (status?: AdjustmentStatus) => get<{ adjustments: Adjustment[] }>('/admin/adjustments', { status }),
  approveAdjustment: (adjId: string, key: string) => post<{ adjustment: Adjustment; balance: number }>(`/admin/adjustments/${id(adjId)}/approve`, {}, key),
  rejectAdjustment: (adjId: string, note: string, key: string) =>
    post<{ adjustment: Adjustment }>(`/admin/adjustments/${id(adjId)}/reject`, note ? { note } : {}, key),

  voucher: (code: string) => get<{ voucher: AdminVoucher }>(`/admin/vouchers/${id(code)}`),
  useVoucher: (code: string, key: string) => post<{ voucher: AdminVoucher }>(`/admin/vouchers/${id(code)}/use`, {}, key),

  metrics: (from?: string, to?: string) => get<Metrics>('/admin/metrics', { from, to }),
}
