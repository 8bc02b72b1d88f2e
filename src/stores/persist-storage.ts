import { createJSONStorage, type PersistOptions } from 'zustand/middleware'
import { platform } from '@/platform'

/**
 * zustand `persist` over the platform's storage (Taro storage on device: missing keys are null, values over
 * 200 KB are refused). A refused write must not break the app: the snapshot is only a cache.
 */
const jsonStorage = {
  getItem: (name: string) => platform.storage.getItem(name),
  setItem: (name: string, value: string) => {
    try {
      platform.storage.setItem(name, value)
    } catch (e) {
      console.warn(`[persist] ${name} not saved:`, (e as Error).message)
    }
  },
  removeItem: (name: string) => platform.storage.removeItem(name),
}

/** ISO instant of "now", for the "saved at" line of the offline banner. */
export const nowIso = (): string => new Date().toISOString()

/**
 * The persisted stores: storage key and schema version. Each store `x` exports the type of what it keeps,
 * `XSnapshot` (its `partialize` returns it); the version is a fingerprint of that type's shape with every
 * contract type in it expanded (MemberMe, SigninCalendarResponse …). tests/stores/snapshot-schema.test.ts
 * computes it from the declarations and fails, printing the new figure, as soon as a persisted type changes —
 * so a changed type always ships with a new version, and a snapshot written with the old shape is discarded at
 * start instead of being read.
 */
export const SNAPSHOTS = {
  session: { name: 'session', version: 0x8bdb4b05 },
  member: { name: 'member-snapshot', version: 0x083bc704 },
  points: { name: 'points-snapshot', version: 0xf7da1842 },
  signin: { name: 'signin-snapshot', version: 0x70cceb13 },
  tasks: { name: 'tasks-snapshot', version: 0xca7618e1 },
  campaigns: { name: 'campaigns-snapshot', version: 0x9a4a80e5 },
  config: { name: 'rules-config', version: 0xc1e1af66 },
} as const

/**
 * `migrate` of every persisted store. What we persist is a session token and caches of server answers, so a
 * snapshot written with another schema version is dropped (the app logs in or refetches) rather than read
 * with a shape it no longer has.
 */
export const discardOlderVersion = <T>(): T => ({}) as T

/**
 * The `persist` options of a snapshot: its key, its schema version (a snapshot of another version is discarded),
 * the platform storage, and `partialize`, which picks what is kept.
 */
export function snapshotOptions<S, P>(store: keyof typeof SNAPSHOTS, partialize: (state: S) => P): PersistOptions<S, P> {
  const { name, version } = SNAPSHOTS[store]
  return { name, version, migrate: discardOlderVersion, storage: createJSONStorage<P>(() => jsonStorage), partialize }
}
