/** A key/value store that behaves like mini-program storage: a per-key byte limit, and a crash on demand. */
import type { KeyValueStore } from '../../../mock/kv-persistence'

export function limitedStore(maxValueBytes = 200 * 1024): KeyValueStore & { map: Map<string, string>; bytes(): number; failAfter: number | null } {
  const map = new Map<string, string>()
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
  const store = {
    map,
    failAfter: null as number | null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem(k: string, v: string) {
      if (store.failAfter !== null && store.failAfter-- <= 0) throw new Error('storage crashed')
      if (bytes(k) + bytes(v) > maxValueBytes) throw new Error(`value for ${k} over ${maxValueBytes} bytes`)
      map.set(k, v)
    },
    removeItem: (k: string) => void map.delete(k),
    bytes: () => [...map.entries()].reduce((s, [k, v]) => s + bytes(k) + bytes(v), 0),
  }
  return store
}

