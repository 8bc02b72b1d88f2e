/**
 * The two databases the production server runs on, as test fixtures: PGlite in a temp data directory (always),
 * and PostgreSQL (a database of its own on DATABASE_URL's server, or a throw-away cluster — see postgres.ts;
 * skipped with a note when there is none). `forEachDatabase` declares a test block once per database.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { describeWithPostgres, startPostgres } from './postgres'
import { ROOT } from './server-process'

export type DatabaseKind = 'pglite' | 'postgres'

export interface TestDatabase {
  kind: DatabaseKind
  /** `PGlite` or `PostgreSQL`. */
  label: string
  /** What the server process needs to open it: DATA_DIR or DATABASE_URL. */
  serverEnv: Record<string, string>
  /** PGlite's data directory (null on PostgreSQL). */
  dataDir: string | null
  /** One statement straight on the database. PGlite: only while no server process holds the directory. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  dispose(): Promise<void>
}

/**
 * Runs a TypeScript script of the repository in a child process (PGlite cannot load inside Jest) with `input` as
 * JSON on its stdin, and answers what it prints on stdout, parsed as JSON.
 */
export function runScript<T>(script: string, input: unknown, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), script, ...(options.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} failed (${code}): ${err}`))
      else resolve(JSON.parse(out) as T)
    })
    child.stdin.end(JSON.stringify(input))
  })
}

/** Runs tests/server/support/pglite-query.ts on a data directory. */
function pgliteQuery<T>(dataDir: string, sql: string, params: unknown[]): Promise<T[]> {
  return runScript<T[]>('tests/server/support/pglite-query.ts', { sql, params }, { args: [dataDir] })
}

export async function pgliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'server-pglite-'))
  return {
    kind: 'pglite',
    label: 'PGlite',
    serverEnv: { DATA_DIR: dir },
    dataDir: dir,
    query: (sql, params = []) => pgliteQuery(dir, sql, params),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

export async function postgresDatabase(): Promise<TestDatabase> {
  const found = await startPostgres({ fast: true })
  return {
    kind: 'postgres',
    label: 'PostgreSQL',
    serverEnv: { DATABASE_URL: found.url },
    dataDir: null,
    async query<T>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: found.url })
      await client.connect()
      try {
        return (await client.query(sql, params)).rows as T[]
      } finally {
        await client.end()
      }
    },
    dispose: () => found.stop(),
  }
}

/**
 * `body` declared once on PGlite and once on PostgreSQL (skipped with a note when none is available). The
 * database is created in a beforeAll of the block (before the body's) and disposed of after the body's afterAll
 * hooks; `db()` returns it.
 */
export function forEachDatabase(title: string, body: (db: () => TestDatabase) => void, kinds: DatabaseKind[] = ['pglite', 'postgres']): void {
  for (const kind of kinds) {
    const declare = kind === 'postgres' ? describeWithPostgres : describe
    declare(`${title} (${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'})`, () => {
      let current: TestDatabase | null = null
      beforeAll(async () => {
        current = kind === 'postgres' ? await postgresDatabase() : await pgliteDatabase()
      }, 60_000)
      body(() => {
        if (!current) throw new Error('the database was not set up')
        return current
      })
      // Declared after the body's hooks: Jest runs afterAll hooks in declaration order, so the body's own (stopping
      // its server) run before the database goes.
      afterAll(async () => {
        await current?.dispose()
      })
    })
  }
}
