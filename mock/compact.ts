/**
 * Keeps the embedded backend's state inside the app's storage budget (SPEC §6: ≤ 1 MB in all, no key over
 * 200 KB; `storagePersistence` chunks the JSON and calls this when the whole would not fit).
 *
 * What goes, in rising steps until the state fits: expired sessions and idempotency records (then all but the
 * newest few per member), old ledger pages (folded into per-month totals so monthly reports stay exact; entries
 * a refund still needs are kept), expired lots that are empty, old event-log days, notifications, coupons long
 * used or expired, cancelled and refunded orders, old card logs and day keys. Old daily metrics and sign-in
 * days fold into per-month archives too. What never goes: anything a rule reads to decide — live lots, the rolling 12-month metrics, this month's sign-ins, lottery draws (their ids
 * are sequence numbers), pending and paid orders with the ledger entries of their refund.
 */
import { addDays, addMonths, businessDateOf, monthOf, parseInstant, type BusinessDate } from '../src/domain/calendar'
import type { LedgerEntry } from '../src/domain/points'
import { sessionLive, type IdempotencyRecord, type Session } from './backend'
import type { LedgerArchiveMonth, LoyaltyDb, MemberRecord, OrderRecord } from './db'
import { IDEMPOTENCY_TTL_MS } from './limits'

interface Level {
  ledgerKeep: number
  idempotencyPerScope: number
  eventLogDays: number
  notifications: number
  couponDays: number
  orderDays: number
  listKeep: number
  signinMonths: number
}

const LEVELS: Level[] = [
  { ledgerKeep: 600, idempotencyPerScope: 100, eventLogDays: 400, notifications: 200, couponDays: 365, orderDays: 365, listKeep: 1000, signinMonths: 13 },
  { ledgerKeep: 300, idempotencyPerScope: 30, eventLogDays: 120, notifications: 60, couponDays: 120, orderDays: 120, listKeep: 300, signinMonths: 13 },
  { ledgerKeep: 120, idempotencyPerScope: 10, eventLogDays: 45, notifications: 30, couponDays: 45, orderDays: 45, listKeep: 100, signinMonths: 6 },
  { ledgerKeep: 40, idempotencyPerScope: 5, eventLogDays: 14, notifications: 15, couponDays: 14, orderDays: 14, listKeep: 30, signinMonths: 3 },
  { ledgerKeep: 10, idempotencyPerScope: 2, eventLogDays: 3, notifications: 5, couponDays: 3, orderDays: 3, listKeep: 5, signinMonths: 1 },
]

export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3
  }
  return n
}

const emptyArchive = (): LedgerArchiveMonth => ({ earn: 0, grant: 0, spend: 0, expire: 0, refundIn: 0, refundOut: 0, adjust: 0 })

function fold(archive: Record<string, LedgerArchiveMonth>, e: LedgerEntry): void {
  const month = monthOf(e.businessDate)
  const a = (archive[month] ??= emptyArchive())
  const size = Math.abs(e.amount)
  switch (e.type) {
    case 'earn':
      a.earn += size
      break
    case 'grant':
      a.grant += size
      break
    case 'spend':
      a.spend += size
      break
    case 'expire':
      a.expire += size
      break
    case 'refund':
      if (e.amount > 0) a.refundIn += e.amount
      else a.refundOut += size
      break
    case 'adjust':
      a.adjust += e.amount
      break
  }
}

function compactMember(m: MemberRecord, level: Level, now: number, today: BusinessDate, keepRefs: Set<string>, metricsFrom: BusinessDate): MemberRecord {
  // Ledger: the newest pages stay; older entries fold into month totals, except what a refund must find.
  const ledger = m.points.ledger
  const cut = Math.max(0, ledger.length - level.ledgerKeep)
  let archive = m.ledgerArchive
  const kept: LedgerEntry[] = []
  if (cut > 0) {
    archive = Object.fromEntries(Object.entries(m.ledgerArchive).map(([k, v]) => [k, { ...v }]))
    ledger.forEach((e, i) => {
      if (i >= cut || keepRefs.has(e.ref)) kept.push(e)
      else fold(archive, e)
    })
  }
  const lots = m.points.lots.filter((l) => l.remaining > 0 || l.expiresAt >= now || (l.source === 'purchase' && keepRefs.has(l.ref)))
  const lotIds = new Set(lots.map((l) => l.id))
  const remindersSent: Record<string, number> = {}
  for (const [id, t] of Object.entries(m.points.remindersSent)) if (lotIds.has(id)) remindersSent[id] = t
  const couponHorizon = addDays(today, -level.couponDays)
  const coupons = m.wallet.coupons.filter(
    (c) =>
      (c.usedAt === null && c.validTo >= couponHorizon) ||
      (c.usedAt !== null && (businessDateOf(parseInstant(c.usedAt)) >= couponHorizon || (c.usedOrderId !== null && keepRefs.has(c.usedOrderId)))),
  )
  const metricsByDay: MemberRecord['metricsByDay'] = {}
  let metricsArchive = m.metricsArchive
  for (const [d, v] of Object.entries(m.metricsByDay)) {
    if (d >= metricsFrom) {
      metricsByDay[d] = v
      continue
    }
    // Older days only feed monthly reports: fold them the way the report reads a day (net growth by sign).
    if (metricsArchive === m.metricsArchive) metricsArchive = Object.fromEntries(Object.entries(m.metricsArchive).map(([k, a]) => [k, { ...a }]))
    const a = (metricsArchive[monthOf(d)] ??= { growthGained: 0, growthReversed: 0, tasksCompleted: 0 })
    const g = v.growth ?? 0
    if (g > 0) a.growthGained += g
    else a.growthReversed -= g
    a.tasksCompleted += v.tasksCompleted ?? 0
  }
  // Sign-ins: the live run whole (streak and cycle day depend on it) and the report months.
  const records = m.signin.records
  let runStart = records.length - 1
  while (runStart > 0 && addDays(records[runStart - 1].date, 1) === records[runStart].date) runStart--
  const reportFrom = `${monthOf(addMonths(today, -level.signinMonths))}-01`
  const signinFrom = records.length > 0 && records[runStart].date < reportFrom ? records[runStart].date : reportFrom
  const signinArchive = { ...m.signinArchive }
  for (const r of records) {
    if (r.date >= signinFrom) break
    const month = monthOf(r.date)
    signinArchive[month] = (signinArchive[month] ?? 0) | (1 << (Number(r.date.slice(8)) - 1))
  }
  return {
    ...m,
    points: { ...m.points, ledger: cut > 0 ? kept : ledger, lots, remindersSent },
    ledgerArchive: archive,
    wallet: { ...m.wallet, coupons },
    messages: {
      ...m.messages,
      notifications: m.messages.notifications.slice(-level.notifications),
      sends: m.messages.sends.filter((s) => now - parseInstant(s.at) < 8 * 24 * 3600 * 1000),
    },
    metricsByDay,
    metricsArchive,
    signin: { records: records.filter((r) => r.date >= signinFrom) },
    signinArchive,
    eventRefs: Object.fromEntries(Object.entries(m.eventRefs).filter(([, d]) => d >= addDays(today, -level.couponDays))),
  }
}

function applyLevel(db: LoyaltyDb, level: Level, now: number): LoyaltyDb {
  const today = businessDateOf(now, db.config.calendar)
  // Rolling tier metrics read `retentionMonths`; one spare month keeps re-evaluation exact.
  const metricsFrom = addMonths(today, -(db.config.tiers.retentionMonths + 1))
  const orderHorizon = addDays(today, -level.orderDays)
  const orders: Record<string, OrderRecord> = {}
  const keepRefs = new Set<string>()
  for (const o of Object.values(db.orders)) {
    const live = o.status === 'pending_payment' || o.status === 'paid'
    if (live) keepRefs.add(o.id)
    if (live || businessDateOf(parseInstant(o.createdAt)) >= orderHorizon) orders[o.id] = o
  }
  const members: Record<string, MemberRecord> = {}
  for (const [id, m] of Object.entries(db.members)) members[id] = compactMember(m, level, now, today, keepRefs, metricsFrom)

  const idempotency: Record<string, Record<string, IdempotencyRecord>> = {}
  for (const [scope, records] of Object.entries(db.idempotency)) {
    const fresh = Object.entries(records)
      .filter(([, r]) => now - r.at < IDEMPOTENCY_TTL_MS)
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, level.idempotencyPerScope)
    if (fresh.length > 0) idempotency[scope] = Object.fromEntries(fresh)
  }
  const sessions: Record<string, Session> = Object.fromEntries(Object.entries(db.sessions).filter(([, s]) => sessionLive(s, now)))

  const eventHorizon = addDays(today, -level.eventLogDays)
  const cards: LoyaltyDb['cards'] = {}
  for (const [id, c] of Object.entries(db.cards)) {
    const earnedByActionDay: Record<string, string> = {}
    for (const [k, v] of Object.entries(c.earnedByActionDay)) if (k.slice(k.lastIndexOf('|') + 1) >= today) earnedByActionDay[k] = v
    cards[id] = { ...c, earnedByActionDay, log: c.log.slice(-level.listKeep) }
  }
  const lotteries: LoyaltyDb['lotteries'] = {}
  for (const [id, l] of Object.entries(db.lotteries)) {
    const dailyDraws: typeof l.dailyDraws = {}
    for (const [k, v] of Object.entries(l.dailyDraws)) if (k.slice(k.lastIndexOf('|') + 1) >= today) dailyDraws[k] = v
    lotteries[id] = { ...l, dailyDraws }
  }
  return {
    ...db,
    sessions,
    idempotency,
    members,
    orders,
    cards,
    lotteries,
    eventLog: db.eventLog.filter((e) => businessDateOf(parseInstant(e.at), db.config.calendar) >= eventHorizon),
    redemptions: db.redemptions.slice(-level.listKeep),
    feedback: db.feedback.slice(-level.listKeep),
    privacyRequests: db.privacyRequests.slice(-level.listKeep),
  }
}

/** The state shrunk, step by step, until its JSON fits `targetBytes` (or the last step, if even that does not). */
export function compactDb(db: LoyaltyDb, targetBytes: number, now: number): LoyaltyDb {
  let out = db
  for (const level of LEVELS) {
    out = applyLevel(db, level, now)
    if (utf8Length(JSON.stringify(out)) <= targetBytes) return out
  }
  return out
}
