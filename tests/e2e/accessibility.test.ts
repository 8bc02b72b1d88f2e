/**
 * axe-core WCAG 2.1 A/AA audit of the H5 member pages (issue 12, item 2): every member page after consent (and home offline),
 * plus one empty state and one error state. Fails on any critical or serious violation; prints a table of the
 * counts per page either way.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { loadAppConfig } from './app-config'
import { appPages, consentedPage, type E2E, H5_DIST, startE2E, toast, visit } from './browser'

const built = existsSync(`${H5_DIST}/index.html`)
const describeBuilt = built ? describe : describe.skip
if (!built) console.warn('dist/h5 is missing: run `npm run build:h5` first (npm test builds it).')

jest.setTimeout(90_000)

// Same fixed clock as the other H5 tests: the same campaigns are in season whatever day CI runs.
const NOW = new Date('2026-11-24T02:00:00Z')
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const
type Impact = (typeof IMPACTS)[number]
/** An ISO date, or half-width punctuation touching a Chinese character. */
const COPY_PROBLEM = /\b\d{4}-\d{2}-\d{2}\b|[\u4e00-\u9fff][,:;!?()]|[,:;!?(][\u4e00-\u9fff]/gu

interface Violation {
  id: string
  impact: Impact | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}
interface Audit {
  page: string
  counts: Record<Impact, number>
  violations: Violation[]
  /** Taro's web-component buttons on the page (a native <button> each since platform/button.h5.tsx). */
  webButtons: number
}

/** Waits until the visible page shows text (its data, an empty state or an error), as the shell test does. */
async function waitForContent(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.page-shell')].some((el) => el.offsetParent !== null && el.innerText.trim().length > 0 && !el.querySelector('.skeleton')))
  // Page transitions and sheets finish sliding in (the clock is fixed, so this is the page's own timer only).
  await page.waitForTimeout(350)
}

async function audit(page: Page, name: string): Promise<Audit> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return result.violations
  }, TAGS)
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 }
  for (const v of violations as Violation[]) if (v.impact) counts[v.impact] += v.nodes.length
  const webButtons = await page.locator('taro-button-core').count()
  return { page: name, counts, violations: violations as Violation[], webButtons }
}

function table(audits: Audit[]): string {
  const width = Math.max(...audits.map((a) => a.page.length), 4)
  const head = `${'page'.padEnd(width)}  ${IMPACTS.map((i) => i.padStart(8)).join(' ')}`
  const rows = audits.map((a) => `${a.page.padEnd(width)}  ${IMPACTS.map((i) => String(a.counts[i]).padStart(8)).join(' ')}`)
  const total = `${'total'.padEnd(width)}  ${IMPACTS.map((i) => String(audits.reduce((n, a) => n + a.counts[i], 0)).padStart(8)).join(' ')}`
  return [head, ...rows, total].join('\n')
}

/** The outline of the element the keyboard is on (and the nearest id, to say which). */
async function focusRing(page: Page): Promise<{ focused: string | undefined; style: string; wide: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const s = getComputedStyle(el)
    return { focused: el.closest('[id]')?.id, style: s.outlineStyle, wide: parseFloat(s.outlineWidth) >= 2 }
  })
}

function blocking(audits: Audit[]): string[] {
  return audits.flatMap((a) =>
    a.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${a.page}: ${v.impact} ${v.id} (${v.help}) × ${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`),
  )
}

describeBuilt('H5 accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  let e2e: E2E
  const audits: Audit[] = []

  beforeAll(async () => {
    e2e = await startE2E()
  })
  afterAll(async () => {
    if (audits.length) console.log(`axe-core WCAG 2.1 A/AA violations (nodes) per page\n${table(audits)}`)
    await e2e?.close()
  })

  test('every member page after consent, an empty, a loading and an error state: no critical or serious violation; sheets keep focus and close on Escape', async () => {
    const page = await e2e.newPage()
    await page.clock.setFixedTime(NOW)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#privacy-agree').waitFor()
    audits.push(await audit(page, 'consent sheet (first launch)'))
    // The consent sheet is a modal dialog: Tab and Shift+Tab keep focus inside it (it has no Escape: it is a gate).
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key)
      expect({ key, inside: await page.evaluate(() => !!document.activeElement?.closest('#privacy-sheet')) }).toEqual({ key, inside: true })
      // Where the keyboard is shows (focus.h5.scss).
      expect({ key, ...(await focusRing(page)) }).toMatchObject({ key, style: 'solid', wide: true })
    }
    await page.locator('#privacy-agree').click()
    await page.getByText('隐私保护提示').waitFor({ state: 'detached' })

    // A text field (they draw no outline of their own) and a button, reached by the keyboard.
    await visit(page, e2e.server, 'packages/member/profile/index')
    await page.locator('#profile-nickname >> visible=true').waitFor()
    for (const id of ['profile-nickname', 'profile-save']) {
      for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.closest('[id]')?.id)) !== id; i++) await page.keyboard.press('Tab')
      expect({ id, ...(await focusRing(page)) }).toMatchObject({ id, focused: id, style: 'solid', wide: true })
    }

    // A confirmation (Taro.showModal, src/platform/dialog.h5.ts): an alert dialog opened from the keyboard, the focus
    // on its confirm button and kept on its two buttons, Escape answers 取消 and gives the focus back.
    // Once the page is drawn and its loads are in (a focus taken while it slid in was once lost: Enter opened nothing).
    await visit(page, e2e.server, 'packages/settings/settings/index')
    await waitForContent(page)
    await page.locator('#withdraw-consent >> visible=true').focus()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('withdraw-consent')
    await page.keyboard.press('Enter')
    const dialog = page.locator('.taro-modal__content[role="alertdialog"]')
    await dialog.waitFor()
    expect(await dialog.getAttribute('aria-modal')).toBe('true')
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent)
    expect(await focusedText()).toBe('撤回')
    // Its buttons are the browser's own: named by their text for a screen reader, pressed by Enter and Space natively.
    expect(await dialog.getByRole('button').evaluateAll((bs) => bs.map((b) => `${b.localName} ${b.textContent}`))).toEqual(['button 取消', 'button 撤回'])
    // Taro fades the dialog in (opacity over 0.2 s): audited once it is fully drawn, or its text reads as faint.
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.taro__modal')!).opacity === '1')
    audits.push(await audit(page, 'confirmation dialog (settings, 撤回同意)'))
    for (const [key, focused] of [['Tab', '取消'], ['Tab', '撤回'], ['Shift+Tab', '取消']]) {
      await page.keyboard.press(key)
      expect({ key, focused: await focusedText() }).toEqual({ key, focused })
    }
    await page.keyboard.press('Escape')
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.taro__modal')?.style.display === 'none')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('withdraw-consent')
    expect(await page.locator('#consent-state >> visible=true').innerText()).toBe('已同意')

    // A closable sheet closes on Escape.
    await visit(page, e2e.server, 'packages/member/points/index')
    await page.locator('#points-rules-link >> visible=true').click()
    await page.locator('#points-rules-sheet >> visible=true').waitFor()
    const focusedInside = await page.waitForFunction(() => !!document.activeElement?.closest('#points-rules-sheet'), undefined, { timeout: 2_000 }).then(() => true, () => false)
    expect(focusedInside).toBe(true)
    // Each row's label on one line beside its value (the sign-in's long value once squeezed 每日签到 to a character a line).
    const labels = await page.locator('#points-rules-sheet .points-rules__label').evaluateAll((els) =>
      els.map((e) => {
        const text = document.createRange()
        text.selectNodeContents(e)
        return { label: e.textContent, lines: new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size }
      }),
    )
    expect(labels.length).toBeGreaterThan(3)
    expect(labels.filter((l) => l.lines !== 1)).toEqual([])
    await page.keyboard.press('Escape')
    await page.locator('#points-rules-sheet').waitFor({ state: 'detached' })

    // The sheets, open: each a dialog with a name a screen reader announces, audited as drawn — the voucher's QR code
    // (an image: its words once, on the labelled element) on the sheet and again in 兑换记录.
    const sheets: [string, string, string, string][] = [
      ['packages/member/points/index', '#points-rules-link', '#points-rules-sheet', '积分规则说明'],
      ['packages/member/report/index', '#report-month', '#report-month-sheet', '选择月份'],
      ['packages/mall/mall/index', '#redeem-rw-free-drink', '#voucher-sheet', '兑换成功'],
    ]
    for (const [route, opener, sheet, name] of sheets) {
      await visit(page, e2e.server, route)
      await page.locator(`${opener}:not([disabled]) >> visible=true`).click()
      if (sheet === '#voucher-sheet') await page.locator('.taro-model__confirm', { hasText: '确认兑换' }).click()
      await page.locator(`${sheet} >> visible=true`).waitFor()
      await page.waitForTimeout(350)
      expect(await page.locator(`${sheet} [role="dialog"]`).getAttribute('aria-label')).toBe(name)
      audits.push(await audit(page, `${route.replace(/\/index$/, '')} (${sheet} open)`))
    }
    await visit(page, e2e.server, 'packages/mall/redemptions/index')
    await page.locator('#redemption-list .voucher-qr >> visible=true').first().waitFor()
    audits.push(await audit(page, 'packages/mall/redemptions (a voucher with its QR code)'))

    // Member pages: every page of the H5 app but the operator dashboard (staff, not members), audited next.
    // Their words are checked on the way (issue 13, copy): dates as 11月12日, never 2026-11-12, and full-width
    // punctuation in Chinese text (，：；！？（）), never "抽奖,之后".
    const copyProblems: string[] = []
    for (const route of appPages(loadAppConfig('h5')).filter((r) => !r.startsWith('packages/admin/'))) {
      await visit(page, e2e.server, route)
      await waitForContent(page)
      audits.push(await audit(page, route.replace(/\/index$/, '')))
      const text = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.page-shell')].filter((el) => el.offsetParent !== null).map((el) => el.innerText).join('\n'))
      for (const m of text.matchAll(COPY_PROBLEM)) copyProblems.push(`${route}: "${text.slice(Math.max(0, m.index! - 12), m.index! + m[0].length + 12).replace(/\s+/g, ' ')}"`)
    }
    expect(copyProblems).toEqual([])

    // The operator dashboard of the H5 build: its token form, then the metrics it draws.
    await visit(page, e2e.server, 'packages/admin/dashboard/index')
    await page.locator('#operator-token-input').waitFor()
    audits.push(await audit(page, 'packages/admin/dashboard (token form)'))
    await page.locator('#operator-token-input').fill('operator-demo-token')
    await page.locator('#operator-sign-in').click()
    await page.locator('#metrics-kpis').waitFor()
    audits.push(await audit(page, 'packages/admin/dashboard (metrics)'))

    // Offline: the page shell's status banner over the last-known page.
    await page.context().setOffline(true)
    await visit(page, e2e.server, 'pages/home/index')
    await page.locator('#page-home #network-banner').waitFor()
    audits.push(await audit(page, 'offline (home, no connection)'))
    await page.context().setOffline(false)

    await page.context().close()

    // An error state: a fresh member whose embedded backend cannot save its first state (storage refuses the
    // write), so the first load fails and the page offers 重新加载.
    const failing = await e2e.newPage()
    await failing.clock.setFixedTime(NOW)
    await failing.addInitScript(() => {
      const setItem = Storage.prototype.setItem
      Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
        if (key.startsWith('kv')) throw new DOMException('quota exceeded', 'QuotaExceededError')
        return setItem.call(this, key, value)
      }
    })
    await visit(failing, e2e.server, 'pages/home/index')
    await failing.locator('#privacy-agree').click()
    await failing.locator('#error-state >> visible=true').waitFor()
    audits.push(await audit(failing, 'error state (home, backend fails)'))
    await failing.context().close()

    // A loading state: the demo's backend is a script fetched with the first request; held back, the home page
    // shows its skeleton (announced busy) until it arrives. Without the shell worker: once it controls the page it
    // fetches the script itself, past the hold (whether it does before the tap was a race).
    const loading = await e2e.newPage(undefined, { serviceWorkers: 'block' })
    await loading.clock.setFixedTime(NOW)
    const firstLoad = new Set<string>()
    let hold = false
    let release: () => void = () => undefined
    const released = new Promise<void>((resolve) => (release = resolve))
    await loading.route('**/*.js', async (route) => {
      const url = route.request().url()
      if (hold && !firstLoad.has(url)) await released
      else firstLoad.add(url)
      await route.continue()
    })
    await visit(loading, e2e.server, 'pages/home/index')
    await loading.locator('#privacy-agree').waitFor()
    hold = true
    await loading.locator('#privacy-agree').click()
    await loading.locator('#page-home .skeleton[aria-busy="true"] >> visible=true').waitFor()
    audits.push(await audit(loading, 'loading state (home, backend on its way)'))
    release()
    await loading.locator('#page-home #tier-card').waitFor()
    await loading.context().close()

    // An empty state: a member who declined the privacy notice sees 会员服务未开启 instead of their data.
    const declined = await e2e.newPage()
    await declined.clock.setFixedTime(NOW)
    await visit(declined, e2e.server, 'pages/me/index')
    await declined.locator('#privacy-decline').click()
    await declined.locator('#consent-required >> visible=true').waitFor()
    audits.push(await audit(declined, 'empty state (consent declined, 我的)'))
    await declined.context().close()

    if (process.env.AXE_REPORT) require('node:fs').writeFileSync(process.env.AXE_REPORT, JSON.stringify(audits, null, 1))
    expect(blocking(audits)).toEqual([])
    // Every button is a native <button> (issue 12): none of Taro's web component anywhere the audit went.
    expect(audits.filter((a) => a.webButtons > 0).map((a) => `${a.page}: ${a.webButtons}`)).toEqual([])
  })

  // Taro's H5 components write a changed prop to the page only when it is a string, and turn a dropped tabIndex into
  // 0: a tab stayed "selected", a switch "off", a month arrow an empty keyboard stop (components/ui/a11y.ts).
  test('what changes is what a screen reader reads: the tab chosen, the switch turned on, an arrow that no longer acts, the toast of an action', async () => {
    const page = await consentedPage(e2e, NOW, 'packages/mall/coupons/index')
    const state = (selector: string, name: string) => page.locator(`${selector} >> visible=true`).first().getAttribute(name)
    await page.locator('#coupon-tabs-used >> visible=true').click()
    await page.waitForFunction(() => [...document.querySelectorAll('#coupon-tabs-used')].some((e) => e.className.includes('--active')))
    expect([await state('#coupon-tabs-available', 'aria-selected'), await state('#coupon-tabs-used', 'aria-selected')]).toEqual(['false', 'true'])

    await visit(page, e2e.server, 'packages/mall/shop/index')
    await page.locator('[id^=add-] >> visible=true').last().click()
    await page.locator('#use-points >> visible=true').waitFor()
    expect(await state('#use-points', 'aria-checked')).toBe('false')
    await page.locator('#use-points >> visible=true').click()
    await page.locator('#quote-points >> visible=true').waitFor()
    expect(await state('#use-points', 'aria-checked')).toBe('true')

    // The month report: back a month and forward again — the forward arrow at this month acts no more.
    await visit(page, e2e.server, 'packages/member/report/index')
    await page.locator('#report-month-prev[role="button"] >> visible=true').click()
    await page.locator('#report-month-next[role="button"] >> visible=true').click()
    await page.locator('#report-month-next[aria-hidden="true"] >> visible=true').waitFor()
    expect([await state('#report-month-next', 'role'), await state('#report-month-next', 'tabindex')]).toEqual([null, '-1'])

    // A toast's words are said too, by a polite live region that was on the page before them (from launch).
    expect(await page.locator('#announcer').getAttribute('aria-live')).toBe('polite')
    await visit(page, e2e.server, 'packages/member/profile/index')
    // The form shows the member's nickname once loaded (and would then overwrite what was typed before).
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLInputElement>('#profile-nickname input, input#profile-nickname')].some((i) => i.value))
    await page.locator('#profile-nickname input, input#profile-nickname').last().fill('')
    await page.locator('#profile-save >> visible=true').click()
    await toast(page, /请填写昵称/)
    await page.waitForFunction(() => document.querySelector('#announcer')?.textContent === '请填写昵称')
    expect(await page.locator('#announcer').evaluate((e) => [e.getAttribute('role'), e.getAttribute('aria-live')])).toEqual(['status', 'polite'])
    await page.context().close()
  })
})
