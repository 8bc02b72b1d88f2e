import { create } from 'zustand'
import type { CouponsResponse } from '@/api/contract'
import { api } from '@/api/http'
import { nowIso } from './persist-storage'
import { defineView } from './request'

interface CouponsState {
  coupons: CouponsResponse | null
  savedAt: string | null
  load: () => Promise<void>
}

/** `GET /coupons`: my coupons by status — 我的优惠券 and the count on 我的. */
export const couponsView = defineView({
  name: 'coupons',
  tags: ['coupons'],
  key: () => ['coupons'],
  fetch: () => api.coupons(),
  apply: (coupons) => useCouponsStore.setState({ coupons, savedAt: nowIso() }),
})

export const useCouponsStore = create<CouponsState>()((): CouponsState => ({
  coupons: null,
  savedAt: null,
  load: () => couponsView.load(),
}))
