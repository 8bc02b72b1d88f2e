/**
 * The mock server's documents on disk (Node only, never bundled into the app): a snapshot file plus an
 * append-only journal. A commit appends one line with the changed documents and fsyncs it before the write is
 * acknowledged, so it survives `kill -9`; a line cut short by a crash was never acknowledged and is ignored.
 * When the journal outgrows the snapshot it is folded into a new snapshot (temp file, fsync, rename).
 * A commit costs what it changed, not the size of the whole state.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync, ftruncateSync } from 'node:fs'
import path from 'node:path'
import type { KvPersistence } from './kv-storage'

const MIN_COMPACT_BYTES = 4 * 1024 * 1024

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export function filePersistence(file: string): KvPersistence {
  const journal = `${file}.journal`
  const state = new Map<string, string>()
  let journalFd: number | null = null
  let journalBytes = 0
  let snapshotBytes = 0

  function writeSnapshot(): void {
    const tmp = `${file}.${process.pid}.tmp`
    const text = JSON.stringify([...state])
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
    fsyncDir(path.dirname(file))
    snapshotBytes = text.length
  }

  function openJournal(truncate: boolean): void {
    journalFd ??= openSync(journal, 'a+')
    if (truncate) {
      ftruncateSync(journalFd, 0)
      fsyncSync(journalFd)
      journalBytes = 0
    }
  }

  return {
    async load() {
      state.clear()
      if (existsSync(file)) {
        const text = readFileSync(file, 'utf8')
        snapshotBytes = text.length
        for (const [k, v] of JSON.parse(text) as [string, string][]) state.set(k, v)
      }
      if (existsSync(journal)) {
        const lines = readFileSync(journal, 'utf8').split('\n')
        for (const line of lines) {
          if (!line) continue
          let changes: [string, string | null][]
          try {
            changes = JSON.parse(line) as [string, string | null][]
          } catch {
            break // the line a crash cut short: never acknowledged
          }
          for (const [k, v] of changes) {
            if (v === null) state.delete(k)
            else state.set(k, v)
          }
        }
        journalBytes = statSync(journal).size
      }
      if (state.size === 0) return null
      // Start from a clean pair: the replayed journal becomes the snapshot.
      if (journalBytes > 0) {
        writeSnapshot()
        openJournal(true)
      }
      return new Map(state)
    },
    async commit(changes) {
      for (const [k, v] of changes) {
        if (v === null) state.delete(k)
        else state.set(k, v)
      }
      if (journalFd === null && !existsSync(file)) {
        writeSnapshot()
        openJournal(true)
        return
      }
      openJournal(false)
      const line = `${JSON.stringify([...changes])}\n`
      writeSync(journalFd!, line)
      fsyncSync(journalFd!)
      journalBytes += line.length
      if (journalBytes > Math.max(MIN_COMPACT_BYTES, 2 * snapshotBytes)) {
        writeSnapshot()
        openJournal(true)
      }
    },
  }
}
