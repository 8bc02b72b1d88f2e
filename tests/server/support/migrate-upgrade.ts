/**
 * An upgrade on PGlite, for tests: the migrations before `upTo` on a fresh data directory, then `setup` (the data
 * an older server left), then the rest; prints the rows of `query` as JSON. Input on stdin: {upTo, setup, query}.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openPglite } from '../../../server/sql/db'
import { migrate, MIGRATIONS_DIR } from '../../../server/sql/migrate'

async function main(): Promise<void> {
  const { upTo, setup, query } = JSON.parse(readFileSync(0, 'utf8')) as { upTo: string; setup: string; query: string }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'upgrade-'))
  try {
    const older = path.join(dir, 'older')
    mkdirSync(older)
    for (const f of readdirSync(MIGRATIONS_DIR)) if (f < upTo) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(older, f))
    const db = await openPglite(path.join(dir, 'data'))
    try {
      await migrate(db, older)
      await db.exec(setup)
      await migrate(db)
      process.stdout.write(JSON.stringify((await db.query(query)).rows))
    } finally {
      await db.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
