import { DEFAULT_POINTS_RULES } from '@/domain/points'
import { waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import { useCouponsStore } from '@/stores/coupons'
import { useMallStore } from '@/stores/mall'
import { useMemberStore } from '@/stores/member'
import { quoteView, useOrdersStore } from '@/stores/orders'
import { usePointsStore } from '@/stores/points'
import { useConfigStore } from '@/stores/config'
import { refresh, requestState } from '@/stores/request'
import { platform } from '@/platform'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { useLedgerStore } from '@/stores/ledger'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})

describe('points', () => {
  beforeEach(() => t.loginAs('demo'))

  test('an action’s new balance comes with its worth at once, before the summary is loaded again (home’s 可抵 ¥)', async () => {
    await Promise.all([useConfigStore.getState().load(), usePointsStore.getState().loadSummary()])
    const { pointValueFen } = useConfigStore.getState().config!.rules.points
    const before = usePointsStore.getState().summary!
    const held = jest.spyOn(api, 'pointsSummary').mockImplementation(() => new Promise(() => undefined))
    try {
      refresh(['balance'], { balance: before.balance - 100 })
      expect(usePointsStore.getState().summary).toMatchObject({ balance: before.balance - 100, valueFen: (before.balance - 100) * pointValueFen })
    } finally {
      held.mockRestore()
    }
  })

  test('the demo member has a balance equal to the sum shown by the ledger and every upcoming expiry', async () => {
    await usePointsStore.getState().loadSummary()
    const summary = usePointsStore.getState().summary!
    expect(summary.balance).toBeGreaterThan(0)
    expect(summary.expiring.length).toBeGreaterThan(1)
    expect(summary.expiring.map((e) => e.date)).toEqual([...summary.expiring.map((e) => e.date)].sort())
    await useLedgerStore.getState().loadLedger()
    expect(useLedgerStore.getState().ledger[0].balanceAfter).toBe(summary.balance)
  })

  test('infinite scroll appends older pages without duplicates until the end', async () => {
    await useLedgerStore.getState().loadLedger()
    const first = useLedgerStore.getState().ledger
    expect(first).toHaveLength(20)
    let guard = 0
    while (!useLedgerStore.getState().ledgerComplete && guard++ < 100) await useLedgerStore.getState().loadMore()
    const all = useLedgerStore.getState().ledger
    expect(all.length).toBeGreaterThan(20)
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length)
    expect(all.slice(0, 20)).toEqual(first)
    // Newest first, and each entry's balance follows from the previous one.
    for (let i = 1; i < all.length; i++) expect(all[i - 1].balanceAfter - all[i - 1].amount).toBe(all[i].balanceAfter)
    await useLedgerStore.getState().loadMore()
    expect(useLedgerStore.getState().ledger).toHaveLength(all.length)
  })
})

describe('rewards mall', () => {
  test('redeeming a coupon item spends points, lowers stock and puts the coupon in 优惠券', async () => {
    await t.loginAs('demo')
    await Promise.all([useMallStore.getState().load(), useCouponsStore.getState().load(), usePointsStore.getState().loadSummary()])
    const item = useMallStore.getState().items!.find((i) => i.kind === 'coupon' && i.stock > 0 && i.redeemedByMe < i.perMemberLimit)!
    const balance = usePointsStore.getState().summary!.balance
    const available = useCouponsStore.getState().coupons!.available.length

    const res = await useMallStore.getState().redeem(item.id)

    expect(res.balance).toBe(balance - item.pointsPrice)
    expect(usePointsStore.getState().summary!.balance).toBe(res.balance)
    expect(useMallStore.getState().items!.find((i) => i.id === item.id)).toMatchObject({ stock: item.stock - 1, redeemedByMe: item.redeemedByMe + 1 })
    await waitFor(() => expect(useCouponsStore.getState().coupons!.available).toHaveLength(available + 1))
    expect(useCouponsStore.getState().coupons!.available.some((c) => c.id === res.coupon!.id)).toBe(true)
  })

  test('a new member without points is refused with a clear message and nothing changes', async () => {
    await t.loginAs(newMemberCode())
    await useMallStore.getState().load()
    const item = useMallStore.getState().items!.find((i) => i.stock > 0)!
    await expect(useMallStore.getState().redeem(item.id)).rejects.toMatchObject({ status: 422, code: 'POINTS_INSUFFICIENT' })
    await useMallStore.getState().load()
    expect(useMallStore.getState().items!.find((i) => i.id === item.id)!.stock).toBe(item.stock)
  })
})

describe('orders', () => {
  test('an order applies the tier discount, a coupon and points, pays through the platform and earns points; a refund reverses it', async () => {
    await t.loginAs('demo')
    await Promise.all([useOrdersStore.getState().loadCatalogue(), useMemberStore.getState().load(), usePointsStore.getState().loadSummary()])
    const me = useMemberStore.getState().me!
    expect(me.discountPercent).toBeLessThan(100) // the demo member is above 普通会员
    const product = useOrdersStore.getState().products!.reduce((a, b) => (a.priceFen > b.priceFen ? a : b))

    await useOrdersStore.getState().updateDraft({ items: [{ sku: product.sku, qty: 2 }] })
    let quote = useOrdersStore.getState().quote!
    expect(quote.listFen).toBe(product.priceFen * 2)
    expect(quote.tierDiscountFen).toBe(quote.listFen - Math.ceil((quote.listFen * me.discountPercent) / 100))
    await useOrdersStore.getState().updateDraft({ usePoints: true })
    quote = useOrdersStore.getState().quote!
    expect(quote.pointsUsed).toBe(quote.maxPointsUsable)
    expect(quote.pointsOffsetFen).toBeLessThanOrEqual(Math.floor(quote.afterCouponFen / 2))
    expect(quote.payableFen).toBe(quote.afterCouponFen - quote.pointsOffsetFen)

    const balanceBefore = usePointsStore.getState().summary!.balance
    const paySpy = jest.spyOn(platform, 'pay')
    const paid = (await useOrdersStore.getState().checkout())!
    expect(paySpy).toHaveBeenCalledWith(expect.objectContaining({ provider: 'mock', amountFen: quote.payableFen }))
    expect(paid.order.status).toBe('paid')
    // The purchase points (1 per ¥1) and the day's 下单, which the payment records.
    expect(paid.awarded.points).toBe(Math.floor(quote.payableFen / 100) + DEFAULT_POINTS_RULES.earningRules.core_use.points)
    expect(paid.balance).toBe(balanceBefore - quote.pointsUsed + paid.awarded.points)
    expect(useMemberStore.getState().me!.growth).toBe(me.growth + paid.awarded.growth)
    expect(useOrdersStore.getState().quote).toBeNull()

    const refunded = await useOrdersStore.getState().refund(paid.order.id)
    expect(refunded.order.status).toBe('refunded')
    expect(refunded.balance).toBe(balanceBefore)
    expect(useMemberStore.getState().me!.growth).toBe(me.growth)
    await expect(useOrdersStore.getState().refund(paid.order.id)).rejects.toMatchObject({ status: 409 })
  })

  test('积分抵扣 left on follows the order: fewer goods, another coupon, more goods — each quote uses its own most, and the order the quote shown', async () => {
    await t.loginAs('demo')
    await useOrdersStore.getState().loadCatalogue()
    const product = useOrdersStore.getState().products!.reduce((a, b) => (a.priceFen < b.priceFen ? a : b))
    const orders = () => useOrdersStore.getState()
    const quoted = async (patch: Parameters<ReturnType<typeof orders>['updateDraft']>[0]) => {
      await orders().updateDraft(patch)
      // Loaded, not refused (a quote for more points than the order now allows was an error the member was stuck on).
      expect(requestState(quoteView.key(orders().draft))).toEqual({ status: 'success', error: null })
      const q = orders().quote!
      expect(q.pointsUsed).toBe(orders().draft.usePoints ? q.maxPointsUsable : 0)
      return q
    }
    const two = await quoted({ items: [{ sku: product.sku, qty: 2 }], couponId: null, usePoints: true })
    expect(two.pointsUsed).toBeGreaterThan(0)
    const one = await quoted({ items: [{ sku: product.sku, qty: 1 }] })
    expect(one.pointsUsed).toBeLessThan(two.pointsUsed)
    const three = await quoted({ items: [{ sku: product.sku, qty: 3 }] })
    expect(three.pointsUsed).toBeGreaterThan(two.pointsUsed)
    // A coupon taken off the order leaves less to pay with points (its quote then asks for fewer than the last one's most).
    const couponId = (await api.redeem('rw-coupon-10')).redemption.couponId!
    const couponed = await quoted({ couponId })
    expect([couponed.coupon?.id, couponed.pointsUsed < three.pointsUsed]).toEqual([couponId, true])
    const created = jest.spyOn(api, 'createOrder')
    jest.spyOn(platform, 'pay').mockResolvedValueOnce('cancelled')
    await orders().checkout()
    expect(created).toHaveBeenCalledWith(expect.objectContaining({ couponId, pointsToUse: couponed.pointsUsed }))
    // Turned off: none.
    expect((await quoted({ usePoints: false })).pointsUsed).toBe(0)
    jest.restoreAllMocks()
  })

  test('a cancelled payment leaves the order unpaid and the balance untouched', async () => {
    await t.loginAs('demo')
    await useOrdersStore.getState().loadCatalogue()
    await usePointsStore.getState().loadSummary()
    const balance = usePointsStore.getState().summary!.balance
    const sku = useOrdersStore.getState().products![0].sku
    await useOrdersStore.getState().updateDraft({ items: [{ sku, qty: 1 }], usePoints: false })
    jest.spyOn(platform, 'pay').mockResolvedValueOnce('cancelled')
    expect(await useOrdersStore.getState().checkout()).toBeNull()
    await usePointsStore.getState().loadSummary()
    expect(usePointsStore.getState().summary!.balance).toBe(balance)
  })

  describe('with a real payment provider (WeChat Pay on the production server)', () => {
    afterEach(() => jest.restoreAllMocks())

    /** The mock's answers, as a server with WeChat Pay would give them: its provider, and its word on the payment. */
    async function asWechatPay(payable: number | null, confirmed: boolean) {
      await t.loginAs('demo')
      await useOrdersStore.getState().loadCatalogue()
      const sku = useOrdersStore.getState().products![0].sku
      await useOrdersStore.getState().updateDraft({ items: [{ sku, qty: 1 }], usePoints: false })
      const createOrder = api.createOrder.bind(api)
      jest.spyOn(api, 'createOrder').mockImplementationOnce(async (req) => {
        const res = await createOrder(req)
        const amountFen = payable ?? res.payment.amountFen
        return { ...res, payment: { provider: 'wechat', amountFen, description: res.payment.description, ...(amountFen ? { params: { package: 'prepay_id=wx1' } } : {}) } }
      })
      const pay = api.pay.bind(api)
      const paySpy = jest.spyOn(api, 'pay').mockImplementationOnce(async (id, body) => {
        const res = await pay(id, body)
        return confirmed ? res : { ...res, order: { ...res.order, status: 'pending_payment' } }
      })
      return paySpy
    }

    test('paid in the cashier but not yet heard of by the server: the member is told it is being confirmed, not that it failed', async () => {
      const paySpy = await asWechatPay(null, false)
      const cashier = jest.spyOn(platform, 'pay').mockResolvedValueOnce('paid')
      await expect(useOrdersStore.getState().checkout()).rejects.toMatchObject({ code: 'PAYMENT_PENDING', message: '支付结果确认中，请稍后在「我的订单」查看' })
      expect(cashier).toHaveBeenCalledWith(expect.objectContaining({ provider: 'wechat', params: { package: 'prepay_id=wx1' } }))
      expect(paySpy).toHaveBeenCalledWith(expect.any(String), { result: 'paid' })
    })

    test("a cashier that cannot tell (Alipay's 6004) is asked about like a payment, not taken for a failure", async () => {
      const paySpy = await asWechatPay(null, true)
      jest.spyOn(platform, 'pay').mockResolvedValueOnce('unknown')
      expect((await useOrdersStore.getState().checkout())!.order.status).toBe('paid')
      expect(paySpy).toHaveBeenCalledWith(expect.any(String), { result: 'paid' })
    })

    test('去支付 on an order the server finds paid meanwhile opens no cashier', async () => {
      await t.loginAs('demo')
      await useOrdersStore.getState().loadCatalogue()
      const sku = useOrdersStore.getState().products![0].sku
      const created = await api.createOrder({ items: [{ sku, qty: 1 }] })
      const paymentAgain = api.paymentAgain.bind(api)
      // The server's answer when WeChat Pay says the trade is paid: the order paid, no payment parameters.
      jest.spyOn(api, 'paymentAgain').mockImplementationOnce(async (id) => {
        const res = await paymentAgain(id)
        return { order: { ...res.order, status: 'paid' }, payment: { provider: 'wechat', amountFen: res.payment.amountFen, description: res.payment.description } }
      })
      const cashier = jest.spyOn(platform, 'pay')
      const paySpy = jest.spyOn(api, 'pay')
      expect((await useOrdersStore.getState().payPending(created.order.id))!.order.status).toBe('paid')
      expect(cashier).not.toHaveBeenCalled()
      expect(paySpy).toHaveBeenCalledWith(created.order.id, { result: 'paid' })
    })

    test('an order with nothing to pay opens no cashier', async () => {
      const paySpy = await asWechatPay(0, true)
      const cashier = jest.spyOn(platform, 'pay')
      expect((await useOrdersStore.getState().checkout())!.order.status).toBe('paid')
      expect(cashier).not.toHaveBeenCalled()
      expect(paySpy).toHaveBeenCalledWith(expect.any(String), { result: 'paid' })
    })
  })
})
