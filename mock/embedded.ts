/**
 * The app's default transport (no `TARO_APP_API_BASE` at build time): the mock backend in-process, its state
 * in the app's own storage. This is a composition root, so it owns the real clock and entropy; everything it
 * builds receives them.
 */
import type { AxiosAdapter } from 'axios'
import { createInProcessAdapter } from './adapter'
import { createLoyaltyBackend } from './app'
import { compactDb } from './compact'
import { storagePersistence, type KeyValueStore } from './persistence'

/**
 * Storage budget (SPEC §6: ≤ 1 MB in all, no key over 200 KB), with headroom for the app's own keys. It holds two
 * generations of the state during a save, so the state itself is kept under half of it (compacted when over).
 */
export const EMBEDDED_STORAGE = { totalBytes: 900 * 1024, chunkBytes: 180 * 1024, prefix: 'mock-db' }

export function createEmbeddedAdapter(storage: KeyValueStore): AxiosAdapter {
  const clock = () => Date.now()
  const backend = createLoyaltyBackend({
    persistence: storagePersistence(storage, { ...EMBEDDED_STORAGE, compact: (db, target) => compactDb(db, target, clock()) }),
    clock,
    rng: Math.random,
  })
  return createInProcessAdapter(backend)
}
