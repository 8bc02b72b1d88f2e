/**
 * The database under the SQL storage: PGlite (WASM PostgreSQL in a data directory, the default) or a
 * PostgreSQL server through `pg` (`DATABASE_URL`). Both speak the same SQL; this module hides only how a
 * statement and a transaction are run, and maps driver errors onto the storage port's.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { PGlite, parse, protocol, type Results } from '@electric-sql/pglite'
import pg from 'pg'
import { RetryableConflict, StorageUnavailable, UniqueViolation } from '../core/port'
import { lockDataDir } from './data-dir-lock'

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /**
   * One transaction at a time (PGlite: one connection behind its transaction lock): nothing can come between a
   * write's reads and its commit, so it needs no row locks.
   */
  readonly serialised: boolean
  /** The PGlite instance (backups); null on PostgreSQL. */
  readonly pglite: PGlite | null
  /** Runs `work` in one transaction (READ COMMITTED; rows it changes are locked explicitly). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  /** Runs a script of statements (migrations). */
  exec(sql: string): Promise<void>
  ping(): Promise<boolean>
  close(): Promise<void>
}

/** SQLSTATEs a transaction can be retried on: serialization failure, deadlock detected. */
const RETRYABLE = new Set(['40001', '40P01'])
/** Connection-level failures: the database is not there (503, never 500); ENOENT is a Unix socket (`?host=/dir`) with no server behind it. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'ENOENT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'])

/** The port's error for a driver error (unique violation → 409, deadlock → retry, connection → 503). */
export function mapError(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string; message?: string }
  if (err?.code === '23505') return new UniqueViolation(err.constraint ?? 'unique')
  if (err?.code && RETRYABLE.has(err.code)) return new RetryableConflict(`${err.code}: ${err.message ?? ''}`)
  if (err?.code && UNAVAILABLE_CODES.has(err.code)) return new StorageUnavailable(`${err.code}: ${err.message ?? ''}`)
  // pg-pool's own refusals carry no code: a connection lost, or none free within connectionTimeoutMillis.
  if (/Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect/.test(err?.message ?? '')) {
    return new StorageUnavailable(err.message ?? 'connection lost')
  }
  return e
}

/** Statements prepared per connection at most; past it a statement runs unnamed (parsed and planned every time). */
const MAX_PREPARED = 500

/** A statement's name on a connection: the same text is the same name wherever it runs. */
const statementName = (sql: string) => `s_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`

/**
 * Statements on PGlite, prepared once and then only bound and executed. PGlite's `query()` parses, analyses and
 * plans every statement again and crosses into the WASM module six times to do it; a named statement crosses
 * once per execution and reuses its plan (PostgreSQL's plan cache: custom plans first, a generic one once it is
 * as cheap), which takes a key lookup from 0.19 to 0.04 ms. Runs under PGlite's own locks: a statement inside a
 * transaction holds the query lock (the transaction holds the other), one outside holds both, as `query()` does.
 */
function pglitePrepared(db: PGlite) {
  const { serialize } = protocol
  const statements = new Map<string, { name: string; types: number[] }>()
  // Prepared on its first run: Parse and Describe first (its parameter types decide how the values are written).
  // Past MAX_PREPARED a statement is parsed unnamed (name ''), as `query()` does, every time it runs.
  async function prepare(sql: string): Promise<{ name: string; types: number[] }> {
    const known = statements.get(sql)
    if (known) return known
    const name = statements.size < MAX_PREPARED ? statementName(sql) : ''
    const messages = await db.execProtocolStream(Buffer.concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]), { syncToFs: false })
    const prepared = { name, types: parse.parseDescribeStatementResults(messages) }
    if (name) statements.set(sql, prepared)
    return prepared
  }
  async function run<T>(sql: string, params: unknown[], inTransaction: boolean): Promise<T[]> {
    const s = await prepare(sql)
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null
      const write = db.serializers[s.types[i]]
      return write ? write(v) : String(v)
    })
    const messages = await db.execProtocolStream(
      Buffer.concat([serialize.bind({ statement: s.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
      // Outside a transaction a statement is its own: written through as `query()` does.
      { syncToFs: !inTransaction },
    )
    return (parse.parseResults(messages, db.parsers)[0] as Results<T>).rows
  }
  return {
    /** A statement of its own (no transaction is running: the transaction lock is taken, then the query lock). */
    query: <T>(sql: string, params: unknown[] = []) => db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run<T>(sql, params, false))),
    /** A statement of the running transaction (whose callback holds the transaction lock). */
    inTransaction: <T>(sql: string, params: unknown[] = []) => db._runExclusiveQuery(() => run<T>(sql, params, true)),
  }
}

export async function openPglite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true })
  const unlock = await lockDataDir(dataDir)
  let db: PGlite
  try {
    db = await PGlite.create(path.join(dataDir, 'pgdata'))
  } catch (e) {
    unlock()
    throw e
  }
  const prepared = pglitePrepared(db)
  const wrap = (run: <T>(sql: string, params?: unknown[]) => Promise<T[]>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      try {
        return { rows: await run<T>(sql, params) }
      } catch (e) {
        throw mapError(e)
      }
    },
  })
  const self = wrap(prepared.query)
  return {
    kind: 'pglite',
    serialised: true,
    pglite: db,
    query: self.query,
    async transaction(work) {
      try {
        return await db.transaction(() => work(wrap(prepared.inTransaction)))
      } catch (e) {
        throw mapError(e)
      }
    },
    exec: async (sql) => void (await db.exec(sql)),
    ping: async () => (await db.query('select 1')).rows.length === 1,
    async close() {
      await db.close()
      unlock()
    },
  }
}

/** The PGlite data directory exists already (a restore or a previous start). */
export function pgliteExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))
}

/**
 * Runs `work` holding PostgreSQL's startup lock (a session advisory lock on a connection of its own, released when
 * it closes): servers started together on an empty database take turns to migrate and fill it, and the later ones
 * find it ready. Another key than the migrations' own transaction lock, which `work` takes on the pool.
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query('select pg_advisory_lock(7070708)')
  } catch (e) {
    await client.end().catch(() => undefined)
    throw mapError(e)
  }
  try {
    return await work()
  } finally {
    await client.end().catch(() => undefined)
  }
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 })
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  // Named statements: pg prepares each once per connection, then only binds and executes it.
  const names = new Map<string, string>()
  const config = (sql: string, values?: unknown[]): pg.QueryConfig => {
    let name = names.get(sql)
    if (!name && names.size < MAX_PREPARED) names.set(sql, (name = statementName(sql)))
    return name ? { name, text: sql, values } : { text: sql, values }
  }
  const run = async <T>(q: { query: pg.Pool['query'] }, sql: string, params?: unknown[], named = true) => {
    try {
      const r = await q.query(named ? config(sql, params) : { text: sql, values: params })
      return { rows: r.rows as T[] }
    } catch (e) {
      throw mapError(e)
    }
  }
  return {
    kind: 'postgres',
    serialised: false,
    pglite: null,
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (e) {
        throw new StorageUnavailable((e as Error).message)
      }
      try {
        await client.query('begin')
        const result = await work({ query: (sql, params) => run(client, sql, params) })
        await run(client, 'commit', undefined, false)
        return result
      } catch (e) {
        await client.query('rollback').catch(() => undefined)
        throw mapError(e)
      } finally {
        client.release()
      }
    },
    exec: async (sql) => void (await run(pool, sql, undefined, false)),
    ping: async () => {
      try {
        return (await pool.query('select 1')).rows.length === 1
      } catch {
        return false
      }
    },
    close: () => pool.end(),
  }
}
