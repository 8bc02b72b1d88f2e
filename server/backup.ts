/**
 * `npm run server:backup -- FILE` / `npm run server:restore -- FILE`: a PGlite data directory to one compressed
 * archive and back (PGlite's own `dumpDataDir` / `loadDataDir`). The data directory's lock is taken, so a backup
 * waits for no one and never copies a directory a running server is changing: stop the server first. With
 * PostgreSQL use `pg_dump` / `pg_restore` (README).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { readConfig } from './config'
import { openPglite, pgliteExists } from './sql/db'

async function main(): Promise<void> {
  const [command, file] = process.argv.slice(2)
  const cfg = readConfig()
  if (cfg.databaseUrl) throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump (see the README)')
  if (!file) throw new Error(`usage: npm run server:${command ?? 'backup'} -- FILE`)
  if (command === 'backup') {
    if (!pgliteExists(cfg.dataDir)) throw new Error(`no database in ${cfg.dataDir}`)
    const db = await openPglite(cfg.dataDir)
    try {
      const archive = await db.pglite!.dumpDataDir('gzip')
      writeFileSync(file, Buffer.from(await archive.arrayBuffer()))
    } finally {
      await db.close()
    }
    console.log(`backed up ${cfg.dataDir} to ${path.resolve(file)}`)
  } else if (command === 'restore') {
    if (!existsSync(file)) throw new Error(`no such file: ${file}`)
    if (pgliteExists(cfg.dataDir)) throw new Error(`${cfg.dataDir} already holds a database: restore into an empty DATA_DIR`)
    mkdirSync(cfg.dataDir, { recursive: true })
    const archive = new Blob([readFileSync(file)])
    const db = await PGlite.create(path.join(cfg.dataDir, 'pgdata'), { loadDataDir: archive })
    await db.close()
    console.log(`restored ${path.resolve(file)} into ${cfg.dataDir}`)
  } else {
    throw new Error('usage: tsx server/backup.ts backup|restore FILE')
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
