/**
 * The dashboard agrees with the members' own data (issue 14 item 6).
 *
 * 1. The production server on a seeded population (scripts/seed-population.ts: 300 members, 100 of them played
 *    through the use cases over 60 days and the rest cloned in SQL): every figure of GET /admin/metrics, over
 *    several ranges, equals the figure computed by the same definitions (src/domain/metrics.ts) from an event log
 *    RECONSTRUCTED from the members' own rows — active days, registrations, sign-ins, orders, redemptions, draws,
 *    task claims, ledger prizes (support/metrics-oracle.ts) — never from the metrics aggregates. The clock is
 *    pinned at the instant the histories end (no expectation depends on the wall clock). The headline figures (DAU,
 *    MAU, new members, sign-in participation, D1/D7 retention) are also counted straight from those rows by their
 *    plain meaning, so a wrong definition in computeMetrics cannot pass by agreeing with itself.
 * 2. The embedded demo (the mock, under its storage budget, which compacts history): DAU is never 0 on a day the
 *    demo member signed in, new members count the registrations in the range, and the 30- and 90-day cards differ.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { createLoyaltyBackend } from '../../mock/app'
import { EMBEDDED_STORAGE } from '../../mock/embedded'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { DEMO_LOGIN_CODE } from '../../mock/seed'
import type { StockTakenResponse } from '@/api/contract'
import type { CoreRequest } from '../../server/core/http'
import type { MemberRecord, TierChangeRecord } from '../../server/core/records'
import { addDays, businessDateOf, monthOf, parseInstant, type BusinessDate } from '@/domain/calendar'
import type { RulesConfig } from '@/domain/config'
import { seededRng } from '@/domain/context'
import type { MetricsEvent, OperatorMetrics } from '@/domain/metrics'
import { computeMetrics } from '@/domain/metrics-dashboard'
import type { Lot } from '@/domain/points'
import { effectiveTier } from '@/domain/tiers'
import { ROOT, startPinnedServer, type ServerProcess } from './support/server-process'

const run = promisify(execFile)
const TSX = [require.resolve('tsx/cli')]
/** The histories end here (a Tuesday, 10:00 in Shanghai); the server's clock is pinned here. */
const T0 = Date.parse('2026-11-24T10:00:00+08:00')
const TODAY = businessDateOf(T0)

jest.setTimeout(600_000)

describe('the server dashboard on a seeded population equals the figures recomputed from the members’ data', () => {
  let dir: string
  let server: ServerProcess | null = null
  let token = ''
  let oracle: {
    events: MetricsEvent[]
    tiers: { memberId: string; tier: MemberRecord['tier'] }[]
    rules: RulesConfig
    lots: Lot[]
    ledgerBalance: number
    tierChanges: TierChangeRecord[]
    held: StockTakenResponse
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'metrics-recon-'))
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', ADMIN_USERNAME: 'recon', ADMIN_PASSWORD: 'Recon-Passw0rd!' }
    await run(process.execPath, [...TSX, 'scripts/seed-population.ts', '--members', '300', '--days', '60', '--templates', '100', '--now', new Date(T0).toISOString()], { cwd: ROOT, env, maxBuffer: 1 << 26 })
    const out = await run(process.execPath, [...TSX, 'tests/server/support/metrics-oracle.ts', dir], { cwd: ROOT, env, maxBuffer: 1 << 28 })
    oracle = JSON.parse(out.stdout)
    server = await startPinnedServer({ DATA_DIR: dir }, new Date(T0).toISOString())
    const login = await fetch(`${server.url}/api/v1/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'recon-login' },
      body: JSON.stringify({ username: 'recon', password: 'Recon-Passw0rd!' }),
    })
    expect(login.status).toBe(200)
    token = ((await login.json()) as { token: string }).token
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const dashboard = async (query: string): Promise<OperatorMetrics> => {
    const r = await fetch(`${server!.url}/api/v1/admin/metrics${query}`, { headers: { authorization: `Bearer ${token}` } })
    expect(r.status).toBe(200)
    return (await r.json()) as OperatorMetrics
  }

  const countBy = (ids: string[]) => ids.reduce((n, id) => n.set(id, (n.get(id) ?? 0) + 1), new Map<string, number>())
  const expected = (from: BusinessDate, to: BusinessDate): OperatorMetrics => {
    const { rules } = oracle
    return computeMetrics(
      {
        events: oracle.events,
        from,
        to,
        tierCounts: [...countBy(oracle.tiers.map((m) => effectiveTier(m.tier, TODAY, rules.tiers).id))].map(([tierId, members]) => ({ tierId, members })),
        tierOrder: rules.tiers.levels.map((t) => t.id),
        campaigns: rules.campaigns.map((c) => ({ id: c.id, name: c.name, startsAt: c.startsAt, endsAt: c.endsAt })),
        liveLots: oracle.lots.filter((l) => l.remaining > 0 && l.expiresAt >= T0).map((l) => ({ expiresAt: l.expiresAt, points: l.remaining })),
        tierChanges: oracle.tierChanges
          .filter((c) => businessDateOf(parseInstant(c.at)) >= from && businessDateOf(parseInstant(c.at)) <= to)
          .map((c) => ({ from: c.from, to: c.to, changes: 1 })),
      },
      { now: T0, config: rules },
    )
  }

  test('the population is lifelike enough to judge by: members active most days, campaigns with joiners, cohorts', async () => {
    const m = await dashboard(`?from=${addDays(TODAY, -59)}&to=${TODAY}`)
    expect(m.newMembers).toBeGreaterThan(200)
    // Histories are played up to yesterday; members register over the whole horizon.
    expect(m.dailyActive.filter((d) => d.users > 0).length).toBeGreaterThanOrEqual(50)
    expect(m.campaigns.filter((c) => c.participants > 0).length).toBeGreaterThanOrEqual(2)
    // The points race ended three days ago on what was played before it: its top 10 were paid (500 + 2 × 300 +
    // 7 × 100 points), each template's clones repeating its prize.
    const race = m.campaigns.find((c) => c.campaignId === 'points-race')!
    expect(race.participants).toBeGreaterThanOrEqual(10)
    expect(race.roi.costFen).toBeGreaterThanOrEqual(1800 * oracle.rules.points.pointValueFen)
    expect(m.paidMemberRate.denominator).toBe(300)
    expect(m.retention.member.d1.denominator).toBeGreaterThan(0)
    expect(m.tierMovement.upgrades).toBeGreaterThan(0)
    // Coupons are used on orders and bought in the mall (the figures below then count them, by the oracle).
    const kinds = new Map<string, number>()
    for (const e of oracle.events as { type: string }[]) kinds.set(e.type, (kinds.get(e.type) ?? 0) + 1)
    expect(kinds.get('coupon_cost') ?? 0).toBeGreaterThan(10)
    expect(m.benefitUsage.numerator).toBeGreaterThan(0)
    expect(m.roi.costFen).toBeGreaterThan(0)
  })

  test('what was given out of the mall’s items and the limited prizes is what the members hold, the clones’ included', async () => {
    const r = await fetch(`${server!.url}/api/v1/admin/stock`, { headers: { authorization: `Bearer ${token}` } })
    const stock = (await r.json()) as StockTakenResponse
    const rewards = Object.entries(stock.rewards)
    expect(rewards.length).toBeGreaterThan(0)
    for (const [item, taken] of rewards) expect({ item, taken }).toEqual({ item, taken: oracle.held.rewards[item] ?? 0 })
    const prizes = Object.entries(stock.prizes).flatMap(([campaign, taken]) => Object.entries(taken).map(([prize, n]) => ({ prize: `${campaign}/${prize}`, n })))
    expect(prizes.length).toBeGreaterThan(0)
    for (const { prize, n } of prizes) {
      const [campaign, id] = prize.split('/')
      expect({ prize, n }).toEqual({ prize, n: oracle.held.prizes[campaign]?.[id] ?? 0 })
    }
  })

  test('the points liability is what the members’ ledgers say they hold, each point expiring in one month', async () => {
    const { liability } = await dashboard('')
    expect(liability.outstandingPoints).toBe(oracle.ledgerBalance)
    expect(liability.outstandingPoints).toBeGreaterThan(0)
    expect(liability.expiringByMonth.reduce((a, m) => a + m.points, 0)).toBe(liability.outstandingPoints)
    expect(liability.valueFen).toBe(liability.outstandingPoints * oracle.rules.points.pointValueFen)
  })

  /**
   * The headline figures counted straight from the members' rows, by their plain meaning — not through
   * computeMetrics, so a wrong definition there cannot agree with itself: DAU per day and on the last complete day,
   * MAU, new members, sign-in participation and the members' D1/D7 retention.
   */
  test.each([
    ['the whole horizon', addDays(TODAY, -59), TODAY],
    ['a range in the middle', addDays(TODAY, -45), addDays(TODAY, -20)],
  ])('the headline figures, counted from the rows themselves: %s', async (_, from, to) => {
    const got = await dashboard(`?from=${from}&to=${to}`)
    const dayOf = (e: MetricsEvent) => businessDateOf(parseInstant(e.at))
    const of = (type: string) => oracle.events.filter((e) => e.type === type).map((e) => ({ member: e.memberId, date: dayOf(e) }))
    const active = of('active')
    const inRange = (d: BusinessDate) => d >= from && d <= to
    const distinct = (rows: { member: string }[]) => new Set(rows.map((r) => r.member)).size
    const activeOn = (d: BusinessDate) => new Set(active.filter((r) => r.date === d).map((r) => r.member))
    const lastComplete = to < TODAY ? to : addDays(TODAY, -1)

    const days: { date: BusinessDate; users: number }[] = []
    for (let d = from; d <= to; d = addDays(d, 1)) days.push({ date: d, users: activeOn(d).size })
    expect(got.dailyActive).toEqual(days)
    expect(got.dau).toBe(activeOn(lastComplete).size)
    expect(got.mau).toBe(distinct(active.filter((r) => r.date > addDays(lastComplete, -30) && r.date <= lastComplete)))
    expect(got.newMembers).toBe(of('register').filter((r) => inRange(r.date)).length)
    expect(got.signinParticipation).toMatchObject({ numerator: distinct(of('signin').filter((r) => inRange(r.date))), denominator: distinct(active.filter((r) => inRange(r.date))) })

    const first = new Map<string, BusinessDate>()
    for (const r of active) if (!first.has(r.member) || r.date < first.get(r.member)!) first.set(r.member, r.date)
    for (const n of [1, 7]) {
      const cohort = [...first].filter(([, c]) => inRange(c) && addDays(c, n) <= lastComplete)
      const back = cohort.filter(([m, c]) => activeOn(addDays(c, n)).has(m))
      expect({ n, ...got.retention.member[`d${n}`] }).toMatchObject({ n, numerator: back.length, denominator: cohort.length })
    }
    expect(got.dau).toBeGreaterThan(0)
    expect(got.retention.member.d1.denominator).toBeGreaterThan(0)
  })

  test.each([
    ['the default range (the last 30 days)', ''],
    ['the whole horizon', `?from=${addDays(TODAY, -59)}&to=${TODAY}`],
    ['a range in the middle (retention reads past its end)', `?from=${addDays(TODAY, -45)}&to=${addDays(TODAY, -20)}`],
    ['one day, yesterday', `?from=${addDays(TODAY, -1)}&to=${addDays(TODAY, -1)}`],
  ])('every figure, %s', async (_, query) => {
    const got = await dashboard(query)
    expect(got).toEqual(expected(got.from, got.to))
  })
})

describe('the embedded demo under its storage budget', () => {
  const NOW = Date.parse('2026-11-20T09:30:00+08:00')
  const get = (p: string, query: Record<string, string>): CoreRequest => ({ method: 'GET', path: p, query, headers: { authorization: 'Bearer op' } })

  test('DAU on every day the demo member signed in, new members in range, and 30 ≠ 90 days', async () => {
    const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => NOW, rng: seededRng(7), operatorToken: 'op', budgetBytes: EMBEDDED_STORAGE.budgetBytes })
    const today = businessDateOf(NOW)
    const from90 = addDays(today, -89)
    const answer = await backend.handle(get('/admin/metrics', { from: from90, to: today }))
    expect(answer.status).toBe(200)
    const m90 = answer.body as OperatorMetrics
    const demoId = (await backend.storage.read((s) => s.memberIdByLogin([`*:${DEMO_LOGIN_CODE}`])))!
    // The demo member's sign-ins, from their own calendar (months of the range).
    const months = new Set<string>()
    for (let d = from90; d <= today; d = addDays(d, 1)) months.add(monthOf(d))
    const signed: BusinessDate[] = []
    for (const month of months) for (const s of await backend.storage.read((x) => x.signinsOfMonth(demoId, month))) if (s.kind !== 'makeup' && s.date >= from90) signed.push(s.date)
    expect(signed.length).toBeGreaterThan(30)
    const dau = new Map(m90.dailyActive.map((d) => [d.date, d.users]))
    expect(signed.filter((d) => !(dau.get(d)! >= 1))).toEqual([])

    const members = await backend.storage.read((s) => s.memberIds())
    const profiles = await backend.storage.read((s) => s.profiles(members))
    const registeredIn = (a: BusinessDate, b: BusinessDate) =>
      Object.values(profiles).filter((p) => {
        const d = businessDateOf(parseInstant(p.registeredAt))
        return d >= a && d <= b
      }).length
    expect(m90.newMembers).toBe(registeredIn(from90, today))
    expect(m90.newMembers).toBeGreaterThanOrEqual(2)
    expect(m90.paidMemberRate.denominator).toBe(members.length)

    const m30 = (await backend.handle(get('/admin/metrics', {}))).body as OperatorMetrics
    expect(m30.newMembers).toBe(registeredIn(m30.from, m30.to))
    expect([m30.newMembers, m30.signinParticipation.denominator, m30.roi.valueFen]).not.toEqual([m90.newMembers, m90.signinParticipation.denominator, m90.roi.valueFen])
  })
})
