/**
 * The member side of the points mall on the page (jsdom, H5 components, the embedded mock backend): a gift asks
 * where to send it and says what to fix per field, an in-store item shows its 核销码, and 兑换记录 lists both.
 */
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { api, setApiAdapter } from '@/api/http'
import { UNREACHABLE_MESSAGE } from '@/api/errors'
import { RedemptionList } from '@/components/mall/redemption-list'
import MallPage from '@/packages/mall/mall/index'
import RedemptionsPage from '@/packages/mall/redemptions/index'
import ShopPage from '@/packages/mall/shop/index'
import { useOrdersStore } from '@/stores/orders'
import { found } from '../support/dom'
import { requestsSettled } from '../support/requests'
import { newMemberCode, startTestBackend, type TestBackend, winPhysicalPrize } from '../support/backend'
import { calls, reachBottom, routerParams } from '../support/taro-mock'

jest.setTimeout(60_000)

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z') // 10:00 in Shanghai: business day 2026-11-24
  await t.loginAs('demo')
})

const type = (c: HTMLElement, id: string, value: string) => fireEvent.change(c.querySelector(`#${id}`)!, { target: { value } })
const text = (c: HTMLElement, selector: string) => c.querySelector(selector)?.textContent ?? null

test('a gift asks for a delivery address, says per field what to fix, and is sent only once it is right', async () => {
  const { container } = render(<MallPage />)
  const tote = await found(container, '#redeem-rw-tote')
  await waitFor(() => expect(tote).not.toHaveAttribute('disabled'))
  const balance = Number(text(container, '#mall-balance'))
  const redeemedBefore = (await api.redemptions()).redemptions.length

  fireEvent.click(tote)
  await found(container, '#delivery-sheet')
  expect(text(container, '#delivery-item')).toContain('使用 500 积分兑换「帆布托特包」')

  // Nothing typed: three field errors, no request.
  fireEvent.click(container.querySelector('#delivery-submit')!)
  expect(text(container, '#delivery-name-error')).toBe('请填写收货人')
  expect(text(container, '#delivery-phone-error')).toBe('请填写手机号')
  expect(text(container, '#delivery-address-error')).toBe('请填写收货地址')

  // A number that is not a mainland mobile, an address too short to find.
  type(container, 'delivery-name', '张三')
  type(container, 'delivery-phone', '2380013800')
  type(container, 'delivery-address', '上海徐汇')
  fireEvent.click(container.querySelector('#delivery-submit')!)
  expect(container.querySelector('#delivery-name-error')).toBeNull()
  expect(text(container, '#delivery-phone-error')).toBe('请填写 1 开头的 11 位手机号')
  expect(text(container, '#delivery-address-error')).toBe('收货地址至少 5 个字')
  await requestsSettled()
  expect((await api.redemptions()).redemptions).toHaveLength(redeemedBefore)

  type(container, 'delivery-phone', '138 0013 8000')
  type(container, 'delivery-address', '上海市徐汇区漕溪北路 88 号')
  fireEvent.click(container.querySelector('#delivery-submit')!)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('兑换成功，可在「兑换记录」查看发货进度'))
  expect(container.querySelector('#delivery-sheet')).toBeNull()
  await waitFor(() => expect(Number(text(container, '#mall-balance'))).toBe(balance - 500))
  const [latest] = (await api.redemptions()).redemptions
  expect(latest).toMatchObject({ itemId: 'rw-tote', voucher: null, delivery: { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号', status: 'pending' } })
  // The sheet's 确认兑换 is the confirmation: no second dialog.
  expect(calls.modals).toHaveLength(0)
})

test('an in-store item shows its 核销码 and the last day it can be used', async () => {
  const { container } = render(<MallPage />)
  const drink = await found(container, '#redeem-rw-free-drink')
  await waitFor(() => expect(drink).not.toHaveAttribute('disabled'))
  fireEvent.click(drink)
  await found(container, '#voucher-sheet')
  expect(calls.modals.map((m) => m.title)).toEqual(['确认兑换'])
  const [latest] = (await api.redemptions()).redemptions
  const code = latest.voucher!.code
  expect(code).toMatch(/^\d{12}$/)
  expect(text(container, '#voucher-code')).toBe(`${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`)
  // Its QR code for the counter's scanner (decoded in the H5 journey, tests/e2e/member.test.ts), named for screen readers.
  const qr = container.querySelector('#voucher-qr')!
  expect(qr.getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
  expect(qr).toHaveAttribute('aria-label', `核销二维码，核销码 ${code.slice(0, 4)} ${code.slice(4, 8)} ${code.slice(8)}`)
  // 30 business days, today included (the rules' mall.voucherValidDays).
  expect(text(container, '#voucher-valid-to')).toBe('有效期至 2026年12月23日')
  fireEvent.click(container.querySelector('#voucher-records')!)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/mall/redemptions/index')
})

test('a price changed after the list was shown: the confirmation is refused, nothing spent, and the list shows the new price', async () => {
  const { container } = render(<MallPage />)
  const drink = await found(container, '#redeem-rw-free-drink')
  await waitFor(() => expect(drink).not.toHaveAttribute('disabled'))
  const price = () => text(container, '#reward-rw-free-drink .reward__price')
  const shown = price()
  const balance = text(container, '#mall-balance')
  const redeemedBefore = (await api.redemptions()).redemptions.length
  // Meanwhile the brand raises it by 100 points (a new rules version through the operator API).
  const admin = async (method: string, path: string, body?: unknown) =>
    (await t.backend.handle({ method, path, query: {}, headers: { authorization: 'Bearer operator-demo-token', 'content-type': 'application/json', 'idempotency-key': `k-${path}-${method}` }, rawBody: body === undefined ? undefined : JSON.stringify(body) })) as { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any
  const base = (await admin('GET', '/admin/rules')).body.current.versionNo
  const doc = (await admin('GET', `/admin/rules/versions/${base}`)).body.document
  const items = doc.mall.items.map((i: { id: string; pointsPrice: number }) => (i.id === 'rw-free-drink' ? { ...i, pointsPrice: i.pointsPrice + 100 } : i))
  expect((await admin('POST', '/admin/rules/versions', { document: { ...doc, mall: { ...doc.mall, items } }, note: '调价', baseVersionNo: base })).status).toBe(201)

  fireEvent.click(drink)
  const raised = Number(shown!.split(' ')[0]) + 100
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe(`所需积分已变为 ${raised} 积分，请确认后重试`))
  expect(calls.modals.map((m) => m.content)).toEqual([expect.stringContaining(`使用 ${shown}兑换`)])
  await waitFor(() => expect(price()).toBe(`${raised} 积分`))
  expect(text(container, '#mall-balance')).toBe(balance)
  expect((await api.redemptions()).redemptions).toHaveLength(redeemedBefore)
  // Tapped again, the dialog says the new price, and that is what it costs.
  fireEvent.click(drink)
  await found(container, '#voucher-sheet')
  expect(calls.modals.at(-1)?.content).toContain(`使用 ${raised} 积分兑换`)
  expect((await api.redemptions()).redemptions[0]).toMatchObject({ itemId: 'rw-free-drink', points: raised })
})

test('兑换记录 lists what was redeemed, newest first, with each voucher and delivery status', async () => {
  await api.redeem('rw-free-drink')
  await api.redeem('rw-tote', { delivery: { name: '李四', phone: '13912345678', address: '北京市朝阳区建国路 1 号' } })
  const { container } = render(<RedemptionsPage />)
  await found(container, '#redemption-list')
  const rows = [...container.querySelectorAll('#redemption-list .redemption')]
  const server = (await api.redemptions()).redemptions
  expect(rows).toHaveLength(server.length)
  expect(rows[0]).toHaveTextContent('帆布托特包')
  expect(rows[0]).toHaveTextContent('-500 积分')
  expect(rows[0]).toHaveTextContent('李四 139****5678')
  expect(rows[0]).toHaveTextContent('待发货')
  expect(rows[0]).toHaveTextContent('北京市朝阳区建国路 1 号')
  expect(rows[1]).toHaveTextContent('任意饮品免费兑换')
  expect(rows[1]).toHaveTextContent('可使用')
  expect(rows[1]).toHaveTextContent('有效期至 2026年12月23日')
  // The demo's earlier coupon redemption.
  expect(rows.at(-1)).toHaveTextContent('优惠券已放入「我的优惠券」')

  // Past its last day the voucher reads 已过期.
  t.advanceDays(30)
  const { container: later } = render(<RedemptionsPage />)
  await waitFor(() => expect(later.querySelector(`#redemption-status-${server[1].id}`)).toHaveTextContent('已过期'))
})

test('兑换记录 loads 20 at a time: at the bottom of the page the next 20 follow, and the list says when it has all', async () => {
  await t.loginAs(newMemberCode())
  // 22 prizes won, each a line of 兑换记录 (as draws make them).
  for (let i = 0; i < 22; i++) await winPhysicalPrize(t)
  const { container } = render(<RedemptionsPage />)
  await found(container, '#redemptions-footer')
  const rows = () => container.querySelectorAll('#redemption-list .redemption').length
  expect(rows()).toBe(20)
  expect(text(container, '#redemptions-footer')).toBe('上滑加载更多')
  await act(async () => reachBottom.current?.())
  await waitFor(() => expect(rows()).toBe(22))
  expect(text(container, '#redemptions-footer')).toBe('没有更多了')
})

test('兑换说明 says, from the rules, how long a voucher is valid and that points are not returned', async () => {
  const { container } = render(<MallPage />)
  const rules = await found(container, '#mall-rules')
  expect(rules.textContent).toContain('兑换说明')
  expect(rules.textContent).toContain('30 天内（含兑换当天）到店出示二维码或核销码使用')
  expect(rules.textContent).toContain('兑换成功后积分不退回')
})

test('下单须知 on the shop page says, from the rules, the minutes to pay and the days to ask for a refund', async () => {
  const { container } = render(<ShopPage />)
  const rules = await found(container, '#shop-rules')
  expect(rules.textContent).toContain('下单后请在 15 分钟内完成支付')
  expect(rules.textContent).toContain('商品支付后 7 天内（支付次日起算）可在「我的订单」申请退款')
})

test('a shop with nothing on sale says so instead of an empty 商品 list', async () => {
  const catalogue = jest.spyOn(api, 'catalogue').mockResolvedValue({ products: [] })
  try {
    const { container } = render(<ShopPage />)
    const empty = await found(container, '#shop-empty')
    expect(empty).toHaveTextContent('暂时没有可购买的商品')
    expect(container.querySelector('.product')).toBeNull()
  } finally {
    catalogue.mockRestore()
  }
})

test('a new member has no redemptions yet and is pointed to the mall', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<RedemptionsPage />)
  await found(container, '#redemptions-empty')
  expect(container).toHaveTextContent('还没有兑换记录')
})

test('each voucher and delivery status in words', () => {
  const base = { itemId: 'x', points: 300, at: '2026-11-20T02:00:00.000Z', couponId: null }
  const { container } = render(
    <RedemptionList
      redemptions={[
        { ...base, id: 'r1', itemName: '饮品', kind: 'service', delivery: null, voucher: { code: '123456789012', status: 'used', validTo: '2026-12-19', usedAt: '2026-11-21T06:30:00.000Z' } },
        { ...base, id: 'r2', itemName: '饮品', kind: 'service', delivery: null, voucher: { code: '210987654321', status: 'expired', validTo: '2026-11-20', usedAt: null } },
        { ...base, id: 'r3', itemName: '徽章', kind: 'gift', voucher: null, delivery: { name: '王五', phone: '13700000000', address: '杭州市西湖区 1 号', status: 'shipped', trackingNo: 'SF1234567890' } },
        { ...base, id: 'r4', itemName: '徽章', kind: 'gift', voucher: null, delivery: { name: '王五', phone: '13700000000', address: '杭州市西湖区 1 号', status: 'delivered', trackingNo: 'SF1234567890' } },
        { ...base, id: 'r5', itemName: '会员月度免费饮品', kind: 'service', delivery: null, voucher: { code: '555566667777', status: 'revoked', validTo: '2026-11-30', usedAt: null } },
      ]}
    />,
  )
  expect(text(container, '#redemption-status-r1')).toBe('已使用')
  expect(text(container, '#redemption-r1')).toContain('11月21日 14:30 已核销')
  expect(text(container, '#redemption-status-r2')).toBe('已过期')
  expect(text(container, '#redemption-r2')).toContain('有效期至 2026年11月20日')
  expect(text(container, '#redemption-status-r3')).toBe('已发货')
  expect(text(container, '#redemption-tracking-r3')).toBe('快递单号 SF1234567890')
  expect(text(container, '#redemption-status-r4')).toBe('已签收')
  // Taken back by a refund that lowered the tier: no code to show at the counter, and why.
  expect(text(container, '#redemption-status-r5')).toBe('已作废')
  expect(text(container, '#redemption-r5')).toContain('退款后会员等级调整，本月权益已收回')
  expect(container.querySelector('#redemption-qr-r5')).toBeNull()
})

test('a 满100 coupon the member discount takes an order below is listed with what is missing, not dropped', async () => {
  const { redemption } = await api.redeem('rw-coupon-100-20')
  // ¥100 of goods; 9.5折 for the demo's gold tier leaves ¥95: ¥5 short of the threshold.
  await useOrdersStore.getState().updateDraft({ items: [{ sku: 'latte', qty: 2 }, { sku: 'oolong', qty: 2 }] })
  const { container } = render(<ShopPage />)
  fireEvent.click(await found(container, '#quote-coupon'))
  const short = await found(container, `[id="short-coupon-${redemption.couponId}"]`)
  expect(short.textContent).toBe('满100减20再买 ¥5 可用')
  expect(container.querySelector('#coupon-chooser')?.textContent).toContain('满减门槛按会员折扣后的金额计算')
})

test('去使用 on a coupon opens the shop with that coupon chosen once the goods let it apply, not the best one', async () => {
  const ids = [(await api.redeem('rw-coupon-9off')).redemption.couponId!, (await api.redeem('rw-coupon-10')).redemption.couponId!]
  const items = [{ sku: 'latte', qty: 2 }, { sku: 'oolong', qty: 2 }]
  const quoted = await api.quote({ items })
  expect(quoted.eligibleCoupons.map((c) => c.id)).toEqual(expect.arrayContaining(ids))
  // The one of the two the shop would not choose by itself.
  const wanted = quoted.eligibleCoupons.find((c) => ids.includes(c.id) && c.id !== quoted.coupon?.id)!
  // As the mini programs hand it over: still encoded (the ids hold ':').
  routerParams.current = { couponId: encodeURIComponent(wanted.id) }
  const { container } = render(<ShopPage />)
  await found(container, '#shop-rules')
  await act(() => useOrdersStore.getState().updateDraft({ items }))
  await waitFor(() => expect(useOrdersStore.getState().quote?.coupon?.id).toBe(wanted.id))
  await waitFor(() => expect(text(container, '#quote-coupon')).toContain(wanted.name))
  // A coupon the member then chooses (or none) is theirs: the one they came with no longer takes over.
  await act(async () => {
    await useOrdersStore.getState().updateDraft({ couponId: null })
    await requestsSettled()
  })
  expect(useOrdersStore.getState().quote?.coupon).toBeNull()
})

test('积分抵扣 says why points cannot be used: a balance under the rules\' minimum, with the number', async () => {
  await t.loginAs(newMemberCode()) // 10 points: the day's first open
  await useOrdersStore.getState().updateDraft({ items: [{ sku: 'latte', qty: 1 }] })
  const { container } = render(<ShopPage />)
  await waitFor(() => expect(text(container, '#order-quote')).toContain('积分抵扣（积分满 100 可用）'))
  expect(text(container, '#order-quote')).not.toContain('积分不足或本单不可用')
  expect(container.querySelector('#use-points')).toHaveAttribute('aria-disabled', 'true')
})

test('a backend that takes no payment: the shop quotes the order but offers no 去支付, and says why', async () => {
  const closed = await startTestBackend('2026-11-24T02:00:00.000Z', { payments: 'none', history: false })
  await closed.loginAs(newMemberCode())
  await useOrdersStore.getState().updateDraft({ items: [{ sku: 'latte', qty: 1 }] })
  const { container } = render(<ShopPage />)
  expect((await found(container, '#payments-closed')).textContent).toBe('暂未开通在线支付，请到店办理')
  await found(container, '#quote-payable')
  expect(container.querySelector('#pay-button')).toBeNull()
})

test('the totals are the draft\'s own: while its quote loads 合计 says 计算中 and 去支付 waits; a failed quote says why, with 重试', async () => {
  const { container } = render(<ShopPage />)
  fireEvent.click(await found(container, '#add-latte'))
  await waitFor(() => expect(text(container, '#shop-total')).toMatch(/^合计 ¥/))
  const one = text(container, '#shop-total')
  expect(container.querySelector('#pay-button')).not.toHaveAttribute('disabled')
  // A second cup, its quote on its way: the first cup's total is not shown as the order's.
  setApiAdapter(() => new Promise(() => undefined))
  fireEvent.click(container.querySelector('#add-latte')!)
  await waitFor(() => expect(text(container, '#shop-total')).toBe('合计计算中…'))
  expect(text(container, '#quote-payable')).toBe('计算中…')
  expect(container.querySelector('#pay-button')).toHaveAttribute('disabled')
  // A third, and the network is down: the reason and 重试, no 去支付.
  t.offline()
  fireEvent.click(container.querySelector('#add-latte')!)
  await waitFor(() => expect(text(container, '#quote-failed')).toContain(UNREACHABLE_MESSAGE))
  expect(container.querySelector('#pay-button')).toBeNull()
  t.online()
  fireEvent.click(container.querySelector('#quote-retry')!)
  await waitFor(() => expect(text(container, '#shop-total')).toMatch(/^合计 ¥/))
  expect(text(container, '#shop-total')).not.toBe(one)
  expect(useOrdersStore.getState().quote?.listFen).toBe(3 * useOrdersStore.getState().products!.find((p) => p.sku === 'latte')!.priceFen)
  expect(container.querySelector('#pay-button')).not.toHaveAttribute('disabled')
})

test('the backend out of reach with no balance known: the header says — (not 0 积分) above the error state', async () => {
  await t.loginAs('demo')
  t.offline()
  const { container } = render(<MallPage />)
  await found(container, '#error-state', { timeout: 5000 })
  expect(text(container, '#mall-balance')).toBe('—')
})

test('签到后浏览 1 个商品: adding a product from the list counts as looking at it, as opening its details does', async () => {
  await api.signin().catch(() => undefined)
  const browse = async () => (await api.tasks()).tasks.find((task) => task.id === 'daily-browse-product')!
  expect((await browse()).progress).toBe(0)
  const { container } = render(<ShopPage />)
  fireEvent.click(await found(container, '#add-latte'))
  await waitFor(async () => expect((await browse()).progress).toBe(1))
})
