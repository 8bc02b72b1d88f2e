import { create } from 'zustand'
import type { CouponsResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

interface CouponsState {
  coupons: CouponsResponse | null
  savedAt: string | null
  requests: { load: RequestState }
  load: () => Promise<void>
}

export const useCouponsStore = create<CouponsState>()((set) => ({
  coupons: null,
  savedAt: null,
  requests: { load: IDLE },
  load: () =>
    track(set, 'load', async () => {
      await useSessionStore.getState().ensureSession()
      set({ coupons: await api.coupons(), savedAt: nowIso() })
    }).catch(() => undefined),
}))
