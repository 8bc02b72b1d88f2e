/**
 * The operator console's journeys in Chromium, against the production server (PGlite, test controls on) serving
 * the console's build at /console/. The server's clock is pinned (and the browser's set to the same instant), never
 * the wall clock: a campaign change scheduled for 11:00 business time goes live for a member when the test clock
 * passes it, and goes away again on a rollback. Every page gets an axe audit (no serious or critical violation).
 *
 * Prerequisite: `npm run build:console` (dist/console). CONSOLE_E2E_URL=http://… runs against a server already
 * started with MOCK_TEST_CONTROLS=1 and the admin below (faster while iterating).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import type { AdminRedemptionsPage } from '../../src/api/contract'
import qrcode from 'qrcode-generator'
import { launchChromium, throttleCpu } from '../../scripts/chromium'
import { apiAt, type ConsoleServer, go, signInAt, startConsoleServer } from './support'
import { screenshot } from '../e2e/browser'

jest.setTimeout(180_000)

const ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password-1' }
const ADMIN2 = { username: 'e2e-admin-2', password: 'e2e-admin-password-2' }
const VIEWER = { username: 'e2e-viewer', password: 'e2e-viewer-password' }
/** 10:00 business time (UTC+8): the schedule below is for 11:00 the same day. */
const T0 = '2026-03-10T02:00:00.000Z'
const SCHEDULED_LOCAL = '2026-03-10 11:00'
const AFTER = '2026-03-10T03:30:00.000Z'
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

let target: ConsoleServer | undefined
let base = ''
let browser: Browser
const pageErrors: string[] = []
/** The pages' last API exchanges (a refusal with its body), named when an expected toast never comes. */
const exchanges: string[] = []
/** What Chromium's fake camera shows (`--use-file-for-fake-video-capture`), read when a page opens the camera. */
const CAMERA_FILE = path.join(tmpdir(), `console-e2e-camera-${process.pid}.y4m`)

/** One 640×480 camera frame (Y4M, 4:2:0) of `text` as a QR code held up to the camera: grey on a lighter grey. */
function showToCamera(text: string): void {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Numeric')
  qr.make()
  const [w, h, cell, n] = [640, 480, 10, qr.getModuleCount()]
  const [x0, y0] = [Math.floor((w - n * cell) / 2), Math.floor((h - n * cell) / 2)]
  const luma = Buffer.alloc(w * h, 220)
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) for (let y = 0; y < cell; y++) luma.fill(30, (y0 + r * cell + y) * w + x0 + c * cell, (y0 + r * cell + y) * w + x0 + (c + 1) * cell)
  writeFileSync(CAMERA_FILE, Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, Buffer.alloc((w * h) / 2, 128)]))
}
const axeFindings: { page: string; id: string; impact: string; help: string; targets: string[] }[] = []

const call = apiAt(() => base, 'e2e')

async function setClock(now: string): Promise<void> {
  const r = await call('POST', '/__mock/clock', { now })
  expect(r.status).toBe(200)
}

async function operatorToken(who: { username: string; password: string }): Promise<string> {
  const r = await call<{ token: string }>('POST', '/api/v1/admin/auth/login', who)
  expect(r.status).toBe(200)
  return r.body.token
}

async function memberConfig(token: string): Promise<{ version: number; rules: { campaigns: { id: string; name: string }[] } }> {
  const r = await call<{ version: number; rules: { campaigns: { id: string; name: string }[] } }>('GET', '/api/v1/config', undefined, token)
  expect(r.status).toBe(200)
  return r.body
}

/** axe-core on what the page shows now: no serious or critical violation. */
async function audit(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated, not added as a <script>: the console's Content-Security-Policy refuses inline scripts.
    await page.evaluate(AXE_SOURCE)
    // A button's colour at rest is what is judged, not half-way through its transition from disabled (a loaded
    // machine can be caught mid-way). Only buttons: Ant Design's popups wait for their own animations to end.
    await page.addStyleTag({ content: '.ant-btn, .ant-btn * { transition: none !important; }' })
  }
  await page.waitForTimeout(300)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`) }))
  })
  // Collected and asserted after the test, so one run names every page's violations, not only the first.
  for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') axeFindings.push({ page: name, ...v })
}

/**
 * A desktop page, or a phone's (390 px, touch) for the counter. `motion`: dialogs fade in and out as most staff see
 * them (otherwise reduced motion, which the console honours: dialogs open and close at once).
 */
async function newPage(now: string, device: 'desktop' | 'phone' = 'desktop', motion = false): Promise<{ context: BrowserContext; page: Page }> {
  const screen = device === 'phone' ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1366, height: 900 } }
  const context = await browser.newContext({ ...screen, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, reducedMotion: motion ? 'no-preference' : 'reduce' })
  const page = await throttleCpu(await context.newPage())
  // The browser's clock reads the server's test clock (timers keep running).
  await page.clock.setFixedTime(new Date(now))
  page.on('pageerror', (e) => pageErrors.push(e.message))
  // What the Content-Security-Policy refused (a script, a style, a request): the console must need none of it.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text())
  })
  page.on('response', (r) => {
    if (!r.url().includes('/api/')) return
    const line = `${r.status()} ${r.request().method()} ${r.url().replace(base, '')}`
    if (r.status() < 400) exchanges.push(line)
    else void r.text().then((t) => exchanges.push(`${line} ${t.slice(0, 300)}`), () => exchanges.push(line))
  })
  page.on('requestfailed', (q) => {
    if (q.url().includes('/api/')) exchanges.push(`failed ${q.method()} ${q.url().replace(base, '')} ${q.failure()?.errorText ?? ''}`)
  })
  return { context, page }
}

const signIn = (page: Page, who: { username: string; password: string }) => signInAt(page, base, who)

/**
 * Presses `button` from the keyboard (focus, then Enter) and waits for `text` in a toast. Not a mouse click: its
 * mousedown and mouseup land where the button was when Playwright measured it, and a dialog still settling (its
 * zoom, a textarea sizing itself) can move it in between — a click that reaches nothing (the likeliest cause of two
 * runs whose confirmation did nothing, with no request sent and no error shown).
 */
async function submit(page: Page, button: Locator, text: string | RegExp): Promise<void> {
  await button.press('Enter')
  await toast(page, text)
}

/** Waits until focus is on `target` (a keyboard user's next Enter presses it). */
async function focused(target: Locator): Promise<void> {
  const handle = await target.elementHandle()
  await target.page().waitForFunction((el) => document.activeElement === el, handle)
}

/** Waits for a toast; when it never comes, the failure names the toasts that did (an error's message). */
async function toast(page: Page, text: string | RegExp): Promise<void> {
  try {
    await page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor()
  } catch (e) {
    const shown = await page.locator('.ant-message-notice').allTextContents().catch(() => [])
    throw new Error(`no toast ${String(text)} on ${page.url()}; shown: ${JSON.stringify(shown)}; last API answers: ${JSON.stringify(exchanges.slice(-8))}\n${(e as Error).message}`)
  }
}

beforeAll(async () => {
  if (process.env.CONSOLE_E2E_URL) {
    base = process.env.CONSOLE_E2E_URL.replace(/\/$/, '')
  } else {
    target = await startConsoleServer('console-e2e-', ADMIN, { MOCK_TEST_CONTROLS: '1', ADJUST_APPROVAL_ABOVE: '1000' })
    base = target.base
  }
  // A camera for 核销's scanner: it plays CAMERA_FILE (written by the test before the camera opens).
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${CAMERA_FILE}`])
  await setClock(T0)
}, 150_000)

afterAll(async () => {
  await browser?.close()
  rmSync(CAMERA_FILE, { force: true })
  await target?.stop()
})

afterEach(() => {
  const errors = pageErrors.splice(0)
  const findings = axeFindings.splice(0)
  expect({ errors, axe: findings }).toEqual({ errors: [], axe: [] })
})

describe('operator console', () => {
  let adminToken = ''
  let memberToken = ''
  const memberCode = `console-e2e-${Date.now()}`
  let memberId = ''

  test('is served at /console/ by the production server', async () => {
    // Two days of history for the return-by-plan card: a paid member and a member who come back the next day, and
    // one who does not (paid D1 1 / 1, the others' 1 / 2).
    const member = async (code: string) => (await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code })).body.token
    const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString()
    await setClock(day(-2))
    const [paid, back] = [await member(`${memberCode}-paid`), await member(`${memberCode}-back`), await member(`${memberCode}-gone`)]
    const plan = await call<{ order: { id: string } }>('POST', '/api/v1/membership/purchase', { planId: 'monthly' }, paid)
    expect(plan.status).toBe(201)
    expect((await call('POST', `/api/v1/orders/${plan.body.order.id}/pay`, { result: 'paid' }, paid)).status).toBe(200)
    await setClock(day(-1))
    for (const token of [paid, back]) expect((await call('POST', '/api/v1/events', { type: 'app_open' }, token)).status).toBe(200)
    await setClock(T0)

    const res = await fetch(`${base}/console/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/(^|; )script-src 'self'(;|$)/)
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(await res.text()).toContain('运营后台')
    adminToken = await operatorToken(ADMIN)
    for (const [who, role] of [
      [ADMIN2, 'admin'],
      [VIEWER, 'viewer'],
    ] as const) {
      const r = await call('POST', '/api/v1/admin/operators', { ...who, displayName: `测试${role}`, role, currentPassword: ADMIN.password }, adminToken)
      expect([201, 409]).toContain(r.status)
    }
    const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code: memberCode })
    expect(login.status).toBe(200)
    memberToken = login.body.token
    const me = await call<{ id: string }>('GET', '/api/v1/member/me', undefined, memberToken)
    memberId = me.body.id
    expect(memberId).toBeTruthy()
  })

  test('an admin edits a campaign, schedules it, sees it go live for a member on the test clock, and rolls it back', async () => {
    const before = await memberConfig(memberToken)
    const original = before.rules.campaigns[0].name
    const renamed = `${original}（春季版）`
    const { context, page } = await newPage(T0)
    await page.goto(`${base}/console/`)
    await page.getByRole('heading', { name: '会员运营后台' }).waitFor()
    await audit(page, 'sign-in')
    // The sign-in card sits in the middle of the window, not at its top.
    const card = (await page.getByRole('heading', { name: '会员运营后台' }).boundingBox())!
    expect(card.y).toBeGreaterThan(900 / 4)
    await page.getByLabel('账号').fill(ADMIN.username)
    await page.getByLabel('密码').fill('wrong-password-123')
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByTestId('login-error').waitFor()
    await signIn(page, ADMIN)
    await audit(page, 'dashboard')
    await screenshot(page, 'console-dashboard')
    // The tier chart's slices say the shares the table beside it says (not the chart's own rounding to 100%).
    const tierCard = page.locator('.ant-card').filter({ hasText: '会员等级分布' })
    const shares = (await tierCard.locator('tbody tr td:last-child').allTextContents()).filter((s) => /^\d+\.\d{2}%$/.test(s) && s !== '0.00%')
    expect(shares.length).toBeGreaterThan(0)
    const pie = tierCard.locator('svg text')
    await pie.first().waitFor()
    for (const share of shares) await pie.filter({ hasText: share }).first().waitFor()
    // The campaigns' figures are each campaign's whole run, whatever the range: the card says so.
    await page.locator('.ant-card').filter({ hasText: '活动效果' }).getByText(/按整个活动期计算，不随所选区间变化/).waitFor()
    // Today is not over: the DAU trend shows its figure apart (a point of its own in the legend), not as a fall.
    await page.locator('svg text', { hasText: '今日（截至目前）' }).first().waitFor()
    // The liability card shows what the API says members hold; tier movement and liability have their tables.
    const metrics = await call<{ liability: { outstandingPoints: number } }>('GET', '/api/v1/admin/metrics', undefined, adminToken)
    expect(metrics.status).toBe(200)
    const liability = page.locator('.kpi').filter({ hasText: '积分负债' }).locator('.ant-statistic-content-value')
    expect((await liability.textContent())?.replace(/,/g, '')).toBe(String(metrics.body.liability.outstandingPoints))
    // What a figure is made of is on the card as text, not in a tooltip only a mouse can open.
    await page.locator('.kpi').filter({ hasText: '积分负债' }).locator('.kpi-hint').filter({ hasText: /^可抵 ¥[\d,.]+$/ }).waitFor()
    await page.locator('.kpi').filter({ hasText: 'ROI' }).getByText(/^价值 ¥[\d,.]+ \/ 成本 ¥[\d,.]+$/).waitFor()
    const paidRate = (await call<{ paidMemberRate: { numerator: number; denominator: number } }>('GET', '/api/v1/admin/metrics', undefined, adminToken)).body.paidMemberRate
    await page.locator('.kpi').filter({ hasText: '付费会员转化率' }).getByText(`${paidRate.numerator} / ${paidRate.denominator}`, { exact: true }).waitFor()
    await page.getByText('积分负债：按到期月份').waitFor()
    await page.getByText('等级变动', { exact: true }).waitFor()
    // Everyone here signed in as a member: the retention card says there is no non-member to compare with.
    const retention = await call<{ retention: { nonMember: Record<string, { denominator: number }> } }>('GET', '/api/v1/admin/metrics', undefined, adminToken)
    expect(Object.values(retention.body.retention.nonMember).every((r) => r.denominator === 0)).toBe(true)
    await page.locator('.ant-card').filter({ hasText: '留存：会员 vs 非会员' }).getByText('没有非会员样本可比').waitFor()
    // The split an operator can act on: paid members' return rate beside the others', each with its sample.
    type Rate = { numerator: number; denominator: number; percent: string }
    const byPlan = (await call<{ returnByPlan: { paid: Record<string, Rate>; free: Record<string, Rate> } }>('GET', '/api/v1/admin/metrics', undefined, adminToken)).body.returnByPlan
    expect([byPlan.paid.d1, byPlan.free.d1].map((r) => `${r.numerator} / ${r.denominator}`)).toEqual(['1 / 1', '1 / 2'])
    const d1 = page.locator('.ant-card').filter({ hasText: '回访率：付费会员 vs 未付费会员' }).locator('tr.ant-table-row').filter({ has: page.locator('td:first-child', { hasText: /^D1$/ }) })
    expect((await d1.innerText()).split('\t').map((s) => s.trim())).toEqual(['D1', byPlan.paid.d1.percent, `${byPlan.paid.d1.numerator} / ${byPlan.paid.d1.denominator}`, byPlan.free.d1.percent, `${byPlan.free.d1.numerator} / ${byPlan.free.d1.denominator}`])
    // Another range opens the daily table on its first page, not on the page the last range was left at.
    const daily = page.locator('.ant-card').filter({ hasText: '日活趋势' })
    await daily.locator('.ant-pagination-item-3').click()
    const ninety = page.waitForResponse((r) => r.url().includes('/admin/metrics?from='))
    await page.getByText('近 90 天', { exact: true }).click()
    const from = new URL((await ninety).url()).searchParams.get('from')!
    await daily.locator('.ant-pagination-item-active').filter({ hasText: /^1$/ }).waitFor()
    expect(await daily.locator('tr.ant-table-row td:first-child').first().innerText()).toBe(from)
    // 近 7 天 asks the server for the last seven business days; the daily table's CSV, named by them, has one row for each.
    const seven = page.waitForResponse((r) => r.url().includes('/admin/metrics?from=2026-03-04&to=2026-03-10'))
    await page.getByText('近 7 天', { exact: true }).click()
    expect((await seven).status()).toBe(200)
    await daily.getByRole('button', { name: /导出 CSV/ }).waitFor()
    const [dailyCsv] = await Promise.all([page.waitForEvent('download'), daily.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(dailyCsv.suggestedFilename()).toBe('metrics-daily-active-2026-03-04_2026-03-10.csv')
    const lines = readFileSync((await dailyCsv.path())!, 'utf8').trimEnd().split('\r\n')
    expect(lines[0]).toBe('\uFEFF日期,活跃用户')
    // Today is not over: its row says its figure is so far, in the CSV and in the table, as the chart's legend does.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10（今日，截至目前）'])
    await daily.locator('tr.ant-table-row td:first-child').filter({ hasText: /^2026-03-10（今日，截至目前）$/ }).waitFor()

    // The preview says what a member gets, computed by src/domain.
    await go(page, '/rules/signin', /规则配置 · 签到/)
    await page.getByText(/第 \d+ 天签到 → .*积分/).first().waitFor()
    // …and shows the campaign being edited: a field of the second one taking focus selects it.
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    const previewed = page.getByTestId('campaign-preview').locator('.ant-card-head-title')
    const second = page.locator('#f-campaigns-1-name')
    const secondName = await second.inputValue()
    expect(await previewed.innerText()).not.toBe(secondName)
    await second.focus()
    await previewed.filter({ hasText: secondName }).waitFor()
    // A value validateRulesConfig refuses is shown at its field, and nothing can be saved.
    await go(page, '/rules/points', /规则配置 · 积分与上限/)
    const cap = page.locator('#f-points-caps-dayPoints')
    const capBefore = await cap.inputValue()
    await cap.fill('1')
    await page.locator('.ant-form-item').filter({ has: cap }).locator('.ant-form-item-explain-error').waitFor()
    await page.getByTestId('rules-problems').waitFor()
    expect(await page.getByRole('button', { name: /保存为新版本/ }).isDisabled()).toBe(true)
    await audit(page, 'rules: points with a problem')
    // A negative number stays as typed, said wrong at its field (it used to become the minimum, unseen).
    await cap.fill('-5')
    await cap.press('Tab')
    await page.locator('.ant-form-item').filter({ has: cap }).getByText('须为正整数（当前：-5）').waitFor()
    expect(await cap.inputValue()).toBe('-5')
    // Said once, in words: the validator's, not the field's range beside it, nor wrapped as 此项设置不正确（…）.
    const said = await page.locator('.ant-form-item').filter({ has: cap }).locator('.ant-form-item-explain-error [title]').allInnerTexts()
    expect(said.filter((line) => line.startsWith('须为'))).toEqual(['须为正整数（当前：-5）'])
    expect(said.join('\n')).not.toContain('此项设置不正确')
    expect(await page.getByRole('button', { name: /保存为新版本/ }).isDisabled()).toBe(true)
    // A number too long for a double stays the digits typed, and is quoted as typed (not 100000000000000020000).
    await cap.fill('99999999999999999999')
    await cap.press('Tab')
    await page.locator('.ant-form-item').filter({ has: cap }).getByText('须为正整数（当前：99,999,999,999,999,999,999）').waitFor()
    expect(await cap.inputValue()).toBe('99999999999999999999')
    await cap.fill(capBefore)
    await page.getByTestId('rules-valid').waitFor()
    // A problem with one entry of a list is shown at the list's field: a tier's 权益说明 still saying 提前 1 小时.
    const rulesNow = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    type TierLevels = { tiers: { levels: { earlyAccessMinutes: number; benefits: string[] }[] } }
    const levels = (await call<{ document: TierLevels }>('GET', `/api/v1/admin/rules/versions/${rulesNow.body.current.versionNo}`, undefined, adminToken)).body.document.tiers.levels
    const early = levels.findIndex((l) => l.earlyAccessMinutes > 0 && l.benefits.some((b) => b.includes('提前')))
    expect(early).toBeGreaterThanOrEqual(0)
    await go(page, '/rules/tiers', /规则配置 · 会员等级/)
    const minutes = page.locator(`#f-tiers-levels-${early}-earlyAccessMinutes`)
    await minutes.fill(String(levels[early].earlyAccessMinutes + 7))
    await page.locator('.ant-form-item').filter({ has: page.locator(`#f-tiers-levels-${early}-benefits`) }).locator('.ant-form-item-explain-error').filter({ hasText: '提前' }).waitFor()
    await minutes.fill(String(levels[early].earlyAccessMinutes))
    await page.getByTestId('rules-valid').waitFor()
    // The preview says it as the benefit lines must (60 minutes are 提前 1 小时, never 提前 60 分钟).
    expect(levels[early].earlyAccessMinutes).toBe(60)
    await page.getByText(/· 提前 1 小时参与/).first().waitFor()
    expect(await page.getByText(/提前 60 分钟参与/).count()).toBe(0)
    await go(page, '/rules/points', /规则配置 · 积分与上限/)
    // A survey pays only for the ids the brand lists (none by default): the field says so and takes an id.
    const surveyCard = page.locator('[data-path="points.earningRules.survey"]')
    await surveyCard.getByText('未列出编号：不奖励').waitFor()
    const surveyRefs = page.locator('#f-points-earningRules-survey-refs')
    await surveyRefs.fill('nps-2026q4')
    await surveyRefs.press('Enter')
    const chip = surveyCard.locator('.ant-select-selection-item[title="nps-2026q4"]')
    await chip.waitFor()
    await page.getByTestId('rules-valid').waitFor()
    await chip.locator('.ant-select-selection-item-remove').click()
    await surveyCard.getByText('未列出编号：不奖励').waitFor()

    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    const name = page.locator('#f-campaigns-0-name')
    await name.fill(renamed)
    await expect(name.inputValue()).resolves.toBe(renamed)
    // A reload (a mistaken F5, past the browser's 离开此网站? prompt) keeps the unsaved draft: the tab's session storage.
    const leave = (d: { accept: () => Promise<void> }) => void d.accept()
    page.on('dialog', leave)
    await page.reload()
    page.off('dialog', leave)
    await page.getByText('有未保存的修改').waitFor()
    expect(await name.inputValue()).toBe(renamed)
    await audit(page, 'rules: campaigns')
    await screenshot(page, 'console-rules-campaigns')

    await page.getByRole('button', { name: /保存为新版本/ }).click()
    const modal = page.getByRole('dialog', { name: '保存为新版本' })
    await modal.getByLabel('版本说明').fill('活动改名（定时）')
    await modal.getByText('定时生效').click()
    const picker = modal.locator('input').filter({ hasNot: page.locator('[type=radio]') }).last()
    await picker.click()
    await picker.fill(SCHEDULED_LOCAL)
    await picker.press('Enter')
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'hidden' })
    await audit(page, 'rules: save dialog')
    await submit(page, modal.getByRole('button', { name: '保存并定时发布' }), /将于 2026-03-10 11:00 生效/)

    // Not yet: the member still sees the version in force.
    expect((await memberConfig(memberToken)).rules.campaigns[0].name).toBe(original)
    await go(page, '/rules/versions', /版本与发布/)
    await page.locator('tr').filter({ hasText: '活动改名（定时）' }).filter({ hasText: '待生效' }).waitFor()
    await audit(page, 'rules: versions')
    await screenshot(page, 'console-rules-versions')
    // 查看: what the version changes against the one in force before it, field by field — the name alone.
    await page.locator('tr').filter({ hasText: '活动改名（定时）' }).getByRole('button', { name: /^查\s*看$/ }).click()
    const changes = page.locator('#version-changes tr.ant-table-row')
    await changes.first().waitFor()
    expect(await changes.allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^活动\\s*campaigns\\[.*\\]\\.name\\s+${original}\\s+${renamed}$`))])
    await audit(page, 'rules: version changes')
    await page.keyboard.press('Escape')
    await page.locator('#version-changes').waitFor({ state: 'hidden' })

    // The test clock passes 11:00: the member's next request reads the new version.
    await setClock(AFTER)
    await page.clock.setFixedTime(new Date(AFTER))
    const live = await memberConfig(memberToken)
    expect(live.rules.campaigns[0].name).toBe(renamed)
    expect(live.version).toBeGreaterThan(before.version)
    // The open page follows at 11:00 by itself: the version is 生效中 and the header names it, with no reload.
    await page.clock.fastForward('01:00:00')
    await page.locator('tr').filter({ hasText: '活动改名（定时）' }).filter({ hasText: '生效中' }).waitFor()
    await page.getByText(/当前生效：版本 #\d+（活动改名（定时））/).waitFor()

    // Roll back to the version that was in force before, while a draft of the renamed version has an edit.
    await page.reload()
    await page.getByRole('heading', { level: 1, name: /版本与发布/ }).waitFor()
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await page.locator('#f-campaigns-0-name').fill(`${renamed}（草稿）`)
    await go(page, '/rules/versions', /版本与发布/)
    await page.locator('tr').filter({ hasText: '活动改名（定时）' }).filter({ hasText: '生效中' }).waitFor()
    await page.locator('tr').filter({ hasText: '已被取代' }).first().getByRole('button', { name: /回滚/ }).click()
    const restore = page.getByRole('dialog', { name: /回滚到版本/ })
    // Before it is confirmed, the rollback says what it undoes: the name goes back.
    const undone = restore.locator('#restore-changes tr.ant-table-row')
    await undone.first().waitFor()
    expect(await undone.allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`campaigns\\[.*\\]\\.name\\s+${renamed}\\s+${original}$`))])
    await restore.getByLabel('回滚原因').fill('回滚活动改名')
    await submit(page, restore.getByRole('button', { name: '确认回滚' }), /已回滚：新版本 #\d+ 已生效/)
    const rolledBack = await memberConfig(memberToken)
    expect(rolledBack.rules.campaigns[0].name).toBe(original)
    expect(rolledBack.version).toBeGreaterThan(live.version)
    // The draft still holds the renamed campaign: saving it would silently undo the rollback, so it is refused.
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await page.getByRole('button', { name: /保存为新版本/ }).click()
    const stale = page.getByRole('dialog', { name: '保存为新版本' })
    await stale.getByLabel('版本说明').fill('基于旧底稿')
    await stale.getByRole('button', { name: '保存并立即发布' }).click()
    await stale.getByRole('alert').filter({ hasText: /保存了版本 #\d+（回滚活动改名），你编辑的版本里没有它的修改/ }).waitFor()
    expect((await memberConfig(memberToken)).rules.campaigns[0].name).toBe(original)
    await context.close()
  })

  test('an operator adjusts points above the threshold; a second admin approves; the table exports as CSV', async () => {
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    await go(page, `/members?q=${encodeURIComponent(memberId)}`, '会员')
    await page.getByRole('cell', { name: memberId }).waitFor()
    await audit(page, 'members: search')
    await page.getByRole('row').filter({ hasText: memberId }).getByRole('link').first().click()
    await page.getByRole('button', { name: '调整积分' }).waitFor()
    await audit(page, 'member page')
    await screenshot(page, 'console-member')
    await page.getByRole('button', { name: '调整积分' }).click()
    const dialog = page.getByRole('dialog', { name: '调整积分' })
    await dialog.getByRole('button', { name: /提交调整/ }).click()
    await dialog.getByText('请填写调整原因').waitFor()
    // A deduction past the balance is refused at the field; turned into an addition, the refusal goes.
    await dialog.getByText('扣减', { exact: true }).click()
    await dialog.getByLabel('积分').fill('9999999')
    await dialog.getByText(/扣减后余额不能低于 0/).waitFor()
    await dialog.getByText('增加', { exact: true }).click()
    await dialog.getByText(/扣减后余额不能低于 0/).waitFor({ state: 'detached' })
    // A negative number stays as typed and is refused at the field (it used to become 1, unseen).
    await dialog.getByLabel('积分').fill('-300')
    await dialog.getByLabel('积分').press('Tab')
    await dialog.getByText('请输入 1–10,000,000 的整数').waitFor()
    expect(await dialog.getByLabel('积分').inputValue()).toBe('-300')
    // Refused, it tells nothing about the balance either (it said 调整后余额 as if 300 were added, or 1.5).
    expect(await dialog.getByText(/调整后余额|审批额度/).count()).toBe(0)
    await dialog.getByLabel('积分').fill('1.5')
    await dialog.getByLabel('积分').press('Tab')
    await dialog.getByText('请输入 1–10,000,000 的整数').waitFor()
    expect(await dialog.getByText(/调整后余额|审批额度/).count()).toBe(0)
    // Closed without sending, the dialog opens empty again: nothing typed then is added to what is typed next.
    await dialog.getByLabel('原因（会员流水可见）').fill('草稿')
    await dialog.getByRole('button', { name: /取\s*消/ }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('button', { name: '调整积分' }).click()
    await dialog.getByLabel('积分').waitFor()
    expect(await dialog.getByLabel('积分').inputValue()).toBe('')
    expect(await dialog.getByLabel('原因（会员流水可见）').inputValue()).toBe('')
    await dialog.getByLabel('积分').fill('5000')
    await dialog.getByLabel('原因（会员流水可见）').fill('客诉补偿，工单 #2026')
    await submit(page, dialog.getByRole('button', { name: /提交调整/ }), '已提交管理员审批')
    const balance = async () => (await call<{ balance: number }>('GET', '/api/v1/points/summary', undefined, memberToken)).body.balance
    expect(await balance()).toBe(0)

    // The one who asked cannot approve.
    await go(page, '/approvals', '积分调整审批')
    await page.getByRole('row').filter({ hasText: '客诉补偿' }).getByText('本人申请').waitFor()
    await page.getByRole('button', { name: /退\s*出/ }).click()

    await signIn(page, ADMIN2)
    await go(page, '/approvals', '积分调整审批')
    const row = page.getByRole('row').filter({ hasText: '客诉补偿' })
    // Beside the amount, the member's balance now (nothing yet: the 5,000 wait for this approval).
    expect(await row.getByRole('cell').nth(2).innerText()).toBe('0')
    // From the keyboard: Enter on the row's 批准 puts focus on the popup's own 批准 (not past the whole table);
    // Escape closes it and focus is back on the row's button; Enter, Enter approves.
    const approveButton = row.getByRole('button', { name: /批\s*准/ })
    const confirmApprove = page.locator('.ant-popconfirm').getByRole('button', { name: /批\s*准/ })
    await approveButton.press('Enter')
    await focused(confirmApprove)
    await page.keyboard.press('Escape')
    await confirmApprove.waitFor({ state: 'hidden' })
    await focused(approveButton)
    await page.keyboard.press('Enter')
    await focused(confirmApprove)
    await page.keyboard.press('Enter')
    await toast(page, /已批准/)
    expect(await balance()).toBe(5000)
    await audit(page, 'approvals')
    await screenshot(page, 'console-approvals')

    // A request filed while the queue is open shows on 刷新; 驳回 it with a note: nothing reaches the member.
    const late = await call<{ adjustment: { status: string } }>('POST', `/api/v1/admin/members/${encodeURIComponent(memberId)}/adjustments`, { amount: 6000, reason: '重复申请，待驳回' }, adminToken)
    expect(late.body.adjustment.status).toBe('pending')
    const lateRow = page.getByRole('row').filter({ hasText: '重复申请，待驳回' })
    expect(await lateRow.count()).toBe(0)
    await page.getByRole('button', { name: /刷\s*新/ }).click()
    await lateRow.getByRole('button', { name: /驳\s*回/ }).click()
    const rejectDialog = page.getByRole('dialog', { name: '驳回积分调整' })
    // A note typed and cancelled is not carried to the next rejection.
    await rejectDialog.getByLabel('驳回说明（可选）').fill('草稿：这条先不驳回')
    await rejectDialog.getByRole('button', { name: /取\s*消/ }).click()
    await rejectDialog.waitFor({ state: 'hidden' })
    await lateRow.getByRole('button', { name: /驳\s*回/ }).click()
    expect(await rejectDialog.getByLabel('驳回说明（可选）').inputValue()).toBe('')
    await rejectDialog.getByLabel('驳回说明（可选）').fill('与工单 #2026 重复')
    await submit(page, rejectDialog.getByRole('button', { name: /驳\s*回/ }), /已驳回/)
    await lateRow.waitFor({ state: 'detached' })
    expect(await balance()).toBe(5000)

    await page.getByText('全部', { exact: true }).click()
    await page.getByRole('row').filter({ hasText: '客诉补偿' }).filter({ hasText: '已生效' }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(download.suggestedFilename()).toMatch(/^adjustments-all-.*\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.split('\r\n')[0]).toBe('\uFEFF编号,会员 ID,积分,会员当前余额,原因,状态,申请人,申请时间,审批人,审批时间,备注')
    expect(csv).toContain(`,${memberId},5000,${await balance()},客诉补偿，工单 #2026,已生效,${ADMIN.username},`)

    // The member buys 月度会员: the tier history says it in the tiers' names, with why.
    const order = await call<{ order: { id: string } }>('POST', '/api/v1/membership/purchase', { planId: 'monthly' }, memberToken)
    expect((await call('POST', `/api/v1/orders/${order.body.order.id}/pay`, { result: 'paid' }, memberToken)).status).toBe(200)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    await page.getByRole('tab', { name: '等级历史' }).click()
    await page.locator('.ant-table-row').filter({ hasText: '普通会员' }).filter({ hasText: '白银会员' }).filter({ hasText: '付费会员' }).waitFor()
    // Where each lot of points came from, in words.
    await page.getByRole('tab', { name: /积分批次/ }).click()
    const lots = page.getByRole('tabpanel', { name: /积分批次/ })
    await lots.locator('.ant-table-row').first().waitFor()
    expect(await lots.innerText()).not.toMatch(/\b(behaviour|signin|task|invite|prize|cards|purchase|grant)\b/)
    // The approved credit is the operators' own, not 系统赠送: who asked and who approved, as its ledger line says.
    await lots.locator('.ant-table-row').filter({ hasText: '运营调整' }).getByRole('link', { name: `运营调整：${ADMIN.username}，测试admin 审批` }).waitFor()

    // The audit log shows both decisions; every other page passes axe.
    await go(page, '/audit', '操作日志')
    await page.getByRole('row').filter({ hasText: '批准积分调整' }).first().waitFor()
    await audit(page, 'audit log')
    // An admin filters by any account, one that has done nothing yet among them.
    const filters = page.getByRole('form', { name: '筛选' })
    await filters.getByLabel('操作人').click()
    const options = page.locator('.ant-select-dropdown:visible')
    // Each account by name and username: two may share a display name.
    await options.getByText(/^测试viewer（[\w.-]+）$/).waitFor()
    // Typed to find it: the list scrolls (only what fits is drawn) once a deployment has a dozen accounts.
    await page.keyboard.type('测试admin')
    await options.getByText(/^测试admin（[\w.-]+）$/).click()
    // Its clear button is named in Chinese, as the console is (antd says "Clear" whatever the locale).
    await filters.getByRole('button', { name: '清除' }).first().waitFor({ state: 'attached' })
    expect(await page.getByRole('button', { name: /^(Clear|close-circle)$/ }).count()).toBe(0)
    const filtered = page.waitForResponse((r) => r.url().includes('/admin/audit?') && r.url().includes('operatorId='))
    await filters.getByRole('button', { name: /查\s*询/ }).click()
    expect((await filtered).status()).toBe(200)
    await page.getByRole('row').filter({ hasText: '批准积分调整' }).first().waitFor()
    expect(new Set(await page.locator('.ant-table-row td:nth-child(3)').allInnerTexts())).toEqual(new Set(['测试admin']))
    // The log read again keeps the account's username in the filter (it used to overwrite it with the bare name).
    expect(await filters.locator('.ant-form-item').filter({ hasText: '操作人' }).first().innerText()).toMatch(/测试admin（[\w.-]+）/)
    // 对象 in words: the approval names its adjustment, not a bare id.
    expect(await page.locator('.ant-table-row').filter({ hasText: '批准积分调整' }).first().locator('td:nth-child(5)').innerText()).toMatch(/^积分调整 adj-\d+-\d+$/)
    // 修改后 in words too: what the approval did, not the record's JSON keys.
    expect(await page.locator('.ant-table-row').filter({ hasText: '批准积分调整' }).first().locator('td:nth-child(6)').innerText()).toMatch(/^状态：已生效；积分余额：\d+；会员：mbr-\d+$/)
    // The export says every time in business time, inside what changed too (no UTC instants).
    const [auditCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    const auditText = readFileSync((await auditCsv.path())!, 'utf8')
    expect(auditText).toContain('批准积分调整')
    // A sign-in's 修改后 holds its session's expiry (CSV doubles the JSON's quotes).
    expect(auditText).toMatch(/expiresAt"+:"+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/)
    expect(auditText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
    await go(page, '/vouchers', /核销/)
    await audit(page, 'vouchers')
    await go(page, '/operators', '账号管理')
    await page.getByRole('cell', { name: VIEWER.username, exact: true }).waitFor()
    await audit(page, 'operators')
    // Each account's id, as the audit log names it; 对象 there takes the account's username as well.
    const viewerRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: VIEWER.username, exact: true }) })
    const viewerId = await viewerRow.locator('td:nth-child(2)').innerText()
    expect(viewerId).toMatch(/^op-\d+$/)
    const accountsRead = page.waitForResponse((r) => r.url().includes('/admin/operators'))
    await go(page, '/audit', '操作日志')
    await accountsRead
    const byName = page.getByRole('form', { name: '筛选' })
    await byName.getByLabel('对象').fill(VIEWER.username.toUpperCase())
    const asked = page.waitForResponse((r) => r.url().includes('/admin/audit?') && r.url().includes(`target=${viewerId}`))
    await byName.getByRole('button', { name: /查\s*询/ }).click()
    expect((await asked).status()).toBe(200)
    await page.getByRole('row').filter({ hasText: `（${VIEWER.username}）` }).first().waitFor()
    await go(page, '/operators', '账号管理')
    // A name already taken is said at the field, by the server.
    await page.getByRole('button', { name: /新建账号/ }).click()
    const create = page.getByRole('dialog', { name: '新建账号' })
    await create.getByLabel('账号').fill(VIEWER.username)
    await create.getByLabel('名称').fill('重名账号')
    await create.getByLabel('初始密码').fill('a-long-enough-password')
    // Setting a password asks for the admin's own again; a wrong one is said at its field, nothing is made.
    await create.getByLabel('你的当前密码').fill('not-my-password')
    await create.getByRole('button', { name: /保\s*存/ }).click()
    await create.locator('.ant-form-item-explain-error').filter({ hasText: '你的当前密码不正确' }).waitFor()
    await create.getByLabel('你的当前密码').fill(ADMIN2.password)
    await create.getByRole('button', { name: /保\s*存/ }).click()
    await create.locator('.ant-form-item-explain-error').filter({ hasText: '该账号名已被使用' }).waitFor()
    await create.getByRole('button', { name: /取\s*消/ }).click()
    // Turning an account off (it is signed out at once) asks first; 取消 leaves it on.
    const viewerSwitch = page.getByRole('switch', { name: `启用 ${VIEWER.username}` })
    await viewerSwitch.click()
    const stop = page.getByRole('dialog').filter({ hasText: '该账号将立即退出登录' })
    await stop.getByRole('button', { name: /取\s*消/ }).click()
    await stop.waitFor({ state: 'detached' })
    expect(await viewerSwitch.getAttribute('aria-checked')).toBe('true')
    const accounts = await call<{ operators: { username: string; disabled: boolean }[] }>('GET', '/api/v1/admin/operators', undefined, adminToken)
    expect(accounts.body.operators.find((o) => o.username === VIEWER.username)?.disabled).toBe(false)
    for (const section of ['tiers', 'signin', 'points', 'tasks', 'coupons', 'mall', 'other']) {
      await go(page, `/rules/${section}`, /规则配置 · /)
      await audit(page, `rules: ${section}`)
    }
    await context.close()
  })

  test('staff use a member’s voucher once, reissue a coupon that reaches the member, sign the member out everywhere, refund an order, erase another, and cancel a scheduled version', async () => {
    // The member (5,000 points from the approved adjustment) redeems an in-store drink: a voucher with a code.
    const redeemed = await call<{ redemption: { voucher: { code: string } | null } }>('POST', '/api/v1/rewards/rw-free-drink/redeem', {}, memberToken)
    expect(redeemed.status).toBe(200)
    const code = redeemed.body.redemption.voucher!.code
    // Dialogs fade out here, as most staff see them: the confirmation's button is still there for a moment after it.
    const { context, page } = await newPage(AFTER, 'desktop', true)
    await signIn(page, ADMIN)

    await go(page, '/vouchers', /核销/)
    // A payment code typed by mistake is not a voucher code, and says so (no retry offered).
    await page.getByLabel('核销码').fill('28761234')
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByText('核销码格式不正确').waitFor()
    await page.getByText('核销码为 12 位数字，请核对后重试').waitFor()
    expect(await page.getByRole('button', { name: /重\s*试/ }).count()).toBe(0)
    await page.getByLabel('核销码').fill(code)
    await page.getByRole('button', { name: /查\s*询/ }).click()
    await page.getByTestId('voucher-status').filter({ hasText: '有效，未核销' }).waitFor()
    await page.getByRole('button', { name: /确认核销/ }).click()
    const uses: string[] = []
    page.on('request', (q) => {
      if (q.method() === 'POST' && q.url().endsWith(`/admin/vouchers/${code}/use`)) uses.push(q.headers()['idempotency-key'])
    })
    const confirmUse = page.getByRole('dialog').getByRole('button', { name: /确认核销/ })
    await confirmUse.waitFor()
    await submit(page, confirmUse, '核销成功')
    // A second Enter as the confirmation fades out sends nothing (it used to send a second use with a new key: 409,
    // 该核销码已使用 in red after 核销成功).
    await confirmUse.press('Enter', { timeout: 1000 }).catch(() => undefined)
    await page.getByTestId('voucher-status').filter({ hasText: '已核销' }).waitFor()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await page.waitForTimeout(500)
    expect(uses).toHaveLength(1)
    expect(await page.locator('.ant-message-notice').filter({ hasText: '已使用' }).count()).toBe(0)
    await page.getByText(/该核销码已于 .* 核销，不能重复使用/).waitFor()
    // Once: a second use is refused, whoever asks.
    const again = await call<{ error: { code: string } }>('POST', `/api/v1/admin/vouchers/${code}/use`, {}, adminToken)
    expect(again.status).toBe(409)
    await audit(page, 'vouchers: used')
    await screenshot(page, 'console-voucher')

    // Scanned instead of typed: the camera sees the member's QR code (this Chromium has no BarcodeDetector, so the
    // console reads the frames with jsQR) and the voucher it holds is looked up.
    const second = await call<{ redemption: { voucher: { code: string } } }>('POST', '/api/v1/rewards/rw-free-drink/redeem', {}, memberToken)
    const scannedCode = second.body.redemption.voucher.code
    showToCamera(scannedCode)
    await context.grantPermissions(['camera'])
    await go(page, '/vouchers', /核销/)
    await page.getByRole('button', { name: /扫\s*码/ }).click()
    await page.getByTestId('voucher-status').filter({ hasText: '有效，未核销' }).waitFor()
    expect(await page.getByRole('textbox', { name: '核销码' }).inputValue()).toBe(scannedCode)
    await page.getByRole('dialog', { name: '扫描核销码' }).waitFor({ state: 'detached' })

    // At the counter on a phone: the same page fits the screen, reads the voucher and passes axe.
    const { context: phone, page: mobile } = await newPage(AFTER, 'phone')
    await signIn(mobile, ADMIN)
    await go(mobile, '/vouchers', /核销/)
    await mobile.getByLabel('核销码').fill(scannedCode)
    await mobile.getByRole('button', { name: /查\s*询/ }).click()
    await mobile.getByTestId('voucher-status').filter({ hasText: '有效，未核销' }).waitFor()
    await mobile.getByRole('button', { name: /确认核销/ }).waitFor()
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await audit(mobile, 'vouchers (phone)')
    await screenshot(mobile, 'console-voucher-phone')
    await phone.close()

    // A ledger longer than the table loads (50 a page): its CSV still holds every entry, fetched page by page.
    for (let i = 0; i < 55; i++) expect((await call('POST', `/api/v1/admin/members/${encodeURIComponent(memberId)}/adjustments`, { amount: 1, reason: `签到补偿 ${i + 1}` }, adminToken)).status).toBe(201)
    let total = 0
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const p: { body: { entries: unknown[]; nextCursor: string | null } } = await call('GET', `/api/v1/admin/members/${encodeURIComponent(memberId)}/ledger?limit=100${cursor ? `&cursor=${cursor}` : ''}`, undefined, adminToken)
      total += p.body.entries.length
      cursor = p.body.nextCursor
    }
    expect(total).toBeGreaterThan(55)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    await page.getByRole('button', { name: '加载更早的流水' }).waitFor()
    const [ledgerCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).first().click()])
    expect(ledgerCsv.suggestedFilename()).toMatch(/^member-.+-ledger-.*\.csv$/)
    const lines = readFileSync((await ledgerCsv.path())!, 'utf8').split('\r\n').filter(Boolean)
    expect(lines.length - 1).toBe(total)
    expect(lines.filter((l) => l.includes('签到补偿'))).toHaveLength(55)
    // …and 积分调整审批 lists them 50 at a time: the next page on request, the CSV with all of them.
    await go(page, '/approvals', '积分调整审批')
    await page.getByText('全部', { exact: true }).click()
    const older = page.getByRole('button', { name: '加载更早的记录' })
    await older.waitFor()
    expect(await page.locator('.ant-table-row').count()).toBe(50)
    await older.click()
    await older.waitFor({ state: 'detached' })
    expect(await page.locator('.ant-table-row').filter({ hasText: '签到补偿' }).count()).toBe(55)
    const [adjustmentsCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(readFileSync((await adjustmentsCsv.path())!, 'utf8').split('\r\n').filter((l) => l.includes('签到补偿'))).toHaveLength(55)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    // The member's page lists their adjustments 50 at a time as well: every one after 加载更早的调整.
    const ofMember = await call<{ adjustments: unknown[]; nextCursor: string | null }>('GET', `/api/v1/admin/adjustments?memberId=${encodeURIComponent(memberId)}&limit=200`, undefined, adminToken)
    expect(ofMember.body.nextCursor).toBeNull()
    expect(ofMember.body.adjustments.length).toBeGreaterThan(55)
    await page.getByRole('tab', { name: '积分调整' }).click()
    // The tab is in the address: a reload (or the link, shared) opens the member on it.
    await page.waitForURL(/\?tab=adjustments$/)
    await page.reload()
    await page.getByRole('tab', { name: '积分调整', selected: true }).waitFor()
    await page.getByRole('button', { name: '加载更早的调整' }).click()
    await page.getByText(`已显示全部 ${ofMember.body.adjustments.length} 条`).waitFor()

    // A gift the member redeemed waits in 发货管理's queue with where it goes; it is sent from there with its
    // carrier's number (and leaves 待发货), then marked received on the member's page: the member sees both.
    const gift = await call<{ redemptionId: string }>('POST', '/api/v1/rewards/rw-tote/redeem', { delivery: { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号' } }, memberToken)
    expect(gift.status).toBe(200)
    await go(page, '/deliveries', '发货管理')
    const queued = page.locator('tr').filter({ hasText: '帆布托特包' }).filter({ hasText: memberId })
    await queued.getByText('上海市徐汇区漕溪北路 88 号').waitFor()
    await audit(page, 'deliveries')
    await screenshot(page, 'console-deliveries')
    const [queueCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(readFileSync((await queueCsv.path())!, 'utf8')).toContain(`${gift.body.redemptionId},`)
    await queued.getByRole('button', { name: /发\s*货/ }).click()
    await page.getByRole('dialog').getByLabel('快递单号').fill('SF1234567890')
    await submit(page, page.getByRole('dialog').getByRole('button', { name: /确认发货/ }), '已标记发货')
    await queued.waitFor({ state: 'detached' })
    await page.locator('.ant-segmented').getByText('已发货', { exact: true }).click()
    await page.locator('tr').filter({ hasText: '帆布托特包' }).filter({ hasText: memberId }).getByText('单号 SF1234567890').waitFor()
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    await page.getByRole('tab', { name: /兑换/ }).click()
    const giftRow = page.locator('tr').filter({ hasText: '帆布托特包' })
    await giftRow.getByText('单号 SF1234567890').waitFor()
    await submit(page, giftRow.getByRole('button', { name: /确认签收/ }), '已确认签收')
    const mine = await call<{ redemptions: { id: string; delivery: { status: string; trackingNo: string } | null }[] }>('GET', '/api/v1/redemptions', undefined, memberToken)
    expect(mine.body.redemptions.find((x) => x.id === gift.body.redemptionId)?.delivery).toMatchObject({ status: 'delivered', trackingNo: 'SF1234567890' })

    // 补发优惠券 when its templates cannot be loaded: the dialog says so, and 重试 loads them.
    const rulesUrl = /\/api\/v1\/admin\/rules(\?.*)?$/
    await page.route(rulesUrl, (r) => r.abort())
    await page.reload()
    await page.getByRole('button', { name: '补发优惠券' }).click()
    const dialog = page.getByRole('dialog', { name: '补发优惠券' })
    const failed = dialog.getByRole('alert').filter({ hasText: '优惠券模板加载失败' })
    await failed.waitFor()
    await page.unroute(rulesUrl)
    await failed.getByRole('button', { name: /重\s*试/ }).click()
    await failed.waitFor({ state: 'detached' })

    // 补发优惠券: the coupon is in the member's wallet at once.
    await dialog.getByLabel('优惠券模板').click()
    const option = page.locator('.ant-select-item-option').first()
    const templateLabel = (await option.textContent())!
    await option.click()
    await dialog.getByLabel('原因').fill('门店客诉补发')
    await submit(page, dialog.getByRole('button', { name: /补\s*发/ }), /已补发「.+」/)
    const coupons = await call<{ available: { name: string }[] }>('GET', '/api/v1/coupons', undefined, memberToken)
    expect(coupons.body.available.map((c) => c.name)).toContain(templateLabel.replace(/（.*）$/, ''))
    // …and in the member page's 优惠券, which lists every coupon the member was given a page at a time.
    await page.getByRole('tab', { name: '优惠券' }).click()
    await page.getByRole('tabpanel', { name: '优惠券' }).getByRole('row').filter({ hasText: templateLabel.replace(/（.*）$/, '') }).filter({ hasText: '运营补发' }).waitFor()

    // 强制下线 (a lost phone): the reason is required; then the member's token is refused and a new login works.
    await page.getByRole('button', { name: '强制下线' }).click()
    const signOut = page.getByRole('dialog', { name: '强制下线' })
    await signOut.getByRole('button', { name: '强制下线' }).click()
    await signOut.getByText('请填写下线原因').waitFor()
    await signOut.getByLabel('原因').fill('会员反馈手机丢失')
    await submit(page, signOut.getByRole('button', { name: '强制下线' }), '已强制下线：该会员的所有设备需重新登录')
    expect((await call('GET', '/api/v1/member/me', undefined, memberToken)).status).toBe(401)
    const relogin = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: memberCode })
    expect(relogin.body.member.id).toBe(memberId)
    memberToken = relogin.body.token

    // 退款 (customer service, for what the member cannot refund themselves): a paid goods order, a reason, then the
    // order is refunded for the member too.
    const { products } = (await call<{ products: { sku: string; name: string }[] }>('GET', '/api/v1/catalogue', undefined, memberToken)).body
    const placed = await call<{ order: { id: string } }>('POST', '/api/v1/orders', { items: [{ sku: products[0].sku, qty: 1 }] }, memberToken)
    expect((await call('POST', `/api/v1/orders/${placed.body.order.id}/pay`, { result: 'paid' }, memberToken)).status).toBe(200)
    await page.reload()
    await page.getByRole('tab', { name: /订单/ }).click()
    const orderRow = page.locator('tr').filter({ hasText: placed.body.order.id })
    await orderRow.getByRole('button', { name: /退\s*款/ }).click()
    const refundDialog = page.getByRole('dialog', { name: new RegExp(`退款：${products[0].name}`) })
    await refundDialog.getByText(/原路退回/).waitFor()
    await refundDialog.getByLabel('原因').fill('商品质量问题，客服同意退款')
    await submit(page, refundDialog.getByRole('button', { name: /退\s*款/ }), '已退款')
    await orderRow.getByText('已退款').waitFor()
    expect(await orderRow.getByRole('button', { name: /退\s*款/ }).count()).toBe(0)
    const theirOrders = await call<{ orders: { id: string; status: string }[] }>('GET', '/api/v1/orders', undefined, memberToken)
    expect(theirOrders.body.orders.find((o) => o.id === placed.body.order.id)?.status).toBe('refunded')

    // 注销会员 (an admin, for a member's 申请删除数据): irreversible, reason required; the page then says so.
    const leaving = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: `${memberCode}-erase` })
    await call('POST', '/api/v1/member/profile', { nickname: '即将注销的会员' }, leaving.body.token)
    await go(page, `/members/${encodeURIComponent(leaving.body.member.id)}`, /即将注销的会员/)
    await page.getByRole('button', { name: '注销会员' }).click()
    const erase = page.getByRole('dialog', { name: '注销会员' })
    await erase.getByText(/不可恢复.*积分、未使用的券和核销码随之作废/).waitFor()
    await erase.getByLabel('原因').fill('会员申请删除数据')
    await submit(page, erase.getByRole('button', { name: '注销会员' }), '已注销：该会员的个人信息已删除，积分与券已作废')
    await page.getByText(/已于 .* 注销/).waitFor()
    await page.getByRole('heading', { name: /已注销会员/ }).waitFor()
    expect(await page.getByRole('button', { name: '调整积分' }).count()).toBe(0)
    expect((await call('GET', '/api/v1/member/me', undefined, leaving.body.token)).status).toBe(401)

    // A version scheduled for tomorrow can be cancelled before it takes effect; members never see it.
    const current = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    const doc = await call<{ document: unknown }>('GET', `/api/v1/admin/rules/versions/${current.body.current.versionNo}`, undefined, adminToken)
    const scheduled = await call<{ version: { versionNo: number } }>(
      'POST',
      '/api/v1/admin/rules/versions',
      { document: doc.body.document, note: '明日生效（将取消）', effectiveAt: '2026-03-11T02:00:00.000Z' },
      adminToken,
    )
    expect(scheduled.status).toBe(201)
    await go(page, '/rules/versions', /版本与发布/)
    const row = page.locator('tr').filter({ hasText: '明日生效（将取消）' })
    // Taken as the draft, then cancelled: the draft goes back to the rules in force (saving it would have published
    // the cancelled version's changes after all).
    await row.getByRole('button', { name: /^查\s*看$/ }).click()
    await page.getByRole('button', { name: '以此版本为底稿编辑' }).click()
    const baseLine = page.getByText(/^底稿：版本 #\d+/)
    await baseLine.filter({ hasText: `底稿：版本 #${scheduled.body.version.versionNo}（` }).waitFor()
    await go(page, '/rules/versions', /版本与发布/)
    await row.getByRole('button', { name: /取消发布/ }).click()
    await page.locator('.ant-popconfirm').getByRole('button', { name: /取消版本/ }).click()
    await row.filter({ hasText: '已取消' }).waitFor()
    // Who cancelled it and when, as the server keeps it.
    const versions = await call<{ versions: { versionNo: number; cancelledAt: string | null; cancelledByName: string | null }[] }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    const withdrawn = versions.body.versions.find((v) => v.versionNo === scheduled.body.version.versionNo)!
    expect(withdrawn.cancelledAt).not.toBeNull()
    await row.filter({ hasText: new RegExp(`${withdrawn.cancelledByName} · .* 取消`) }).waitFor()
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await baseLine.filter({ hasText: `底稿：版本 #${current.body.current.versionNo}（` }).filter({ hasText: '未修改' }).waitFor()
    // Edited, and its base cancelled elsewhere (another admin): 放弃修改 goes back to the rules in force, not to the
    // cancelled version's document.
    const another = await call<{ version: { versionNo: number } }>(
      'POST',
      '/api/v1/admin/rules/versions',
      { document: doc.body.document, note: '另一个定时版本', effectiveAt: '2026-03-11T02:00:00.000Z' },
      adminToken,
    )
    await go(page, '/rules/versions', /版本与发布/)
    await page.locator('tr').filter({ hasText: '另一个定时版本' }).getByRole('button', { name: /^查\s*看$/ }).click()
    await page.getByRole('button', { name: '以此版本为底稿编辑' }).click()
    await baseLine.filter({ hasText: `底稿：版本 #${another.body.version.versionNo}（` }).waitFor()
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await page.locator('#f-campaigns-0-name').fill('草稿改名')
    expect((await call('POST', `/api/v1/admin/rules/versions/${another.body.version.versionNo}/cancel`, {}, adminToken)).status).toBe(200)
    await go(page, '/rules/signin', /规则配置 · 签到/)
    await page.getByText('该版本已取消').waitFor()
    await page.getByRole('button', { name: /放弃修改/ }).click()
    // The toasts of the steps before may still lie over the dialog's buttons (a slow machine): the button is pressed,
    // not the spot where it is.
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /放弃修改/ }).dispatchEvent('click')
    await baseLine.filter({ hasText: `底稿：版本 #${current.body.current.versionNo}（` }).filter({ hasText: '未修改' }).waitFor()
    await context.close()
  })

  test('隐私申请 and 意见反馈: a member’s deletion request and feedback wait in their queues, are answered once, and the member reads the reply', async () => {
    const asked = await call<{ requestId: string; requestNo: string }>('POST', '/api/v1/privacy/deletion', {}, memberToken)
    expect(asked.status).toBe(200)
    // Another member asked 25 days ago: past the promised 15 working days, the row says so.
    await setClock('2026-02-13T02:00:00.000Z')
    const early = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code: 'privacy-early' })
    const overdue = await call<{ requestNo: string }>('POST', '/api/v1/privacy/export', {}, early.body.token)
    await setClock(AFTER)
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    await go(page, '/privacy', '隐私申请')
    await page.locator('tr').filter({ hasText: overdue.body.requestNo }).getByText('25 天 · 已超期').waitFor()
    const row = page.locator('tr').filter({ hasText: asked.body.requestNo })
    await row.getByText('数据删除').waitFor()
    await row.getByText('0 天', { exact: true }).waitFor()
    await audit(page, 'privacy requests')
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(readFileSync((await csv.path())!, 'utf8')).toContain(`${asked.body.requestNo},数据删除,`)
    await row.getByRole('button', { name: /标记已处理/ }).click()
    const dialog = page.getByRole('dialog')
    // Nothing to send until the reply is written.
    expect(await dialog.getByRole('button', { name: /标记已处理/ }).isDisabled()).toBe(true)
    await dialog.getByLabel('处理结果').fill('已核实身份并删除你的会员数据')
    await audit(page, 'privacy requests: answer dialog')
    await submit(page, dialog.getByRole('button', { name: /标记已处理/ }), '已处理，会员会收到通知')
    await row.waitFor({ state: 'detached' })
    await page.locator('.ant-segmented').getByText('已处理', { exact: true }).click()
    await page.locator('tr').filter({ hasText: asked.body.requestNo }).getByText('已核实身份并删除你的会员数据').waitFor()
    const mine = await call<{ requests: { requestId: string; status: string; reply: string | null }[] }>('GET', '/api/v1/privacy/requests', undefined, memberToken)
    expect(mine.body.requests.find((r) => r.requestId === asked.body.requestId)).toMatchObject({ status: 'done', reply: '已核实身份并删除你的会员数据' })

    // 意见反馈: what the member wrote waits with their contact; the reply reaches them as a message.
    const sent = await call<{ id: string }>('POST', '/api/v1/feedback', { content: '门店的自助点单屏经常卡住', contact: '13800138000' }, memberToken)
    expect(sent.status).toBe(201)
    await go(page, '/feedback', '意见反馈')
    const note = page.locator('tr').filter({ hasText: '门店的自助点单屏经常卡住' })
    await note.getByText('13800138000').waitFor()
    await audit(page, 'feedback inbox')
    await note.getByRole('button', { name: /回\s*复/ }).click()
    await page.getByRole('dialog').getByLabel('回复内容').fill('已通知门店检修，感谢反馈')
    await submit(page, page.getByRole('dialog').getByRole('button', { name: /回\s*复/ }), '已回复，会员会收到通知')
    await note.waitFor({ state: 'detached' })
    await page.locator('.ant-segmented').getByText('已回复', { exact: true }).click()
    await page.locator('tr').filter({ hasText: '门店的自助点单屏经常卡住' }).getByText(/已通知门店检修，感谢反馈/).waitFor()
    const messages = await call<{ notifications: { template: string; body: string }[] }>('GET', '/api/v1/messages', undefined, memberToken)
    expect(messages.body.notifications.find((n) => n.template === 'feedback_replied')?.body).toBe('你的反馈「门店的自助点单屏经常卡住」已回复：已通知门店检修，感谢反馈')
    await context.close()
  })

  test('a staff PC whose clock is five days off still works on the server’s today', async () => {
    await setClock(AFTER)
    const { context, page } = await newPage('2026-03-15T03:30:00.000Z')
    await signIn(page, VIEWER)
    // The dashboard's default range (近 30 天) ends on the server's business day, not the PC's.
    const ends = page.locator('.ant-picker-input input').nth(1)
    await page.waitForFunction(() => document.querySelectorAll('.ant-picker-input input').length >= 2)
    expect(await ends.inputValue()).toBe('2026-03-10')
    await context.close()
  })

  test('a page whose code cannot be fetched shows an error with a retry; the rest of the console still works', async () => {
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    // The server went away as the page was opened for the first time.
    await page.route(/\/console\/assets\/audit-[^/]*\.js$/, (r) => r.abort())
    await page.evaluate(() => {
      window.location.hash = '/audit'
    })
    await page.getByText('页面加载失败，请检查网络后重试').waitFor()
    await page.getByRole('button', { name: /重\s*试/ }).waitFor()
    await page.getByRole('menuitem', { name: /数据看板/ }).waitFor()
    await go(page, '/', '数据看板')
    await context.close()
  })

  test('the session ends with a dialog half filled in: nothing is sent, the operator signs in again over the page, and the dialog is still there to send', async () => {
    const login = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: 'console-reauth' })
    const balance = async () => (await call<{ balance: number }>('GET', '/api/v1/points/summary', undefined, login.body.token)).body.balance
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    await go(page, `/members/${encodeURIComponent(login.body.member.id)}`, / · /)
    await page.getByRole('button', { name: '调整积分' }).click()
    const dialog = page.getByRole('dialog', { name: '调整积分' })
    await dialog.getByLabel('积分').fill('88')
    await dialog.getByLabel('原因（会员流水可见）').fill('补录签到积分')
    // Signed out elsewhere meanwhile (退出 in another tab): this page's token answers 401.
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('console.session')!) as { token: string }).token)
    expect((await call('POST', '/api/v1/admin/auth/logout', {}, token)).status).toBe(200)
    await dialog.getByRole('button', { name: /提交调整/ }).press('Enter')
    // Not a trip to the sign-in page: a sign-in dialog over the page, and the adjustment says it was not submitted.
    const again = page.getByRole('dialog', { name: '重新登录' })
    await again.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()
    await dialog.getByRole('alert').filter({ hasText: '本次操作未提交' }).waitFor()
    expect(await balance()).toBe(0)
    await audit(page, 'sign in again over the page')
    expect(await again.getByLabel('账号').inputValue()).toBe(ADMIN.username)
    await again.getByLabel('密码').fill(ADMIN.password)
    await again.getByRole('button', { name: /登\s*录/ }).press('Enter')
    await again.waitFor({ state: 'detached' })
    // What was typed is still there, and is sent now.
    expect([await dialog.getByLabel('积分').inputValue(), await dialog.getByLabel('原因（会员流水可见）').inputValue()]).toEqual(['88', '补录签到积分'])
    await submit(page, dialog.getByRole('button', { name: /提交调整/ }), /已调整 \+88 积分/)
    expect(await balance()).toBe(88)

    // Its 12-hour expiry with 补发优惠券 half filled in, and another account signs in: the page opens afresh for them
    // (nothing of what the last one had typed).
    await page.getByRole('button', { name: '补发优惠券' }).click()
    const coupon = page.getByRole('dialog', { name: '补发优惠券' })
    await coupon.getByLabel('原因').fill('门店客诉补发')
    await page.clock.fastForward('12:00:01')
    await again.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()
    expect(await coupon.getByLabel('原因').inputValue()).toBe('门店客诉补发')
    await again.getByLabel('账号').fill(ADMIN2.username)
    await again.getByLabel('密码').fill(ADMIN2.password)
    await again.getByRole('button', { name: /登\s*录/ }).click()
    await again.waitFor({ state: 'detached' })
    await page.locator('.who').getByText('测试admin', { exact: true }).waitFor()
    await page.getByRole('heading', { level: 1, name: / · / }).waitFor()
    expect(await coupon.count()).toBe(0)
    await context.close()
  })

  test('the session runs out on the server’s clock while a write is filled in: the first 提交 brings up the sign-in dialog (调整积分, 保存为新版本), and what was typed is still there after it', async () => {
    const login = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: 'console-expired' })
    const balance = async () => (await call<{ balance: number }>('GET', '/api/v1/points/summary', undefined, login.body.token)).body.balance
    // 12 hours and a minute after sign-in. The page learns it from the refusal itself (its X-Server-Time): its own
    // expiry timer, set by the clock it knew, has not fired.
    const expired = new Date(Date.parse(AFTER) + 12 * 3_600_000 + 60_000).toISOString()
    const { context, page } = await newPage(AFTER)
    const again = page.getByRole('dialog', { name: '重新登录' })
    // The server's clock goes back before signing in again: the rest of the run keeps its time.
    const signInAgain = async () => {
      await setClock(AFTER)
      await again.getByLabel('密码').fill(ADMIN.password)
      await again.getByRole('button', { name: /登\s*录/ }).press('Enter')
      await again.waitFor({ state: 'detached' })
    }
    try {
      await signIn(page, ADMIN)
      await go(page, `/members/${encodeURIComponent(login.body.member.id)}`, / · /)
      await page.getByRole('button', { name: '调整积分' }).click()
      const dialog = page.getByRole('dialog', { name: '调整积分' })
      await dialog.getByLabel('积分').fill('5')
      await dialog.getByLabel('原因（会员流水可见）').fill('会话过期补录')
      await setClock(expired)
      await dialog.getByRole('button', { name: /提交调整/ }).press('Enter')
      await dialog.getByRole('alert').filter({ hasText: '本次操作未提交：请在登录框中重新登录' }).waitFor()
      // The 登录框 it names is there at once, not after a second 提交.
      await again.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()
      expect(await balance()).toBe(0)
      await signInAgain()
      expect([await dialog.getByLabel('积分').inputValue(), await dialog.getByLabel('原因（会员流水可见）').inputValue()]).toEqual(['5', '会话过期补录'])
      await submit(page, dialog.getByRole('button', { name: /提交调整/ }), /已调整 \+5 积分/)
      expect(await balance()).toBe(5)

      // 保存为新版本 of an edited 每日上限: the same dialog at once, and the draft and its note are kept under it.
      await go(page, '/rules/points', /规则配置 · 积分/)
      const cap = page.locator('#f-points-caps-dayPoints')
      const edited = String(Number(await cap.inputValue()) + 1)
      await cap.fill(edited)
      await page.getByText('有未保存的修改').waitFor()
      await page.getByRole('button', { name: /保存为新版本/ }).click()
      const save = page.getByRole('dialog', { name: '保存为新版本' })
      await save.getByLabel('版本说明').fill('会话过期时保存')
      await setClock(expired)
      await save.getByRole('button', { name: '保存并立即发布' }).press('Enter')
      await save.getByRole('alert').filter({ hasText: '本次操作未提交：请在登录框中重新登录' }).waitFor()
      await again.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()
      await signInAgain()
      expect(await save.getByLabel('版本说明').inputValue()).toBe('会话过期时保存')
      expect(await cap.inputValue()).toBe(edited)
      await page.getByText('有未保存的修改').waitFor()
    } finally {
      await setClock(AFTER)
      await context.close()
    }
  })

  test('a request that never answers is given up after 20 s: a read offers 重试, a write is sent again with its key and applies once', async () => {
    const login = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: 'console-timeout' })
    const balance = async () => (await call<{ balance: number }>('GET', '/api/v1/points/summary', undefined, login.body.token)).body.balance
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    // The member's page is asked for and nothing ever comes back: after 20 s, 加载失败 with 重试 (not a skeleton for good).
    const memberUrl = new RegExp(`/api/v1/admin/members/${login.body.member.id}$`)
    await page.route(memberUrl, () => undefined)
    await page.evaluate((r) => {
      window.location.hash = r
    }, `/members/${encodeURIComponent(login.body.member.id)}`)
    await page.locator('.ant-skeleton').first().waitFor()
    await page.clock.fastForward('00:21')
    await page.getByText('加载失败').waitFor()
    await page.getByText('服务器长时间没有响应，请检查网络后重试').waitFor()
    await page.unroute(memberUrl)
    await page.getByRole('button', { name: /重\s*试/ }).click()
    await page.getByRole('button', { name: '调整积分' }).waitFor()
    // An adjustment the server applies but whose answer never arrives: given up, then sent again with the same
    // Idempotency-Key — the server answers with what it did, and the points are added once.
    const adjustUrl = /\/adjustments$/
    const keys: string[] = []
    page.on('request', (q) => {
      if (q.method() === 'POST' && adjustUrl.test(q.url())) keys.push(q.headers()['idempotency-key'])
    })
    await page.route(adjustUrl, async (r) => {
      await r.fetch()
    })
    await page.getByRole('button', { name: '调整积分' }).click()
    const dialog = page.getByRole('dialog', { name: '调整积分' })
    await dialog.getByLabel('积分').fill('66')
    await dialog.getByLabel('原因（会员流水可见）').fill('超时重试')
    await dialog.getByRole('button', { name: /提交调整/ }).press('Enter')
    while ((await balance()) !== 66) await new Promise((r) => setTimeout(r, 100))
    await page.clock.fastForward('00:21')
    await dialog.getByRole('alert').filter({ hasText: '服务器长时间没有响应' }).waitFor()
    await page.unroute(adjustUrl)
    await submit(page, dialog.getByRole('button', { name: /提交调整/ }), /已调整 \+66 积分/)
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(await balance()).toBe(66)
    await context.close()
  })

  test('操作日志 offline: the error with its retry, and no empty table under it', async () => {
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    const auditUrl = /\/api\/v1\/admin\/audit(\?.*)?$/
    await page.route(auditUrl, (r) => r.abort())
    await go(page, '/audit', '操作日志')
    await page.getByText('加载失败').waitFor()
    expect(await page.getByText('暂无数据').count()).toBe(0)
    expect(await page.locator('.ant-table').count()).toBe(0)
    await audit(page, 'audit log offline')
    await page.unroute(auditUrl)
    await page.getByRole('button', { name: /重\s*试/ }).click()
    await page.getByRole('row').filter({ hasText: '登录后台' }).first().waitFor()
    await context.close()
  })

  test('an answer that comes late never replaces the one asked for since: 核销 and 操作日志 show what their box says', async () => {
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    const slowly = (pattern: RegExp) =>
      page.route(pattern, async (r) => {
        await new Promise((done) => setTimeout(done, 1500))
        await r.continue().catch(() => undefined)
      })
    // 核销: a code looked up on a slow connection, then the right one; the first answer (404) lands last.
    const lines = (await call<AdminRedemptionsPage>('GET', `/api/v1/admin/members/${encodeURIComponent(memberId)}/redemptions`, undefined, adminToken)).body.redemptions
    const code = lines.find((r) => r.voucher)!.voucher!.code
    await slowly(/\/admin\/vouchers\/000000000001$/)
    await go(page, '/vouchers', /核销/)
    const box = page.getByLabel('核销码')
    await box.fill('000000000001')
    await box.press('Enter')
    await box.fill(code)
    await box.press('Enter')
    await page.getByTestId('voucher-card').getByText(code).waitFor()
    await page.waitForTimeout(2000)
    expect(await page.getByText('未找到该核销码').count()).toBe(0)
    await page.getByTestId('voucher-card').getByText(code).waitFor()
    // 操作日志: filtered by one target, then another before the first answers; the rows are the second's.
    await slowly(/\/admin\/audit\?.*target=voucher-slow/)
    await go(page, '/audit', '操作日志')
    const target = page.getByLabel('对象')
    await target.fill('voucher-slow')
    await target.press('Enter')
    await target.fill(memberId)
    await target.press('Enter')
    const theirs = page.getByRole('row').filter({ hasText: `会员 ${memberId}` })
    await theirs.first().waitFor()
    await page.waitForTimeout(2000)
    expect(await theirs.count()).toBeGreaterThan(0)
    expect(await page.getByText('暂无数据').count()).toBe(0)
    await context.close()
  })

  test('a viewer reads but cannot edit; an ended session returns to sign-in', async () => {
    const { context, page } = await newPage(AFTER)
    // An admin leaves an unsaved edit on the tab and signs out: the next account starts from the rules in force.
    await signIn(page, ADMIN)
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    const inForce = await page.locator('#f-campaigns-0-name').inputValue()
    await page.locator('#f-campaigns-0-name').fill('未保存的草稿')
    await page.getByRole('button', { name: /退\s*出/ }).click()
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '放弃并退出' }).click()
    // Signed in on the same page (no reload: the draft lives in the page's memory).
    await page.getByLabel('账号').fill(VIEWER.username)
    await page.getByLabel('密码').fill(VIEWER.password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor()
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await page.getByText('只读', { exact: true }).first().waitFor()
    expect(await page.getByRole('button', { name: /保存为新版本/ }).count()).toBe(0)
    expect(await page.locator('#f-campaigns-0-name').isDisabled()).toBe(true)
    expect(await page.locator('#f-campaigns-0-name').inputValue()).toBe(inForce)
    // The order and voucher rules are forms too: refund window, pending-order expiry, voucher validity.
    await go(page, '/rules/other', /规则配置 · 其他设置/)
    expect([await page.locator('#f-orders-refundWindowDays').inputValue(), await page.locator('#f-orders-pendingExpiryMinutes').inputValue()]).toEqual(['7', '15'])
    await go(page, '/rules/mall', /规则配置 · 积分商城/)
    expect(await page.locator('#f-mall-voucherValidDays').inputValue()).toBe('30')
    // A stock is the total: its field says how many were given out and how many are left (GET /admin/stock).
    const given = (await call<{ rewards: Record<string, number> }>('GET', '/api/v1/admin/stock', undefined, adminToken)).body.rewards
    const firstStock = page.locator('#f-mall-items-0-initialStock')
    const [itemId, total] = [await page.locator('#f-mall-items-0-id').inputValue(), Number(await firstStock.inputValue())]
    const out = given[itemId] ?? 0
    await page.locator('.ant-form-item').filter({ has: firstStock }).getByText(`已发出 ${out}，剩余 ${Math.max(0, total - out)}`).waitFor()
    await audit(page, 'rules: mall (viewer)')
    // An amount in fen reads in yuan under its field too (1000 分 = ¥10).
    await go(page, '/rules/coupons', /规则配置 · 优惠券模板/)
    const offFen = Number(await page.locator('#f-coupons-templates-0-offFen').inputValue())
    expect(await page.getByTestId('f-coupons-templates-0-offFen-yuan').innerText()).toMatch(new RegExp(`^= ¥${offFen / 100}(；|$)`))
    expect(await page.getByText('账号管理').count()).toBe(0)
    // The server no longer knows the token (expired or revoked): the next call lands on the sign-in page.
    await page.evaluate(() => {
      const raw = sessionStorage.getItem('console.session')!
      sessionStorage.setItem('console.session', JSON.stringify({ ...JSON.parse(raw), token: 'revoked-token' }))
    })
    await page.evaluate(() => {
      window.location.hash = '/audit'
    })
    await page.getByRole('button', { name: /登\s*录/ }).waitFor()
    await page.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()

    // Its expiry with the tab left open: the same words, over the page, which is still there once signed in again.
    await signIn(page, VIEWER)
    await go(page, '/rules/points', /规则配置 · 积分/)
    await page.clock.fastForward('12:00:01')
    await page.getByRole('status').filter({ hasText: '登录已过期或已失效，请重新登录' }).waitFor()
    // The page stays under the sign-in dialog (it no longer goes to the sign-in page and back).
    await page.getByRole('heading', { level: 1, name: /规则配置 · 积分/ }).waitFor()
    await page.getByLabel('账号').fill(VIEWER.username)
    await page.getByLabel('密码').fill(VIEWER.password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByRole('dialog', { name: '重新登录' }).waitFor({ state: 'detached' })
    await page.getByRole('heading', { level: 1, name: /规则配置 · 积分/ }).waitFor()

    // 退出 ends the session on the server too: the token it held answers 401 afterwards.
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('console.session')!) as { token: string }).token)
    expect((await call('GET', '/api/v1/admin/me', undefined, token)).status).toBe(200)
    await page.getByRole('button', { name: /退\s*出/ }).click()
    await page.getByRole('button', { name: /登\s*录/ }).waitFor()
    // Signed out on purpose: nothing to explain.
    expect(await page.getByText('登录已过期或已失效').count()).toBe(0)
    expect((await call('GET', '/api/v1/admin/me', undefined, token)).status).toBe(401)
    await context.close()
  })

  test('a link opened signed out (积分调整审批 sent to an approver) opens once signed in; after 退出 the next sign-in starts at 数据看板', async () => {
    const { context, page } = await newPage(AFTER)
    await page.goto(`${base}/console/#/approvals?status=pending`)
    await page.getByLabel('账号').fill(ADMIN.username)
    await page.getByLabel('密码').fill(ADMIN.password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByRole('heading', { level: 1, name: '积分调整审批' }).waitFor()
    expect(new URL(page.url()).hash).toBe('#/approvals?status=pending')
    await page.getByRole('button', { name: /退\s*出/ }).click()
    await page.getByLabel('账号').fill(ADMIN.username)
    await page.getByLabel('密码').fill(ADMIN.password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor()
    await context.close()
  })

  test('退出 with unsaved rule edits asks first: 继续编辑 keeps the session and the edits, 放弃并退出 signs out and drops them; with none it signs out at once', async () => {
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('console.session')!) as { token: string }).token)
    const logOut = page.locator('.who').getByRole('button', { name: /退\s*出/ })
    const ask = page.locator('.ant-modal-confirm').filter({ hasText: '放弃未保存的修改？' })
    await go(page, '/rules/points', /规则配置 · 积分/)
    const cap = page.locator('#f-points-caps-dayPoints')
    const inForce = await cap.inputValue()
    const edited = String(Number(inForce) + 1)
    await cap.fill(edited)
    await page.getByText('有未保存的修改').waitFor()
    await logOut.click()
    await ask.getByText('规则配置中有未保存的修改，退出后将丢失。').waitFor()
    await audit(page, 'sign out with unsaved rules')
    await ask.getByRole('button', { name: '继续编辑' }).click()
    await ask.waitFor({ state: 'hidden' })
    // Nothing was done: still signed in (the server too), on the page, with the edit.
    await page.getByText('有未保存的修改').waitFor()
    expect(await cap.inputValue()).toBe(edited)
    expect((await call('GET', '/api/v1/admin/me', undefined, token)).status).toBe(200)
    // Asked from any page: the draft is the tab's, not the rules page's.
    await go(page, '/audit', '操作日志')
    await logOut.click()
    await ask.getByRole('button', { name: '放弃并退出' }).click()
    await page.getByRole('button', { name: /登\s*录/ }).waitFor()
    expect((await call('GET', '/api/v1/admin/me', undefined, token)).status).toBe(401)
    // Signed in again on the same page (no reload): the rules in force, nothing of the edit.
    await page.getByLabel('账号').fill(ADMIN.username)
    await page.getByLabel('密码').fill(ADMIN.password)
    await page.getByRole('button', { name: /登\s*录/ }).click()
    await page.getByRole('heading', { level: 1, name: '数据看板' }).waitFor()
    await go(page, '/rules/points', /规则配置 · 积分/)
    await page.getByText('未修改', { exact: true }).waitFor()
    expect(await cap.inputValue()).toBe(inForce)
    // Nothing unsaved: 退出 signs out at once.
    await logOut.click()
    await page.getByRole('button', { name: /登\s*录/ }).waitFor()
    expect(await ask.count()).toBe(0)
    await context.close()
  })

  test('a running cards campaign: an operator cannot change its card kinds or weights (the server would refuse), an admin can', async () => {
    const OPERATOR = { username: 'e2e-operator', password: 'e2e-operator-password' }
    expect([201, 409]).toContain((await call('POST', '/api/v1/admin/operators', { ...OPERATOR, displayName: '测试operator', role: 'operator', currentPassword: ADMIN.password }, adminToken)).status)
    type Doc = { campaigns: { type: string; startsAt: string; endsAt: string }[] }
    const current = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    const doc = (await call<{ document: Doc }>('GET', `/api/v1/admin/rules/versions/${current.body.current.versionNo}`, undefined, adminToken)).body.document
    const i = doc.campaigns.findIndex((c) => c.type === 'cards')
    expect(i).toBeGreaterThanOrEqual(0)
    // The cards campaign and a lottery run through the test clock's March.
    const march = { startsAt: '2026-03-01T00:00:00+08:00', endsAt: '2026-03-31T00:00:00+08:00' }
    const l = doc.campaigns.findIndex((c) => c.type === 'lottery')
    doc.campaigns[i] = { ...doc.campaigns[i], ...march }
    doc.campaigns[l] = { ...doc.campaigns[l], ...march }
    const published = await call<{ version: { versionNo: number } }>('POST', '/api/v1/admin/rules/versions', { document: doc, note: '集卡活动进行中' }, adminToken)
    expect(published.status).toBe(201)

    const field = (page: Page, name: string) => page.locator(`#f-campaigns-${i}-cards-kinds-0-${name}`)
    const { context, page } = await newPage(AFTER)
    await signIn(page, OPERATOR)
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    await page.getByText(/^活动进行中：玩法规则.*只有管理员可以修改/).first().waitFor()
    expect([await field(page, 'rarityWeight').isDisabled(), await field(page, 'id').isDisabled(), await field(page, 'name').isDisabled()]).toEqual([true, true, false])
    // Nor its type: another type's defaults would replace its kinds and prize.
    expect(await page.locator(`#f-campaigns-${i}-type`).isDisabled()).toBe(true)
    // Everything the server would refuse is read-only, not only the weights: the guarantee and the set prize too.
    const cards = (name: string) => page.locator(`#f-campaigns-${i}-cards-${name}`)
    expect([await cards('guaranteedNewKindEvery').isDisabled(), await cards('setPrize-points').isDisabled()]).toEqual([true, true])
    expect(await page.getByRole('button', { name: '添加卡种' }).count()).toBe(0)
    await audit(page, 'rules: a running cards campaign (operator)')
    // The coupon its full set gives is that prize: its terms are read-only too, its name is not.
    type Templates = { cards: { setPrize: { couponTemplateId?: string } } }
    const setCoupon = (doc.campaigns[i] as unknown as Templates).cards.setPrize.couponTemplateId
    const templates = (await call<{ document: { coupons: { templates: { id: string }[] } } }>('GET', `/api/v1/admin/rules/versions/${current.body.current.versionNo}`, undefined, adminToken)).body.document.coupons.templates
    const t = templates.findIndex((x) => x.id === setCoupon)
    expect(t).toBeGreaterThanOrEqual(0)
    await go(page, '/rules/coupons', /规则配置 · 优惠券模板/)
    await page.getByText(/以本券为奖品：券面规则只有管理员可以修改/).first().waitFor()
    const coupon = (name: string) => page.locator(`#f-coupons-templates-${t}-${name}`)
    expect([await coupon('offFen').isDisabled(), await coupon('validity-days').isDisabled(), await coupon('name').isDisabled()]).toEqual([true, true, false])
    // A tier's win weight is part of the running lottery's odds: read-only too, and the field says why.
    await go(page, '/rules/tiers', /规则配置 · 会员等级/)
    await page.getByText(/^抽奖「.+」进行中：修改中奖权重需管理员操作$/).first().waitFor()
    expect([await page.locator('#f-tiers-levels-0-lotteryWeightPercent').isDisabled(), await page.locator('#f-tiers-levels-0-discountPercent').isDisabled()]).toEqual([true, false])
    // So is what decides which tier's weight a member draws at: the ranks and the upgrade requirements.
    expect([await page.locator('#f-tiers-levels-1-rank').isDisabled(), await page.locator('#f-tiers-levels-1-requirements-0-min').isDisabled()]).toEqual([true, true])
    // Rolling back to the version before an admin changed the running campaign's weights changes its odds again:
    // the operator is told so in the dialog and cannot confirm (the server would refuse it).
    const reweighted = structuredClone(doc) as unknown as { campaigns: { cards: { kinds: { rarityWeight: number }[] } }[] }
    reweighted.campaigns[i].cards.kinds[0].rarityWeight += 1
    expect((await call('POST', '/api/v1/admin/rules/versions', { document: reweighted, note: '调整卡种权重' }, adminToken)).status).toBe(201)
    await go(page, '/rules/versions', /规则配置 · 版本与发布/)
    await page.getByRole('button', { name: `回滚到此版本（#${published.body.version.versionNo}）` }).click()
    const rollback = page.getByRole('dialog', { name: `回滚到版本 #${published.body.version.versionNo}` })
    await rollback.getByText('只有管理员可以执行此回滚。').waitFor()
    expect(await rollback.getByRole('button', { name: '确认回滚' }).isDisabled()).toBe(true)
    await audit(page, 'rules: a rollback that would change a running campaign (operator)')
    await rollback.getByRole('button', { name: /取\s*消/ }).click()
    await context.close()

    const asAdmin = await newPage(AFTER)
    await signIn(asAdmin.page, ADMIN)
    await go(asAdmin.page, '/rules/campaigns', /规则配置 · 活动/)
    await field(asAdmin.page, 'rarityWeight').waitFor()
    expect(await field(asAdmin.page, 'rarityWeight').isDisabled()).toBe(false)
    expect(await asAdmin.page.getByRole('button', { name: '添加卡种' }).count()).toBe(1)
    // An admin may change a type. Switched to 节日主题 and back, the lottery has its own prizes again (not a new
    // lottery's two defaults), and the festival's theme and sign-in multiplier left with the festival.
    const lottery = doc.campaigns[l] as unknown as { lottery: { prizes: { id: string }[] }; theme?: unknown; signinMultiplier?: number }
    const pickType = async (label: string) => {
      await asAdmin.page.locator(`#f-campaigns-${l}-type`).click()
      await asAdmin.page.locator('.ant-select-item-option:visible').filter({ hasText: new RegExp(`^${label}$`) }).click()
    }
    await pickType('节日主题')
    await asAdmin.page.locator(`#f-campaigns-${l}-lottery-prizes-0-id`).waitFor({ state: 'detached' })
    await pickType('抽奖')
    await asAdmin.page.locator(`#f-campaigns-${l}-lottery-prizes-0-id`).waitFor()
    const prizeIds = await asAdmin.page.locator(`[id^="f-campaigns-${l}-lottery-prizes-"][id$="-id"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(prizeIds).toEqual(lottery.lottery.prizes.map((p) => p.id))
    expect(await asAdmin.page.locator(`#f-campaigns-${l}-signinMultiplier`).inputValue()).toBe(String(lottery.signinMultiplier ?? ''))
    expect(await asAdmin.page.locator(`#f-campaigns-${l}-theme-on`).isChecked()).toBe(Boolean(lottery.theme))
    await go(asAdmin.page, '/rules/tiers', /规则配置 · 会员等级/)
    expect(await asAdmin.page.locator('#f-tiers-levels-0-lotteryWeightPercent').isDisabled()).toBe(false)
    await asAdmin.context.close()
  })

  test('a save refused because someone saved meanwhile: 在版本 #N 上重做我的修改 makes the draft\'s changes again on that version, to save', async () => {
    const OPERATOR = { username: 'e2e-operator', password: 'e2e-operator-password' }
    type Doc = { signin: { makeup: { costPoints: number; maxPerMonth: number } } }
    const { context, page } = await newPage(AFTER)
    await signIn(page, OPERATOR)
    await go(page, '/rules/signin', /规则配置 · 签到/)
    const cost = page.locator('#f-signin-makeup-costPoints')
    const before = Number(await cost.inputValue())
    await cost.fill(String(before + 5))
    await page.getByText('有未保存的修改').waitFor()
    // Meanwhile an admin saves another change of the sign-in rules.
    const current = (await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)).body.current.versionNo
    const doc = (await call<{ document: Doc }>('GET', `/api/v1/admin/rules/versions/${current}`, undefined, adminToken)).body.document
    const theirs = { ...doc, signin: { ...doc.signin, makeup: { ...doc.signin.makeup, maxPerMonth: doc.signin.makeup.maxPerMonth + 1 } } }
    const saved = await call<{ version: { versionNo: number } }>('POST', '/api/v1/admin/rules/versions', { document: theirs, note: '补签次数 +1', baseVersionNo: current }, adminToken)
    expect(saved.status).toBe(201)
    const n = saved.body.version.versionNo

    await page.getByRole('button', { name: /保存为新版本/ }).click()
    const modal = page.getByRole('dialog', { name: '保存为新版本' })
    await modal.getByLabel('版本说明').fill('补签费用 +5')
    await modal.getByRole('button', { name: '保存并立即发布' }).press('Enter')
    const redo = modal.getByRole('button', { name: `在版本 #${n} 上重做我的修改` })
    await redo.waitFor()
    await modal.getByText(new RegExp(`保存了版本 #${n}（补签次数 \\+1）`)).waitFor()
    await audit(page, 'rules: a save refused for a version saved meanwhile')
    await redo.press('Enter')
    await toast(page, `已在版本 #${n} 上重做 1 处修改，请检查后再保存`)
    // The draft is version n's, with the operator's change on it.
    expect(await cost.inputValue()).toBe(String(before + 5))
    expect(await page.locator('#f-signin-makeup-maxPerMonth').inputValue()).toBe(String(doc.signin.makeup.maxPerMonth + 1))
    await page.getByRole('button', { name: /保存为新版本/ }).click()
    await modal.getByLabel('版本说明').fill('补签费用 +5')
    await submit(page, modal.getByRole('button', { name: '保存并立即发布' }), `已保存并发布版本 #${n + 1}`)
    const now = (await call<{ document: Doc }>('GET', `/api/v1/admin/rules/versions/${n + 1}`, undefined, adminToken)).body.document
    expect(now.signin.makeup).toMatchObject({ costPoints: before + 5, maxPerMonth: doc.signin.makeup.maxPerMonth + 1 })
    await context.close()
  })

  test('消息模板: an admin gives a WeChat and an Alipay template their ids and keywords; a wrong placeholder is shown at its field; a server that sends nothing to WeChat does not ask members for it', async () => {
    const current = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    type Doc = { messages: { templates: { id: string }[] } }
    const doc = (await call<{ document: Doc }>('GET', `/api/v1/admin/rules/versions/${current.body.current.versionNo}`, undefined, adminToken)).body.document
    const t = doc.messages.templates.findIndex((x) => x.id === 'tier_upgraded')
    expect(t).toBeGreaterThanOrEqual(0)
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    await go(page, '/rules/other', /规则配置 · 其他设置/)
    // This server logs members in with the demo provider: nothing goes to WeChat, and the report says so.
    await page.locator('#message-delivery').getByText(/当前后端不下发订阅消息/).waitFor()
    await page.locator(`#f-messages-templates-${t}-platformTemplateIds-weapp`).fill('wx-tpl-upgrade')
    await page.locator(`[data-path="messages.templates[${t}].weappFields"]`).getByRole('button', { name: '添加字段' }).click()
    const value = page.locator(`#f-messages-templates-${t}-weappFields-0-value`)
    await value.fill('恭喜升级为{tierNam}')
    await page.locator('.ant-form-item').filter({ has: value }).locator('.ant-form-item-explain-error').filter({ hasText: '没有占位 {tierNam}' }).waitFor()
    expect(await page.getByRole('button', { name: /保存为新版本/ }).isDisabled()).toBe(true)
    await audit(page, 'rules: message templates with a problem')
    await value.fill('恭喜升级为{tierName}')
    // The Alipay template's keywords are keyword1, keyword2 …
    await page.locator(`#f-messages-templates-${t}-platformTemplateIds-alipay`).fill('ali-tpl-upgrade')
    await page.locator(`[data-path="messages.templates[${t}].alipayFields"]`).getByRole('button', { name: '添加字段' }).click()
    expect(await page.locator(`#f-messages-templates-${t}-alipayFields-0-key`).inputValue()).toBe('keyword1')
    await page.locator(`#f-messages-templates-${t}-alipayFields-0-value`).fill('{tierName}')
    await page.getByTestId('rules-valid').waitFor()
    await page.getByRole('button', { name: /保存为新版本/ }).click()
    const modal = page.getByRole('dialog', { name: '保存为新版本' })
    await modal.getByLabel('版本说明').fill('配置升级通知的微信模板')
    await submit(page, modal.getByRole('button', { name: '保存并立即发布' }), /已保存并发布版本 #\d+/)
    const saved = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    const savedDoc = (await call<{ document: { messages: { templates: { id: string; platformTemplateIds: { weapp: string }; weappFields?: unknown }[] } } }>('GET', `/api/v1/admin/rules/versions/${saved.body.current.versionNo}`, undefined, adminToken)).body.document
    expect(savedDoc.messages.templates[t]).toMatchObject({
      platformTemplateIds: { weapp: 'wx-tpl-upgrade', alipay: 'ali-tpl-upgrade' },
      weappFields: [{ key: 'thing1', value: '恭喜升级为{tierName}' }],
      alipayFields: [{ key: 'keyword1', value: '{tierName}' }],
    })
    // This server logs members in with the demo provider: a subscription would spend their acceptance on nothing.
    const config = await call<{ brand: { subscribeTemplateIds: { weapp: Record<string, string>; alipay: Record<string, string> } } }>('GET', '/api/v1/config', undefined, memberToken)
    expect(config.body.brand.subscribeTemplateIds.weapp).toEqual({})
    expect(config.body.brand.subscribeTemplateIds.alipay).toEqual({})
    await context.close()
  })

  test('the role is the server’s: a demoted operator loses the write controls on reload and after a 403; 取消发布 only where the server would accept it', async () => {
    await setClock(AFTER)
    const DEMOTED = { username: 'e2e-demoted', password: 'e2e-demoted-password' }
    expect([201, 409]).toContain((await call('POST', '/api/v1/admin/operators', { ...DEMOTED, displayName: '测试降级', role: 'operator', currentPassword: ADMIN.password }, adminToken)).status)
    const operators = await call<{ operators: { id: string; username: string }[] }>('GET', '/api/v1/admin/operators', undefined, adminToken)
    const demotedId = operators.body.operators.find((o) => o.username === DEMOTED.username)!.id
    const setRole = async (role: 'viewer' | 'operator') => expect((await call('POST', `/api/v1/admin/operators/${demotedId}`, { role }, adminToken)).status).toBe(200)
    await setRole('operator')
    const demotedToken = await operatorToken(DEMOTED)
    // Two versions waiting for tomorrow and the day after: one an admin scheduled, one the operator did.
    const current = await call<{ current: { versionNo: number } }>('GET', '/api/v1/admin/rules', undefined, adminToken)
    const doc = (await call<{ document: unknown }>('GET', `/api/v1/admin/rules/versions/${current.body.current.versionNo}`, undefined, adminToken)).body.document
    type Saved = { version: { versionNo: number; cancellable: boolean } }
    const byAdmin = await call<Saved>('POST', '/api/v1/admin/rules/versions', { document: doc, note: '管理员安排的版本', effectiveAt: '2026-03-11T02:00:00.000Z' }, adminToken)
    expect(byAdmin.status).toBe(201)
    const byOperator = await call<Saved>('POST', '/api/v1/admin/rules/versions', { document: doc, note: '运营安排的版本', effectiveAt: '2026-03-12T02:00:00.000Z' }, demotedToken)
    expect(byOperator.status).toBe(201)
    // The server says, per asker, whether their cancel would be accepted.
    type Listed = { versions: { versionNo: number; cancellable: boolean }[] }
    const cancellable = async (token: string) =>
      Object.fromEntries((await call<Listed>('GET', '/api/v1/admin/rules', undefined, token)).body.versions.filter((v) => [byAdmin.body.version.versionNo, byOperator.body.version.versionNo].includes(v.versionNo)).map((v) => [v.versionNo, v.cancellable]))
    expect(await cancellable(demotedToken)).toEqual({ [byAdmin.body.version.versionNo]: false, [byOperator.body.version.versionNo]: true })
    // The admin's comes first: it is withdrawn after the operator's, scheduled on top of it (409 RULES_LATER_VERSION_PENDING).
    expect(await cancellable(adminToken)).toEqual({ [byAdmin.body.version.versionNo]: false, [byOperator.body.version.versionNo]: true })

    const { context, page } = await newPage(AFTER)
    await signIn(page, DEMOTED)
    const who = page.locator('.who')
    await who.getByText('运营', { exact: true }).waitFor()
    await go(page, '/rules/versions', /版本与发布/)
    const adminRow = page.locator('tr').filter({ hasText: '管理员安排的版本' })
    const operatorRow = page.locator('tr').filter({ hasText: '运营安排的版本' })
    await adminRow.filter({ hasText: '待生效' }).waitFor()
    await operatorRow.getByRole('button', { name: /取消发布/ }).waitFor()
    // An admin's schedule is not the operator's to withdraw: no button that would answer 403 RULES_CANCEL_ADMIN_ONLY.
    expect(await adminRow.getByRole('button', { name: /取消发布/ }).count()).toBe(0)
    expect(await adminRow.getByRole('button', { name: /查\s*看/ }).count()).toBe(1)
    await audit(page, 'rules: versions (operator)')

    // Demoted to 只读 while signed in: on the next start the console reads /admin/me and the write controls go.
    await setRole('viewer')
    const me = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/me'))
    await page.reload()
    expect((await me).status()).toBe(200)
    await who.getByText('只读', { exact: true }).waitFor()
    await toast(page, '你的账号角色已变更为「只读」')
    await page.getByText('只读账号可以查看版本，不能发布或回滚。').waitFor()
    await operatorRow.filter({ hasText: '待生效' }).waitFor()
    expect(await page.getByRole('button', { name: /取消发布|回滚到此版本/ }).count()).toBe(0)
    expect(await page.evaluate(() => (JSON.parse(sessionStorage.getItem('console.session')!) as { operator: { role: string } }).operator.role)).toBe('viewer')
    await go(page, '/rules/campaigns', /规则配置 · 活动/)
    expect(await page.getByRole('button', { name: /保存为新版本/ }).count()).toBe(0)
    expect(await page.locator('#f-campaigns-0-name').isDisabled()).toBe(true)

    // Promoted back, the controls return on the next start; demoted again with the page open, the first write the
    // server refuses (403) has the console read the role again, and the controls go at once.
    await setRole('operator')
    await page.reload()
    await who.getByText('运营', { exact: true }).waitFor()
    await go(page, '/rules/versions', /版本与发布/)
    await operatorRow.getByRole('button', { name: /取消发布/ }).click()
    await setRole('viewer')
    await page.locator('.ant-popconfirm').getByRole('button', { name: /取消版本/ }).press('Enter')
    await toast(page, '当前账号没有这项权限')
    await who.getByText('只读', { exact: true }).waitFor()
    await operatorRow.getByRole('button', { name: /取消发布/ }).waitFor({ state: 'detached' })
    await page.getByText('只读账号可以查看版本，不能发布或回滚。').waitFor()
    await context.close()

    // Neither version is left to take effect after this test.
    expect((await call('POST', `/api/v1/admin/rules/versions/${byOperator.body.version.versionNo}/cancel`, {}, adminToken)).status).toBe(200)
    // The last one waiting now, the admin's is the admin's to withdraw.
    expect(await cancellable(adminToken)).toEqual({ [byAdmin.body.version.versionNo]: true, [byOperator.body.version.versionNo]: false })
    expect((await call('POST', `/api/v1/admin/rules/versions/${byAdmin.body.version.versionNo}/cancel`, {}, adminToken)).status).toBe(200)
  })

  test('a member who owes points a refund could not take back: their page says how many, beside the balance', async () => {
    // A's points paid part of B; A refunded: what B used of them is owed, settled from what the member earns next.
    const login = await call<{ token: string; member: { id: string } }>('POST', '/api/v1/auth/login', { platform: 'h5', code: 'console-owed' })
    const token = login.body.token
    const { products } = (await call<{ products: { sku: string; priceFen: number }[] }>('GET', '/api/v1/catalogue', undefined, token)).body
    const items = [{ sku: products.reduce((x, y) => (y.priceFen > x.priceFen ? y : x)).sku, qty: 5 }]
    const a = await call<{ order: { id: string } }>('POST', '/api/v1/orders', { items, couponId: null }, token)
    expect((await call('POST', `/api/v1/orders/${a.body.order.id}/pay`, { result: 'paid' }, token)).status).toBe(200)
    const quote = await call<{ maxPointsUsable: number }>('POST', '/api/v1/orders/quote', { items, couponId: null }, token)
    const b = await call<{ order: { id: string } }>('POST', '/api/v1/orders', { items, couponId: null, pointsToUse: quote.body.maxPointsUsable }, token)
    expect((await call('POST', `/api/v1/orders/${b.body.order.id}/pay`, { result: 'paid' }, token)).status).toBe(200)
    const refunded = await call<{ reversed: { shortfall: number } }>('POST', `/api/v1/orders/${a.body.order.id}/refund`, {}, token)
    expect(refunded.body.reversed.shortfall).toBeGreaterThan(0)
    const { context, page } = await newPage(AFTER)
    await signIn(page, ADMIN)
    await go(page, `/members/${encodeURIComponent(login.body.member.id)}`, / · /)
    await expect(page.getByTestId('member-owed').innerText()).resolves.toContain(`待扣回 ${refunded.body.reversed.shortfall.toLocaleString('en-US')}`)
    await context.close()
  })

  test('订阅消息发送情况 exports its rows as CSV, as every table does', async () => {
    // This server sends nothing to WeChat (demo provider): the report of one that does is answered for the page.
    const report = {
      delivering: true,
      platform: 'weapp',
      since: '2026-03-03T03:30:00.000Z',
      templates: [
        { template: 'tier_upgraded', title: '等级升级', pending: 1, sent: 12, failed: 2, lastError: '43101 用户拒绝接受消息' },
        { template: 'points_expiring', title: '积分即将过期', pending: 0, sent: 30, failed: 0, lastError: null },
      ],
    }
    const { context, page } = await newPage(AFTER)
    await page.route(/\/api\/v1\/admin\/message-delivery$/, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(report) }))
    await signIn(page, ADMIN)
    await go(page, '/rules/other', /规则配置 · 其他设置/)
    const card = page.locator('#message-delivery')
    await card.locator('tr').filter({ hasText: '等级升级' }).filter({ hasText: '43101 用户拒绝接受消息' }).waitFor()
    await audit(page, 'rules: message delivery report')
    const [csv] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(csv.suggestedFilename()).toMatch(/^message-delivery-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = readFileSync((await csv.path())!, 'utf8').trimEnd().split('\r\n')
    expect(lines).toEqual(['\uFEFF消息,模板,已发送,待发送,失败,最近失败原因', '等级升级,tier_upgraded,12,1,2,43101 用户拒绝接受消息', '积分即将过期,points_expiring,30,0,0,'])
    await context.close()
  })
})
