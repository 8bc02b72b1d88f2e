import { create } from 'zustand'
import type { CreateOrderResponse, OrderLine, OrderWire, PayResponse, Product, QuoteRequest, QuoteResponse } from '@/api/contract'
import { ApiError } from '@/api/errors'
import { api } from '@/api/http'
import { platform } from '@/platform'
import { defineAction } from './action'
import { definePagedList, type PagedListViews } from './paged'
import { defineView } from './request'

/** What the member has chosen at checkout; `couponId` undefined = let the server pick the best coupon. */
export interface CheckoutDraft {
  items: OrderLine[]
  couponId?: string | null
  /**
   * 积分抵扣 on: the order uses as many points as it may. The goods, the coupon and the balance decide how many, and
   * each quote says it (quoteOf); the order uses the quote's.
   */
  usePoints: boolean
  /**
   * The coupon the member came to use (我的优惠券 › 去使用): taken instead of the best one as soon as the goods make it
   * apply, unless the member chose a coupon (or none) themselves. Never sent.
   */
  preferredCouponId?: string
}

interface OrdersState {
  products: Product[] | null
  /** 我的订单, the pages loaded so far (the last placed first); null before the first. */
  orders: OrderWire[] | null
  ordersCursor: string | null
  ordersComplete: boolean
  draft: CheckoutDraft
  quote: QuoteResponse | null
  loadCatalogue: () => Promise<void>
  /** The first page of 我的订单 (replaces what was loaded). */
  loadOrders: () => Promise<void>
  /** The next page, for infinite scroll; does nothing at the end or while a page loads. */
  loadMoreOrders: () => Promise<void>
  /** Change the draft and ask the server for a new quote (tier discount, coupon, points offset). */
  updateDraft: (patch: Partial<CheckoutDraft>) => Promise<void>
  /** Create the order, pay through the platform (mock cashier on H5 / with the mock) and confirm. */
  checkout: typeof checkout
  /** Buy a paid membership plan through the same order + payment flow. */
  buyPlan: typeof buyPlan
  payPending: typeof payPending
  cancelOrder: typeof cancelOrder
  refund: typeof refund
}

const PAYMENT_FAILED = new ApiError(0, 'PAYMENT_FAILED', '支付未完成，请稍后重试')
const PAYMENT_PENDING = new ApiError(0, 'PAYMENT_PENDING', '支付结果确认中，请稍后在「我的订单」查看')
const EMPTY_DRAFT: CheckoutDraft = { items: [], usePoints: false }

/**
 * Pays through the platform and confirms; null when the member closed the cashier. A new order is then cancelled
 * (the shop's 已取消支付); one paid again from 我的订单 stays unpaid, to be paid or cancelled there. With a real
 * provider the backend confirms with the provider, not on the app's word: a payment it has not heard of yet leaves
 * the order unpaid for now (PAYMENT_PENDING); an order with nothing to pay, or found paid, needs no cashier.
 */
async function payAndConfirm(created: CreateOrderResponse, onClose: 'cancel' | 'keep' = 'cancel'): Promise<PayResponse | null> {
  const { payment } = created
  // Paid already (去支付 on an order whose payment the server had not heard of yet), or nothing to pay: no cashier.
  const outcome = created.order.status === 'paid' || (payment.provider !== 'mock' && payment.amountFen === 0) ? 'paid' : await platform.pay(payment)
  if (outcome === 'failed') throw PAYMENT_FAILED
  // A cashier that could not tell (`unknown`) is asked about like a payment: the backend asks the provider.
  const paid = outcome === 'paid' || outcome === 'unknown'
  if (!paid && onClose === 'keep') return null
  const res = await api.pay(created.order.id, { result: paid ? 'paid' : 'cancelled' })
  if (paid && res.order.status === 'pending_payment') throw PAYMENT_PENDING
  return res.order.status === 'paid' ? res : null
}

/** The list shows the order as the answer left it. */
function showOrder(order: OrderWire): void {
  useOrdersStore.setState((s) => ({ orders: s.orders?.map((o) => (o.id === order.id ? order : o)) ?? null }))
}

const quoteRequest = (d: CheckoutDraft, pointsToUse: number): QuoteRequest => ({ items: d.items, couponId: d.couponId, pointsToUse })

/**
 * A draft's quote. With 积分抵扣 on, it asks for the most the quote on screen allowed; when the draft now allows
 * another number (fewer goods or another coupon: refused as over the limit; more goods: points left unused; a balance
 * spent meanwhile: refused as insufficient), it asks again with its own most — never an error the member could only
 * leave by turning the switch off and on.
 */
async function quoteOf(draft: CheckoutDraft): Promise<QuoteResponse> {
  if (!draft.usePoints) return api.quote(quoteRequest(draft, 0))
  const guess = useOrdersStore.getState().quote?.maxPointsUsable ?? 0
  const first = await api.quote(quoteRequest(draft, guess)).catch((e: unknown) => {
    if (e instanceof ApiError && (e.code === 'POINTS_OFFSET_OVER_LIMIT' || e.code === 'POINTS_INSUFFICIENT')) return null
    throw e
  })
  if (first && first.pointsUsed === first.maxPointsUsable) return first
  const most = first ? first.maxPointsUsable : (await api.quote(quoteRequest(draft, 0))).maxPointsUsable
  return api.quote(quoteRequest(draft, most))
}

export const catalogueView = defineView({
  name: 'orders.catalogue',
  tags: [],
  key: () => ['orders', 'catalogue'],
  fetch: () => api.catalogue(),
  apply: (res) => useOrdersStore.setState({ products: res.products }),
})

export const orderPages: PagedListViews = definePagedList({
  name: 'orders.list',
  tags: ['orders'],
  key: ['orders', 'list'],
  fetch: (cursor, limit) => api.orders(cursor, limit),
  pageOf: (p) => ({ items: p.orders, nextCursor: p.nextCursor }),
  read: () => {
    const s = useOrdersStore.getState()
    return { items: s.orders ?? [], cursor: s.ordersCursor, complete: s.ordersComplete }
  },
  write: (list) => useOrdersStore.setState({ orders: list.items, ordersCursor: list.cursor, ordersComplete: list.complete }),
})

/** The quote of a draft: tier discount, coupons that apply, how many points it may use. */
export const quoteView = defineView({
  name: 'orders.quote',
  tags: ['balance', 'coupons', 'growth'],
  key: () => ['orders', 'quote'],
  fetch: quoteOf,
  apply: (quote, draft) => {
    // An answer to a draft that has since changed (or was paid) is not the quote on screen.
    if (useOrdersStore.getState().draft !== draft) return
    useOrdersStore.setState({ quote })
    const preferred = draft.preferredCouponId
    if (preferred && draft.couponId === undefined && quote.coupon?.id !== preferred && quote.eligibleCoupons.some((c) => c.id === preferred)) {
      void useOrdersStore.getState().updateDraft({ couponId: preferred })
    }
  },
})

export const checkout = defineAction({
  name: 'orders.checkout',
  key: ['orders', 'checkout'],
  // The coupon and points the order used; a card of a collect-cards campaign may come with it; order tasks move.
  changes: ['orders', 'coupons', 'campaigns', 'tasks'],
  answers: ['balance', 'member', 'growth'],
  run: async () => {
    // The points of the quote the member saw (what the switch's 积分抵扣 came to).
    const { draft, quote } = useOrdersStore.getState()
    const res = await payAndConfirm(await api.createOrder(quoteRequest(draft, draft.usePoints ? (quote?.pointsUsed ?? 0) : 0)))
    if (res) useOrdersStore.setState({ draft: EMPTY_DRAFT, quote: null })
    return res
  },
})

export const buyPlan = defineAction({
  name: 'orders.buyPlan',
  key: ['orders', 'plan'],
  // The plan's tier: exclusive campaigns may open to it.
  changes: ['orders', 'member', 'growth', 'campaigns'],
  answers: ['balance'],
  run: async (planId: string) => payAndConfirm(await api.purchaseMembership({ planId })),
})

/** 去支付 on an unpaid order (a cashier closed, a reload while it was open): the same payment flow as checkout. */
export const payPending = defineAction({
  name: 'orders.payPending',
  // One key with 取消: while one of an unpaid order's controls runs, the other waits (one effect, one dialog).
  key: ['orders', 'pending'],
  changes: ['orders', 'coupons', 'campaigns', 'member', 'growth', 'tasks'],
  answers: ['balance'],
  run: async (orderId: string) => payAndConfirm(await api.paymentAgain(orderId), 'keep'),
})

/** 取消 on an unpaid order: its coupon and points were never taken, so they stay the member's. */
export const cancelOrder = defineAction({
  name: 'orders.cancel',
  key: ['orders', 'pending'],
  changes: ['orders', 'coupons'],
  answers: ['balance'],
  run: async (orderId: string) => {
    const res = await api.cancelOrder(orderId)
    showOrder(res.order)
    return res
  },
})

export const refund = defineAction({
  name: 'orders.refund',
  key: ['orders', 'refund'],
  // The coupon and points the order used come back; its order tasks (unclaimed) and leaderboard points go, and a
  // lower tier's lost free services (兑换记录: their vouchers 已作废).
  changes: ['orders', 'coupons', 'tasks', 'campaigns', 'rewards'],
  answers: ['balance', 'member', 'growth'],
  run: async (orderId: string) => {
    const res = await api.refund(orderId)
    showOrder(res.order)
    return res
  },
})

export const useOrdersStore = create<OrdersState>()((set, get) => ({
  products: null,
  orders: null,
  ordersCursor: null,
  ordersComplete: false,
  draft: EMPTY_DRAFT,
  quote: null,
  loadCatalogue: () => catalogueView.load(),
  loadOrders: () => orderPages.view.load(),
  loadMoreOrders: orderPages.loadMore,
  updateDraft: async (patch) => {
    const draft = { ...get().draft, ...patch }
    set({ draft })
    if (draft.items.length === 0) {
      set({ quote: null })
      return
    }
    await quoteView.load(draft)
  },
  checkout,
  buyPlan,
  payPending,
  cancelOrder,
  refund,
}))
