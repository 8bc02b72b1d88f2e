/**
 * What a console tab kept open through a working day must still get right, in Chromium against the production server
 * (PGlite, a fresh data directory): the rules a colleague publishes meanwhile reach its pages without a reload.
 *
 * Prerequisite: `npm run build:console` (dist/console). CONSOLE_E2E_URL=http://… runs against a server already
 * started with the admin below (faster while iterating; the test publishes rules versions there).
 */
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { launchChromium, throttleCpu } from '../../scripts/chromium'
import { apiAt, type ConsoleServer, go, signInAt, startConsoleServer } from './support'

jest.setTimeout(180_000)

const ADMIN = { username: 'day-admin', password: 'day-admin-password-1' }

let target: ConsoleServer | undefined
let base = ''
let browser: Browser
const pageErrors: string[] = []

const call = apiAt(() => base, 'day')

async function operatorToken(): Promise<string> {
  const r = await call<{ token: string }>('POST', '/api/v1/admin/auth/login', ADMIN)
  expect(r.status).toBe(200)
  return r.body.token
}

async function newPage(width = 1280, height = 800): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' })
  const page = await throttleCpu(await context.newPage())
  page.on('pageerror', (e) => pageErrors.push(e.message))
  return { context, page }
}

const signIn = (page: Page) => signInAt(page, base, ADMIN)

interface RulesDoc {
  campaigns: { id: string; name: string }[]
  coupons: { templates: { id: string; name: string }[] }
}

/** Publishes, through the API (a colleague's browser), the version in force with `change` applied, in force now. */
async function publishElsewhere(token: string, note: string, change: (d: RulesDoc) => void): Promise<number> {
  const list = await call<{ current: { versionNo: number }; versions: { versionNo: number }[] }>('GET', '/api/v1/admin/rules', undefined, token)
  const current = await call<{ document: RulesDoc }>('GET', `/api/v1/admin/rules/versions/${list.body.current.versionNo}`, undefined, token)
  const document = current.body.document
  change(document)
  const saved = await call<{ version: { versionNo: number } }>('POST', '/api/v1/admin/rules/versions', { document, note, baseVersionNo: Math.max(...list.body.versions.map((v) => v.versionNo)) }, token)
  expect(saved.status).toBe(201)
  return saved.body.version.versionNo
}

beforeAll(async () => {
  if (process.env.CONSOLE_E2E_URL) {
    base = process.env.CONSOLE_E2E_URL.replace(/\/$/, '')
  } else {
    target = await startConsoleServer('console-day-', ADMIN)
    base = target.base
  }
  browser = await launchChromium()
}, 150_000)

afterAll(async () => {
  await browser?.close()
  await target?.stop()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

describe('a console tab kept open all day', () => {
  test('follows the rules a colleague publishes meanwhile: the rules forms, and the coupon templates 补发优惠券 offers', async () => {
    const token = await operatorToken()
    const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code: `console-day-${Date.now()}` })
    expect(login.status).toBe(200)
    const member = await call<{ id: string }>('GET', '/api/v1/member/me', undefined, login.body.token)

    const { context, page } = await newPage()
    await signIn(page)
    // The morning: the rules as they are, read (nothing edited), and the reissue dialog's templates.
    await go(page, '/rules/campaigns', '规则配置 · 活动')
    const nameField = page.locator('[data-path="campaigns[0]"]').getByLabel('活动名称（会员可见）')
    const morningName = await nameField.inputValue()
    expect(morningName).not.toBe('')
    await go(page, `/members/${member.body.id}`, / · /)
    await page.getByRole('button', { name: '补发优惠券' }).click()
    const dialog = page.getByRole('dialog', { name: '补发优惠券' })
    await dialog.getByLabel('优惠券模板').click()
    await page.locator('.ant-select-item-option').first().waitFor()
    await page.keyboard.press('Escape')
    await dialog.getByRole('button', { name: /取\s*消/ }).click()
    await dialog.waitFor({ state: 'hidden' })

    // A colleague publishes a version: the campaign renamed, and a coupon template added.
    const renamed = `${morningName}（午间版）`
    const versionNo = await publishElsewhere(token, '午间改名并新增补发券', (d) => {
      d.campaigns[0].name = renamed
      d.coupons.templates.push({ ...d.coupons.templates[0], id: 'staff-apology', name: '致歉补发券' })
    })

    // The same tab, no reload: the rules page shows the version in force, and 补发优惠券 offers its templates.
    await go(page, '/', '数据看板')
    await page.waitForTimeout(1_500)
    await go(page, '/rules/campaigns', '规则配置 · 活动')
    await page.getByText(`底稿：版本 #${versionNo}`).waitFor()
    await expect(nameField.inputValue()).resolves.toBe(renamed)
    await go(page, `/members/${member.body.id}`, / · /)
    await page.getByRole('button', { name: '补发优惠券' }).click()
    await dialog.getByLabel('优惠券模板').click()
    await page.locator('.ant-select-item-option').filter({ hasText: '致歉补发券（staff-apology）' }).waitFor()
    await context.close()
  })

  test('a stray click beside a half-filled dialog keeps it and what was typed; 取消 still closes it', async () => {
    const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code: `console-day-click-${Date.now()}` })
    const member = await call<{ id: string }>('GET', '/api/v1/member/me', undefined, login.body.token)
    const { context, page } = await newPage(1024, 768)
    await signIn(page)
    await go(page, `/members/${member.body.id}`, / · /)
    await page.getByRole('button', { name: '调整积分' }).click()
    const dialog = page.getByRole('dialog', { name: '调整积分' })
    await dialog.getByLabel('积分', { exact: true }).fill('50')
    await dialog.getByLabel(/原因/).fill('客诉补偿，工单 #5531：门店漏记积分')
    // Beside the dialog: over the menu on the left, where the page behind it is.
    await page.mouse.click(40, 700)
    await page.waitForTimeout(500)
    await expect(dialog.isVisible()).resolves.toBe(true)
    await expect(dialog.getByLabel('积分', { exact: true }).inputValue()).resolves.toBe('50')
    await expect(dialog.getByLabel(/原因/).inputValue()).resolves.toBe('客诉补偿，工单 #5531：门店漏记积分')
    await dialog.getByRole('button', { name: /取\s*消/ }).click()
    await dialog.waitFor({ state: 'hidden' })
    await context.close()
  })

  test('操作日志 read by a viewer: an account that has not signed in yet is named by 新建账号, as one that has is', async () => {
    const token = await operatorToken()
    const stamp = Date.now().toString(36)
    const viewer = { username: `day-viewer-${stamp}`, password: 'day-viewer-password-1' }
    const made: Record<string, string> = {}
    for (const [who, role, name] of [
      [viewer, 'viewer', '值班只读'],
      [{ username: `day-quiet-${stamp}`, password: 'day-quiet-password-1' }, 'operator', '新来的运营'],
    ] as const) {
      const r = await call<{ operator: { id: string } }>('POST', '/api/v1/admin/operators', { ...who, displayName: name, role, currentPassword: ADMIN.password }, token)
      expect(r.status).toBe(201)
      made[name] = r.body.operator.id
    }
    const { context, page } = await newPage()
    await signInAt(page, base, viewer)
    await go(page, '/audit', '操作日志')
    // 对象 of each 新建账号: the account's name, whether or not it has acted since (the viewer has: it signed in).
    for (const name of ['值班只读', '新来的运营']) {
      const row = page.locator('.ant-table-row').filter({ has: page.locator('td:nth-child(4)', { hasText: /^新建账号$/ }) }).filter({ hasText: `显示名：${name}` })
      await row.waitFor()
      expect({ name, target: await row.locator('td:nth-child(5)').innerText() }).toEqual({ name, target: `账号 ${name}` })
    }
    expect(await page.locator('.ant-table-row td:nth-child(5)').filter({ hasText: new RegExp(`^${made['新来的运营']}$`) }).count()).toBe(0)
    await context.close()
  })

  test('a rule changed and changed back is no unsaved change: nothing to save; offline it says so and keeps the draft; 退出 asks nothing', async () => {
    const { context, page } = await newPage()
    // The page's clock, moved on below (it runs as the real one until then).
    await page.clock.install()
    await signIn(page)
    await go(page, '/rules/points', '规则配置 · 积分与上限')
    const field = page.getByLabel('每日上限（受限来源）')
    const saved = await field.inputValue()
    const save = page.getByRole('button', { name: /保存为新版本/ })
    await field.fill(String(Number(saved) + 50))
    await page.getByText('有未保存的修改').waitFor()
    await expect(save.isEnabled()).resolves.toBe(true)
    await field.fill(saved)
    await page.getByText('未修改', { exact: true }).waitFor()
    await expect(save.isDisabled()).resolves.toBe(true)
    // Offline, moving to another section: the draft stays, and the page says the rules in force could not be asked.
    const rulesUrl = /\/api\/v1\/admin\/rules(\?.*)?$/
    await page.route(rulesUrl, (r) => r.abort())
    // The rules in force are asked again by a page opened more than a second after the last answer (RULES_FRESH_MS,
    // console/src/lib/current-rules.ts); this one could come sooner on a fast machine, and would not ask.
    await page.clock.fastForward(1_500)
    await go(page, '/rules/signin', '规则配置 · 签到')
    const failed = page.getByRole('alert').filter({ hasText: '未能获取当前生效的规则' })
    await failed.waitFor()
    await page.unroute(rulesUrl)
    await failed.getByRole('button', { name: /重\s*试/ }).click()
    await failed.waitFor({ state: 'detached' })
    // No draft to give up: 退出 signs out at once.
    await page.getByRole('button', { name: /退\s*出/ }).click()
    await page.getByLabel('账号').waitFor()
    await context.close()
  })
})
