/**
 * Citus-readiness of the schema (SPEC §7 "Scale-out"), read from the catalog after `npm run server:migrate` on
 * PGlite and on PostgreSQL: every table with a `member_id` column has a primary key, and it and every unique
 * index start with `member_id` — the distribution column must lead every unique key, or Citus cannot enforce it
 * shard by shard. The only exceptions are the lookup tables below, keyed by what a client sends before the
 * member is known. Also: the migrations are recorded in `schema_migrations`, and migrating again applies nothing.
 */
import { spawn } from 'node:child_process'
import { migrations } from '../../server/sql/migrate'
import { forEachDatabase, runScript } from './support/databases'
import { ROOT } from './support/server-process'

/**
 * Tables that hold a member id but are keyed by a key the client sends, which is all a request has when it looks
 * them up (on Citus they would be reference tables or distributed by that key). Each must be keyed by exactly that
 * key, so this list cannot hide anything else.
 */
const LOOKUPS: Record<string, { key: string; why: string }> = {
  member_logins: { key: 'login_key', why: 'login: the platform identity (`wechat:<openid>`, `*:<code>`) → the member; the member is unknown until found here' },
  invite_codes: { key: 'code', why: 'invite acceptance: the code another member shared → the inviter' },
  sessions: { key: 'token_hash', why: 'every request: the bearer token (hashed) → the session, of a member or of an operator' },
  voucher_codes: { key: 'code', why: 'the counter: the code a member shows (核销码) → the redemption; the member is unknown until found here' },
  platform_sessions: { key: 'login_key', why: "WeChat's session_key by platform identity (no member_id column today; listed so one added later stays a lookup)" },
}

interface UniqueIndex {
  table_name: string
  index_name: string
  is_primary: boolean
  columns: string[]
}

interface Catalog {
  member_tables: string[]
  unique_indexes: UniqueIndex[]
  migrations: { version: number; name: string }[]
}

const CATALOG_SQL = `
  select
    (select coalesce(json_agg(table_name::text order by table_name), '[]') from information_schema.columns
      where table_schema = current_schema() and column_name = 'member_id') as member_tables,
    (select coalesce(json_agg(u order by u.table_name, u.index_name), '[]') from (
       select t.relname::text as table_name, i.relname::text as index_name, x.indisprimary as is_primary,
              (select array_agg(coalesce(a.attname::text, '(expression)') order by k.ord)
                 from unnest(x.indkey::int2[]) with ordinality as k(attnum, ord)
                 left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum) as columns
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_class i on i.oid = x.indexrelid
         join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = current_schema() and x.indisunique) u) as unique_indexes,
    (select coalesce(json_agg(json_build_object('version', version, 'name', name) order by version), '[]') from schema_migrations) as migrations`

/** `npm run server:migrate` against the database; resolves with its output. */
function migrateOnce(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'server:migrate'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`server:migrate exited ${code}:\n${out}`))))
  })
}

forEachDatabase('schema', (db) => {
  let catalog: Catalog
  const files = migrations()

  beforeAll(async () => {
    const first = await migrateOnce(db().serverEnv)
    expect(first).toContain(`applied migrations ${files.map((m) => m.version).join(', ')}`)
    catalog = (await db().query<Catalog>(CATALOG_SQL))[0]
  }, 120_000)

  test('every member table is keyed by member_id first, primary key and unique indexes alike (lookups excepted)', () => {
    const problems: string[] = []
    const memberTables = [...new Set(catalog.member_tables)]
    // Not vacuous: the member's own tables are all there.
    expect(memberTables).toEqual(expect.arrayContaining(['members', 'point_lots', 'ledger_entries', 'signins', 'coupons', 'orders', 'idempotency_keys']))
    for (const table of memberTables) {
      if (LOOKUPS[table]) continue
      const unique = catalog.unique_indexes.filter((u) => u.table_name === table)
      if (!unique.some((u) => u.is_primary)) problems.push(`${table}: no primary key`)
      for (const u of unique) {
        if (u.columns[0] !== 'member_id') problems.push(`${table}: ${u.is_primary ? 'primary key' : 'unique index'} ${u.index_name} (${u.columns.join(', ')}) does not start with member_id`)
      }
    }
    expect(problems).toEqual([])
  })

  test('the lookup tables excepted are keyed by the client-sent key, and by nothing else', () => {
    for (const [table, { key }] of Object.entries(LOOKUPS)) {
      const unique = catalog.unique_indexes.filter((u) => u.table_name === table)
      expect({ table, keys: unique.map((u) => ({ primary: u.is_primary, columns: u.columns })) }).toEqual({ table, keys: [{ primary: true, columns: [key] }] })
    }
  })

  test('the migrations are recorded; migrating again applies nothing', async () => {
    expect(catalog.migrations).toEqual(files.map((m) => ({ version: m.version, name: m.name })))
    const again = await migrateOnce(db().serverEnv)
    expect(again).toContain('the database is up to date')
    const after = (await db().query<Catalog>(CATALOG_SQL))[0]
    expect(after.migrations).toEqual(catalog.migrations)
    expect(after.unique_indexes).toEqual(catalog.unique_indexes)
  }, 120_000)
})

test('upgrading to migration 009 keeps accounts whose usernames clash in case: the oldest keeps its name, later ones get their id', async () => {
  const rows = await runScript<{ operator_id: string; username: string }[]>('tests/server/support/migrate-upgrade.ts', {
    upTo: '009',
    setup: `insert into operators (operator_id, username, display_name, role, password_hash, created_at) values
      ('op-1', 'alice', 'A', 'admin', 'x', '2026-01-01'), ('op-2', 'Alice', 'B', 'viewer', 'x', '2026-02-01'),
      ('op-3', 'ALICE', 'C', 'viewer', 'x', '2026-03-01'), ('op-4', 'bob', 'D', 'viewer', 'x', '2026-01-01')`,
    query: 'select operator_id, username from operators order by operator_id',
  })
  expect(rows).toEqual([
    { operator_id: 'op-1', username: 'alice' },
    { operator_id: 'op-2', username: 'Alice.op-2' },
    { operator_id: 'op-3', username: 'ALICE.op-3' },
    { operator_id: 'op-4', username: 'bob' },
  ])
}, 60_000)

test('upgrading to migration 019 turns the stock rows left into stock given out, against the rules in force', async () => {
  const rules = (items: number, prize: number) =>
    JSON.stringify({ mall: { items: [{ id: 'rw-a', initialStock: items }] }, campaigns: [{ id: 'c-1', lottery: { prizes: [{ id: 'p-1', stock: prize }, { id: 'p-2', stock: null }] } }, { id: 'c-2' }] })
  const rows = await runScript<{ id: string; taken: number }[]>('tests/server/support/migrate-upgrade.ts', {
    upTo: '019',
    setup: `insert into rules_versions (version_no, document, note, created_by, created_at, effective_at, cancelled_at) values
      (1, '${rules(100, 10)}', 'v1', 'system', '2026-01-01', '2026-01-01', null),
      (2, '${rules(200, 20)}', 'v2', 'op', '2026-02-01', '2026-02-01', null),
      (3, '${rules(999, 99)}', 'cancelled', 'op', '2026-03-01', '2026-03-01', '2026-03-02'),
      (4, '${rules(888, 88)}', 'scheduled', 'op', '2026-03-01', '2999-01-01', null);
      insert into reward_stock (reward_id, remaining) values ('rw-a', 150), ('rw-gone', 3);
      insert into prize_stock (campaign_id, prize_id, remaining) values ('c-1', 'p-1', 15), ('c-9', 'p-1', 4)`,
    query: `select reward_id as id, taken from reward_stock union all select campaign_id || '/' || prize_id, taken from prize_stock order by id`,
  })
  // Version 2 is in force (3 was cancelled, 4 is not yet): 200 − 150 and 20 − 15 given out; a row its rules no longer
  // name keeps 0 (nothing to count against).
  expect(rows).toEqual([
    { id: 'c-1/p-1', taken: 5 },
    { id: 'c-9/p-1', taken: 0 },
    { id: 'rw-a', taken: 50 },
    { id: 'rw-gone', taken: 0 },
  ])
}, 60_000)

forEachDatabase(
  'a database role that may not create tables',
  (db) => {
    test('server:migrate names the migration that failed and says what the role needs; nothing of it is applied', async () => {
      await db().query('create role limited_app login')
      const url = new URL(db().serverEnv.DATABASE_URL)
      url.username = 'limited_app'
      url.password = ''
      const failed = await migrateOnce({ DATABASE_URL: url.toString() }).then(
        () => 'applied',
        (e: Error) => e.message,
      )
      expect(failed).toMatch(/failed: permission denied for schema public — the role in DATABASE_URL must own the database \(or hold CREATE on schema public\)/)
      expect(await db().query("select 1 from information_schema.tables where table_schema = 'public' and table_name = 'members'")).toEqual([])
    }, 120_000)
  },
  ['postgres'],
)
