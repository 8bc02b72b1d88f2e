/**
 * Where the mock's documents (kv-storage.ts) live between runs, for the platform-neutral cases: in memory
 * (tests) and in the app's own storage (the embedded demo: Taro storage on WeChat and Alipay, localStorage on
 * H5). The mock server's journal file is Node-only (file-persistence.ts).
 */
import { RetryableConflict } from '../server/core/port'
import type { KvPersistence } from './kv-storage'

/** The app's key/value storage (src/platform's `KeyValueStorage`). */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/** Keeps the documents in memory only: what a test's backend wrote, readable by a second backend (reload tests). */
export function memoryKvPersistence(initial: Map<string, string> | null = null): KvPersistence & { snapshot(): Map<string, string> } {
  let stored = initial ? new Map(initial) : null
  return {
    load: async () => (stored ? new Map(stored) : null),
    async commit(changes) {
      stored ??= new Map()
      for (const [k, v] of changes) {
        if (v === null) stored.delete(k)
        else stored.set(k, v)
      }
    },
    snapshot: () => new Map(stored ?? []),
  }
}

export interface StoragePersistenceOptions {
  /** Key prefix in the app's storage. */
  prefix?: string
  /** Largest value under one key (Alipay refuses more than 200 KB); a journal larger than this is split. */
  chunkBytes?: number
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
 * A stored document the index lists cannot be read (its value lost or unreadable: a truncated write, storage edited by
 * hand). Loading without it would drop what it held — a ledger page, live lots — and show a balance silently lower;
 * the state is refused instead (mock/embedded.ts answers 503 STORAGE_CORRUPTED).
 */
export class StorageCorrupted extends Error {
  constructor(readonly keys: string[]) {
    super(`stored documents cannot be read: ${keys.join(', ')}`)
    this.name = 'StorageCorrupted'
  }
}

/**
 * The documents in the app's storage, one key each, plus an index of the keys (the storage cannot list them).
 * A commit is made atomic by a journal: the changed documents are written to the journal keys first, then to
 * their own keys, then the journal is removed — an interrupted commit is finished on the next load. The first
 * save after seeding (everything at once) skips the journal: until its `meta` lands last, the state counts as
 * never written and is seeded again.
 *
 * Two tabs of the H5 app share the storage: before writing, the stored generation must still be the one this
 * tab loaded or last wrote; otherwise `RetryableConflict`, and the tab reloads what the other one wrote. A read
 * compares the stored generation too (`storedGeneration`) and reloads first when the other tab wrote since.
 */
/** Whether a stored document is whole JSON (a truncated one is not). */
function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export function storageKvPersistence(store: KeyValueStore, options: StoragePersistenceOptions = {}): KvPersistence {
  const prefix = options.prefix ?? 'kv'
  const chunkBytes = options.chunkBytes ?? 180 * 1024
  const indexKey = `${prefix}:index`
  const journalKey = `${prefix}:journal`
  const keyOf = (k: string) => `${prefix}:${k}`
  const readIndex = (): string[] => JSON.parse(store.getItem(indexKey) ?? '[]') as string[]

  function applyWrites(changes: Map<string, string | null>): void {
    const index = new Set(readIndex())
    let keysChanged = false
    for (const [k, v] of changes) {
      if (v === null) {
        store.removeItem(keyOf(k))
        keysChanged = index.delete(k) || keysChanged
      } else {
        store.setItem(keyOf(k), v)
        if (!index.has(k)) {
          index.add(k)
          keysChanged = true
        }
      }
    }
    if (keysChanged) store.setItem(indexKey, JSON.stringify([...index]))
  }

  function finishJournal(): void {
    const head = store.getItem(journalKey)
    if (!head) return
    const { chunks } = JSON.parse(head) as { chunks: number }
    const parts: string[] = []
    for (let i = 0; i < chunks; i++) {
      const part = store.getItem(`${journalKey}:${i}`)
      if (part === null) break
      parts.push(part)
    }
    // A journal whose chunks are not all there was never committed: the previous state stands.
    if (parts.length === chunks) applyWrites(new Map(JSON.parse(parts.join('')) as [string, string | null][]))
    for (let i = 0; i < chunks; i++) store.removeItem(`${journalKey}:${i}`)
    store.removeItem(journalKey)
  }

  function storedGeneration(): number | null {
    const raw = store.getItem(keyOf('meta'))
    return raw ? (JSON.parse(raw) as { generation: number }).generation : null
  }

  return {
    storedGeneration,
    async load() {
      finishJournal()
      if (store.getItem(keyOf('meta')) === null) return null
      const out = new Map<string, string>()
      const unreadable: string[] = []
      for (const k of readIndex()) {
        const v = store.getItem(keyOf(k))
        if (v === null || !parses(v)) unreadable.push(k)
        else out.set(k, v)
      }
      if (unreadable.length > 0) throw new StorageCorrupted(unreadable)
      return out
    },
    async commit(changes, generation) {
      if (generation >= 0) {
        finishJournal()
        const stored = storedGeneration()
        if (stored !== null && stored !== generation) throw new RetryableConflict('the stored state was changed by another tab')
      }
      if (generation < 0) {
        // Everything at once (seed, reset): meta last, so a crash before it leaves "nothing stored".
        const meta = changes.get('meta')
        const rest = new Map(changes)
        rest.delete('meta')
        if (meta !== undefined) store.removeItem(keyOf('meta'))
        applyWrites(rest)
        if (meta !== undefined) applyWrites(new Map([['meta', meta]]))
        return
      }
      const chunks = split(JSON.stringify([...changes]), chunkBytes)
      chunks.forEach((c, i) => store.setItem(`${journalKey}:${i}`, c))
      store.setItem(journalKey, JSON.stringify({ chunks: chunks.length }))
      finishJournal()
    },
  }
}
