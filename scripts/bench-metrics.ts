/**
 * `npm run bench:metrics`: how long GET /admin/metrics takes on a large population (SPEC §2.11, issue 14: every
 * answer ≤ 1 s on 50,000 members). Prints timings; not a test.
 *
 *   --data-dir DIR   a PGlite directory already seeded (npm run seed:population) — or, without it, a population is
 *                    seeded into a temporary one first: --members 50000 --days 120 --templates 1000
 *   --now ISO        the instant the population's histories end (the seed's --now); the server's clock is pinned
 *                    there (test controls), so the dashboard's "today" is the seed's
 *   --repeat N       answers timed per range after the first (default 5); the median and the worst are printed
 *
 * The server runs as a child process (tsx server/main.ts) on the directory, like production; the first answer of
 * a range may also roll up days not rolled up yet (the seed rolls up every complete day, so normally none).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { addDays, businessDateOf } from '../src/domain/calendar'
import { hashPassword } from '../server/auth'
import { openPglite } from '../server/sql/db'
import { migrate } from '../server/sql/migrate'
import { startServerProcess } from '../tests/server/support/server-process'
import { seedPopulation } from './seed-population'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

const USER = 'bench-metrics'
const PASSWORD = 'Bench-Metrics-1!'

async function main(): Promise<void> {
  const now = Date.parse(arg('now', '2026-11-24T10:00:00+08:00'))
  const repeat = Number(arg('repeat', '5'))
  let dir = arg('data-dir', '')
  const temporary = !dir
  const db0Path = dir || (dir = mkdtempSync(path.join(os.tmpdir(), 'bench-metrics-')))
  const db = await openPglite(db0Path)
  try {
    await migrate(db)
    if (temporary) {
      const members = Number(arg('members', '50000'))
      await seedPopulation(db, { members, days: Number(arg('days', '120')), templates: Number(arg('templates', String(Math.min(members, 1000)))), now, log: (l) => console.log(l) })
    }
    const count = (await db.query<{ n: string }>('select count(*) as n from members')).rows[0].n
    const rows = (await db.query<{ n: string }>('select count(*) as n from metric_member_days')).rows[0].n
    console.log(`population: ${count} members, ${rows} member-days of activity`)
    await db.query(
      `insert into operators (operator_id, username, display_name, role, password_hash) values ('op-bench-metrics', $1, $1, 'viewer', $2)
       on conflict (operator_id) do update set password_hash = excluded.password_hash`,
      [USER, await hashPassword(PASSWORD)],
    )
  } finally {
    await db.close()
  }

  const server = await startServerProcess({ DATA_DIR: dir, MOCK_TEST_CONTROLS: '1', RATE_LIMIT_PER_IP: '1000000' }, 300_000)
  try {
    const clock = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(now).toISOString() }) })
    if (clock.status !== 200) throw new Error(`clock: ${clock.status}`)
    const login = await fetch(`${server.url}/api/v1/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}` },
      body: JSON.stringify({ username: USER, password: PASSWORD }),
    })
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`)
    const { token } = (await login.json()) as { token: string }
    const today = businessDateOf(now)
    const ranges: [string, string][] = [
      ['default (last 30 days)', ''],
      ['today', `?from=${today}&to=${today}`],
      ['last 7 days', `?from=${addDays(today, -6)}&to=${today}`],
      ['last 90 days', `?from=${addDays(today, -89)}&to=${today}`],
      ['last 120 days', `?from=${addDays(today, -119)}&to=${today}`],
      ['days −60 … −31', `?from=${addDays(today, -60)}&to=${addDays(today, -31)}`],
      ['a year', `?from=${addDays(today, -364)}&to=${today}`],
    ]
    console.log(`\nGET /admin/metrics (ms)        first   median   worst   (of ${repeat} more)`)
    let worstOfAll = 0
    for (const [name, query] of ranges) {
      const times: number[] = []
      for (let i = 0; i <= repeat; i++) {
        const t = performance.now()
        const r = await fetch(`${server.url}/api/v1/admin/metrics${query}`, { headers: { authorization: `Bearer ${token}` } })
        await r.arrayBuffer()
        if (r.status !== 200) throw new Error(`${name}: ${r.status}`)
        times.push(performance.now() - t)
      }
      const [first, ...rest] = times
      const sorted = rest.slice().sort((a, b) => a - b)
      const worst = Math.max(...times)
      worstOfAll = Math.max(worstOfAll, worst)
      console.log(`${name.padEnd(30)} ${first.toFixed(0).padStart(6)} ${sorted[Math.floor(sorted.length / 2)].toFixed(0).padStart(8)} ${worst.toFixed(0).padStart(7)}`)
    }
    const met = worstOfAll <= 1000
    console.log(`\nworst answer: ${worstOfAll.toFixed(0)} ms (goal ≤ 1000 ms: ${met ? 'met' : 'MISSED'})`)
    // A missed goal is the script's exit status too, for whoever runs it in a pipeline.
    if (!met) process.exitCode = 1
  } finally {
    await server.stop()
    if (temporary) rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
