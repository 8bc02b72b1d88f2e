import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { MemberMe, ProfileRequest } from '@/api/contract'
import { api } from '@/api/http'
import { discardOlderVersion, nowIso, persistStorage } from './persist-storage'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

interface MemberState {
  me: MemberMe | null
  /** When `me` was fetched; shown by the offline banner. */
  savedAt: string | null
  requests: { load: RequestState; profile: RequestState }
  load: () => Promise<void>
  /** Save nickname and birthday; rejects with the ApiError (e.g. an empty nickname). */
  updateProfile: (profile: ProfileRequest) => Promise<MemberMe>
  /** Take a fresher `me` from a mutation's answer (payment, refund). */
  apply: (me: MemberMe) => void
  /** Keep the balance shown everywhere in step with a mutation's answer. */
  applyBalance: (balance: number) => void
}

export const useMemberStore = create<MemberState>()(
  persist(
    (set) => ({
      me: null,
      savedAt: null,
      requests: { load: IDLE, profile: IDLE },
      load: () =>
        track(set, 'load', async () => {
          await useSessionStore.getState().ensureSession()
          set({ me: await api.me(), savedAt: nowIso() })
        }).catch(() => undefined),
      updateProfile: (profile) =>
        track(set, 'profile', async () => {
          const me = await api.updateProfile(profile)
          set({ me, savedAt: nowIso() })
          return me
        }),
      apply: (me) => set({ me, savedAt: nowIso() }),
      applyBalance: (balance) => set((s) => (s.me ? { me: { ...s.me, balance } } : {})),
    }),
    {
      name: 'member-snapshot',
      version: 1,
      migrate: discardOlderVersion,
      storage: persistStorage,
      partialize: (s) => ({ me: s.me, savedAt: s.savedAt }),
    },
  ),
)
