import { create } from 'zustand'
import type { OrderLine, OrderWire, PayResponse, Product, QuoteRequest, QuoteResponse, RefundResponse } from '@/api/contract'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { useCouponsStore } from './coupons'
import { useMemberStore } from './member'
import { usePointsStore } from './points'
import { IDLE, type RequestState, track } from './request'
import { useSessionStore } from './session'

/** What the member has chosen at checkout; `couponId` undefined = let the server pick the best coupon. */
export interface CheckoutDraft {
  items: OrderLine[]
  couponId?: string | null
  pointsToUse: number
}

interface OrdersState {
  products: Product[] | null
  orders: OrderWire[] | null
  draft: CheckoutDraft
  quote: QuoteResponse | null
  requests: { catalogue: RequestState; quote: RequestState; pay: RequestState; orders: RequestState; refund: RequestState }
  loadCatalogue: () => Promise<void>
  loadOrders: () => Promise<void>
  /** Change the draft and ask the server for a new quote (tier discount, coupon, points offset). */
  updateDraft: (patch: Partial<CheckoutDraft>) => Promise<void>
  /** Create the order, pay through the platform (mock cashier on H5 / with the mock) and confirm. */
  checkout: () => Promise<PayResponse | null>
  /** Buy a paid membership plan through the same order + payment flow. */
  buyPlan: (planId: string) => Promise<PayResponse | null>
  refund: (orderId: string) => Promise<RefundResponse>
}

const PAYMENT_FAILED = new ApiError(0, 'PAYMENT_FAILED', '支付未完成，请稍后重试')

async function payAndConfirm(created: { order: OrderWire; payment: Parameters<typeof platform.pay>[0] }): Promise<PayResponse | null> {
  const outcome = await platform.pay(created.payment)
  if (outcome === 'failed') throw PAYMENT_FAILED
  const res = await api.pay(created.order.id, { result: outcome === 'paid' ? 'paid' : 'cancelled' })
  if (res.order.status !== 'paid') return null
  useMemberStore.getState().apply(res.member)
  usePointsStore.getState().applyBalance(res.balance)
  void usePointsStore.getState().loadSummary()
  void useCouponsStore.getState().load()
  return res
}

const quoteRequest = (d: CheckoutDraft): QuoteRequest => ({ items: d.items, couponId: d.couponId, pointsToUse: d.pointsToUse })

export const useOrdersStore = create<OrdersState>()((set, get) => ({
  products: null,
  orders: null,
  draft: { items: [], pointsToUse: 0 },
  quote: null,
  requests: { catalogue: IDLE, quote: IDLE, pay: IDLE, orders: IDLE, refund: IDLE },
  loadCatalogue: () =>
    track(set, 'catalogue', async () => {
      await useSessionStore.getState().ensureSession()
      set({ products: (await api.catalogue()).products })
    }).catch(() => undefined),
  loadOrders: () =>
    track(set, 'orders', async () => {
      await useSessionStore.getState().ensureSession()
      set({ orders: (await api.orders()).orders })
    }).catch(() => undefined),
  updateDraft: async (patch) => {
    const draft = { ...get().draft, ...patch }
    set({ draft })
    if (draft.items.length === 0) {
      set({ quote: null })
      return
    }
    await track(set, 'quote', async () => {
      await useSessionStore.getState().ensureSession()
      const quote = await api.quote(quoteRequest(draft))
      // Ignore an answer to a draft that has since changed.
      if (get().draft === draft) set({ quote })
    }).catch(() => undefined)
  },
  checkout: () =>
    track(set, 'pay', async () => {
      const created = await api.createOrder(quoteRequest(get().draft))
      const res = await payAndConfirm(created)
      if (res) set({ draft: { items: [], pointsToUse: 0 }, quote: null })
      void get().loadOrders()
      return res
    }),
  buyPlan: (planId) =>
    track(set, 'pay', async () => {
      await useSessionStore.getState().ensureSession()
      const res = await payAndConfirm(await api.purchaseMembership({ planId }))
      void get().loadOrders()
      return res
    }),
  refund: (orderId) =>
    track(set, 'refund', async () => {
      const res = await api.refund(orderId)
      set((s) => ({ orders: s.orders?.map((o) => (o.id === orderId ? res.order : o)) ?? null }))
      useMemberStore.getState().apply(res.member)
      usePointsStore.getState().applyBalance(res.balance)
      void usePointsStore.getState().loadSummary()
      void useCouponsStore.getState().load()
      return res
    }),
}))
