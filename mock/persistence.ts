import type { Persistence } from './backend'

/** Keeps the state in memory only (tests, and the in-process backend when told not to persist). */
export function memoryPersistence<Db>(initial: Db | null = null): Persistence<Db> {
  let saved = initial === null ? null : JSON.stringify(initial)
  return {
    load: async () => (saved === null ? null : (JSON.parse(saved) as Db)),
    save: async (db) => {
      saved = JSON.stringify(db)
    },
  }
}

/** The string key/value storage the app hands over (Taro storage through src/platform). */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface StoragePersistenceOptions<Db> {
  prefix?: string
  /** Largest value written under one key (Alipay refuses more than 200 KB per key). */
  chunkBytes?: number
  /**
   * Budget of all chunks at any moment (WeChat allows 10 MB, we keep to 1 MB). A save writes the new generation
   * before it removes the old one, so the state itself may take at most half of this.
   */
  totalBytes?: number
  /** Shrinks the state (drops old ledger pages, events…) when it would not fit `totalBytes`. */
  compact?: (db: Db, targetBytes: number) => Db
}

function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3
  }
  return n
}

/** Split by UTF-16 length, leaving room for 3-byte characters so every chunk stays under `chunkBytes`. */
function split(text: string, chunkBytes: number): string[] {
  const chunkChars = Math.floor(chunkBytes / 3)
  const out: string[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(text.length, start + chunkChars)
    const last = text.charCodeAt(end - 1)
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end-- // never split a surrogate pair
    out.push(text.slice(start, end))
    start = end
  }
  return out
}

/**
 * The state of the embedded backend in the app's storage: JSON split into chunks under 200 KB, written
 * under a fresh generation and committed by rewriting one small meta key, so a crash mid-save leaves the
 * previous generation intact. Both generations exist for a moment, so a state over half the total budget is
 * shrunk by `compact` first.
 */
export function storagePersistence<Db>(storage: KeyValueStore, options: StoragePersistenceOptions<Db> = {}): Persistence<Db> {
  const prefix = options.prefix ?? 'mock-db'
  const chunkBytes = options.chunkBytes ?? 180 * 1024
  const stateBytes = Math.floor((options.totalBytes ?? 900 * 1024) / 2)
  const metaKey = `${prefix}:meta`
  const readMeta = (): { generation: number; chunks: number } | null => {
    const raw = storage.getItem(metaKey)
    return raw ? (JSON.parse(raw) as { generation: number; chunks: number }) : null
  }
  return {
    async load() {
      const meta = readMeta()
      if (!meta) return null
      const parts: string[] = []
      for (let i = 0; i < meta.chunks; i++) {
        const part = storage.getItem(`${prefix}:${meta.generation}:${i}`)
        if (part === null) return null
        parts.push(part)
      }
      return JSON.parse(parts.join('')) as Db
    },
    async save(db) {
      let text = JSON.stringify(db)
      if (utf8Length(text) > stateBytes && options.compact) text = JSON.stringify(options.compact(db, stateBytes))
      if (utf8Length(text) > stateBytes) throw new Error(`mock state is ${utf8Length(text)} bytes, over the ${stateBytes}-byte state budget (half the storage budget)`)
      const meta = readMeta()
      const generation = (meta?.generation ?? 0) + 1
      const chunks = split(text, chunkBytes)
      chunks.forEach((c, i) => storage.setItem(`${prefix}:${generation}:${i}`, c))
      storage.setItem(metaKey, JSON.stringify({ generation, chunks: chunks.length }))
      if (meta) for (let i = 0; i < meta.chunks; i++) storage.removeItem(`${prefix}:${meta.generation}:${i}`)
    },
  }
}
