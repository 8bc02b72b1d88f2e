import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import path from 'node:path'
import type { Persistence } from './backend'

/**
 * The HTTP server's state in one JSON file, written atomically: a temp file is written and fsynced, renamed
 * over the old one, and the directory fsynced — so an acknowledged write survives `kill -9`, and a crash
 * mid-write leaves the previous file intact. Node only (never bundled into the app).
 */
export function filePersistence<Db>(file: string): Persistence<Db> {
  return {
    async load() {
      if (!existsSync(file)) return null
      return JSON.parse(readFileSync(file, 'utf8')) as Db
    },
    async save(db) {
      const tmp = `${file}.${process.pid}.tmp`
      const fd = openSync(tmp, 'w')
      try {
        writeSync(fd, JSON.stringify(db))
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      renameSync(tmp, file)
      const dir = openSync(path.dirname(file), 'r')
      try {
        fsyncSync(dir)
      } finally {
        closeSync(dir)
      }
    },
  }
}
