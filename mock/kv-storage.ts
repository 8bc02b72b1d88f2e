/**
 * The mock's storage: the port (server/core/port.ts) over JSON documents under string keys, all in memory, made
 * durable by a `KvPersistence` — the app's own storage (embedded demo), a journal file (the mock server) or
 * nothing (tests). A write touches only the keys it changes: the member's working set and the history pages of
 * the months it added rows to, so its cost does not grow with the number of members or their history.
 *
 * Keys:
 *   meta                       {schema, memberSeq, auditSeq, generation}
 *   rules/versions, rules/v/<n> the rules versions (without documents) and each version's document
 *   catalogue                  reference data
 *   operators                  operator accounts by id; audit/<block> the audit log, 500 records a document
 *   adjustments                points adjustments by id; voucher/<code> → {memberId, redemptionId}
 *   tiers/<member>             the member's tier changes
 *   m/<member>                 the member's working set (working-set.ts) without its lots
 *   h/<member>/<YYYY-MM-p>     history page of a third of a business month (p = 1: days 1–10, 2: 11–20, 3: the
 *                              rest): ledger, lots, sign-ins, coupons, notifications, daily metrics and draws
 *                              dated in it (rows are filed by a date that never changes). The live lots of the
 *                              working set are the pages' lots with points left (an index kept in memory).
 *   hs/<member>/<YYYY-MM-p>    totals of an evicted page (monthly reports stay exact when a budget drops pages)
 *   login/<key>, code/<invite code>, session/<token hash>, idem/<scope> (that scope's keys of the last 24 h)
 *   orders/<member>, redemptions/<member> (by id), feedback/<member>, privacy/<member>, invite/<invitee>
 *   stock                      what is left of mall items and lottery prizes taken from (the rest have their initial stock)
 *   md/<YYYY-MM-DD>            the metrics aggregates of a business date: members active, signing in, using a
 *                              benefit; cost by campaign; members whose first-date facts fall on it (never evicted)
 *   mf/<member>                the member's first-date facts (kind → date), to keep each at its earliest
 *   settled                    leaderboards paid: when, and the campaign as it was (a bare instant when written
 *                              before the definition was kept)
 *
 * Writes are serialised (one at a time), so a member's requests and shared stock never interleave; each write is
 * durable before it is visible and answered.
 */
import type { Product } from '../src/api/contract'
import { businessDateOf, monthOf, parseInstant, type BusinessDate, type BusinessMonth } from '../src/domain/calendar'
import type { CampaignDefinition } from '../src/domain/campaigns'
import type { RulesConfig } from '../src/domain/config'
import { versionInForce } from '../src/domain/rules-versions'
import { couponHistory, dueCouponReminders, type Coupon } from '../src/domain/coupons'
import type { AcceptedInvite } from '../src/domain/invites'
import { byCodeUnits } from '../src/domain/keyset'
import type { LotteryDrawRecord } from '../src/domain/lottery'
import type { Notification } from '../src/domain/messages'
import type { MetricsAggregates, MetricsDay, MetricsFirstKind, MetricsRows, TierFlow } from '../src/domain/metrics'
import { dueReminders, type LedgerEntry, type Lot } from '../src/domain/points'
import type { SigninRecord } from '../src/domain/signin'
import { earnedTierNoticeDue, effectiveTierDetail, heldTierDue, type TierSources } from '../src/domain/tiers'
import {
  RetryableConflict,
  UniqueViolation,
  type Changes,
  type LeaderboardScore,
  type ReadScope,
  type ReportLedgerLine,
  type Storage,
  type WriteScope,
} from '../server/core/port'
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
} from '../server/core/records'
import { newestSessionFirst } from '../server/core/records'
import { historyChanges, trimWorkingSet } from '../server/core/working-set'
import { IDEMPOTENCY_TTL_MS } from '../server/core/limits'
import { own } from '../server/core/own'
import { memberNumberOf } from '../server/core/member-ids'

/** The documents' layout; a store of another (older) layout is replaced by a fresh demo. 5: stock counts what was given out. */
export const KV_SCHEMA = 5

/** Audit records per document. */
const AUDIT_BLOCK = 500

/** Where the documents live between runs. Values are JSON text; `null` removes a key. */
export interface KvPersistence {
  /** Every stored key, or null when nothing (or an unreadable older schema) is stored. */
  load(): Promise<Map<string, string> | null>
  /**
   * Makes the changed keys durable, all or none. `generation` is the one the state was loaded or last written
   * at; a persistence shared with another writer (a second browser tab) refuses with `RetryableConflict` when
   * the stored generation moved on, after which the storage reloads and runs the write again.
   */
  commit(changes: Map<string, string | null>, generation: number): Promise<void>
  /** The generation stored now, when another writer may share the persistence (null when nothing is stored). */
  storedGeneration?(): number | null
}

export interface HistoryPage {
  ledger: LedgerEntry[]
  lots: Record<string, Lot>
  signins: Record<BusinessDate, SigninRecord>
  coupons: Record<string, Coupon>
  notifications: Record<string, Notification>
  days: Record<BusinessDate, DayMetrics>
  draws: (LotteryDrawRecord & { campaignId: string })[]
}

/** Totals of an evicted history page. */
export interface PageSummary {
  ledger: ReportLedgerLine[]
  /** Bit d−1 set = day d signed. */
  signinMask: number
  days: Record<BusinessDate, DayMetrics>
}

/** The leaderboards paid (key `settled`): campaign id → when, and the campaign as it was; a bare instant in older data. */
export type Settled = Record<string, string | { at: string; campaign: CampaignDefinition }>

/** The metrics aggregates of one business date (sorted member ids). */
export interface MetricsDayDoc {
  active: string[]
  signin: string[]
  benefit: string[]
  /** Cost by campaign ('' = none) and member, fen. */
  costs: Record<string, Record<string, number>>
  firsts: Partial<Record<MetricsFirstKind, string[]>>
}

const emptyDayDoc = (): MetricsDayDoc => ({ active: [], signin: [], benefit: [], costs: {}, firsts: {} })

/** Adds `id` to a sorted list (a copy), or the list itself when it is there. */
function withId(list: string[] | undefined, id: string): string[] {
  const l = list ?? []
  let lo = 0
  let hi = l.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (l[mid] < id) lo = mid + 1
    else hi = mid
  }
  return l[lo] === id ? l : [...l.slice(0, lo), id, ...l.slice(lo)]
}

interface Meta {
  schema: number
  memberSeq: number
  auditSeq: number
  generation: number
}

/** Units given out: of each mall item, and of each limited prize by campaign (what is left is the rules' stock less these). */
interface StockDoc {
  rewards: Record<string, number>
  prizes: Record<string, Record<string, number>>
}

export interface KvSeed {
  rules: RulesConfig
  catalogue: Product[]
  operators: OperatorRecord[]
}

/** Rules in force since always (a store's first version). */
export const BEGINNING = '1970-01-01T00:00:00.000Z'

export interface KvStorageOptions {
  persistence: KvPersistence
  /** The first state when nothing is stored (and after `reset`). */
  initial: () => KvSeed
  /** Rules that override the stored ones (tests). */
  rulesOverride?: RulesConfig
  /** The clock that picks the rules version in force (the core's). */
  clock: () => number
  /** Shrinks the state when its documents exceed this many bytes (the app's storage budget). */
  budgetBytes?: number
}

const emptyPage = (): HistoryPage => ({ ledger: [], lots: {}, signins: {}, coupons: {}, notifications: {}, days: {}, draws: [] })

/** The history page a business date is filed in: `YYYY-MM-1` (days 1–10), `-2` (11–20), `-3` (the rest). */
export function periodOf(date: BusinessDate): string {
  const day = Number(date.slice(8))
  return `${date.slice(0, 7)}-${day <= 10 ? 1 : day <= 20 ? 2 : 3}`
}

function periodOfInstant(iso: string, rules: RulesConfig): string {
  return periodOf(businessDateOf(parseInstant(iso), rules.calendar))
}

const PERIODS_OF_MONTH = (month: BusinessMonth) => [`${month}-1`, `${month}-2`, `${month}-3`]

/** An audit entry's `after` names `target` as the member it concerns or as the adjustment it created (sql-storage's filter). */
function concerns(after: unknown, target: string): boolean {
  const a = (after ?? undefined) as Record<string, unknown> | undefined
  if (own(a, 'memberId') === target) return true
  const adjustment = own(a, 'adjustment')
  return typeof adjustment === 'object' && adjustment !== null && own(adjustment as Record<string, unknown>, 'id') === target
}

function lotOrder(a: Lot, b: Lot): number {
  return a.expiresAt - b.expiresAt || entryNo(a.id) - entryNo(b.id)
}

function entryNo(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1)) || 0
}

function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3
  }
  return n
}

export function rankScores(totals: Map<string, { points: number; reachedAt: string }>): LeaderboardScore[] {
  return [...totals.entries()]
    .filter(([, t]) => t.points > 0)
    .map(([memberId, t]) => ({ memberId, points: t.points, reachedAt: t.reachedAt }))
    .sort((a, b) => b.points - a.points || Date.parse(a.reachedAt) - Date.parse(b.reachedAt) || a.memberId.localeCompare(b.memberId))
}

export interface KvStorage extends Storage {
  /** Whether this start found nothing stored and began from the initial state (the seed must be played). */
  readonly created: boolean
  /** Back to the initial state (test controls). */
  reset(): Promise<void>
  /** Every stored document's size, bytes (storage budget reports). */
  sizes(): Map<string, number>
  /** Every document by key, read-only (copying a played state into SQL: server/sql/bulk-load.ts). */
  entries(): IterableIterator<[string, unknown]>
  /** Bulk mode for the seed: commits collect in memory until `flush`. */
  deferCommits(): void
  flush(): Promise<void>
}

/** 权益可用 not yet sent this month to a member whose effective tier has free services (tx.ts refresh). */
function benefitDue(tier: MemberRecord['tier'], told: string | undefined, ctx: { now: number; config: RulesConfig }): boolean {
  const today = businessDateOf(ctx.now, ctx.config.calendar)
  return told !== monthOf(today) && effectiveTierDetail(tier, today, ctx.config.tiers).tier.freeServicesPerMonth > 0
}

export async function createKvStorage(options: KvStorageOptions): Promise<KvStorage> {
  const { persistence } = options
  /** Decoded documents by key. */
  let docs = new Map<string, unknown>()
  /** Encoded size of each document, for the budget. */
  let sizes = new Map<string, number>()
  let meta: Meta
  /** The instant of the last write (the budget keeps the current month's history). */
  let lastNow = 0
  /** Keys written while seeding, encoded and stored by `flush`. */
  let deferred: Set<string> | null = null

  const get = <T>(key: string): T | undefined => docs.get(key) as T | undefined

  /**
   * A queue across members (发货, 隐私申请): every row under `prefix` that `keep` accepts, ordered by instant then id
   * (by code unit; newest first or oldest first), from after `after` — one order for the page and its cursor.
   */
  function acrossMembers<T extends { at: string; id: string }>(
    prefix: string,
    keep: (r: T) => boolean,
    q: { newestFirst: boolean; limit: number; after?: { at: string; id: string } },
    instant: (r: T) => string = (r) => r.at,
  ): T[] {
    const sign = q.newestFirst ? -1 : 1
    const order = (a: { at: number; id: string }, b: { at: number; id: string }) => sign * (a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const after = q.after && { at: Date.parse(q.after.at), id: q.after.id }
    const found: { at: number; id: string; r: T }[] = []
    for (const [k, v] of docs) {
      if (!k.startsWith(prefix)) continue
      for (const r of v as T[]) {
        if (!keep(r)) continue
        const row = { at: Date.parse(instant(r)), id: r.id, r }
        if (!after || order(row, after) > 0) found.push(row)
      }
    }
    return found.sort(order).slice(0, q.limit).map((x) => x.r)
  }

  /** What members asked (privacy requests, feedback): open by when made, oldest first; answered by when answered, newest first. */
  const answeredQueue = <T extends { at: string; id: string; handled?: { at: string } | null }>(
    prefix: string,
    q: { handled: boolean; limit: number; after?: { at: string; id: string } },
  ): T[] => acrossMembers<T>(prefix, (r) => Boolean(r.handled) === q.handled, { ...q, newestFirst: q.handled }, (r) => r.handled?.at ?? r.at)

  function fresh(): Map<string, string> {
    const seed = options.initial()
    const m = new Map<string, string>()
    m.set('meta', JSON.stringify({ schema: KV_SCHEMA, memberSeq: 0, auditSeq: 0, generation: 0 } satisfies Meta))
    const first: RulesVersionRecord = { versionNo: 1, note: '初始规则', createdBy: 'system', createdAt: BEGINNING, effectiveAt: BEGINNING, cancelledAt: null, rulesVersion: seed.rules.version }
    m.set('rules/versions', JSON.stringify([first]))
    m.set('rules/v/1', JSON.stringify(seed.rules))
    m.set('operators', JSON.stringify(Object.fromEntries(seed.operators.map((o) => [o.id, o]))))
    m.set('catalogue', JSON.stringify(seed.catalogue))
    m.set('stock', JSON.stringify({ rewards: {}, prizes: {} } satisfies StockDoc))
    return m
  }

  /** The business date each member's working set was last cut back (kept in memory only). */
  const trimmedOn = new Map<string, BusinessDate>()
  /** Each member's lots with points left, by id (what `member()` hands the rules), from the history pages. */
  let liveLots = new Map<string, Map<string, Lot>>()
  const sortedLots = new Map<string, Lot[]>()

  function indexLots(key: string, doc: unknown): void {
    if (!key.startsWith('h/') || !doc) return
    const memberId = key.slice(2, key.lastIndexOf('/'))
    const live = liveLots.get(memberId) ?? new Map<string, Lot>()
    for (const lot of Object.values((doc as HistoryPage).lots)) {
      if (lot.remaining > 0) live.set(lot.id, lot)
      else live.delete(lot.id)
    }
    liveLots.set(memberId, live)
    sortedLots.delete(memberId)
  }

  /** Each member's sessions (token hashes), kept with the documents (a login ends the oldest past a count). */
  let sessionsOf = new Map<string, Set<string>>()

  function indexSession(key: string, before: unknown, after: unknown): void {
    if (!key.startsWith('session/')) return
    const hash = key.slice('session/'.length)
    const old = (before as SessionRecord | undefined)?.memberId
    if (old) sessionsOf.get(old)?.delete(hash)
    const memberId = (after as SessionRecord | null | undefined)?.memberId
    if (memberId) {
      const set = sessionsOf.get(memberId) ?? new Set<string>()
      set.add(hash)
      sessionsOf.set(memberId, set)
    }
  }

  function withLots(doc: MemberRecord | undefined): MemberRecord | null {
    if (!doc) return null
    let lots = sortedLots.get(doc.id)
    if (!lots) {
      lots = [...(liveLots.get(doc.id)?.values() ?? [])].sort(lotOrder)
      sortedLots.set(doc.id, lots)
    }
    return { ...doc, points: { ...doc.points, lots } }
  }

  function adopt(stored: Map<string, string>): void {
    docs = new Map()
    sizes = new Map()
    liveLots = new Map()
    sessionsOf = new Map()
    sortedLots.clear()
    for (const [k, v] of stored) {
      docs.set(k, JSON.parse(v))
      sizes.set(k, utf8Length(v) + k.length)
      indexLots(k, docs.get(k))
      indexSession(k, undefined, docs.get(k))
    }
    meta = get<Meta>('meta')!
  }

  async function loadOrCreate(): Promise<boolean> {
    const stored = await persistence.load()
    const usable = stored && stored.has('meta') && (JSON.parse(stored.get('meta')!) as Meta).schema === KV_SCHEMA ? stored : null
    if (usable) {
      adopt(usable)
      return false
    }
    const initial = fresh()
    const writes = new Map<string, string | null>(initial)
    // Whatever an older schema left is removed with the first commit.
    for (const k of stored?.keys() ?? []) if (!initial.has(k)) writes.set(k, null)
    await persistence.commit(writes, -1)
    adopt(initial)
    return true
  }

  const created = await loadOrCreate()

  const versions = (): RulesVersionRecord[] => get<RulesVersionRecord[]>('rules/versions') ?? []
  function rules(): RulesConfig {
    if (options.rulesOverride) return options.rulesOverride
    const v = versionInForce(versions(), options.clock())
    if (!v) throw new Error('no rules: the store was not created')
    return get<RulesConfig>(`rules/v/${v.versionNo}`)!
  }
  const operators = (): Record<string, OperatorRecord> => get<Record<string, OperatorRecord>>('operators') ?? {}
  const auditKey = (no: number) => `audit/${String(Math.floor((no - 1) / AUDIT_BLOCK)).padStart(6, '0')}`
  const stock = (): StockDoc => get<StockDoc>('stock')!
  const pageKey = (memberId: string, period: string) => `h/${memberId}/${period}`
  /** The member's history periods, newest first. */
  function periodsOf(memberId: string): string[] {
    const prefix = `h/${memberId}/`
    const out: string[] = []
    for (const k of docs.keys()) if (k.startsWith(prefix)) out.push(k.slice(prefix.length))
    return out.sort().reverse()
  }
  const page = (memberId: string, period: string): HistoryPage | undefined => get<HistoryPage>(pageKey(memberId, period))
  function* pages(memberId: string): Generator<HistoryPage> {
    for (const p of periodsOf(memberId)) yield page(memberId, p)!
  }
  const invitesOf = (inviterId: string): AcceptedInvite[] => {
    const out: AcceptedInvite[] = []
    for (const [k, v] of docs) if (k.startsWith('invite/') && (v as AcceptedInvite).inviterId === inviterId) out.push(v as AcceptedInvite)
    return out
  }
  /** Every coupon the member holds or held (each is on the page of the period it was issued in). */
  const couponsOf = (memberId: string): Coupon[] => [...pages(memberId)].flatMap((p) => Object.values(p.coupons))
  /** A month's pages, or the totals of those evicted. */
  function monthOf3(memberId: string, month: BusinessMonth): { pages: HistoryPage[]; summaries: PageSummary[] } {
    const out = { pages: [] as HistoryPage[], summaries: [] as PageSummary[] }
    for (const period of PERIODS_OF_MONTH(month)) {
      const p = page(memberId, period)
      const summary = p ? undefined : get<PageSummary>(`hs/${memberId}/${period}`)
      if (p) out.pages.push(p)
      else if (summary) out.summaries.push(summary)
    }
    return out
  }

  const scope: ReadScope = {
    rules: async () => rules(),
    catalogue: async () => get<Product[]>('catalogue') ?? [],
    member: async (id) => withLots(get<MemberRecord>(`m/${id}`)),
    memberIdByLogin: async (keys) => keys.map((key) => get<string>(`login/${key}`)).find((id) => id != null) ?? null,
    memberIdByInviteCode: async (code) => get<string>(`code/${code}`) ?? null,
    async profiles(ids) {
      const out: Record<string, { nickname: string; registeredAt: string }> = {}
      for (const id of ids) {
        const m = get<MemberRecord>(`m/${id}`)
        if (m) out[id] = { nickname: m.nickname, registeredAt: m.registeredAt }
      }
      return out
    },
    session: async (hash) => get<SessionRecord>(`session/${hash}`) ?? null,
    idempotency: async (s, key) => own(get<Record<string, IdempotencyRecord>>(`idem/${s}`), key) ?? null,
    async ledgerPage(memberId, before, limit) {
      const out: LedgerEntry[] = []
      for (const p of pages(memberId)) {
        for (const e of p.ledger) if (before === null || entryNo(e.id) < before) out.push(e)
        // Entries are filed by business date; one more page guards against an entry dated into an earlier month.
        if (out.length >= limit + 40) break
      }
      return out.sort((a, b) => entryNo(b.id) - entryNo(a.id)).slice(0, limit)
    },
    async ledgerByRefs(memberId, refs) {
      const wanted = new Set(refs)
      const out: LedgerEntry[] = []
      for (const p of pages(memberId)) for (const e of p.ledger) if (wanted.has(e.ref)) out.push(e)
      return out.sort((a, b) => entryNo(a.id) - entryNo(b.id))
    },
    async ledgerOfMonth(memberId, month) {
      const { pages: found, summaries } = monthOf3(memberId, month)
      return [
        ...found.flatMap((p) => p.ledger.map((e) => ({ type: e.type, amount: e.amount, businessDate: e.businessDate }))),
        ...summaries.flatMap((x) => x.ledger),
      ]
    },
    async lotsByIds(memberId, ids) {
      const wanted = new Set(ids)
      const out: Lot[] = []
      for (const p of pages(memberId)) for (const id of Object.keys(p.lots)) if (wanted.has(id)) out.push(p.lots[id])
      return out.sort(lotOrder)
    },
    async signinsOfMonth(memberId, month) {
      const { pages: found, summaries } = monthOf3(memberId, month)
      const out: SigninRecord[] = found.flatMap((p) => Object.values(p.signins))
      const mask = summaries.reduce((m, x) => m | x.signinMask, 0)
      for (let d = 1; d <= 31; d++) {
        if (mask & (1 << (d - 1))) out.push({ date: `${month}-${String(d).padStart(2, '0')}`, kind: 'normal', at: `${month}-01T00:00:00.000Z`, bonusDays: [] })
      }
      return out.sort((a, b) => a.date.localeCompare(b.date))
    },
    couponPage: async (memberId, q) => couponHistory(couponsOf(memberId), q),
    couponsByIds: async (memberId, ids) => couponsOf(memberId).filter((c) => ids.includes(c.id)),
    couponsUsedBetween: async (memberId, from, to) =>
      couponsOf(memberId)
        .filter((c) => c.usedAt !== null && parseInstant(c.usedAt) >= parseInstant(from) && parseInstant(c.usedAt) < parseInstant(to))
        .sort((a, b) => parseInstant(a.usedAt as string) - parseInstant(b.usedAt as string)),
    async notifications(memberId, limit) {
      const out: Notification[] = []
      for (const p of pages(memberId)) {
        out.push(...Object.values(p.notifications))
        if (out.length >= limit) break
      }
      return out.sort((a, b) => entryNo(b.id) - entryNo(a.id)).slice(0, limit)
    },
    async daysOfMonth(memberId, month) {
      const { pages: found, summaries } = monthOf3(memberId, month)
      return Object.assign({}, ...summaries.map((x) => x.days), ...found.map((p) => p.days)) as Record<BusinessDate, DayMetrics>
    },
    order: async (memberId, orderId) => own(get<Record<string, OrderRecord>>(`orders/${memberId}`), orderId) ?? null,
    orders: async (memberId) => Object.values(get<Record<string, OrderRecord>>(`orders/${memberId}`) ?? {}),
    ordersPage: async (memberId, before, limit) =>
      Object.values(get<Record<string, OrderRecord>>(`orders/${memberId}`) ?? {})
        .filter((o) => before === null || entryNo(o.id) < before)
        .sort((a, b) => entryNo(b.id) - entryNo(a.id))
        .slice(0, limit),
    inviteCount: async (inviterId) => invitesOf(inviterId).length,
    invitesPage: async (inviterId, { through, skip, limit }) =>
      invitesOf(inviterId)
        .filter((i) => through === null || parseInstant(i.acceptedAt) <= parseInstant(through))
        .sort((a, b) => parseInstant(b.acceptedAt) - parseInstant(a.acceptedAt) || byCodeUnits(a.inviteeId, b.inviteeId))
        .slice(skip, skip + limit),
    inviteOf: async (inviteeId) => get<AcceptedInvite>(`invite/${inviteeId}`) ?? null,
    privacyRequests: async (memberId) => get<PrivacyRequestRecord[]>(`privacy/${memberId}`) ?? [],
    rewardsTaken: async () => ({ ...stock().rewards }),
    prizesTaken: async (campaignId) => ({ ...(stock().prizes[campaignId] ?? {}) }),
    async winningDraws(campaignId) {
      const out: (LotteryDrawRecord & { campaignId: string })[] = []
      for (const [k, v] of docs) {
        if (!k.startsWith('h/')) continue
        for (const d of (v as HistoryPage).draws) if (d.campaignId === campaignId && d.prizeKind !== 'empty') out.push(d)
      }
      return out.sort((a, b) => a.at.localeCompare(b.at) || a.memberId.localeCompare(b.memberId)).map(({ campaignId: _c, ...d }) => d)
    },
    async drawsMade(memberId, campaignId) {
      let n = 0
      for (const p of pages(memberId)) n += p.draws.filter((d) => d.campaignId === campaignId).length
      return n
    },
    async leaderboardScores(from, to, limit) {
      return rankScores(leaderboardTotals(from, to)).slice(0, limit)
    },
    async leaderboardRankOf(memberId, from, to) {
      const ranked = rankScores(leaderboardTotals(from, to))
      const i = ranked.findIndex((s) => s.memberId === memberId)
      return i < 0 ? null : { rank: i + 1, points: ranked[i].points }
    },
    leaderboardSettled: async (campaignId) => own(get<Settled>('settled'), campaignId) !== undefined,
    settledLeaderboards: async () =>
      Object.entries(get<Settled>('settled') ?? {}).map(([campaignId, s]) => ({ campaignId, campaign: typeof s === 'string' ? null : s.campaign })),
    rulesVersions: async () => versions().slice().sort((a, b) => b.versionNo - a.versionNo),
    rulesDocument: async (no) => get<RulesConfig>(`rules/v/${no}`) ?? null,
    operators: async () => Object.values(operators()).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    operatorByUsername: async (username) => Object.values(operators()).find((o) => o.username.toLowerCase() === username.toLowerCase()) ?? null,
    async auditLog(q) {
      const out: AuditRecord[] = []
      const keys = [...docs.keys()].filter((k) => k.startsWith('audit/')).sort().reverse()
      for (const k of keys) {
        const block = get<AuditRecord[]>(k)!
        for (let i = block.length - 1; i >= 0 && out.length < q.limit; i--) {
          const r = block[i]
          if (q.before != null && r.no! >= q.before) continue
          if (q.operatorId && r.operatorId !== q.operatorId) continue
          if (q.action && r.action !== q.action) continue
          if (q.target && r.target !== q.target && !concerns(r.after, q.target)) continue
          if (q.from && r.at < q.from) continue
          if (q.to && r.at >= q.to) continue
          out.push(r)
        }
        if (out.length >= q.limit) break
      }
      return out
    },
    async memberByTransaction(transactionId) {
      for (const [k, v] of docs) {
        if (k.startsWith('orders/') && Object.values(v as Record<string, OrderRecord>).some((o) => o.paid?.transactionId === transactionId)) return k.slice('orders/'.length)
      }
      return null
    },
    async searchMembers(q, limit) {
      const byId = get<MemberRecord>(`m/${q}`)
      const byCode = get<string>(`code/${q.toUpperCase()}`)
      const exact = new Set([byId?.id, byCode].filter((id): id is string => !!id && !!get<MemberRecord>(`m/${id}`)))
      const found = new Map<string, MemberRecord>([...exact].map((id) => [id, get<MemberRecord>(`m/${id}`)!]))
      const text = q.toLowerCase()
      for (const [k, v] of docs) {
        if (k.startsWith('m/') && (v as MemberRecord).nickname.toLowerCase().includes(text)) found.set((v as MemberRecord).id, v as MemberRecord)
      }
      // The SQL storage's order: the member named by id or invite code first, then the longest registered, then by id
      // in code units — whatever order the documents were stored (or loaded after a restart) in.
      const order = (m: MemberRecord) => [exact.has(m.id) ? 0 : 1, Date.parse(m.registeredAt)] as const
      const sorted = [...found.values()].sort((a, b) => {
        const [x, y] = [order(a), order(b)]
        return x[0] - y[0] || x[1] - y[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
      })
      return sorted.slice(0, limit).map((m) => ({ id: m.id, nickname: m.nickname, inviteCode: m.inviteCode, platform: m.platform, registeredAt: m.registeredAt, tier: m.tier }))
    },
    async adjustments(q) {
      return Object.values(get<Record<string, AdjustmentRecord>>('adjustments') ?? {})
        .filter((a) => (!q.status || a.status === q.status) && (!q.memberId || a.memberId === q.memberId))
        // One order for the page and the cursor: instant, then id by code unit.
        .filter((a) => !q.after || Date.parse(a.requestedAt) < Date.parse(q.after.requestedAt) || (Date.parse(a.requestedAt) === Date.parse(q.after.requestedAt) && a.id < q.after.id))
        .sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, q.limit)
    },
    adjustment: async (id) => own(get<Record<string, AdjustmentRecord>>('adjustments'), id) ?? null,
    tierChanges: async (memberId, limit) => (get<TierChangeRecord[]>(`tiers/${memberId}`) ?? []).slice(-limit).reverse(),
    redemptions: async (memberId) => (get<Redemption[]>(`redemptions/${memberId}`) ?? []).slice().reverse(),
    redemption: async (memberId, redemptionId) => (get<Redemption[]>(`redemptions/${memberId}`) ?? []).find((r) => r.id === redemptionId) ?? null,
    redemptionsPage: async (memberId, before, limit) =>
      (get<Redemption[]>(`redemptions/${memberId}`) ?? [])
        .filter((r) => before === null || entryNo(r.id) < before)
        .sort((a, b) => entryNo(b.id) - entryNo(a.id))
        .slice(0, limit),
    deliveries: async (q) => acrossMembers<Redemption>('redemptions/', (r) => r.delivery?.status === q.status, { ...q, newestFirst: q.status !== 'pending' }),
    privacyQueue: async (q) => answeredQueue<PrivacyRequestRecord>('privacy/', q),
    feedbackQueue: async (q) => answeredQueue<FeedbackRecord>('feedback/', q),
    feedback: async (memberId) => get<FeedbackRecord[]>(`feedback/${memberId}`) ?? [],
    async redemptionByVoucher(code) {
      const ref = get<{ memberId: string; redemptionId: string }>(`voucher/${code}`)
      return ref ? (get<Redemption[]>(`redemptions/${ref.memberId}`) ?? []).find((r) => r.id === ref.redemptionId) ?? null : null
    },
    async metricsFirsts(through) {
      const out: Pick<MetricsAggregates, 'firsts' | 'costs'> = { firsts: [], costs: [] }
      for (const [k, v] of docs) {
        if (!k.startsWith('md/')) continue
        const date = k.slice(3)
        if (date > through) continue
        const d = v as MetricsDayDoc
        for (const [kind, members] of Object.entries(d.firsts) as [MetricsFirstKind, string[]][]) if (members.length) out.firsts.push({ kind, date, members: members.map(memberNumberOf) })
        for (const [campaignId, byMember] of Object.entries(d.costs)) out.costs.push({ date, campaignId, costFen: Object.values(byMember).reduce((a, b) => a + b, 0) })
      }
      return out
    },
    async metricsDays(from, to) {
      const out: MetricsDay[] = []
      for (const [k, v] of docs) {
        if (!k.startsWith('md/')) continue
        const date = k.slice(3)
        if (date < from || date > to) continue
        const d = v as MetricsDayDoc
        out.push({ date, active: d.active.map(memberNumberOf), signin: d.signin.map(memberNumberOf), benefit: d.benefit.map(memberNumberOf) })
      }
      return out.sort((a, b) => (a.date < b.date ? -1 : 1))
    },
    // The mock sends nothing to a platform: its messages stay in the in-app centre.
    messageDelivery: async () => null,
    // The demo's few members, walked whole: those with a reminder to spend; with `expiry`, those the rules find
    // something due for (points.ts, coupons.ts, tiers.ts) — as exact as the write itself, so a sweep writes no one
    // it has nothing for.
    async remindable({ signin, campaignIds = [], expiry, after, limit }) {
      const ctx = expiry && { now: expiry.now, config: rules() }
      const out: string[] = []
      for (const [k, v] of docs) {
        if (!k.startsWith('m/')) continue
        // Never an erased member: the account is closed (tx.ts refresh).
        if ((v as MemberRecord).erasedAt) continue
        const { id, messages, points, wallet, tier } = withLots(v as MemberRecord)!
        if (after !== null && id <= after) continue
        if (
          (signin && (messages.quota.signin_reminder ?? 0) > 0) ||
          (campaignIds.length > 0 && (messages.quota.campaign_starting ?? 0) > 0) ||
          (ctx &&
            (points.lots.some((l) => l.remaining > 0 && l.expiresAt < ctx.now) ||
              dueReminders(points, ctx).length > 0 ||
              dueCouponReminders(wallet, ctx).length > 0 ||
              tier.earned.expiresOn <= businessDateOf(ctx.now, ctx.config.calendar) ||
              heldTierDue(tier, ctx) ||
              earnedTierNoticeDue(tier, ctx) ||
              (expiry.benefits !== undefined && benefitDue(tier, messages.benefitMonth, ctx))))
        ) {
          out.push(id)
        }
      }
      return out.sort().slice(0, limit)
    },
    async memberIds() {
      const out: string[] = []
      for (const [k, v] of docs) if (k.startsWith('m/')) out.push((v as MemberRecord).id)
      return out.sort()
    },
    async tierSourceCounts() {
      const counts = new Map<string, { sources: TierSources; members: number }>()
      for (const [k, v] of docs) {
        if (!k.startsWith('m/') || (v as MemberRecord).erasedAt) continue
        const { earned, paid, grant, trial } = (v as MemberRecord).tier
        const sources: TierSources = { earned: { tierId: earned.tierId }, paid, grant, trial }
        const key = JSON.stringify(sources)
        const known = counts.get(key)
        if (known) known.members++
        else counts.set(key, { sources, members: 1 })
      }
      return [...counts.values()]
    },
    async memberStandings(ids, now) {
      const out = new Map<string, { balance: number; erased: boolean }>()
      for (const id of ids) {
        const member = get<MemberRecord>(`m/${id}`)
        if (!member) continue
        let balance = 0
        for (const lot of liveLots.get(id)?.values() ?? []) if (lot.expiresAt >= now) balance += lot.remaining
        out.set(id, { balance, erased: Boolean(member.erasedAt) })
      }
      return out
    },
    async liveLotTotals(now) {
      const byExpiry = new Map<number, number>()
      for (const lots of liveLots.values()) for (const lot of lots.values()) if (lot.expiresAt >= now) byExpiry.set(lot.expiresAt, (byExpiry.get(lot.expiresAt) ?? 0) + lot.remaining)
      return [...byExpiry.entries()].map(([expiresAt, points]) => ({ expiresAt, points }))
    },
    async tierChangeCounts(fromIso, toIso) {
      const out: TierFlow[] = []
      for (const [k, v] of docs) {
        if (k.startsWith('tiers/')) for (const c of v as TierChangeRecord[]) if (c.at >= fromIso && c.at < toIso) out.push({ from: c.from, to: c.to, changes: 1 })
      }
      return out
    },
  }

  function leaderboardTotals(from: string, to: string): Map<string, { points: number; reachedAt: string }> {
    const lo = Date.parse(from)
    const hi = Date.parse(to)
    const first = periodOfInstant(from, rules())
    const last = periodOfInstant(new Date(hi - 1).toISOString(), rules())
    // port.ts LeaderboardScore: what was earned in the window, but nothing of an order refunded in it.
    const earned: { memberId: string; e: LedgerEntry }[] = []
    const refunded = new Set<string>()
    for (const [k, v] of docs) {
      if (!k.startsWith('h/')) continue
      const period = k.slice(k.lastIndexOf('/') + 1)
      if (period < first || period > last) continue
      const memberId = k.slice(2, k.lastIndexOf('/'))
      for (const e of (v as HistoryPage).ledger) {
        const at = Date.parse(e.at)
        if (at < lo || at >= hi) continue
        if (e.type === 'earn' && e.amount > 0) earned.push({ memberId, e })
        else if (e.type === 'refund' && e.amount <= 0) refunded.add(`${memberId} ${e.ref}`)
      }
    }
    const totals = new Map<string, { points: number; reachedAt: string }>()
    // An account erased before the window's end wins nothing: the next member does (as sql-storage.ts `totals`).
    const erasedBefore = (id: string) => {
      const at = get<MemberRecord>(`m/${id}`)?.erasedAt
      return at !== undefined && at !== null && Date.parse(at) < hi
    }
    const erased = new Set([...new Set(earned.map(({ memberId }) => memberId))].filter(erasedBefore))
    for (const { memberId, e } of earned) {
      if (refunded.has(`${memberId} ${e.ref}`) || erased.has(memberId)) continue
      const t = totals.get(memberId) ?? { points: 0, reachedAt: e.at }
      totals.set(memberId, { points: t.points + e.amount, reachedAt: Date.parse(e.at) > Date.parse(t.reachedAt) ? e.at : t.reachedAt })
    }
    return totals
  }

  const writeScope: WriteScope = {
    ...scope,
    lockMember: (id) => scope.member(id),
    // One write at a time: nothing to lock.
    lockOperator: async (id) => (await scope.operators()).find((o) => o.id === id) ?? null,
    nextMemberNumber: async () => meta.memberSeq + ++pendingMembers,
  }
  /** Members registered by the write in progress (numbers are handed out before its commit). */
  let pendingMembers = 0

  /** The documents a write's changes replace (null = removed). */
  function plan(changes: Changes, now: number): Map<string, unknown> {
    const out = new Map<string, unknown>()
    const r = rules()
    const read = <T>(key: string): T | undefined => (out.has(key) ? (out.get(key) as T) : get<T>(key))
    const touchPage = (memberId: string, period: string): HistoryPage => {
      const key = pageKey(memberId, period)
      let p = out.get(key) as HistoryPage | undefined
      if (!p) {
        const existing = get<HistoryPage>(key)
        p = existing ? { ...existing, ledger: existing.ledger.slice(), lots: { ...existing.lots }, signins: { ...existing.signins }, coupons: { ...existing.coupons }, notifications: { ...existing.notifications }, days: { ...existing.days }, draws: existing.draws.slice() } : emptyPage()
        out.set(key, p)
      }
      return p
    }
    const day = (date: BusinessDate): MetricsDayDoc => {
      const key = `md/${date}`
      let d = out.get(key) as MetricsDayDoc | undefined
      if (!d) {
        const existing = get<MetricsDayDoc>(key)
        d = existing ? { ...existing, costs: { ...existing.costs }, firsts: { ...existing.firsts } } : emptyDayDoc()
        out.set(key, d)
      }
      return d
    }
    const applyMetrics = (m: MetricsRows) => {
      for (const x of m.days) {
        const d = day(x.date)
        if (x.active) d.active = withId(d.active, x.memberId)
        if (x.signin) d.signin = withId(d.signin, x.memberId)
        if (x.benefit) d.benefit = withId(d.benefit, x.memberId)
      }
      for (const c of m.costs) {
        const d = day(c.date)
        const byMember = { ...own(d.costs, c.campaignId) }
        byMember[c.memberId] = (own(byMember, c.memberId) ?? 0) + c.costFen
        d.costs[c.campaignId] = byMember
      }
      for (const f of m.firsts) {
        const key = `mf/${f.memberId}`
        const known = read<Partial<Record<MetricsFirstKind, BusinessDate>>>(key) ?? {}
        const was = own(known, f.kind)
        if (was !== undefined && was <= f.date) continue
        if (was !== undefined) {
          const old = day(was)
          old.firsts[f.kind] = (old.firsts[f.kind] ?? []).filter((id) => id !== f.memberId)
        }
        const d = day(f.date)
        d.firsts[f.kind] = withId(d.firsts[f.kind], f.memberId)
        out.set(key, { ...known, [f.kind]: f.date })
      }
    }
    let newMembers = 0
    for (const { before, after } of changes.members ?? []) {
      if (!before) newMembers++
      const h = historyChanges(before, after)
      const id = after.id
      for (const e of h.ledger) touchPage(id, periodOf(e.businessDate)).ledger.push(e)
      for (const l of [...h.lots.added, ...h.lots.changed]) touchPage(id, periodOf(l.earnedOn)).lots[l.id] = l
      for (const s of [...h.signins.added, ...h.signins.changed]) touchPage(id, periodOf(s.date)).signins[s.date] = s
      for (const c of [...h.coupons.added, ...h.coupons.changed]) touchPage(id, periodOfInstant(c.issuedAt, r)).coupons[c.id] = c
      for (const n of [...h.notifications.added, ...h.notifications.changed]) touchPage(id, periodOfInstant(n.createdAt, r)).notifications[n.id] = n
      for (const d of h.days) touchPage(id, periodOf(d.date)).days[d.date] = d.metrics
      for (const d of h.draws) touchPage(id, periodOf(d.businessDate)).draws.push(d)
      // The working set is cut back once a business day (what it drops only grows by the day); the ledger and
      // the lots live in the pages (the working set's lots are the index of those with points left).
      const today = businessDateOf(now, r.calendar)
      const trimmed = trimmedOn.get(id) === today ? after : trimWorkingSet(after, now, r)
      trimmedOn.set(id, today)
      out.set(`m/${id}`, { ...trimmed, points: { ...trimmed.points, lots: [], ledger: [] } })
    }
    for (const o of changes.orders ?? []) {
      const key = `orders/${o.memberId}`
      out.set(key, { ...read<Record<string, OrderRecord>>(key), [o.id]: o })
    }
    if (changes.stock?.length) {
      const s = read<StockDoc>('stock')!
      const next: StockDoc = { rewards: { ...s.rewards }, prizes: { ...s.prizes } }
      for (const take of changes.stock) {
        if (take.kind === 'reward') {
          const stock = r.mall.items.find((i) => i.id === take.id)?.initialStock ?? 0
          const taken = (next.rewards[take.id] ?? 0) + take.count
          if (taken > stock) throw new RetryableConflict(`reward ${take.id} sold out`)
          next.rewards[take.id] = taken
        } else {
          const campaign = r.campaigns.find((c) => c.id === take.campaignId)
          const stock = campaign?.lottery?.prizes.find((p) => p.id === take.id)?.stock ?? 0
          const prizes = { ...(next.prizes[take.campaignId!] ?? {}) }
          const taken = (prizes[take.id] ?? 0) + take.count
          if (taken > stock) throw new RetryableConflict(`prize ${take.id} gone`)
          prizes[take.id] = taken
          next.prizes[take.campaignId!] = prizes
        }
      }
      out.set('stock', next)
    }
    const append = <T>(key: string, items: T[]) => out.set(key, [...(read<T[]>(key) ?? []), ...items])
    /** `x` in the list at `key`, in place of the row of its id or added; whether it was new. */
    const upsert = <T extends { id: string }>(key: string, x: T): boolean => {
      const list = read<T[]>(key) ?? []
      const i = list.findIndex((r) => r.id === x.id)
      out.set(key, i < 0 ? [...list, x] : list.map((r, j) => (j === i ? x : r)))
      return i < 0
    }
    for (const x of changes.redemptions ?? []) {
      const added = upsert(`redemptions/${x.memberId}`, x)
      if (x.voucher && added) {
        if (read(`voucher/${x.voucher.code}`)) throw new UniqueViolation('voucher_codes_pkey')
        out.set(`voucher/${x.voucher.code}`, { memberId: x.memberId, redemptionId: x.id })
      }
    }
    for (const x of changes.tierChanges ?? []) append<TierChangeRecord>(`tiers/${x.memberId}`, [x])
    if (changes.rulesVersions?.length || changes.rulesCancelled?.length) {
      let list = read<RulesVersionRecord[]>('rules/versions') ?? []
      for (const { document, ...v } of changes.rulesVersions ?? []) {
        if (list.some((x) => x.versionNo === v.versionNo)) throw new UniqueViolation('rules_versions_pkey')
        list = [...list, v]
        out.set(`rules/v/${v.versionNo}`, document)
      }
      for (const c of changes.rulesCancelled ?? []) list = list.map((v) => (v.versionNo === c.versionNo ? { ...v, cancelledAt: c.at, cancelledBy: c.by } : v))
      out.set('rules/versions', list)
    }
    if (changes.operators?.length || changes.newOperators?.length) {
      const all = { ...read<Record<string, OperatorRecord>>('operators') }
      for (const o of changes.newOperators ?? []) if (own(all, o.id)) throw new UniqueViolation('operators_pkey')
      for (const o of [...(changes.newOperators ?? []), ...(changes.operators ?? [])]) {
        if (Object.values(all).some((x) => x.username === o.username && x.id !== o.id)) throw new UniqueViolation('operators_username_key')
        all[o.id] = o
      }
      out.set('operators', all)
    }
    if (changes.adjustments?.length) {
      out.set('adjustments', { ...read<Record<string, AdjustmentRecord>>('adjustments'), ...Object.fromEntries(changes.adjustments.map((a) => [a.id, a])) })
    }
    let auditSeq = meta.auditSeq
    for (const a of changes.audit ?? []) {
      const no = ++auditSeq
      append<AuditRecord>(auditKey(no), [{ ...a, no }])
    }
    for (const x of changes.feedback ?? []) upsert(`feedback/${x.memberId}`, x)
    for (const x of changes.privacyRequests ?? []) upsert(`privacy/${x.memberId}`, x)
    for (const x of changes.invites ?? []) out.set(`invite/${x.inviteeId}`, x)
    for (const x of changes.sessions ?? []) out.set(`session/${x.tokenHash}`, x)
    for (const hash of changes.sessionsEnded ?? []) out.set(`session/${hash}`, null)
    for (const x of changes.operatorSessionsEnded ?? []) {
      for (const [k, v] of docs) if (k.startsWith('session/') && (v as SessionRecord).operatorId === x.operatorId && k !== `session/${x.except}`) out.set(k, null)
    }
    const membersSignedOut = new Set(changes.memberSessionsEnded ?? [])
    if (membersSignedOut.size) {
      for (const [k, v] of docs) if (k.startsWith('session/') && v && membersSignedOut.has((v as SessionRecord).memberId ?? '')) out.set(k, null)
    }
    for (const { memberId, newest } of changes.memberSessionsKept ?? []) {
      // The sessions from before this write (as the SQL storage reads them).
      const open: SessionRecord[] = []
      for (const hash of sessionsOf.get(memberId) ?? []) {
        const s = get<SessionRecord>(`session/${hash}`)
        if (s && s.expiresAt > now) open.push(s)
      }
      for (const s of open.sort(newestSessionFirst).slice(newest)) out.set(`session/${s.tokenHash}`, null)
    }
    const erased = new Set((changes.identitiesRemoved ?? []).map((x) => x.memberId))
    if (erased.size) {
      for (const [k, v] of docs) if (k.startsWith('login/') && erased.has(v as string)) out.set(k, null)
      for (const x of changes.identitiesRemoved ?? []) {
        out.set(`code/${x.inviteCode}`, null)
        for (const period of periodsOf(x.memberId)) touchPage(x.memberId, period).notifications = {}
      }
    }
    for (const x of changes.logins ?? []) out.set(`login/${x.key}`, x.memberId)
    for (const x of changes.inviteCodes ?? []) out.set(`code/${x.code}`, x.memberId)
    if (changes.metrics) applyMetrics(changes.metrics)
    if (changes.leaderboardsSettled?.length) {
      out.set('settled', { ...read<Settled>('settled'), ...Object.fromEntries(changes.leaderboardsSettled.map((s) => [s.campaignId, { at: s.at, campaign: s.campaign }])) })
    }
    if (changes.idempotency) {
      const { scope: s, key, record } = changes.idempotency
      // fromEntries defines own properties: a key spelled `__proto__` is a key like any other.
      const live = Object.entries(read<Record<string, IdempotencyRecord>>(`idem/${s}`) ?? {}).filter(([k, v]) => k !== key && now - v.at < IDEMPOTENCY_TTL_MS)
      out.set(`idem/${s}`, Object.fromEntries([...live, [key, record]]))
    }
    if (newMembers > 0 || auditSeq !== meta.auditSeq) out.set('meta', { ...meta, memberSeq: meta.memberSeq + newMembers, auditSeq })
    return out
  }

  function encode(docsToWrite: Map<string, unknown>): Map<string, string | null> {
    const out = new Map<string, string | null>()
    for (const [k, v] of docsToWrite) {
      const text = v === null ? null : JSON.stringify(v)
      out.set(k, text)
      if (text === null) sizes.delete(k)
      else sizes.set(k, utf8Length(text) + k.length)
    }
    return out
  }

  /** Makes the documents durable (or, seeding, marks them for `flush`), then visible. */
  async function commit(writes: Map<string, unknown>): Promise<void> {
    writes.set('meta', { ...((writes.get('meta') as Meta | undefined) ?? meta), generation: meta.generation + 1 })
    if (deferred) {
      for (const k of writes.keys()) deferred.add(k)
    } else {
      await persistence.commit(encode(writes), meta.generation)
    }
    for (const [k, v] of writes) {
      indexSession(k, docs.get(k), v)
      if (v === null) docs.delete(k)
      else docs.set(k, v)
      indexLots(k, v)
    }
    meta = get<Meta>('meta')!
  }

  /** Drops what expired, then the oldest history pages (folded into totals), until the documents fit the budget. */
  function shrink(now: number): Map<string, unknown> {
    const writes = new Map<string, unknown>()
    const budget = options.budgetBytes
    let total = 0
    for (const n of sizes.values()) total += n
    if (budget === undefined || total <= budget) return writes
    const drop = (k: string) => {
      writes.set(k, null)
      total -= sizes.get(k) ?? 0
    }
    for (const [k, v] of docs) {
      if (k.startsWith('session/') && (v as SessionRecord).expiresAt <= now) drop(k)
      if (k.startsWith('idem/') && Object.values(v as Record<string, IdempotencyRecord>).every((r) => now - r.at >= IDEMPOTENCY_TTL_MS)) drop(k)
    }
    const byAge = [...docs.keys()].filter((k) => k.startsWith('h/')).sort((a, b) => a.slice(a.lastIndexOf('/') + 1).localeCompare(b.slice(b.lastIndexOf('/') + 1)))
    const keepFrom = `${monthOf(businessDateOf(now, rules().calendar))}-1`
    for (const k of byAge) {
      if (total <= budget * 0.9) break
      const when = k.slice(k.lastIndexOf('/') + 1)
      if (when >= keepFrom) continue
      if (k.startsWith('h/')) {
        const p = get<HistoryPage>(k)!
        // Pages still holding rows a rule may read (live lots, unused coupons) stay.
        if (Object.values(p.lots).some((l) => l.remaining > 0) || Object.values(p.coupons).some((c) => c.usedAt === null && c.validTo >= keepFrom.slice(0, 7))) continue
        const summary: PageSummary = {
          ledger: p.ledger.map((e) => ({ type: e.type, amount: e.amount, businessDate: e.businessDate })),
          signinMask: Object.keys(p.signins).reduce((mask, d) => mask | (1 << (Number(d.slice(8)) - 1)), 0),
          days: p.days,
        }
        const folded = foldLedger(summary)
        writes.set(`hs/${k.slice(2)}`, folded)
        total += utf8Length(JSON.stringify(folded))
      }
      drop(k)
    }
    return writes
  }

  let chain: Promise<unknown> = Promise.resolve()
  /** Whether a write (or reset, flush) is under way: it owns the documents until it ends. */
  let writing = false
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const owned = async () => {
      writing = true
      try {
        return await fn()
      } finally {
        writing = false
      }
    }
    const run = chain.then(owned, owned)
    chain = run.catch(() => undefined)
    return run
  }

  /**
   * A read outside a write first takes what another writer (a second tab) stored since this one loaded, so a tab
   * shown again draws the figures the other tab left, not its own older copy.
   */
  async function catchUp(): Promise<void> {
    if (writing || deferred || !persistence.storedGeneration) return
    const stored = persistence.storedGeneration()
    if (stored === null || stored === meta.generation) return
    const all = await persistence.load()
    if (all && !writing) adopt(all)
  }

  return {
    created,
    read: async (work) => {
      await catchUp()
      return work(scope)
    },
    write: (work) =>
      serialised(async () => {
        for (let attempt = 0; ; attempt++) {
          pendingMembers = 0
          try {
            const { result, changes } = await work(writeScope)
            lastNow = changes.now
            await commit(plan(changes, changes.now))
            if (!deferred) {
              const shrunk = shrink(changes.now)
              if (shrunk.size > 0) await commit(shrunk)
            }
            return result
          } catch (e) {
            if (!(e instanceof RetryableConflict) || attempt >= 3) throw e
            // Another writer (a second tab) moved the stored state on: start again from what it wrote.
            const stored = await persistence.load()
            if (stored) adopt(stored)
          }
        }
      }),
    ping: async () => true,
    close: async () => undefined,
    reset: () =>
      serialised(async () => {
        const initial = fresh()
        const writes = new Map<string, string | null>(initial)
        for (const k of docs.keys()) if (!initial.has(k)) writes.set(k, null)
        await persistence.commit(writes, -1)
        adopt(initial)
      }),
    sizes: () => new Map(sizes),
    entries: () => docs.entries(),
    deferCommits() {
      deferred ??= new Set()
    },
    flush: () =>
      serialised(async () => {
        const keys = deferred
        deferred = null
        if (!keys || keys.size === 0) return
        const writes = new Map<string, unknown>()
        for (const k of keys) writes.set(k, docs.has(k) ? docs.get(k) : null)
        await persistence.commit(encode(writes), -1)
        const shrunk = shrink(lastNow)
        if (shrunk.size > 0) await commit(shrunk)
      }),
  }
}

/** One line per ledger type (refunds by sign), so an evicted month keeps only what the report sums. */
function foldLedger(s: PageSummary): PageSummary {
  const totals = new Map<string, ReportLedgerLine>()
  for (const l of s.ledger) {
    const key = `${l.type}${l.type === 'refund' || l.type === 'adjust' ? (l.amount < 0 ? '-' : '+') : ''}`
    const t = totals.get(key)
    totals.set(key, t ? { ...t, amount: t.amount + l.amount } : { ...l, businessDate: `${l.businessDate.slice(0, 7)}-01` })
  }
  return { ...s, ledger: [...totals.values()] }
}
