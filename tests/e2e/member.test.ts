/**
 * Member journeys in Chromium on the H5 build (embedded mock backend, demo member): sign in and see points and
 * streak change; make up a missed day; redeem a mall item and find it in 优惠券; redeem a gift with a delivery address and find it in 兑换记录; place an order using a coupon and
 * points. The page clock is fixed mid-month so a missed day of this month exists whatever day CI runs.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { back, type E2E, H5_DIST, number, screenshot, startE2E, toast, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
jest.setTimeout(90_000)

const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai

async function confirmModal(page: Page, confirmText: string): Promise<void> {
  const button = page.locator('.taro-model__confirm', { hasText: confirmText })
  await button.waitFor()
  await button.click()
}

describeBuilt('member journeys on H5', () => {
  let e2e: E2E
  let page: Page

  beforeAll(async () => {
    e2e = await startE2E()
    page = await e2e.newPage()
    await page.clock.setFixedTime(NOW)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#tier-name').waitFor()
  })
  afterAll(async () => {
    await e2e?.close() // undefined when startE2E failed: it has closed what it started
  })

  test('sign in: the result sheet shows what was earned; streak and balance change', async () => {
    await page.locator('#points-balance').waitFor()
    const before = await number(page, '#points-balance')
    await page.locator('#signin-entry').click()
    await page.locator('#signin-button').waitFor()
    const streakBefore = await number(page, '#signin-streak')
    await page.locator('#signin-button').click()
    await page.locator('#signin-result').waitFor()
    await screenshot(page, 'h5-journey-signin-result')
    const earned = await number(page, '#signin-result-points')
    expect(earned).toBeGreaterThan(0)
    expect(await number(page, '#signin-streak')).toBe(streakBefore + 1)
    await page.locator('#signin-result-close').click()
    await expect(page.locator('#signin-button').innerText()).resolves.toBe('今日已签到')
    await visit(page, e2e.server, 'pages/home/index')
    await page.waitForFunction(
      ([sel, expected]) => document.querySelector(sel as string)?.textContent?.trim() === String(expected),
      ['#points-balance', before + earned],
    )
  })

  test('make up a missed day: the cost is confirmed first and the day is marked 补', async () => {
    await visit(page, e2e.server, 'packages/member/signin/index')
    const day = page.locator('.signin-calendar__day--makeup-able').first()
    await day.waitFor()
    const id = await day.getAttribute('id')
    await day.click()
    await page.locator('#makeup-button').click()
    await expect(page.locator('.taro-modal__text').innerText()).resolves.toMatch(/需消耗 \d+ 积分/)
    await confirmModal(page, '确认补签')
    await page.locator(`#${id}.signin-calendar__day--makeup`).waitFor()
    await screenshot(page, 'h5-journey-makeup')
  })

  test('redeem a mall item and find the coupon in 优惠券', async () => {
    await visit(page, e2e.server, 'packages/mall/coupons/index')
    await page.locator('#coupon-list').waitFor()
    const couponsBefore = await page.locator('#coupon-list .coupon').count()
    await visit(page, e2e.server, 'packages/mall/mall/index')
    const item = page.locator('.reward', { has: page.locator('.btn--primary') }).filter({ hasText: '券' }).first()
    await item.waitFor()
    const name = (await item.locator('.reward__name').innerText()).trim()
    await item.locator('.btn--primary').click()
    await confirmModal(page, '确认兑换')
    await toast(page, /兑换成功/)
    await visit(page, e2e.server, 'packages/mall/coupons/index')
    await page.waitForFunction((n) => document.querySelectorAll('#coupon-list .coupon').length === n, couponsBefore + 1)
    await expect(page.locator('#coupon-list').innerText()).resolves.toContain(name.replace(/券$/, ''))
    await screenshot(page, 'h5-journey-coupons')
  })

  test('two tabs: the points page in a second tab, shown again, has the redemption made in the first', async () => {
    const second = await page.context().newPage()
    await second.clock.setFixedTime(NOW)
    await visit(second, e2e.server, 'packages/member/points/index')
    await second.locator('#points-balance').waitFor()
    const before = await number(second, '#points-balance')
    await visit(page, e2e.server, 'packages/mall/mall/index')
    const item = page.locator('.reward', { has: page.locator('.btn--primary') }).filter({ hasText: '券' }).first()
    await item.waitFor()
    const price = Number((await item.locator('.reward__price').innerText()).replace(/\D/g, ''))
    await item.locator('.btn--primary').click()
    await confirmModal(page, '确认兑换')
    await toast(page, /兑换成功/)
    // A tab sees another tab's localStorage writes a moment later (Chromium syncs storage between renderer
    // processes asynchronously); a member takes longer than that to switch tabs, so the test waits for it too.
    const written = await page.evaluate(() => localStorage.getItem('kv:meta'))
    await second.waitForFunction((meta) => localStorage.getItem('kv:meta') === meta, written)
    // The member switches back: the browser tells the page it is visible again (Taro's page onShow reloads it).
    await second.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })))
    await second.waitForFunction((n) => document.querySelector('#points-balance')?.textContent?.replace(/[^\d]/g, '') === String(n), before - price)
    await second.close()
  })

  test('redeem a gift: the address form says what to fix, then 兑换记录 shows the gift waiting to be sent', async () => {
    await visit(page, e2e.server, 'packages/mall/mall/index')
    await page.locator('#reward-rw-tote .btn--primary').waitFor()
    const before = await number(page, '#mall-balance')
    await page.locator('#redeem-rw-tote').click()
    await page.locator('#delivery-sheet').waitFor()
    await page.locator('#delivery-submit').click()
    await expect(page.locator('#delivery-phone-error').innerText()).resolves.toBe('请填写手机号')
    await page.locator('#delivery-name').fill('张三')
    await page.locator('#delivery-phone').fill('1380013800')
    await page.locator('#delivery-address').fill('上海市徐汇区漕溪北路 88 号')
    await page.locator('#delivery-submit').click()
    await expect(page.locator('#delivery-phone-error').innerText()).resolves.toBe('请填写 1 开头的 11 位手机号')
    await page.locator('#delivery-phone').fill('13800138000')
    await screenshot(page, 'h5-journey-delivery')
    await page.locator('#delivery-submit').click()
    await toast(page, /兑换成功/)
    await page.waitForFunction((n) => Number(document.querySelector('#mall-balance')?.textContent) === n, before - 500)
    await page.locator('#mall-redemptions').click()
    const latest = page.locator('#redemption-list .redemption').first()
    await latest.waitFor()
    await expect(latest.innerText()).resolves.toMatch(/帆布托特包[\s\S]*待发货[\s\S]*上海市徐汇区漕溪北路 88 号/)
    await expect(latest.innerText()).resolves.toContain('张三 138****8000')
    await screenshot(page, 'h5-journey-redemptions')
  })

  test('redeem an in-store item: the voucher shows a QR code that scans to its 核销码, and 兑换记录 shows it too', async () => {
    await visit(page, e2e.server, 'packages/mall/mall/index')
    await page.locator('#redeem-rw-free-drink:not([disabled])').waitFor()
    await page.locator('#redeem-rw-free-drink').click()
    await confirmModal(page, '确认兑换')
    await page.locator('#voucher-sheet #voucher-qr').waitFor()
    const code = (await page.locator('#voucher-code').innerText()).replace(/\s/g, '')
    expect(code).toMatch(/^\d{12}$/)
    await screenshot(page, 'h5-journey-voucher')
    // The image a counter's scanner sees, read by an independent decoder (jsQR) from the pixels Chromium drew.
    await page.addScriptTag({ path: require.resolve('jsqr/dist/jsQR.js') })
    const scanned = (selector: string) =>
      page.evaluate(async (sel) => {
        const img = document.querySelector<HTMLImageElement>(`${sel} img`) ?? document.querySelector<HTMLImageElement>(sel)!
        await img.decode()
        const canvas = document.createElement('canvas')
        canvas.width = img.naturalWidth
        canvas.height = img.naturalHeight
        const ctx = canvas.getContext('2d')!
        ctx.drawImage(img, 0, 0)
        const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height)
        const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR
        return jsQR(data, width, height)?.data ?? null
      }, selector)
    // ...and drawn whole on screen: the picture fills its box (a sheet's centred text once pushed it half out).
    const drawn = (selector: string) =>
      page.evaluate((sel) => {
        const box = document.querySelector(sel)!.getBoundingClientRect()
        const img = (document.querySelector(`${sel} img`) ?? document.querySelector(sel)!).getBoundingClientRect()
        return [img.left - box.left, img.top - box.top, img.right - box.right, img.bottom - box.bottom].map(Math.round)
      }, selector)
    expect(await scanned('#voucher-qr')).toBe(code)
    expect(await drawn('#voucher-sheet #voucher-qr')).toEqual([0, 0, 0, 0])
    await page.locator('#voucher-records').click()
    const latest = page.locator('#redemption-list .redemption').first()
    await latest.locator('[id^="redemption-qr-"]').waitFor()
    await expect(latest.innerText()).resolves.toMatch(/可使用/)
    const id = await latest.getAttribute('id')
    expect(await scanned(`#redemption-qr-${id!.replace(/^redemption-/, '')}`)).toBe(code)
    expect(await drawn(`#redemption-qr-${id!.replace(/^redemption-/, '')}`)).toEqual([0, 0, 0, 0])
  })

  test('place an order with a coupon and points: the quote shows both, the mock cashier confirms, the order is paid', async () => {
    await visit(page, e2e.server, 'packages/mall/shop/index')
    const add = page.locator('[id^=add-]').last()
    await add.waitFor()
    await add.click()
    await add.click()
    await page.locator('#order-quote').waitFor()
    await page.locator('#quote-coupon').click()
    await page.locator('#coupon-chooser').waitFor()
    await page.locator('[id^=choose-coupon-]:not(#choose-coupon-none)').first().click()
    await page.locator('#quote-coupon .quote-line__minus').waitFor()
    await page.locator('#use-points').click()
    await page.locator('#quote-points').waitFor()
    const payable = (await page.locator('#quote-payable').innerText()).trim()
    await screenshot(page, 'h5-journey-checkout')
    await page.locator('#pay-button').click()
    await expect(page.locator('.taro-modal__text').innerText()).resolves.toContain(payable)
    await confirmModal(page, '确认支付')
    await page.locator('#order-list .order').first().waitFor()
    const order = page.locator('#order-list .order').first()
    await expect(order.innerText()).resolves.toMatch(/已支付/)
    await expect(order.innerText()).resolves.toMatch(/券 -¥/)
    await expect(order.innerText()).resolves.toMatch(/\d+ 积分 -¥/)
    await screenshot(page, 'h5-journey-orders')
    // At 320 px its four amounts (商品 · 会员折扣 · 券 · 积分) wrap between them, each whole on the screen.
    await page.setViewportSize({ width: 320, height: 568 })
    const amounts = await order.locator('.order__amount').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))
    expect(amounts).toHaveLength(4)
    expect(Math.max(...amounts)).toBeLessThanOrEqual(320)
    await page.setViewportSize({ width: 375, height: 667 })
  })

  /** One of the shop's first product in the cart, and 去支付: the mock cashier open. */
  const openCashier = async () => {
    await visit(page, e2e.server, 'packages/mall/shop/index')
    const add = page.locator('[id^=add-]').first()
    await add.waitFor()
    await add.click()
    await page.locator('#order-quote').waitFor()
    await page.locator('#pay-button').click()
    await page.locator('.taro-model__confirm', { hasText: '确认支付' }).waitFor()
  }

  test('going back while the cashier is open is its 取消: the dialog goes, its order is cancelled and 去支付 opens the cashier again', async () => {
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#page-home').waitFor()
    await openCashier()
    await back(page)
    await page.locator('#page-home').waitFor()
    // The shop page leaves after its back transition: until then a new shop page would be a second #order-quote.
    await page.locator('#order-quote').waitFor({ state: 'detached' })
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.taro__modal')?.style.display === 'none')
    // Tab is the page's again (the dialog no longer keeps the focus on its buttons).
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('.taro__modal') ?? null)).toBeNull()
    await visit(page, e2e.server, 'packages/mall/shop/index')
    await page.locator('#order-quote').waitFor()
    await page.locator('#pay-button:not([aria-disabled="true"])').waitFor()
    await page.locator('#pay-button').click()
    await confirmModal(page, '确认支付')
    // 我的订单 may draw the list it had before the new order arrives: wait for the paid one on top.
    await page.locator('#order-list .order').first().filter({ hasText: '已支付' }).waitFor()
    // The order the cashier was open for was cancelled, as the cashier's 取消 cancels it.
    await expect(page.locator('#order-list .order').nth(1).innerText()).resolves.toMatch(/已取消/)
  })

  test('a reload while the cashier is open leaves the order 待支付 with the time left, 去支付 and 取消 (issue 13 item 7)', async () => {
    const openCashierAndReload = async () => {
      await openCashier()
      await page.reload()
      await visit(page, e2e.server, 'packages/mall/orders/index')
      const order = page.locator('#order-list .order').first()
      await order.waitFor()
      return order
    }
    let order = await openCashierAndReload()
    await expect(order.innerText()).resolves.toMatch(/待支付/)
    // The page clock stands at 10:00: the order was created then and is cancelled unpaid 15 minutes later.
    await expect(order.locator('[id^=pay-before-]').innerText()).resolves.toBe('剩 15 分钟支付，11月24日 10:15 前未支付将自动取消')
    await screenshot(page, 'h5-journey-order-pending')
    await order.locator('[id^=pay-ord]').click()
    await confirmModal(page, '确认支付')
    await toast(page, /^支付成功，获得 \d+ 积分(（(含下单奖励 \d+ 积分|当日积分已达上限，下单奖励少得 \d+ 积分|含下单奖励 \d+ 积分；当日积分已达上限，下单奖励少得 \d+ 积分)）)?$/)
    await expect(order.innerText()).resolves.toMatch(/已支付/)

    order = await openCashierAndReload()
    await order.locator('[id^=cancel-ord]').click()
    await confirmModal(page, '取消订单')
    await toast(page, /^订单已取消$/)
    await expect(order.innerText()).resolves.toMatch(/已取消/)
    expect(await order.locator('[id^=pay-ord], [id^=cancel-ord]').count()).toBe(0)
  })
})
