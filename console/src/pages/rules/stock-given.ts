/**
 * What was given out of each mall item and limited prize (`GET /admin/stock`), for the 库存 fields: the rules' stock
 * is the total, so the field says beside it how many are gone and how many are left.
 */
import { api } from '../../api'
import { useRequest } from '../../lib/hooks'

export function useStockGiven(): { rewards: Record<string, number>; prizes: Record<string, Record<string, number>> } | undefined {
  return useRequest(() => api.stockGiven(), []).data
}

/** `base`, and once the figures are in, 已发出 n，剩余 m (against the stock in the draft). */
export function stockWords(base: string, stock: number | null | undefined, given: number | undefined): string {
  if (given === undefined || typeof stock !== 'number') return base
  return `${base}；已发出 ${given}，剩余 ${Math.max(0, stock - given)}`
}
