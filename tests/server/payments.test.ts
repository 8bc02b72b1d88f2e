/**
 * WeChat Pay and Alipay (PAYMENT_PROVIDER=wechat / alipay, server/payments): the production server sells through fake
 * providers on loopback. An order's answer carries signed `wx.requestPayment` parameters; the order is paid only on WeChat Pay's
 * word — its verified notification, once, or its answer to a query when the app says paid — never on the app's;
 * cancelling closes the trade; a refund gives the money back through WeChat Pay before any points move, and changes
 * nothing when WeChat Pay refuses; money for an order that cannot take it goes back by itself.
 */
import { createVerify, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readConfig } from '../../server/config'
import { ALI, startFakeAlipay, startFakeWechat, WX, type FakeServer } from './auth/fakes'
import { fakeAlipayTrades } from './fake-alipay-pay'
import { PAY, payKeys, startFakeWechatPay, type FakeWechatPay, type Notification } from './fake-wechat-pay'
import type { LedgerPage } from '@/api/contract'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startPinnedServer, startServerProcess, type ServerProcess } from './support/server-process'

jest.setTimeout(120_000)

const START = '2030-06-09T02:00:00.000Z'
const ADMIN = { ADMIN_USERNAME: 'pay-admin', ADMIN_PASSWORD: 'pay-admin-password' }
/** The day's 下单 an order's payment records (src/domain/points.ts: core_use). */
const CORE_USE_POINTS = 15

interface OrderAnswer {
  order: { id: string; status: string; quote: { payableFen: number; pointsToEarn: number }; payBefore: string | null }
  payment: { provider: string; amountFen: number; params?: Record<string, string> }
}

/** The member's calls to the server under test (its URL and the member's headers known once it has started). */
function memberCalls(url: () => string, headers: () => Record<string, string>) {
  const get = async <T>(p: string): Promise<T> => (await httpRaw(url(), { method: 'GET', path: p, headers: headers() })).body as T
  const post = (p: string, body: unknown = {}) => httpRaw(url(), { method: 'POST', path: p, headers: { ...headers(), 'idempotency-key': crypto.randomUUID() }, body })
  return {
    get,
    post,
    balance: async () => (await get<{ balance: number }>('/points/summary')).balance,
    /**
     * What an order's payment earned, from the ledger: its purchase points and the day's 下单 it recorded (the
     * member's first three orders of a day).
     */
    earnedBy: async (id: string) => (await get<LedgerPage>('/points/ledger?limit=100')).entries.filter((e) => e.ref === id && e.type === 'earn').reduce((n, e) => n + e.amount, 0),
    orderStatus: async (id: string) => (await get<{ orders: { id: string; status: string }[] }>('/orders')).orders.find((o) => o.id === id)?.status,
    /** An order of one of the first product, placed. */
    async order(): Promise<OrderAnswer> {
      const { products } = await get<{ products: { sku: string }[] }>('/catalogue')
      const r = await post('/orders', { items: [{ sku: products[0].sku, qty: 1 }] })
      expect(r.status).toBe(201)
      return r.body as OrderAnswer
    },
  }
}

describe('WeChat Pay', () => {
  const keys = payKeys()
  let server: ServerProcess
  let wechat: FakeServer
  let pay: FakeWechatPay
  let dir: string
  let headers: Record<string, string>
  let memberId: string

  const payEnv = () => ({
    AUTH_PROVIDER: 'wechat',
    WECHAT_APPID: WX.appId,
    WECHAT_SECRET: WX.secret,
    WECHAT_API_BASE: wechat.url,
    PAYMENT_PROVIDER: 'wechat',
    WECHATPAY_MCHID: PAY.mchId,
    WECHATPAY_PRIVATE_KEY: keys.merchant.privatePem,
    WECHATPAY_CERT_SERIAL: PAY.certSerial,
    WECHATPAY_APIV3_KEY: PAY.apiV3Key,
    WECHATPAY_PUBLIC_KEY: keys.wechatpay.publicPem,
    WECHATPAY_PUBLIC_KEY_ID: PAY.publicKeyId,
    WECHATPAY_API_BASE: pay.url,
    PAYMENT_NOTIFY_URL: 'https://api.brand.example/api/v1/payments/wechat/notify',
  })

  beforeAll(async () => {
    wechat = await startFakeWechat()
    pay = await startFakeWechatPay(keys, WX.appId)
    dir = mkdtempSync(path.join(os.tmpdir(), 'payments-'))
    server = await startPinnedServer({ DATA_DIR: dir, ...NO_RATE_LIMITS, ...payEnv(), ...ADMIN }, START)
    const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'weapp', code: 'good' } })
    expect(login.status).toBe(200)
    headers = { authorization: `Bearer ${(login.body as { token: string }).token}` }
    memberId = (login.body as { member: { id: string } }).member.id
  })

  afterAll(async () => {
    await server?.stop()
    await Promise.all([wechat?.close(), pay?.close()])
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const { get, post, balance, earnedBy, orderStatus, order } = memberCalls(() => server.url, () => headers)
  const notify = (n: Notification) => fetch(`${server.url}/api/v1/payments/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body })
  /** Customer service's headers: the suite's admin, signed in. */
  const staffHeaders = async () => {
    const op = await httpRaw(server.url, { method: 'POST', path: '/admin/auth/login', body: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } })
    return { authorization: `Bearer ${(op.body as { token: string }).token}` }
  }

  test('an order answers signed wx.requestPayment parameters for a trade that ends with the order', async () => {
    const { order: o, payment } = await order()
    expect(payment).toMatchObject({ provider: 'wechat', amountFen: o.quote.payableFen, params: { signType: 'RSA' } })
    const p = payment.params!
    expect(p.package).toBe(`prepay_id=${pay.trades.get(o.id)!.prepayId}`)
    const signed = createVerify('RSA-SHA256').update(`${WX.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).verify(keys.merchant.publicKey, p.paySign, 'base64')
    expect(signed).toBe(true)
    // The trade: this member's openid, the payable amount, and no payment after the order's own deadline.
    const payBefore = new Date(Date.parse(o.payBefore!) + 8 * 3_600_000).toISOString().slice(0, 19)
    expect(pay.trades.get(o.id)!.request).toMatchObject({
      out_trade_no: o.id,
      amount: { total: o.quote.payableFen, currency: 'CNY' },
      payer: { openid: WX.openid },
      notify_url: 'https://api.brand.example/api/v1/payments/wechat/notify',
      time_expire: `${payBefore}+08:00`,
    })
    // 去支付 from 我的订单: the same trade again.
    const again = (await post(`/orders/${o.id}/payment`)).body as OrderAnswer
    expect(again.payment.params!.package).toBe(p.package)
  })

  test("the app's word pays nothing; WeChat Pay's notification pays the order once", async () => {
    const before = await balance()
    const { order: o } = await order()
    const early = await post(`/orders/${o.id}/pay`, { result: 'paid' })
    expect(early.status).toBe(200)
    expect(early.body).toMatchObject({ order: { status: 'pending_payment' }, awarded: { points: 0 } })
    expect(await balance()).toBe(before)

    const n = pay.pay(o.id)
    // Tampered on the way, or signed by someone else: refused, nothing changes.
    expect((await notify({ ...n, body: n.body.replace('"summary":"支付成功"', '"summary":"x"') })).status).toBe(401)
    const forged = pay.notification(JSON.parse(JSON.stringify({ out_trade_no: o.id })), keys.stranger.privateKey)
    expect((await notify(forged)).status).toBe(401)
    expect(await orderStatus(o.id)).toBe('pending_payment')

    expect((await notify(n)).status).toBe(204)
    expect(await orderStatus(o.id)).toBe('paid')
    // The notification alone pays what the order earns: its purchase points and the day's 下单.
    const earned = await earnedBy(o.id)
    expect(earned).toBe(o.quote.pointsToEarn + CORE_USE_POINTS)
    expect(await balance()).toBe(before + earned)
    // WeChat Pay sends it again (it does, until it hears back): nothing more.
    expect((await notify(n)).status).toBe(204)
    expect(await balance()).toBe(before + earned)
    // The app's "paid" after the notification finds the order paid, with what it earned.
    const late = await post(`/orders/${o.id}/pay`, { result: 'paid' })
    expect(late.body).toMatchObject({ order: { status: 'paid' }, awarded: { points: earned } })
    // Customer service finds WeChat Pay's transaction number on the member's page.
    const staff = await staffHeaders()
    const page = await httpRaw(server.url, { method: 'GET', path: `/admin/members/${memberId}/orders`, headers: staff })
    const orders = (page.body as { orders: { id: string; transactionId: string | null }[] }).orders
    expect(orders.find((x) => x.id === o.id)!.transactionId).toBe(pay.trades.get(o.id)!.transactionId)
    expect(orders.filter((x) => x.id !== o.id).every((x) => x.transactionId === null)).toBe(true)
    // …and finds the member by it.
    const found = await httpRaw(server.url, { method: 'GET', path: `/admin/members?q=${pay.trades.get(o.id)!.transactionId}`, headers: staff })
    expect((found.body as { members: { id: string }[] }).members.map((x) => x.id)).toEqual([memberId])
  })

  test('when the notification is slow, the query on the app\'s "paid" confirms the payment', async () => {
    const before = await balance()
    const { order: o } = await order()
    pay.pay(o.id) // its notification never arrives
    const r = await post(`/orders/${o.id}/pay`, { result: 'paid' })
    const earned = await earnedBy(o.id)
    expect(earned).toBeGreaterThanOrEqual(o.quote.pointsToEarn)
    expect(r.body).toMatchObject({ order: { status: 'paid' }, awarded: { points: earned } })
    expect(await balance()).toBe(before + earned)
    // 去支付 on an order paid meanwhile (the app closed before it asked): the order is paid, and no cashier opens.
    const { order: p } = await order()
    pay.pay(p.id)
    const again = (await post(`/orders/${p.id}/payment`)).body as OrderAnswer
    expect(again.order.status).toBe('paid')
    expect(again.payment.params).toBeUndefined()
    expect(await balance()).toBe(before + earned + (await earnedBy(p.id)))
  })

  test('a refund goes back through WeChat Pay first; when WeChat Pay refuses, nothing changes', async () => {
    const { order: o } = await order()
    expect((await notify(pay.pay(o.id))).status).toBe(204)
    const paidBalance = await balance()

    // A malformed request is refused before any money moves: the member's, and customer service's without a reason.
    const before = pay.requests.length
    expect((await post(`/orders/${o.id}/refund`, [])).body).toMatchObject({ error: { code: 'INVALID_INPUT' } })
    const staff = await staffHeaders()
    for (const body of [{}, { reason: '退'.repeat(201) }]) {
      const r = await httpRaw(server.url, { method: 'POST', path: `/admin/members/${memberId}/orders/${o.id}/refund`, headers: { ...staff, 'idempotency-key': crypto.randomUUID() }, body })
      expect(r.status).toBe(400)
    }
    expect(pay.requests.length).toBe(before)
    expect(pay.refunds.has(`${o.id}-R`)).toBe(false)
    expect(await orderStatus(o.id)).toBe('paid')

    pay.mode.refunds = 'not-enough'
    const refused = await post(`/orders/${o.id}/refund`)
    expect(refused.status).toBe(502)
    expect(refused.body).toMatchObject({ error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: '退款暂时无法办理，请稍后重试；如仍不成功请联系客服' } })
    expect(await orderStatus(o.id)).toBe('paid')
    expect(await balance()).toBe(paidBalance)

    pay.mode.refunds = 'ok'
    const done = await post(`/orders/${o.id}/refund`)
    expect(done.status).toBe(200)
    expect(pay.refunds.get(`${o.id}-R`)).toMatchObject({ out_trade_no: o.id, amount: { refund: o.quote.payableFen, total: o.quote.payableFen, currency: 'CNY' } })
    expect(await orderStatus(o.id)).toBe('refunded')
    expect(await balance()).toBe(paidBalance - (await earnedBy(o.id)))
    // Refunded once: a second request is refused without asking WeChat Pay again.
    const asked = pay.requests.length
    expect((await post(`/orders/${o.id}/refund`)).body).toMatchObject({ error: { code: 'ORDER_ALREADY_REFUNDED' } })
    expect(pay.requests.length).toBe(asked)
  })

  test('cancelling closes the trade; a trade found paid as it is closed is confirmed instead', async () => {
    const { order: a } = await order()
    const cancelled = await post(`/orders/${a.id}/cancel`)
    expect(cancelled.body).toMatchObject({ order: { status: 'cancelled' } })
    expect(pay.trades.get(a.id)!.state).toBe('CLOSED')

    const { order: b } = await order()
    pay.pay(b.id)
    // The cashier's "closed" arrives after the member paid after all.
    const r = await post(`/orders/${b.id}/pay`, { result: 'cancelled' })
    expect(r.body).toMatchObject({ order: { status: 'paid' } })
  })

  test('money that does not match its order goes back by itself, and the order is cancelled', async () => {
    const before = await balance()
    const { order: o } = await order()
    expect((await notify(pay.pay(o.id, o.quote.payableFen + 100))).status).toBe(204)
    expect(pay.refunds.get(`${o.id}-R`)).toMatchObject({ amount: { refund: o.quote.payableFen + 100, total: o.quote.payableFen + 100 } })
    expect(await orderStatus(o.id)).toBe('cancelled')
    expect(await balance()).toBe(before)
  })

  test('WeChat Pay down: the order is kept, to be paid from 我的订单 once it is back', async () => {
    pay.mode.down = true
    const { products } = await get<{ products: { sku: string }[] }>('/catalogue')
    const r = await post('/orders', { items: [{ sku: products[0].sku, qty: 1 }] })
    expect(r.status).toBe(503)
    expect(r.headers['retry-after']).toBe('2')
    expect(r.body).toMatchObject({ error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE', message: '支付服务暂时不可用，订单已保留，请稍后在「我的订单」中支付' } })
    const kept = (await get<{ orders: { id: string; status: string }[] }>('/orders')).orders[0]
    expect(kept.status).toBe('pending_payment')
    pay.mode.down = false
    // An answer WeChat Pay did not sign (someone in between) is not believed: no parameters from it.
    pay.mode.forged = true
    expect((await post(`/orders/${kept.id}/payment`)).body).toMatchObject({ error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' } })
    pay.mode.forged = false
    const again = (await post(`/orders/${kept.id}/payment`)).body as OrderAnswer
    expect(again.payment.params!.package).toBe(`prepay_id=${pay.trades.get(kept.id)!.prepayId}`)
  })

  // Last: it moves the clock.
  test('a payment whose notification never came is found by the reconciliation once its order has lapsed', async () => {
    const before = await balance()
    const { order: paid } = await order()
    const { order: left } = await order()
    pay.pay(paid.id) // the member paid, closed the app, and the notification was lost
    const reconcile = async () => (await fetch(`${server.url}/__mock/reconcile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()
    // Not before the orders lapse: a member may still be at the cashier.
    expect(await reconcile()).toEqual({ asked: 0, paid: 0, cancelled: 0, failed: 0 })

    const clock = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(Date.parse(START) + 16 * 60_000).toISOString() }) })
    expect(clock.status).toBe(200)
    const pass = await reconcile()
    expect(pass).toMatchObject({ paid: 1, failed: 0 })
    expect(pass.asked).toBe(pass.paid + pass.cancelled)
    expect(await orderStatus(paid.id)).toBe('paid')
    expect(await orderStatus(left.id)).toBe('cancelled')
    expect(await balance()).toBe(before + (await earnedBy(paid.id)))
    // Each lapsed order is asked once: the next pass has nothing to ask.
    expect(await reconcile()).toEqual({ asked: 0, paid: 0, cancelled: 0, failed: 0 })
  })

  // Last: it erases the suite's member.
  test('会员注销 closes the account: an order waiting for payment takes none — its payment goes back, notified or found by the reconciliation; a refund after gives nothing back to it', async () => {
    const staff = await staffHeaders()
    const asStaff = (p: string, body?: unknown) =>
      httpRaw(server.url, body === undefined ? { method: 'GET', path: p, headers: staff } : { method: 'POST', path: p, headers: { ...staff, 'idempotency-key': crypto.randomUUID() }, body })
    const liability = async () => ((await asStaff('/admin/metrics')).body as { liability: { outstandingPoints: number } }).liability.outstandingPoints
    // Paid with a coupon and points, before the erase.
    expect((await asStaff(`/admin/members/${memberId}/adjustments`, { amount: 900, reason: '注销测试' })).status).toBe(201)
    const coupon = ((await asStaff(`/admin/members/${memberId}/coupons`, { templateId: 'mall-10', reason: '注销测试' })).body as { coupon: { id: string } }).coupon
    const { products } = await get<{ products: { sku: string; priceFen: number }[] }>('/catalogue')
    const items = [{ sku: products.reduce((a, b) => (b.priceFen > a.priceFen ? b : a)).sku, qty: 1 }]
    const { maxPointsUsable } = (await post('/orders/quote', { items, couponId: coupon.id })).body as { maxPointsUsable: number }
    expect(maxPointsUsable).toBeGreaterThan(0)
    const paid = (await post('/orders', { items, couponId: coupon.id, pointsToUse: maxPointsUsable })).body as OrderAnswer
    expect((await notify(pay.pay(paid.order.id))).status).toBe(204)
    // Placed, the cashier open, when the account is erased; and one paid whose notification is lost.
    const { order: waiting } = await order()
    const { order: lost } = await order()
    pay.pay(lost.id)
    expect((await asStaff(`/admin/members/${memberId}/erase`, { reason: '会员申请删除数据' })).status).toBe(200)
    const status = async (id: string) => ((await asStaff(`/admin/members/${memberId}/orders`)).body as { orders: { id: string; status: string }[] }).orders.find((o) => o.id === id)?.status
    const owed = await liability()

    // The member pays at the cashier anyway: the money goes back, the order is cancelled, the closed account earns nothing.
    expect((await notify(pay.pay(waiting.id))).status).toBe(204)
    expect(pay.refunds.get(`${waiting.id}-R`)).toMatchObject({ amount: { refund: waiting.quote.payableFen } })
    expect(await status(waiting.id)).toBe('cancelled')
    // The lost notification: the reconciliation of lapsed orders finds the payment and sends it back just the same.
    const clock = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(Date.parse(START) + 40 * 60_000).toISOString() }) })
    expect(clock.status).toBe(200)
    const pass = await (await fetch(`${server.url}/__mock/reconcile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()
    expect(pass).toMatchObject({ failed: 0 })
    expect(pay.refunds.get(`${lost.id}-R`)).toMatchObject({ amount: { refund: lost.quote.payableFen } })
    expect(await status(lost.id)).toBe('cancelled')
    expect(await liability()).toBe(owed)
    // Customer service refunds the order paid before: the money goes back; the points it spent and its coupon do not
    // come back to the closed account (forfeited again: the liability stays), and nothing is left owed.
    const refunded = await asStaff(`/admin/members/${memberId}/orders/${paid.order.id}/refund`, { reason: '退货' })
    expect(refunded.status).toBe(200)
    expect(pay.refunds.has(`${paid.order.id}-R`)).toBe(true)
    expect((refunded.body as { reversed: { shortfall: number } }).reversed.shortfall).toBe(0)
    const detail = (await asStaff(`/admin/members/${memberId}`)).body as { member: { balance: number }; owed: number }
    expect({ balance: detail.member.balance, owed: detail.owed }).toEqual({ balance: 0, owed: 0 })
    expect(await liability()).toBe(owed)
    const coupons = ((await asStaff(`/admin/members/${memberId}/coupons`)).body as { coupons: { id: string; status: string }[] }).coupons
    expect(coupons.find((c) => c.id === coupon.id)?.status).not.toBe('available')
  })
})

describe('Alipay', () => {
  const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const alipay = fakeAlipayTrades(ALI.appId, alipayKeys.privateKey)
  let server: ServerProcess
  let gateway: FakeServer
  let dir: string
  let headers: Record<string, string>

  beforeAll(async () => {
    gateway = await startFakeAlipay({ appPublicKey: appKeys.publicKey, alipayPrivateKey: alipayKeys.privateKey, strangerPrivateKey: appKeys.privateKey, methods: alipay.methods })
    dir = mkdtempSync(path.join(os.tmpdir(), 'payments-alipay-'))
    server = await startPinnedServer(
      {
        DATA_DIR: dir,
        ...NO_RATE_LIMITS,
        AUTH_PROVIDER: 'alipay',
        ALIPAY_APP_ID: ALI.appId,
        ALIPAY_PRIVATE_KEY: appKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
        ALIPAY_PUBLIC_KEY: alipayKeys.publicKey.export({ format: 'pem', type: 'spki' }) as string,
        ALIPAY_GATEWAY: `${gateway.url}/gateway.do`,
        PAYMENT_PROVIDER: 'alipay',
        PAYMENT_NOTIFY_URL: 'https://api.brand.example/api/v1/payments/alipay/notify',
        PAYMENT_TRADE_PREFIX: 'T1_',
      },
      START,
    )
    const login = await httpRaw(server.url, { method: 'POST', path: '/auth/login', body: { platform: 'alipay', code: 'good' } })
    expect(login.status).toBe(200)
    headers = { authorization: `Bearer ${(login.body as { token: string }).token}` }
  })

  afterAll(async () => {
    await server?.stop()
    await gateway?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const { post, balance, earnedBy, orderStatus, order } = memberCalls(() => server.url, () => headers)
  const notify = async (body: string) => {
    const r = await fetch(`${server.url}/api/v1/payments/alipay/notify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body })
    return { status: r.status, text: await r.text() }
  }
  test("an order opens an Alipay trade for my.tradePay; Alipay's signed notification pays it once, the app's word never", async () => {
    const before = await balance()
    const { order: o, payment } = await order()
    const trade = alipay.trades.get(`T1_${o.id}`)!
    expect(payment).toEqual({ provider: 'alipay', amountFen: o.quote.payableFen, description: expect.any(String), params: { tradeNO: trade.tradeNo } })
    const yuan = `${Math.floor(o.quote.payableFen / 100)}.${String(o.quote.payableFen % 100).padStart(2, '0')}`
    expect(trade.biz).toMatchObject({ total_amount: yuan, buyer_open_id: ALI.openId, product_code: 'JSAPI_PAY' })
    expect(trade.notifyUrl).toBe('https://api.brand.example/api/v1/payments/alipay/notify')

    expect((await post(`/orders/${o.id}/pay`, { result: 'paid' })).body).toMatchObject({ order: { status: 'pending_payment' } })
    const paid = alipay.pay(`T1_${o.id}`)
    // Changed on the way (another amount), or signed with a key that is not Alipay's: "fail", nothing changes.
    expect(await notify(paid.replace(/total_amount=[^&]+/, 'total_amount=0.01'))).toEqual({ status: 400, text: 'fail' })
    const forged = alipay.notification(Object.fromEntries(new URLSearchParams(paid)), appKeys.privateKey)
    expect(await notify(forged)).toEqual({ status: 400, text: 'fail' })
    expect(await orderStatus(o.id)).toBe('pending_payment')

    expect(await notify(paid)).toEqual({ status: 200, text: 'success' })
    expect(await notify(paid)).toEqual({ status: 200, text: 'success' })
    expect(await orderStatus(o.id)).toBe('paid')
    expect(await balance()).toBe(before + (await earnedBy(o.id)))
  })

  test('refunds go through Alipay first (nothing changes when it refuses); cancelling closes the trade', async () => {
    const { order: o } = await order()
    expect((await post(`/orders/${o.id}/pay`, { result: 'paid' })).body).toMatchObject({ order: { status: 'pending_payment' } })
    alipay.pay(`T1_${o.id}`)
    // No notification: the query on the app's "paid" confirms it.
    expect((await post(`/orders/${o.id}/pay`, { result: 'paid' })).body).toMatchObject({ order: { status: 'paid' } })
    const paidBalance = await balance()

    alipay.mode.refunds = 'balance-short'
    expect((await post(`/orders/${o.id}/refund`)).body).toMatchObject({ error: { code: 'PAYMENT_PROVIDER_UNAVAILABLE' } })
    expect(await balance()).toBe(paidBalance)
    alipay.mode.refunds = 'ok'
    expect((await post(`/orders/${o.id}/refund`)).body).toMatchObject({ order: { status: 'refunded' } })
    expect(alipay.refunds.get(`T1_${o.id}-R`)).toMatchObject({ out_trade_no: `T1_${o.id}` })
    expect(await balance()).toBe(paidBalance - (await earnedBy(o.id)))
    // A refund Alipay made already (a retry after an answer that was lost: fund_change N) is asked after, and its
    // REFUND_SUCCESS lets the refund through.
    const { order: twice } = await order()
    alipay.pay(`T1_${twice.id}`)
    expect((await post(`/orders/${twice.id}/pay`, { result: 'paid' })).body).toMatchObject({ order: { status: 'paid' } })
    alipay.refunds.set(`T1_${twice.id}-R`, { out_trade_no: `T1_${twice.id}`, refund_amount: '0.01' })
    expect((await post(`/orders/${twice.id}/refund`)).body).toMatchObject({ order: { status: 'refunded' } })
    const asked = gateway.requests.map((r) => new URLSearchParams(new URL(r.url, 'http://x').search).get('method'))
    expect(asked.slice(-2)).toEqual(['alipay.trade.refund', 'alipay.trade.fastpay.refund.query'])

    const { order: c } = await order()
    expect((await post(`/orders/${c.id}/cancel`)).body).toMatchObject({ order: { status: 'cancelled' } })
    expect(alipay.trades.get(`T1_${c.id}`)!.status).toBe('TRADE_CLOSED')
  })
})

describe('payment provider settings', () => {
  const config = (env: Record<string, string>) => () => readConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/x', ...env } as unknown as NodeJS.ProcessEnv)

  test('it needs WeChat login, and every WECHATPAY_* setting before the server starts', async () => {
    expect(config({ PAYMENT_PROVIDER: 'wechat' })).toThrow(/^PAYMENT_PROVIDER=wechat needs AUTH_PROVIDER=wechat/)
    expect(config({ PAYMENT_PROVIDER: 'alipay', AUTH_PROVIDER: 'wechat' })).toThrow(/^PAYMENT_PROVIDER=alipay needs AUTH_PROVIDER=alipay/)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'payments-config-'))
    try {
      const start = startServerProcess({ DATA_DIR: dir, AUTH_PROVIDER: 'wechat', WECHAT_APPID: WX.appId, WECHAT_SECRET: WX.secret, PAYMENT_PROVIDER: 'wechat', WECHATPAY_MCHID: PAY.mchId })
      await expect(start).rejects.toThrow(/PAYMENT_PROVIDER=wechat needs WECHATPAY_PRIVATE_KEY, WECHATPAY_CERT_SERIAL, WECHATPAY_APIV3_KEY, WECHATPAY_PUBLIC_KEY, WECHATPAY_PUBLIC_KEY_ID, PAYMENT_NOTIFY_URL/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a key that is not RSA is named', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const { createPaymentProvider } = await import('../../server/payments')
    const createWechatPay = (env: Record<string, string>, payerOf: () => Promise<null>) => createPaymentProvider('wechat', env, payerOf)
    const keys = payKeys()
    const env = {
      WECHAT_APPID: WX.appId,
      WECHATPAY_MCHID: PAY.mchId,
      WECHATPAY_PRIVATE_KEY: ec,
      WECHATPAY_CERT_SERIAL: PAY.certSerial,
      WECHATPAY_APIV3_KEY: PAY.apiV3Key,
      WECHATPAY_PUBLIC_KEY: keys.wechatpay.publicPem,
      WECHATPAY_PUBLIC_KEY_ID: PAY.publicKeyId,
      PAYMENT_NOTIFY_URL: 'https://api.brand.example/api/v1/payments/wechat/notify',
    }
    expect(() => createWechatPay(env, async () => null)).toThrow(/WECHATPAY_PRIVATE_KEY is a ec key/)
    expect(() => createWechatPay({ ...env, WECHATPAY_PRIVATE_KEY: keys.merchant.privatePem, WECHATPAY_APIV3_KEY: 'short' }, async () => null)).toThrow(/WECHATPAY_APIV3_KEY must be the 32-character APIv3 key/)
    expect(() => createWechatPay({ ...env, WECHATPAY_PRIVATE_KEY: keys.merchant.privatePem, PAYMENT_TRADE_PREFIX: 'far-too-long' }, async () => null)).toThrow(/PAYMENT_TRADE_PREFIX/)
  })
})
