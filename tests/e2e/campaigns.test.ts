/**
 * Campaign journeys in Chromium on the H5 build (embedded mock backend, demo member), with the page clock fixed
 * inside the seeded Spring Festival campaigns: the festival theme on home, the 活动 list, one lottery draw
 * (the highlight lands, the prize and the draws left show), and the collect-cards set — cards earned day by day
 * through the app's own pages (sign-in, the guide task), the fifth one included, then the set prize claimed
 * on the cards page. Nothing is shared on the way.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { type E2E, H5_DIST, screenshot, startE2E, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
jest.setTimeout(180_000)

const DAY = 86_400_000
const NOW = Date.parse('2026-11-24T03:00:00Z') // Tuesday 11:00 in Shanghai

describeBuilt('campaign journeys on H5', () => {
  let e2e: E2E
  let page: Page
  /** Opens a page and waits until `ready` is on it. */
  async function go(route: string, ready: string): Promise<void> {
    await visit(page, e2e.server, route)
    await $(ready).waitFor()
  }
  /** H5 keeps earlier pages of the stack in the document, hidden: act on the page on screen. */
  const $ = (selector: string) => page.locator(`${selector} >> visible=true`).first()

  beforeAll(async () => {
    e2e = await startE2E()
    page = await e2e.newPage()
    await page.clock.setFixedTime(new Date(NOW))
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#privacy-agree').click()
    await page.locator('#tier-name').waitFor()
  })
  afterAll(async () => {
    await e2e?.close() // undefined when startE2E failed: it has closed what it started
  })

  test('the festival themes home; 活动 and 热门活动 list the running campaigns', async () => {
    const banner = $('#festival-banner')
    await banner.waitFor()
    await expect(banner.innerText()).resolves.toContain('春节集福卡')
    await page.waitForFunction(() => document.querySelector('#page-home')?.getAttribute('style')?.includes('#c41d16'))
    await screenshot(page, 'h5-campaign-home-festival')
    await go('packages/campaign/list/index', '#campaign-lucky-wheel')
    await expect($('#campaign-list').innerText()).resolves.toMatch(/进行中[\s\S]*已结束/)
    await screenshot(page, 'h5-campaign-list')
    await go('pages/tasks/index', '#hot-campaigns')
    await expect($('#hot-campaigns').innerText()).resolves.toContain('幸运大转盘')
    await screenshot(page, 'h5-campaign-tasks-hot')
  })

  test('draw once: the highlight lands on the prize, the result and the remaining draws show', async () => {
    await go('packages/campaign/lottery/index?id=lucky-wheel', '#lottery-draw')
    await expect($('#lottery-draws').innerText()).resolves.toContain('今日免费 1 次')
    await screenshot(page, 'h5-campaign-lottery')
    await $('#lottery-draw').click()
    // The highlight is on its laps before the result shows.
    await $('.lottery-prize--active').waitFor()
    await $('#lottery-result').waitFor({ timeout: 15_000 })
    const prize = (await $('#lottery-result-prize').innerText()).trim()
    expect(prize.length).toBeGreaterThan(0)
    await expect($('.lottery-prize--active').innerText()).resolves.toContain(prize)
    await expect($('#lottery-result-left').innerText()).resolves.toContain('再抽一次消耗 20 积分 · 今日还可抽 2 次')
    await screenshot(page, 'h5-campaign-lottery-result')
    await $('#lottery-result-close').click()
    await expect($('#lottery-draws').innerText()).resolves.toContain('再抽一次消耗 20 积分')
  })

  test('collect all five cards day by day through the app (no sharing) and claim the set prize on the cards page', async () => {
    let complete = false
    for (let day = 0; day < 10 && !complete; day++) {
      await page.clock.setFixedTime(new Date(NOW + day * DAY))
      // A sign-in earns today's sign-in card.
      await go('packages/member/signin/index', '#signin-button')
      if ((await $('#signin-button').innerText()).trim() !== '今日已签到') {
        await $('#signin-button').click()
        await $('#signin-result-close').click()
      }
      // Reading the guide completes its daily task; claiming it earns today's task card.
      await go('packages/member/guide/index', '#page-guide')
      // The guide page reports the read as it shows; the task turns claimable once that has landed.
      let label = ''
      for (let attempt = 0; attempt < 10 && !['领取', '已领取'].includes(label); attempt++) {
        if (attempt > 0) await page.waitForTimeout(300)
        await go('pages/tasks/index', '#task-button-daily-guide-read')
        label = (await $('#task-button-daily-guide-read').innerText()).trim()
      }
      if (label === '领取') {
        await $('#task-button-daily-guide-read').click()
        await page.waitForFunction(() => document.querySelector('#task-button-daily-guide-read')?.textContent?.trim() === '已领取')
      }
      await go('packages/campaign/cards/index?id=spring-cards', '#cards-claim')
      if (day === 0) await screenshot(page, 'h5-campaign-cards')
      complete = (await $('#cards-claim').innerText()).trim() === '领取集齐奖励'
    }
    expect(complete).toBe(true)
    await expect($('#cards-progress').innerText()).resolves.toBe('已集 5/5 种')
    await screenshot(page, 'h5-campaign-cards-complete')

    await $('#cards-claim').click()
    const prize = $('#cards-prize')
    await prize.waitFor()
    await expect(prize.innerText()).resolves.toMatch(/\+200 积分[\s\S]*新春福袋 满100减20/)
    await screenshot(page, 'h5-campaign-cards-prize')
    await $('#cards-prize-close').click()
    await expect($('#cards-claim').innerText()).resolves.toBe('已领取集齐奖励')
    await go('packages/mall/coupons/index', '#coupon-list')
    await expect($('#coupon-list').innerText()).resolves.toContain('新春福袋')
  })

  test('the ended leaderboard shows its published results', async () => {
    await go('packages/campaign/leaderboard/index?id=points-race', '#leaderboard-status')
    await expect($('#leaderboard-status').innerText()).resolves.toBe('结果已公布')
    await expect($('#leaderboard-list').innerText()).resolves.toContain('*')
    await screenshot(page, 'h5-campaign-leaderboard')
  })
})
