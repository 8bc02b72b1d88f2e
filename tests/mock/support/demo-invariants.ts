/**
 * What the seeded demo promises on whatever day it is played up to (issue: the suite must pass on every
 * calendar date): every member's points add up, no business day is signed twice, and the demo member has
 * every promised kind of history. Returns the problems found (empty = all hold), so the Jest sample and the
 * full date sweep (`npm run test:dates`) share one definition.
 */
import { createLoyaltyBackend, type LoyaltyBackend } from '../../../mock/app'
import { memoryKvPersistence } from '../../../mock/kv-persistence'
import { DEMO_LOGIN_CODE } from '../../../mock/seed'
import { balanceOf, type LedgerEntry } from '@/domain/points'
import { businessDateOf, daysBetween, monthOf } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { reportMonths } from '@/domain/reports'
import { signinCalendar } from '@/domain/signin'
import { profileComplete } from '../../../server/core/use-cases/member'

/** Every ledger entry of a member, oldest first. */
async function fullLedger(backend: LoyaltyBackend, memberId: string): Promise<LedgerEntry[]> {
  return (await backend.storage.read((s) => s.ledgerPage(memberId, null, 1_000_000))).reverse()
}

export async function demoProblems(backend: LoyaltyBackend, now: number): Promise<string[]> {
  const problems: string[] = []
  const ids = await backend.storage.read((s) => s.memberIds())
  const demoId = await backend.storage.read((s) => s.memberIdByLogin([`*:${DEMO_LOGIN_CODE}`]))
  if (!demoId) return ['no demo member']
  for (const id of ids) {
    // A read brings the member up to now (lots that expired since their last request are swept).
    const m = await backend.core.read(now, async (work) => (await work.member(id)).member)
    const history = await fullLedger(backend, id)
    const ledger = [...history, ...m.points.ledger.filter((e) => !history.some((h) => h.id === e.id))]
    let running = 0
    for (const e of ledger) {
      running += e.amount
      if (e.balanceAfter !== running) problems.push(`${m.nickname}: ${e.id} says ${e.balanceAfter} after, the entries sum to ${running}`)
    }
    const live = m.points.lots.filter((l) => l.expiresAt >= now).reduce((s, l) => s + l.remaining, 0) + (m.points.unloaded?.remaining ?? 0)
    const last = ledger.at(-1)?.balanceAfter ?? 0
    const reported = balanceOf(m.points, now)
    if (!(live === last && reported === last && last >= 0)) problems.push(`${m.nickname}: balance ${reported}, Σ live lots ${live}, last ledger balance ${last}`)
    if (m.tasks.claims['growth-profile'] && !profileComplete(m)) problems.push(`${m.nickname}: 完善个人资料 claimed with no birthday in the profile`)
    const dates = m.signin.records.map((r) => r.date)
    if (dates.some((d, i) => i > 0 && d <= dates[i - 1])) problems.push(`${m.nickname}: a business day signed twice or out of order`)
  }

  const { demo, orders, coupons, notifications, invites, signins, ctx } = await backend.core.read(now, async (work) => {
    const tx = await work.member(demoId)
    const scope = work.scope
    const months = reportMonths(tx.member.registeredAt, work.ctx)
    const all = (await Promise.all(months.map((month) => scope.signinsOfMonth(demoId, month)))).flat()
    return {
      demo: tx.member,
      orders: await scope.orders(demoId),
      coupons: await scope.couponPage(demoId, { list: 'issued', today: tx.today, after: null, limit: 10_000 }),
      notifications: await scope.notifications(demoId, 1000),
      invites: await scope.invitesPage(demoId, { through: null, skip: 0, limit: 10_000 }),
      signins: all,
      ctx: work.ctx,
    }
  })
  const ledger = await fullLedger(backend, demoId)
  const types = new Set(ledger.map((e) => e.type))
  for (const t of ['earn', 'grant', 'spend', 'expire', 'refund'] as const) if (!types.has(t)) problems.push(`demo: no ${t} in the ledger`)
  if (!orders.some((o) => o.status === 'refunded')) problems.push('demo: no refunded order')
  if (!orders.some((o) => o.status === 'paid')) problems.push('demo: no paid order')
  if (!signins.some((r) => r.kind === 'makeup')) problems.push('demo: no make-up sign-in')
  const today = businessDateOf(now)
  if (demo.signin.records.some((r) => r.date >= today)) problems.push('demo: today is already signed')
  if (demo.signin.records.at(-1)?.date !== businessDateOf(now - 86_400_000)) problems.push('demo: did not sign in yesterday')
  // From the 5th, the person trying the demo finds a missed day of this month to make up (the H5 journey does).
  const month = monthOf(today)
  if (daysBetween(`${month}-02`, today) >= 3 && !signinCalendar(demo.signin, month, ctx).days.some((d) => d.canMakeUp)) problems.push('demo: no day this month to make up')
  const soon = demo.points.lots.filter((l) => l.remaining > 0 && l.expiresAt >= now && l.expiresAt < now + 30 * 86_400_000)
  if (soon.length === 0) problems.push('demo: no points expiring within 30 days')
  if (!notifications.some((n) => n.template === 'points_expiring')) problems.push('demo: no expiry reminder')
  if (!ledger.some((e) => e.type === 'spend' && e.ref.startsWith('redeem:'))) problems.push('demo: no redemption')
  if (!Object.values(demo.campaigns).some((c) => (c.lottery?.draws.length ?? 0) > 0)) problems.push('demo: no lottery draw')
  if (invites.length < 2) problems.push('demo: fewer than 2 invites')
  if (!demo.lifecycle.lastDormancyEndedAt) problems.push('demo: no dormancy ended')
  if (!coupons.some((c) => c.source === 'dormant')) problems.push('demo: no win-back coupon')
  return problems
}

/** The mock seeded as of `iso` (its own clock pinned there), as the app and the contract suite see it. */
export async function seededAt(iso: string): Promise<LoyaltyBackend> {
  const now = Date.parse(iso)
  return createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7) })
}

/** Seeds the demo as of `iso` and checks it. */
export async function checkDemoAt(iso: string): Promise<string[]> {
  return demoProblems(await seededAt(iso), Date.parse(iso))
}

const DAY = 86_400_000

/** Every day of the sweep window (issue #9): 2026-01-01 … 2028-03-31, at 10:00 in Shanghai. */
export function everyDay(from = '2026-01-01', to = '2028-03-31'): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T10:00:00+08:00`); t <= Date.parse(`${to}T10:00:00+08:00`); t += DAY) out.push(new Date(t).toISOString())
  return out
}

/**
 * The awkward instants of the window: the last second of every business month (15:59:59Z) and the first second
 * of the next (16:00:00Z), the leap day, and the weeks around Chinese New Year (2026-02-17, 2027-02-06,
 * 2028-01-26) — more than 60 in all.
 */
export function awkwardInstants(): string[] {
  const out: string[] = []
  for (let y = 2026, m = 1; y < 2028 || (y === 2028 && m <= 3); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const firstOfNext = Date.parse(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+08:00`)
    out.push(new Date(firstOfNext - 1000).toISOString(), new Date(firstOfNext).toISOString())
  }
  out.push('2028-02-29T12:00:00+08:00', '2028-02-28T23:59:59+08:00', '2027-02-28T12:00:00+08:00')
  for (const cny of ['2026-02-17', '2027-02-06', '2028-01-26']) {
    for (const offset of [-3, 0, 3]) out.push(new Date(Date.parse(`${cny}T09:00:00+08:00`) + offset * DAY).toISOString())
  }
  return out
}
