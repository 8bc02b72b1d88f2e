import { existsSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { loadAppConfig } from './app-config'
import { appPages, back, consentedPage, type E2E, H5_DIST, screenshot, startE2E, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
if (!built) console.warn('dist/h5 is missing: run `npm run build:h5` first (npm test builds it).')

jest.setTimeout(60_000)

// The embedded backend seeds the demo history back from the page's Date.now(): a fixed clock makes every page
// (campaigns in or out of season, this month's records) and its screenshot the same whatever day CI runs.
const NOW = new Date('2026-11-24T02:00:00Z') // Tuesday 10:00 in Shanghai

describeBuilt('H5 shell in Chromium', () => {
  let e2e: E2E
  let page: Page

  beforeAll(async () => {
    e2e = await startE2E()
    page = await e2e.newPage()
    await page.clock.setFixedTime(NOW)
  })
  afterAll(async () => {
    await e2e?.close() // undefined when startE2E failed: it has closed what it started
  })

  test('first launch shows the privacy consent sheet; agreeing dismisses it and is remembered', async () => {
    await visit(page, e2e.server, 'pages/home/index')
    await page.getByText('隐私保护提示').waitFor()
    await screenshot(page, 'h5-privacy-sheet')
    await page.locator('#privacy-agree').click()
    await page.getByText('隐私保护提示').waitFor({ state: 'detached' })
    await page.reload()
    await page.locator('#page-home').waitFor()
    expect(await page.getByText('隐私保护提示').count()).toBe(0)
  })

  test('the tab bar navigates between 首页, 任务 and 我的', async () => {
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#page-home').waitFor()
    await page.locator('.weui-tabbar__item', { hasText: '任务' }).click()
    await page.locator('#page-tasks').waitFor()
    expect(page.url()).toContain('pages/tasks/index')
    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click()
    await page.locator('#page-me').waitFor()
    await page.locator('.weui-tabbar__item', { hasText: '首页' }).click()
    await page.locator('#page-home').waitFor()
  })

  test('a secondary page opened directly (a shared link) has a way home; one reached from home or a tab page has none (issue 13 item 13)', async () => {
    // A new tab on the deep link: the page is the only one of the app's stack, and browser back would leave the app.
    const deep = await consentedPage(e2e, NOW, 'packages/mall/orders/index')
    const home = deep.locator('#back-home')
    await home.waitFor()
    await expect(home.innerText()).resolves.toContain('返回首页')
    await expect(home.getAttribute('role')).resolves.toBe('link')
    await screenshot(deep, 'h5-deep-link-home')
    // The browser's back button goes home too, not out of the app.
    await back(deep)
    await deep.locator('#page-home').waitFor()
    expect(deep.url()).toContain('pages/home/index')
    await deep.locator('#tier-name').waitFor()
    // And so does 返回首页, on the link opened again.
    await deep.goto(`${e2e.server.url}/?again=1#/packages/mall/orders/index`)
    await home.waitFor()
    await home.click()
    await deep.locator('#page-home').waitFor()
    expect(deep.url()).toContain('pages/home/index')

    // A tab page opened directly needs none (the tab bar is its way), nor does a page pushed on top of it.
    await deep.goto(`${e2e.server.url}/?fresh=1#/pages/me/index`)
    await deep.locator('#page-me').waitFor()
    expect(await deep.locator('#back-home').count()).toBe(0)
    await deep.locator('#page-me').getByText('我的订单').first().click()
    await deep.locator('#page-orders').waitFor()
    expect(await deep.locator('#page-orders #back-home').count()).toBe(0)
    await deep.context().close()
  })

  test('a link to a page the app does not have opens the home page and says so, first visit or not', async () => {
    const lost = await consentedPage(e2e, NOW, 'pages/me/index')
    await lost.locator('#page-me').waitFor()
    // Every toast the page shows, kept: one lasts 2 s, which a loaded machine can miss between two looks.
    const keepToasts = () => {
      const w = window as unknown as { toasts: string[] }
      w.toasts = []
      const look = () => document.querySelectorAll<HTMLElement>('.taro__toast').forEach((t) => t.style.display !== 'none' && w.toasts.push(t.textContent ?? ''))
      new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true })
    }
    const toasted = (text: RegExp) => lost.waitForFunction((source) => (window as unknown as { toasts: string[] }).toasts.some((t) => new RegExp(source).test(t)), text.source)
    await lost.evaluate(keepToasts)
    await lost.addInitScript(keepToasts)
    // In the open tab: an old share's page (a version ago) — not the page before it left on screen.
    await lost.goto(`${e2e.server.url}/#/packages/nothing/index`)
    await lost.locator('#page-home').waitFor()
    await toasted(/页面不存在，已为你打开首页/)
    expect(lost.url()).toContain('pages/home/index')
    // A first visit on such a link (a new tab): not a blank page.
    await lost.goto(`${e2e.server.url}/?new=1#/pages/index/index`)
    await lost.locator('#page-home').waitFor()
    await lost.locator('#tier-name').waitFor()
    await toasted(/页面不存在/)
    await lost.context().close()
  })

  test('controls say what they do on H5: 去签到 opens the sign-in page, the service entry dials and says so (issue 13 item 11)', async () => {
    const own = await consentedPage(e2e, NOW)
    const entry = own.locator('#signin-entry')
    await entry.waitFor()
    // Today's points once the calendar is in (before that a plain 去签到, never "+0").
    await entry.locator('.btn').filter({ hasText: /^(去签到 \+\d+|查看日历)$/ }).waitFor()
    await entry.click()
    await own.locator('#signin-button').waitFor()
    await own.goto(`${e2e.server.url}/?fresh=1#/packages/settings/settings/index`)
    await expect(own.locator('#contact-service').innerText()).resolves.toBe('拨打客服电话 400-820-8820')
    await own.context().close()
  })

  test('keyboard only: Tab reaches the page\'s buttons and shortcuts, Enter and Space use them (issue 12)', async () => {
    const own = await consentedPage(e2e, NOW)
    await own.locator('#home-entry-mall').waitFor()
    // Tab from the top of the page until a control is focused: every button on the way (签到, 去签到…) is a native
    // <button>, none Taro's web component.
    const reached = new Set<string>()
    const buttons: string[] = []
    for (let i = 0; i < 40 && !reached.has('home-entry-mall'); i++) {
      await own.keyboard.press('Tab')
      const { id, tag, button } = await own.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return { id: el.id, tag: el.localName, button: el.classList.contains('btn') || el.localName === 'taro-button-core' }
      })
      if (button) buttons.push(`${tag}#${id}`)
      reached.add(id)
    }
    expect(reached.has('home-entry-mall')).toBe(true)
    expect(buttons.length).toBeGreaterThan(0)
    expect(buttons.filter((b) => !b.startsWith('button#'))).toEqual([])
    await own.keyboard.press('Enter')
    await own.locator('#page-mall').waitFor()

    // A page button pressed by the browser itself (keyboard.h5.ts leaves native controls alone): Enter on 立即兑换
    // asks to confirm, Escape answers 取消 and gives the focus back, Space asks again.
    await own.goto(`${e2e.server.url}/?fresh=1#/packages/mall/mall/index`)
    const redeem = own.locator('.reward button.btn--primary').first()
    await redeem.waitFor()
    await redeem.focus()
    const confirm = own.locator('.taro-modal__content[role="alertdialog"]')
    await own.keyboard.press('Enter')
    await confirm.locator('.taro-model__confirm', { hasText: '确认兑换' }).waitFor()
    await own.keyboard.press('Escape')
    await own.waitForFunction(() => document.querySelector<HTMLElement>('.taro__modal')?.style.display === 'none')
    await expect(redeem.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await own.keyboard.press(' ')
    await confirm.locator('.taro-model__confirm', { hasText: '确认兑换' }).waitFor()
    // A disabled button is disabled for the browser: out of the tab order, announced as such, no tap.
    await own.goto(`${e2e.server.url}/?fresh=1#/pages/tasks/index`)
    const done = own.locator('button.btn--disabled').first()
    await done.waitFor()
    await expect(done.isDisabled()).resolves.toBe(true)
    await own.context().close()
  })

  test('every page of the app renders; a 375×667 screenshot of each is saved', async () => {
    for (const route of appPages(loadAppConfig('h5'))) {
      await visit(page, e2e.server, route)
      await page.locator('.page-shell >> visible=true').waitFor()
      // Past the skeleton: the visible page shows text (its data, an empty state or an error with retry).
      const shown = await page
        .waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.page-shell')].some((el) => el.offsetParent !== null && el.innerText.trim().length > 0), undefined, { timeout: 10_000 })
        .then(() => true, () => false)
      expect({ route, shown }).toEqual({ route, shown: true })
      await screenshot(page, `h5-${route.replace(/\/index$/, '').replace(/\//g, '-')}`)
    }
  })
})
