/**
 * `tsx tests/server/support/pglite-query.ts <DATA_DIR>` with `{"sql": "…", "params": […]}` on stdin: runs one
 * statement on a PGlite data directory and prints its rows as JSON. PGlite cannot be loaded inside Jest's module
 * sandbox, so tests reach a server's PGlite database through this child — only while no server holds the
 * directory (its lock refuses a second process).
 */
import { openPglite } from '../../../server/sql/db'

async function main(): Promise<void> {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: pglite-query.ts <DATA_DIR> < {"sql": "...", "params": [...]}')
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const { sql, params } = JSON.parse(input) as { sql: string; params?: unknown[] }
  const db = await openPglite(dir)
  try {
    const r = await db.query(sql, params ?? [])
    process.stdout.write(JSON.stringify(r.rows))
  } finally {
    await db.close()
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
