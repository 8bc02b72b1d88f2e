/**
 * `tsx tests/server/support/pglite-query.ts <DATA_DIR>` with `{"sql": "…", "params": […]}` on stdin: runs one
 * statement on a PGlite data directory and prints its rows as JSON. PGlite cannot be loaded inside Jest's module
 * sandbox, so tests reach a server's PGlite database through this child — only while no server holds the
 * directory (its lock refuses a second process).
 */
import { openPglite } from '../../../server/sql/db'
import { childScript } from './child'

const dir = process.argv[2]
if (!dir) throw new Error('usage: pglite-query.ts <DATA_DIR> < {"sql": "...", "params": [...]}')
childScript(
  () => openPglite(dir),
  async (db, { sql, params }: { sql: string; params?: unknown[] }) => (await db.query(sql, params ?? [])).rows,
)
