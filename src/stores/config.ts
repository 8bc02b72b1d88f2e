import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { ConfigResponse } from '@/api/contract'
import { api } from '@/api/http'
import { discardOlderVersion, persistStorage } from './persist-storage'
import { clientPlatform } from './session'
import { IDLE, type RequestState, track } from './request'

/** The backend's rules config and brand info, cached for previews and offline display. */
interface ConfigState {
  config: ConfigResponse | null
  requests: { load: RequestState }
  load: () => Promise<void>
}

export const useConfigStore = create<ConfigState>()(
  persist(
    (set) => ({
      config: null,
      requests: { load: IDLE },
      load: () =>
        track(set, 'load', async () => {
          set({ config: await api.config() })
        }).catch(() => undefined),
    }),
    { name: 'rules-config', version: 1, migrate: discardOlderVersion, storage: persistStorage, partialize: (s) => ({ config: s.config }) },
  ),
)

/** Whether share-based rewards are on for this platform (off on mini programs by default, §1.6). */
export const useShareRewards = (): boolean => useConfigStore((s) => s.config?.shareRewards[clientPlatform()] ?? false)
