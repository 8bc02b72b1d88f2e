/**
 * Engagement journeys on the H5 build in Chromium: the monthly report of a past month, an invite link opened
 * by a new browser (the invitee's coupon arrives), reading a notification, subscriptions on H5, the operator
 * dashboard. Screenshots of each page go to artifacts/screenshots/h5-engagement-*.png. Every page's clock is
 * fixed: the embedded backend seeds the demo history back from the page's Date.now(), so the months, unread
 * notifications and dashboard days seen here do not depend on the day CI runs.
 */
import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { consentedPage, type E2E, H5_DIST, screenshot, startE2E, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
if (!built) console.warn('dist/h5 is missing: run `npm run build:h5` first (npm test builds it).')

jest.setTimeout(90_000)

const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai

/** A new browser (own storage, so its own embedded backend) on the fixed clock. */
async function newPage(e2e: E2E): Promise<Page> {
  const page = await e2e.newPage()
  await page.clock.setFixedTime(NOW)
  return page
}

/** A new browser with the privacy notice accepted. */
const memberBrowser = (e2e: E2E, route?: string): Promise<Page> => consentedPage(e2e, NOW, route)

const number = async (page: Page, selector: string) => Number((await page.locator(selector).innerText()).replace(/[^\d-]/g, ''))

describeBuilt('H5 engagement journeys in Chromium', () => {
  let e2e: E2E

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    await e2e?.close() // undefined when startE2E failed: it has closed what it started
  })

  test('会员月报: the demo member opens a past month and sees its figures', async () => {
    const page = await memberBrowser(e2e)
    await visit(page, e2e.server, 'packages/member/report/index')
    await page.locator('#report').waitFor()
    expect(await page.locator('#report-month').innerText()).toContain('本月至今')
    await screenshot(page, 'h5-engagement-report-current')

    await page.locator('#report-month-prev').click()
    await page.waitForFunction(() => !document.querySelector('#report-month')?.textContent?.includes('本月至今'))
    const label = await page.locator('#report-month').innerText()
    expect(label).toMatch(/^\d{4}年\d{1,2}月/)
    // The demo member used the app almost daily last month.
    expect(await number(page, '#report-signin-days')).toBeGreaterThan(0)
    expect(await number(page, '#report-best-streak')).toBeGreaterThan(0)
    expect(await page.locator('#report-points-earned').innerText()).toMatch(/^\+\d+$/)
    expect(await number(page, '#report-points-earned')).toBeGreaterThan(0)
    for (const id of ['report-points-spent', 'report-points-expired', 'report-tasks', 'report-coupons-used', 'report-saved', 'report-growth', 'report-tier', 'report-next-month']) {
      expect(await page.locator(`#${id}`).count()).toBe(1)
    }
    expect(await page.locator('#report-summary').innerText()).toContain('这个月')
    await screenshot(page, 'h5-engagement-report-past-month')

    // Any month from the sheet, and a deep link to one.
    await page.locator('#report-month').click()
    const sheet = page.locator('#report-month-sheet')
    await sheet.waitFor()
    const months = await sheet.locator('.report-sheet__month').count()
    expect(months).toBeGreaterThan(12)
    await screenshot(page, 'h5-engagement-report-months')
    const oldest = (await sheet.locator('.report-sheet__month').last().getAttribute('id'))!.replace('report-month-', '')
    await visit(page, e2e.server, `packages/member/report/index?month=${oldest}`)
    await page.waitForFunction((m) => document.querySelector('#report-month')?.textContent?.startsWith(`${m.slice(0, 4)}年${Number(m.slice(5))}月`), oldest)
    await page.context().close()
  })

  test('邀请有礼: a new browser opens the invite link, agrees and finds the invitee coupon in 优惠券', async () => {
    const inviter = await memberBrowser(e2e)
    await visit(inviter, e2e.server, 'packages/campaign/invite/index')
    const code = (await inviter.locator('#invite-code').innerText()).trim()
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    expect(await inviter.locator('#invite-share').innerText()).toContain('复制邀请链接')
    // The demo configures no address for invites: the link leads to where this H5 app is served from.
    const link = (await inviter.locator('#invite-link').innerText()).trim()
    expect(link).toBe(`${e2e.server.url}/#/pages/home/index?inviteCode=${code}`)
    expect(await inviter.locator('#invite-rule-inviter').innerText()).toContain('好友注册成功后，你得 +50 积分')
    await screenshot(inviter, 'h5-engagement-invite')
    await inviter.context().close()

    // The link itself, in a brand-new browser: a brand-new member.
    const invitee = await newPage(e2e)
    await invitee.goto(link)
    await invitee.getByText('隐私保护提示').waitFor()
    await invitee.locator('#privacy-agree').click()
    await invitee.getByText('隐私保护提示').waitFor({ state: 'detached' })
    await visit(invitee, e2e.server, 'packages/mall/coupons/index')
    await invitee.locator('#coupon-list').getByText('好友邀请 ¥5 无门槛券').waitFor()
    await screenshot(invitee, 'h5-engagement-invitee-coupon')
    await visit(invitee, e2e.server, 'pages/me/index')
    await invitee.locator('#page-me').waitFor()
    expect(await invitee.locator('#me-entry-invite').innerText()).toContain('邀请有礼')
    await invitee.context().close()
  })

  test('消息: reading a notification clears its unread mark and lowers the count', async () => {
    const page = await memberBrowser(e2e)
    await visit(page, e2e.server, 'pages/me/index')
    const badge = page.locator('#me-messages-badge')
    await badge.waitFor()
    const unreadBefore = await number(page, '#me-messages-badge')
    expect(unreadBefore).toBeGreaterThan(0)
    await screenshot(page, 'h5-engagement-me')

    await page.locator('#me-entry-messages').click()
    await page.locator('#notification-list').waitFor()
    expect(await number(page, '#messages-unread')).toBe(unreadBefore)
    await screenshot(page, 'h5-engagement-messages')
    const first = page.locator('.notification--unread').first()
    const id = (await first.getAttribute('id'))!
    await first.click()
    await page.waitForFunction((sel) => !document.querySelector(sel)?.className.includes('notification--unread'), `#${id}`)
    expect(await number(page, '#messages-unread')).toBe(unreadBefore - 1)

    // H5 has no subscription messages: no 订阅提醒 button, the panel says where reminders go instead.
    await page.locator('#subscribe-unsupported').scrollIntoViewIfNeeded()
    expect(await page.locator('#subscribe-unsupported').innerText()).toContain('所有提醒都会发送到站内「消息」中心')
    expect(await page.locator('#subscribe-button').count()).toBe(0)
    await screenshot(page, 'h5-engagement-subscriptions')

    await visit(page, e2e.server, 'pages/me/index')
    await page.locator('#page-me').waitFor()
    await page.waitForFunction((n) => document.querySelector('#me-messages-badge')?.textContent === String(n), unreadBefore - 1)
    await page.context().close()
  })

  test('运营看板: the operator token opens the metrics; a wrong one shows the 401 message', async () => {
    const page = await newPage(e2e)
    await visit(page, e2e.server, 'packages/admin/dashboard/index')
    await page.locator('#operator-login').waitFor()
    await page.locator('#operator-token-input').fill('wrong-token')
    await page.locator('#operator-sign-in').click()
    await page.locator('#operator-error').waitFor()
    expect(await page.locator('#operator-error').innerText()).toContain('401')
    await page.locator('#operator-token-input').fill('operator-demo-token')
    await page.locator('#operator-sign-in').click()
    await page.locator('#metrics-kpis').waitFor()
    expect(await page.locator('#dau-chart .columns__slot').count()).toBe(30)
    expect(await page.locator('#tier-chart .rate').count()).toBe(4)
    expect(await page.locator('#retention-chart .paired__row').count()).toBe(3)
    await screenshot(page, 'h5-engagement-dashboard')
    await page.locator('#metrics-campaigns').scrollIntoViewIfNeeded()
    await screenshot(page, 'h5-engagement-dashboard-campaigns')
    // The token lasts for this tab: a reload keeps the dashboard.
    await page.reload()
    await page.locator('#metrics-kpis').waitFor()
    await page.context().close()
  })
})
