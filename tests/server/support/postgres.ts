/**
 * A PostgreSQL for the server's tests (and the server benchmark), found in this order:
 *
 *   1. `DATABASE_URL` is set: that server. Each caller gets a fresh database on it (`CREATE DATABASE t_<random>`,
 *      dropped afterwards), so the URL's role needs CREATEDB. Use it to point the tests at an existing server.
 *   2. PostgreSQL's binaries are installed (`/usr/lib/postgresql/<version>/bin`, Debian's layout, or `initdb` and
 *      `pg_ctl` on PATH): a throw-away cluster in a temp directory on a free loopback port, stopped and removed
 *      afterwards. PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user.
 *   3. Neither: not available, with the reason — the PostgreSQL variants are skipped with that note in their
 *      titles (never silently), or fail when POSTGRES_REQUIRED=1 (CI installs PostgreSQL and sets it).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export type PostgresSource = { kind: 'url'; url: string } | { kind: 'binaries'; binDir: string; version: string }

export type PostgresAvailability = { available: true; source: PostgresSource; description: string } | { available: false; reason: string }

export interface PostgresDatabase {
  /** postgres://… of a database of its own. */
  url: string
  /** Where it runs (for notes and logs). */
  description: string
  /** The same database through the throw-away cluster's Unix socket (null on DATABASE_URL's server). */
  socketUrl: string | null
  /** The postmaster's pid of a throw-away cluster (null on DATABASE_URL's server): the benchmark reads its CPU time. */
  postmasterPid(): number | null
  /** Drops the database (and stops and removes a throw-away cluster). */
  stop(): Promise<void>
}

export interface ClusterOptions {
  /**
   * Trade durability against an OS crash for speed (fsync off; commits still wait for the server, so a write
   * acknowledged by the app server is in PostgreSQL — what the tests check when they kill the app server).
   * The benchmark keeps PostgreSQL's defaults.
   */
  fast?: boolean
  /** More server settings for a throw-away cluster (`name=value`), e.g. `shared_preload_libraries=pg_stat_statements`. */
  settings?: string[]
}

const SKIP_HINT = 'set DATABASE_URL to a PostgreSQL 15+ server, or install PostgreSQL (Debian: apt-get install postgresql)'

function versionOf(binDir: string): string {
  const m = /(\d+)[/\\]bin$/.exec(binDir)
  if (m) return m[1]
  const r = spawnSync(path.join(binDir, 'pg_ctl'), ['--version'], { encoding: 'utf8' })
  return /(\d+)/.exec(r.stdout ?? '')?.[1] ?? '?'
}

/** The newest PostgreSQL whose initdb, pg_ctl and postgres are installed, or null. */
export function findBinaries(): { binDir: string; version: string } | null {
  const complete = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(path.join(dir, b)))
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v) && complete(path.join(root, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions.length) return { binDir: path.join(root, versions[0], 'bin'), version: versions[0] }
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && complete(dir)) return { binDir: dir, version: versionOf(dir) }
  }
  // pg_ctl on PATH as a link into the real bin directory (the `postgres` binary itself is rarely on PATH).
  const r = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' })
  const link = r.stdout?.trim()
  if (r.status === 0 && link) {
    let real = link
    try {
      real = execFileSync('readlink', ['-f', link], { encoding: 'utf8' }).trim()
    } catch {
      // keep the link
    }
    const dir = path.dirname(real)
    if (complete(dir)) return { binDir: dir, version: versionOf(dir) }
  }
  return null
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

/** uid and gid of the `postgres` user (as root the cluster runs as it), or null. */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'))
    if (!line) return null
    const [, , uid, gid] = line.split(':')
    return { uid: Number(uid), gid: Number(gid) }
  } catch {
    return null
  }
}

/** What `startPostgres` would use, decided without starting anything (tests choose `describe` or a skip note). */
export function postgresAvailability(): PostgresAvailability {
  const url = process.env.DATABASE_URL?.trim()
  if (url) return { available: true, source: { kind: 'url', url }, description: `the PostgreSQL server at DATABASE_URL (${redact(url)})` }
  const bins = findBinaries()
  if (!bins) return { available: false, reason: `no PostgreSQL: ${SKIP_HINT}` }
  if (isRoot() && !postgresUser()) return { available: false, reason: `PostgreSQL ${bins.version} is installed but refuses to run as root, and there is no postgres user to run it as` }
  return { available: true, source: { kind: 'binaries', ...bins }, description: `a throw-away PostgreSQL ${bins.version} cluster (${bins.binDir})` }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

/**
 * The cluster's environment: the tests' own, without a preloaded libfaketime. A suite run at another date
 * (`faketime -f '@2028-02-29 …' npm test`) fakes the clocks of everything it starts, and PostgreSQL's timers
 * (deadlock_timeout, statement timeouts) then never fire: a deadlock waits for ever. The server under test reads
 * its own (pinned or faked) clock; the database needs a real one.
 */
function clusterEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  const preload = (env.LD_PRELOAD ?? '').split(/[:\s]+/).filter((lib) => lib && !/faketime/.test(lib))
  if (preload.length) env.LD_PRELOAD = preload.join(':')
  else delete env.LD_PRELOAD
  return env
}

/** Runs a PostgreSQL tool; as root, as the postgres user. */
function runTool(binDir: string, tool: string, args: string[]): void {
  const file = path.join(binDir, tool)
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: os.tmpdir(), env: clusterEnv() })
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.error?.message ?? ''}${r.stderr}${r.stdout}`)
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A fresh database on the server at `url` (dropped by `drop`). */
async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  await adminQuery(url, `create database ${name}`)
  return {
    url: withDatabase(url, name),
    // WITH (FORCE): a server killed mid-test may have left its connections behind for a moment.
    drop: () => adminQuery(url, `drop database if exists ${name} with (force)`),
  }
}

/** A throw-away cluster: initdb in a temp dir, started on a free loopback port (unix socket in the dir too). */
async function startCluster(binDir: string, version: string, options: ClusterOptions): Promise<{ url: string; dir: string; stop(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-test-'))
  const data = path.join(dir, 'data')
  if (isRoot()) {
    const user = postgresUser()!
    chownSync(dir, user.uid, user.gid)
  }
  let started = false
  // A process that dies without stopping its cluster (a crash, a watchdog) takes it down on the way out.
  const onExit = () => stop()
  const stop = () => {
    process.removeListener('exit', onExit)
    if (started) {
      try {
        runTool(binDir, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    runTool(binDir, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`, '-c max_connections=200', '-c shared_buffers=128MB']
    if (options.fast) settings.push('-c fsync=off', '-c full_page_writes=off')
    for (const setting of options.settings ?? []) settings.push(`-c ${setting}`)
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      try {
        runTool(binDir, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port} ${settings.join(' ')}`, '-w', '-t', '60', 'start'])
        started = true
        process.once('exit', onExit)
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, stop }
      } catch (e) {
        // Another process may have taken the port between the probe and the start: try another one.
        if (attempt >= 3) throw new Error(`PostgreSQL ${version} did not start: ${(e as Error).message}\n${readLog(dir)}`)
      }
    }
  } catch (e) {
    stop()
    throw e
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, 'log'), 'utf8').slice(-4000)
  } catch {
    return ''
  }
}

/** A database of its own on the PostgreSQL `postgresAvailability()` found; throws when there is none. */
export async function startPostgres(options: ClusterOptions = {}): Promise<PostgresDatabase> {
  const found = postgresAvailability()
  if (!found.available) throw new Error(found.reason)
  if (found.source.kind === 'url') {
    const db = await freshDatabase(found.source.url)
    return { url: db.url, socketUrl: null, description: found.description, postmasterPid: () => null, stop: db.drop }
  }
  const cluster = await startCluster(found.source.binDir, found.source.version, options)
  try {
    const db = await freshDatabase(cluster.url)
    const postmasterPid = () => {
      try {
        return Number(readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || null
      } catch {
        return null
      }
    }
    const tcp = new URL(db.url)
    const socketUrl = `postgres://postgres@localhost:${tcp.port}${tcp.pathname}?host=${encodeURIComponent(cluster.dir)}`
    return { url: db.url, socketUrl, description: `${found.description} in ${cluster.dir}`, postmasterPid, stop: async () => cluster.stop() }
  } catch (e) {
    cluster.stop()
    throw e
  }
}

/**
 * `describe` when PostgreSQL is available; otherwise one skipped test whose title says why — or, with
 * POSTGRES_REQUIRED=1 (CI, which installs PostgreSQL), one failing test.
 */
export function describeWithPostgres(title: string, body: () => void): void {
  const found = postgresAvailability()
  if (found.available) describe(title, body)
  else if (process.env.POSTGRES_REQUIRED === '1') {
    describe(title, () =>
      test(`${title} [PostgreSQL required (POSTGRES_REQUIRED=1)]`, () => {
        throw new Error(found.reason)
      }),
    )
  } else describe(title, () => test.skip(`${title} [skipped: ${found.reason}]`, () => undefined))
}
