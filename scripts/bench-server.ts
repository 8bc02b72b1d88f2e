/**
 * `npm run bench:server`: the production server's figures of SPEC §6, on PGlite and (when one is available, see
 * tests/server/support/postgres.ts) PostgreSQL. Prints figures; not a test (it takes minutes and needs a quiet
 * machine). Options: `--sizes 1000,100000` `--seconds 25` `--warmup 5` `--clients 20` `--db pglite,postgres`
 * `--templates 250` `--rounds 40`.
 *
 * For each database:
 *   1. A population is played in memory through the core's use cases (scripts/bench-population.ts), bulk-loaded,
 *      and cloned in SQL up to the first size (1,000 members); the server (a child process, test controls on for
 *      the clock) is started on it.
 *   2. Throughput: `--clients` concurrent clients, each repeating login + sign-in + ledger read (first page) for
 *      a member of its own, `--warmup` s then `--seconds` s measured. A member signs in once per business day: when
 *      every member has signed in, the clients wait for the last iteration to finish and the clock moves on a day
 *      (POST /__mock/clock), so the 1,000-member run walks through several days.
 *   3. Cost vs history: one client, sign-ins of a member with ≥ 10,000 ledger entries (spender: pays with points,
 *      few live lots; hoarder: never spends, every lot of a year live) and of a new member, one per day for
 *      `--rounds` days (after 5 warm-up days), medians compared.
 *   4. The population is cloned up to the next size (100,000) and 2–3 run again.
 * The server process, the clients and (PostgreSQL) the database share the machine's cores.
 */
import http from 'node:http'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defaultRules } from '../mock/seed'
import { bulkLoad } from '../server/sql/bulk-load'
import { openPglite, openPostgres, type Db } from '../server/sql/db'
import { migrate } from '../server/sql/migrate'
import { postgresAvailability, startPostgres, type PostgresDatabase } from '../tests/server/support/postgres'
import { startServerProcess, type ServerProcess } from '../tests/server/support/server-process'
import { cloneMembers, playPopulation, type Population } from './bench-population'

const DAY = 86_400_000
/** The instant the played histories end at: a Tuesday, 10:00 in Shanghai. The server's clock starts here. */
const T0 = Date.parse('2026-11-24T10:00:00+08:00')

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}

const SIZES = arg('sizes', '1000,100000').split(',').map(Number)
const SECONDS = Number(arg('seconds', '25'))
const WARMUP = Number(arg('warmup', '5'))
const CLIENTS = Number(arg('clients', '20'))
const DATABASES = arg('db', 'pglite,postgres').split(',')
const TEMPLATES = Number(arg('templates', '250'))
const ROUNDS = Number(arg('rounds', '40'))
const LONG_DAYS = Number(arg('long-days', '1750'))
const HORIZON_DAYS = 90

const GOALS = { pglite: 150, postgres: 400, p99: 100, scale: 0.8, history: 1.5 }

// ───────────────────────────── HTTP client ─────────────────────────────

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 4 })

interface Answer {
  status: number
  body: unknown
}

function request(base: string, method: 'GET' | 'POST', p: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(`${base}${p}`, { method, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let parsed: unknown = text
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          // kept as text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(data)
  })
}

let keyCounter = 0
const idemKey = () => `bench-${process.pid}-${++keyCounter}-${Math.random().toString(36).slice(2)}`

async function login(api: string, code: string): Promise<string> {
  const r = await request(api, 'POST', '/auth/login', {}, { platform: 'h5', code })
  if (r.status !== 200) throw new Error(`login ${code}: ${r.status} ${JSON.stringify(r.body)}`)
  return (r.body as { token: string }).token
}

async function setClock(root: string, at: number): Promise<void> {
  const r = await request(root, 'POST', '/__mock/clock', {}, { now: new Date(at).toISOString() })
  if (r.status !== 200) throw new Error(`clock: ${r.status}`)
}

// ───────────────────────────── CPU time (Linux /proc) ─────────────────────────────

const TICKS_PER_SECOND = 100

function statOf(pid: number): { ppid: number; ticks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // After the command name (which may hold spaces) in parentheses: state, ppid, …, utime (14th), stime (15th).
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }
  } catch {
    return null
  }
}

/** CPU ticks of every live process in the trees under `roots`, by pid. */
function treeTicks(roots: number[]): Map<number, number> {
  const out = new Map<number, number>()
  if (roots.length === 0) return out
  const parent = new Map<number, { ppid: number; ticks: number }>()
  let pids: string[] = []
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return out
  }
  for (const d of pids) {
    const st = statOf(Number(d))
    if (st) parent.set(Number(d), st)
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; hops++) {
      if (roots.includes(p)) return true
      p = parent.get(p)?.ppid ?? 0
    }
    return false
  }
  for (const [pid, st] of parent) if (inTree(pid)) out.set(pid, st.ticks)
  return out
}

/** CPU milliseconds spent between two snapshots (processes that started in between count whole). */
function cpuMsBetween(a: Map<number, number>, b: Map<number, number>): number {
  let ticks = 0
  for (const [pid, t] of b) ticks += t - (a.get(pid) ?? 0)
  return (ticks * 1000) / TICKS_PER_SECOND
}

// ───────────────────────────── figures ─────────────────────────────

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50)
const ms = (x: number) => `${x.toFixed(1)} ms`

interface Throughput {
  signinsPerSecond: number
  signinP50: number
  signinP99: number
  iterationP50: number
  iterationP99: number
  loginP50: number
  ledgerP50: number
  days: number
  errors: Record<string, number>
  /** Iterations run (warm-up included): what the database's statement counters saw. */
  iterations: number
  /** CPU milliseconds per measured iteration (login + sign-in + ledger read): server process, database, clients. */
  cpu: { server: number; database: number | null; clients: number }
}

interface History {
  newMedian: number
  spenderMedian: number
  hoarderMedian: number
  spenderEntries: number
  hoarderEntries: number
  spenderLots: number
  hoarderLots: number
}

function shuffle<T>(xs: T[]): T[] {
  const a = [...xs]
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

/** The clock, in days after T0 (every day one sign-in per member). */
class Clock {
  day = 0
  constructor(private readonly root: string) {}
  async next(): Promise<void> {
    this.day++
    await setClock(this.root, T0 + this.day * DAY)
  }
  pin = () => setClock(this.root, T0 + this.day * DAY)
}

async function throughput(server: ServerProcess, clock: Clock, members: number[], databaseRoots: number[] | null): Promise<Throughput> {
  const api = `${server.url}/api/v1`
  let queue = shuffle(members)
  let next = 0
  let inflight = 0
  let rollover: Promise<void> | null = null
  const started = Date.now()
  const measureFrom = started + WARMUP * 1000
  const measureTo = measureFrom + SECONDS * 1000
  const signins: number[] = []
  const iterations: number[] = []
  const logins: number[] = []
  const ledgers: number[] = []
  let iterationsRun = 0
  const errors: Record<string, number> = {}
  const days = clock.day
  // CPU snapshots at the edges of the measured window (the server's process group; the database's processes).
  const serverRoots = [server.child.pid!]
  const snapshot = () => ({ server: treeTicks(serverRoots), database: databaseRoots ? treeTicks(databaseRoots) : null, clients: process.cpuUsage() })
  let first: ReturnType<typeof snapshot> | null = null
  let last: ReturnType<typeof snapshot> | null = null
  const t1 = setTimeout(() => (first = snapshot()), measureFrom - Date.now())
  const t2 = setTimeout(() => (last = snapshot()), measureTo - Date.now())
  const fail = (what: string, r: Answer) => {
    const k = `${what} ${r.status} ${(r.body as { error?: { code?: string } })?.error?.code ?? ''}`
    errors[k] = (errors[k] ?? 0) + 1
  }

  async function client(): Promise<void> {
    while (Date.now() < measureTo) {
      if (next >= queue.length) {
        // Everyone has signed in today: the last iterations finish, then the clock moves to the next day.
        rollover ??= (async () => {
          while (inflight > 0) await new Promise((r) => setTimeout(r, 1))
          await clock.next()
          queue = shuffle(members)
          next = 0
        })().finally(() => (rollover = null))
        await rollover
        continue
      }
      const n = queue[next++]
      inflight++
      try {
        const t0 = performance.now()
        const lr = await request(api, 'POST', '/auth/login', {}, { platform: 'h5', code: `bench-${n}` })
        const t1 = performance.now()
        if (lr.status !== 200) {
          fail('login', lr)
          continue
        }
        const auth = { authorization: `Bearer ${(lr.body as { token: string }).token}` }
        const sr = await request(api, 'POST', '/signin', { ...auth, 'idempotency-key': idemKey() }, {})
        const t2 = performance.now()
        if (sr.status !== 200) fail('signin', sr)
        const gr = await request(api, 'GET', '/points/ledger?limit=20', auth)
        const t3 = performance.now()
        if (gr.status !== 200) fail('ledger', gr)
        const end = Date.now()
        iterationsRun++
        if (end >= measureFrom && end < measureTo && sr.status === 200) {
          signins.push(t2 - t1)
          iterations.push(t3 - t0)
          logins.push(t1 - t0)
          ledgers.push(t3 - t2)
        }
      } finally {
        inflight--
      }
    }
  }

  await Promise.all(Array.from({ length: CLIENTS }, client))
  clearTimeout(t1)
  clearTimeout(t2)
  const a = first as ReturnType<typeof snapshot> | null
  const b = (last as ReturnType<typeof snapshot> | null) ?? snapshot()
  const per = (x: number) => x / Math.max(1, signins.length)
  const cpu = {
    server: a ? per(cpuMsBetween(a.server, b.server)) : NaN,
    database: a && a.database && b.database ? per(cpuMsBetween(a.database, b.database)) : null,
    clients: a ? per((b.clients.user - a.clients.user + b.clients.system - a.clients.system) / 1000) : NaN,
  }
  const s = [...signins].sort((a, b) => a - b)
  const it = [...iterations].sort((a, b) => a - b)
  return {
    signinsPerSecond: signins.length / SECONDS,
    signinP50: percentile(s, 50),
    signinP99: percentile(s, 99),
    iterationP50: percentile(it, 50),
    iterationP99: percentile(it, 99),
    loginP50: median(logins),
    ledgerP50: median(ledgers),
    days: clock.day - days + 1,
    errors,
    iterations: iterationsRun,
    cpu,
  }
}

interface LongCounts {
  spenderEntries: number
  hoarderEntries: number
  spenderLots: number
  hoarderLots: number
}

/** Ledger entries and live lots of the long-history members, as seeded (read before the server holds the database). */
async function longCounts(db: Db, pop: Population): Promise<LongCounts> {
  const q = async (sql: string, id: number) => Number((await db.query<{ n: string }>(sql, [`mbr-${id}`])).rows[0].n)
  const entries = 'select count(*) as n from ledger_entries where member_id = $1'
  const lots = 'select count(*) as n from point_lots where member_id = $1 and remaining > 0'
  return { spenderEntries: await q(entries, pop.long.spender), hoarderEntries: await q(entries, pop.long.hoarder), spenderLots: await q(lots, pop.long.spender), hoarderLots: await q(lots, pop.long.hoarder) }
}

/** Sign-in latency of the long-history members vs a new member: one client, one sign-in each per day. */
async function historyCost(server: ServerProcess, clock: Clock, pop: Population, counts: LongCounts): Promise<History> {
  const api = `${server.url}/api/v1`
  const fresh = `bench-new-${process.pid}-${clock.day}`
  const samples: Record<'new' | 'spender' | 'hoarder', number[]> = { new: [], spender: [], hoarder: [] }
  const codes = { new: fresh, spender: `bench-${pop.long.spender}`, hoarder: `bench-${pop.long.hoarder}` }
  const order: (keyof typeof codes)[] = ['new', 'spender', 'hoarder']
  const WARM = 5
  for (let round = 0; round < ROUNDS + WARM; round++) {
    await clock.next()
    // Logged in first (a session lasts 30 days; the first write of a day also trims the working set), not timed.
    const tokens = Object.fromEntries(await Promise.all(order.map(async (who) => [who, await login(api, codes[who])]))) as Record<keyof typeof codes, string>
    const turn = [...order.slice(round % 3), ...order.slice(0, round % 3)]
    for (const who of turn) {
      const t0 = performance.now()
      const r = await request(api, 'POST', '/signin', { authorization: `Bearer ${tokens[who]}`, 'idempotency-key': idemKey() }, {})
      const t = performance.now() - t0
      if (r.status !== 200) throw new Error(`sign-in of ${who}: ${r.status} ${JSON.stringify(r.body)}`)
      if (round >= WARM) samples[who].push(t)
    }
  }
  return { newMedian: median(samples.new), spenderMedian: median(samples.spender), hoarderMedian: median(samples.hoarder), ...counts }
}

// ───────────────────────────── databases ─────────────────────────────

interface Target {
  kind: 'pglite' | 'postgres'
  label: string
  serverEnv: Record<string, string>
  open(): Promise<Db>
  /** Pids of the database's own processes (PostgreSQL's postmaster); [] when it runs inside the server (PGlite). */
  databaseRoots(): number[] | null
  /** Statements per sign-in etc. (PostgreSQL with pg_stat_statements). */
  statements?(iterations: number): Promise<string | null>
  resetStatements?(): Promise<void>
  dispose(): Promise<void>
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'))
  return {
    kind: 'pglite',
    label: 'PGlite',
    serverEnv: { DATA_DIR: dir },
    open: () => openPglite(dir),
    databaseRoots: () => [],
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

async function postgresTarget(): Promise<Target> {
  const pg: PostgresDatabase = await startPostgres({ settings: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] })
  const open = () => openPostgres(pg.url, 2)
  const withDb = async <T>(fn: (d: Db) => Promise<T>): Promise<T> => {
    const d = await open()
    try {
      return await fn(d)
    } finally {
      await d.close()
    }
  }
  let statsOk = await withDb(async (d) => {
    try {
      await d.query('create extension if not exists pg_stat_statements')
      await d.query('select pg_stat_statements_reset()')
      return true
    } catch {
      return false
    }
  })
  return {
    kind: 'postgres',
    label: `PostgreSQL (${pg.description})`,
    serverEnv: { DATABASE_URL: pg.url },
    open,
    databaseRoots: () => {
      const pid = pg.postmasterPid()
      return pid ? [pid] : null
    },
    resetStatements: async () => {
      if (statsOk) await withDb((d) => d.query('select pg_stat_statements_reset()')).catch(() => (statsOk = false))
    },
    statements: async (iterations) => {
      if (!statsOk) return null
      const total = await withDb((d) =>
        d.query<{ calls: string; total: number }>(
          `select sum(calls) as calls, sum(total_exec_time) as total from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`,
        ),
      )
      const all = total.rows[0]
      const rows = await withDb((d) =>
        d.query<{ calls: string; total: number; mean: number; query: string }>(
          `select calls, total_exec_time as total, mean_exec_time as mean, regexp_replace(query, '\\s+', ' ', 'g') as query from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit 12`,
        ),
      )
      const head = `    ${(Number(all.calls) / iterations).toFixed(1)} statements per iteration (begin/commit included), ${(all.total / iterations).toFixed(2)} ms of their execution; the most expensive:\n`
      return head + rows.rows.map((r) => `    ${String(r.calls).padStart(8)} calls  ${r.total.toFixed(0).padStart(7)} ms  ${r.mean.toFixed(3)} ms/call  ${r.query.slice(0, 110)}`).join('\n')
    },
    dispose: () => pg.stop(),
  }
}

// ───────────────────────────── the run ─────────────────────────────

interface SizeResult {
  size: number
  run: Throughput
  history: History
  seedSeconds: number
}

async function seed(target: Target, pop: Population, from: number, to: number): Promise<{ seconds: number; counts: LongCounts }> {
  const t0 = Date.now()
  const db = await target.open()
  try {
    if (from === 0) {
      await migrate(db)
      await bulkLoad(db, pop.storage)
      from = pop.templates.first + pop.templates.count
    }
    // Regular members are 3..: the two long-history members, registered first, are 1 and 2.
    const last = to + 2
    let shown = 0
    await cloneMembers(db, pop.templates, from, last, (done) => {
      if (done - shown >= 20_000) {
        shown = done
        process.stdout.write(`    cloned ${done} members…\n`)
      }
    })
    // Members registered during the run (the new member of the history test) are numbered far above any clone.
    await db.query("select setval('member_numbers', greatest((select last_value from member_numbers), 10000000))")
    await db.exec('analyze')
    return { seconds: (Date.now() - t0) / 1000, counts: await longCounts(db, pop) }
  } finally {
    await db.close()
  }
}

function startServer(target: Target): Promise<ServerProcess> {
  return startServerProcess({ ...target.serverEnv, MOCK_TEST_CONTROLS: '1', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_MEMBER: '1000000', RATE_LIMIT_PER_OPERATOR: '1000000', RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '1000000', LOG_LEVEL: 'warn' }, 300_000)
}

async function benchTarget(target: Target, pop: Population): Promise<SizeResult[]> {
  const results: SizeResult[] = []
  let seeded = 0
  let day = 0
  for (const size of SIZES) {
    console.log(`\n  ${target.label}: seeding ${size.toLocaleString('en')} members…`)
    const { seconds: seedSeconds, counts } = await seed(target, pop, seeded === 0 ? 0 : seeded + 3, size)
    seeded = size
    console.log(`  seeded in ${seedSeconds.toFixed(0)} s`)
    const server = await startServer(target)
    try {
      const clock = new Clock(server.url)
      clock.day = day
      await clock.pin()
      const members = Array.from({ length: size }, (_, i) => pop.templates.first + i)
      await target.resetStatements?.()
      const run = await throughput(server, clock, members, target.databaseRoots())
      const stats = await target.statements?.(run.iterations)
      console.log(
        `  ${size.toLocaleString('en')} members: ${run.signinsPerSecond.toFixed(0)} sign-ins/s over ${SECONDS} s (${run.days} day${run.days > 1 ? 's' : ''}); sign-in p50 ${ms(run.signinP50)}, p99 ${ms(run.signinP99)}; login + sign-in + ledger p50 ${ms(run.iterationP50)}, p99 ${ms(run.iterationP99)} (login p50 ${ms(run.loginP50)}, ledger p50 ${ms(run.ledgerP50)})`,
      )
      if (Object.keys(run.errors).length) console.log(`  errors: ${JSON.stringify(run.errors)}`)
      const cpuTotal = run.cpu.server + (run.cpu.database ?? 0) + run.cpu.clients
      console.log(
        `  CPU per iteration: server ${ms(run.cpu.server)}${target.kind === 'pglite' ? ' (PGlite runs inside it)' : `, PostgreSQL ${run.cpu.database === null ? 'not measured' : ms(run.cpu.database)}`}, clients ${ms(run.cpu.clients)} = ${ms(cpuTotal)} → at most ${((os.cpus().length * 1000) / cpuTotal).toFixed(0)}/s on ${os.cpus().length} idle cores${target.kind === 'pglite' ? `, ${(1000 / run.cpu.server).toFixed(0)}/s for PGlite's one thread` : ''}; load average now ${os.loadavg()[0].toFixed(1)}`,
      )
      if (stats) console.log(`  statements during the run (pg_stat_statements):\n${stats}`)
      const history = await historyCost(server, clock, pop, counts)
      console.log(
        `  sign-in, one client: new member ${ms(history.newMedian)}; ${history.spenderEntries.toLocaleString('en')}-entry spender (${history.spenderLots} live lots) ${ms(history.spenderMedian)} (×${(history.spenderMedian / history.newMedian).toFixed(2)}); ${history.hoarderEntries.toLocaleString('en')}-entry hoarder (${history.hoarderLots.toLocaleString('en')} live lots) ${ms(history.hoarderMedian)} (×${(history.hoarderMedian / history.newMedian).toFixed(2)})`,
      )
      day = clock.day
      results.push({ size, run, history, seedSeconds })
    } finally {
      await server.stop()
    }
  }
  return results
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED'
}

async function main(): Promise<void> {
  const cpus = os.cpus()
  console.log(`bench:server — ${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`)
  console.log(`${CLIENTS} clients, ${WARMUP} s warm-up + ${SECONDS} s, sizes ${SIZES.join(', ')}; templates ${TEMPLATES} over ${HORIZON_DAYS} days, long histories over ${LONG_DAYS} days`)
  const t0 = Date.now()
  const rules = defaultRules(T0)
  const pop = await playPopulation({ now: T0, rules, templates: TEMPLATES, horizonDays: HORIZON_DAYS, longDays: LONG_DAYS })
  console.log(`played ${pop.writes.toLocaleString('en')} writes in memory in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  const summary: { label: string; kind: Target['kind']; results: SizeResult[] }[] = []
  for (const kind of DATABASES) {
    if (kind === 'postgres') {
      const found = postgresAvailability()
      if (!found.available) {
        console.log(`\nPostgreSQL: skipped — ${found.reason}`)
        continue
      }
    }
    const target = kind === 'postgres' ? await postgresTarget() : await pgliteTarget()
    try {
      summary.push({ label: target.label, kind: target.kind, results: await benchTarget(target, pop) })
    } finally {
      await target.dispose()
    }
  }

  console.log('\nSPEC §6 goals')
  for (const { label, kind, results } of summary) {
    const goal = kind === 'pglite' ? GOALS.pglite : GOALS.postgres
    console.log(`  ${label}`)
    for (const r of results) {
      console.log(
        `    ${r.size.toLocaleString('en').padStart(7)} members: ${r.run.signinsPerSecond.toFixed(0).padStart(4)} sign-ins/s (goal ≥ ${goal}: ${verdict(r.run.signinsPerSecond >= goal)}), sign-in p99 ${ms(r.run.signinP99)} (goal ≤ ${GOALS.p99} ms: ${verdict(r.run.signinP99 <= GOALS.p99)})`,
      )
    }
    if (results.length > 1) {
      const ratio = results.at(-1)!.run.signinsPerSecond / results[0].run.signinsPerSecond
      console.log(`    ${results.at(-1)!.size.toLocaleString('en')} vs ${results[0].size.toLocaleString('en')} members: ${(ratio * 100).toFixed(0)}% of the throughput (goal ≥ 80%: ${verdict(ratio >= GOALS.scale)})`)
    }
    for (const r of results) {
      const h = r.history
      const ratio = h.spenderMedian / h.newMedian
      console.log(
        `    long history at ${r.size.toLocaleString('en')} members: ${h.spenderEntries.toLocaleString('en')} entries ×${ratio.toFixed(2)} a new member (goal ≤ ×${GOALS.history}: ${verdict(ratio <= GOALS.history)}); the hoarder with ${h.hoarderLots.toLocaleString('en')} live lots ×${(h.hoarderMedian / h.newMedian).toFixed(2)}`,
      )
    }
  }
  console.log(`\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s`)
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
