import { createJSONStorage } from 'zustand/middleware'
import { platform } from '@/platform'

/**
 * zustand `persist` over the platform's storage (Taro storage on device: missing keys are null, values over
 * 200 KB are refused). A refused write must not break the app: the snapshot is only a cache.
 */
export const persistStorage = createJSONStorage(() => ({
  getItem: (name: string) => platform.storage.getItem(name),
  setItem: (name: string, value: string) => {
    try {
      platform.storage.setItem(name, value)
    } catch (e) {
      console.warn(`[persist] ${name} not saved:`, (e as Error).message)
    }
  },
  removeItem: (name: string) => platform.storage.removeItem(name),
}))

/** ISO instant of "now", for the "saved at" line of the offline banner. */
export const nowIso = (): string => new Date().toISOString()

/**
 * `migrate` of every persisted store. What we persist is a session token and caches of server answers, so a
 * snapshot written by another version of the app is dropped (the app logs in or refetches) rather than read
 * with a shape it no longer has. Bump the store's `version` whenever its persisted shape changes.
 */
export const discardOlderVersion = <T>(): T => ({}) as T
