/**
 * Numbered SQL migrations (server/sql/migrations/NNN_name.sql), the same on PGlite and PostgreSQL, applied in
 * order, each in its own transaction and recorded in `schema_migrations`. `npm run server` migrates on start;
 * `npm run server:migrate` only migrates.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Db } from './db'

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations')

export interface Migration {
  version: number
  name: string
  sql: string
}

export function migrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql: readFileSync(path.join(dir, f), 'utf8') }))
}

/** Applies the migrations not yet recorded; returns the versions applied now. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<number[]> {
  await db.exec('create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())').catch((e: unknown) => {
    throw new MigrationError('the migrations table (schema_migrations)', e)
  })
  const applied: number[] = []
  for (const m of migrations(dir)) {
    const done = await db
      .transaction(async (tx) => {
        // Two servers starting on one PostgreSQL take turns (PGlite has one connection and a locked directory).
        if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock(7070707)')
        const seen = await tx.query('select 1 from schema_migrations where version = $1', [m.version])
        if (seen.rows.length > 0) return false
        for (const statement of splitStatements(m.sql)) await tx.query(statement)
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name])
        return true
      })
      .catch((e: unknown) => {
        throw new MigrationError(`migration ${String(m.version).padStart(3, '0')}_${m.name}`, e)
      })
    if (done) applied.push(m.version)
  }
  return applied
}

/**
 * A migration that failed, named, with what PostgreSQL said — and for a role that may not create tables (42501,
 * `permission denied for schema public`) what it needs. Nothing of the migration is applied (its transaction).
 */
export class MigrationError extends Error {
  constructor(what: string, cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause)
    const denied = (cause as { code?: string } | null)?.code === '42501'
    super(
      `${what} failed: ${said}` +
        (denied ? ' — the role in DATABASE_URL must own the database (or hold CREATE on schema public) to create its tables' : ''),
    )
    this.name = 'MigrationError'
  }
}

/** The statements of a migration file (`;` at a line's end; no functions with bodies in our migrations). */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}
