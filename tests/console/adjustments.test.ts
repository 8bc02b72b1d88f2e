/**
 * 调整积分 and what staff read of it afterwards, in Chromium against the production server (PGlite, a fresh data
 * directory, test controls on, its clock pinned and the browser's set to the same instant): the adjustment's id
 * finds its audit entries, and an adjustment applied without approval says so there; 审批, the member page and the
 * member's ledger and lots name who asked and who approved by their display names, as 意见反馈, 隐私申请 and
 * 版本与发布 name who answered or saved.
 *
 * Prerequisite: `npm run build:console` (dist/console).
 */
import { readFileSync } from 'node:fs'
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { launchChromium, throttleCpu } from '../../scripts/chromium'
import { apiAt, type ConsoleServer, go, signInAt, startConsoleServer } from './support'

jest.setTimeout(180_000)

const ADMIN = { username: 'adj-admin', password: 'adj-admin-password-1' }
/** 10:00 business time (UTC+8). */
const NOW = '2026-03-10T02:00:00.000Z'

let target: ConsoleServer | undefined
let base = ''
let browser: Browser
const pageErrors: string[] = []

const call = apiAt(() => base, 'adj')

/** A new member's id (signed in once on H5). */
async function newMember(code: string): Promise<string> {
  const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code })
  expect(login.status).toBe(200)
  return (await call<{ id: string }>('GET', '/api/v1/member/me', undefined, login.body.token)).body.id
}

async function adjust(token: string, memberId: string, amount: number, reason: string): Promise<{ id: string; status: string }> {
  const r = await call<{ adjustment: { id: string; status: string } }>('POST', `/api/v1/admin/members/${encodeURIComponent(memberId)}/adjustments`, { amount, reason }, token)
  expect(r.status).toBe(201)
  return r.body.adjustment
}

/** `motion`: dialogs zoom in as most staff see them (otherwise reduced motion: they open at once). */
/** The member page's 调整积分 dialog, opened: its amount field and the messages under that field. */
async function openAdjust(page: Page): Promise<{ dialog: Locator; amount: Locator; errors: Locator }> {
  await page.getByRole('button', { name: '调整积分' }).click()
  const dialog = page.getByRole('dialog', { name: '调整积分' })
  const amount = dialog.getByLabel('积分', { exact: true })
  return { dialog, amount, errors: dialog.locator('.ant-form-item').filter({ has: page.getByLabel('积分', { exact: true }) }).locator('.ant-form-item-explain') }
}

async function newPage(motion = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: motion ? 'no-preference' : 'reduce' })
  const page = await throttleCpu(await context.newPage())
  await page.clock.setFixedTime(new Date(NOW))
  page.on('pageerror', (e) => pageErrors.push(e.message))
  return { context, page }
}

let token = ''

beforeAll(async () => {
  target = await startConsoleServer('console-adj-', ADMIN, { MOCK_TEST_CONTROLS: '1', ADJUST_APPROVAL_ABOVE: '1000' })
  base = target.base
  browser = await launchChromium()
  expect((await call('POST', '/__mock/clock', { now: NOW })).status).toBe(200)
  const login = await call<{ token: string }>('POST', '/api/v1/admin/auth/login', ADMIN)
  expect(login.status).toBe(200)
  token = login.body.token
}, 150_000)

afterAll(async () => {
  await browser?.close()
  await target?.stop()
})

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([])
})

describe('调整积分 in the console', () => {
  test('操作日志: an adjustment id, in any letter case, finds the request that created it; applied within the day’s amount it reads 无需审批', async () => {
    const memberId = await newMember(`adj-log-${Date.now()}`)
    const small = await adjust(token, memberId, 50, '补发活动积分')
    const large = await adjust(token, memberId, 5000, '客诉补偿')
    expect([small.status, large.status]).toEqual(['applied', 'pending'])
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    await go(page, '/audit', '操作日志')
    const filters = page.getByRole('form', { name: '筛选' })
    const rows = page.locator('.ant-table-row')
    const find = async (typed: string) => {
      await filters.getByLabel('对象').fill(typed)
      const asked = page.waitForResponse((r) => r.url().includes('/admin/audit?') && r.url().includes('target='))
      await filters.getByRole('button', { name: /查\s*询/ }).click()
      expect((await asked).status()).toBe(200)
      await page.getByText(/已显示全部 \d+ 条/).waitFor()
    }
    // The id as staff were shown it, typed in capitals: its request, applied at once, and what it did.
    await find(small.id.toUpperCase())
    expect(await rows.count()).toBe(1)
    expect(await rows.first().locator('td:nth-child(4)').innerText()).toBe('积分调整')
    const after = await rows.first().locator('td:nth-child(6)').innerText()
    expect(after).toContain(`编号 ${small.id}`)
    expect(after).toContain('审批 无需审批（未超额度）')
    expect(after).not.toContain(`审批人 ${ADMIN.username}`)
    // One waiting for approval: its request is found by its id too.
    await find(large.id)
    expect(await rows.count()).toBe(1)
    expect(await rows.first().locator('td:nth-child(6)').innerText()).toMatch(/状态 待审批/)
    await context.close()
  })

  test('a dialog opens on its first field, not on its × close button, every time it opens, animated or not', async () => {
    const memberId = await newMember(`adj-focus-${Date.now()}`)
    for (const motion of [false, true]) {
      const { context, page } = await newPage(motion)
      await signInAt(page, base, ADMIN)
      await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
      const focusedLabel = () => page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        return el?.closest('.ant-modal-close') ? '关闭' : (el?.closest('.ant-form-item')?.querySelector('label')?.textContent ?? el?.tagName ?? '')
      })
      const opened = async (button: string, dialogName: string, field: string) => {
        await page.getByRole('button', { name: button }).click()
        const dialog = page.getByRole('dialog', { name: dialogName })
        await dialog.waitFor()
        // Where focus is once the dialog has settled: its opening animation over.
        await page.waitForFunction((name) => {
          const open = [...document.querySelectorAll('.ant-modal')].find((m) => m.textContent?.includes(name))
          return open !== undefined && open.getAnimations({ subtree: true }).length === 0 && document.activeElement !== document.body
        }, dialogName)
        expect({ motion, focus: await focusedLabel() }).toEqual({ motion, focus: field })
        // Typed straight away, the keys go into the field.
        if (field === '积分') {
          await page.keyboard.type('12')
          expect(await dialog.getByLabel('积分').inputValue()).toBe('12')
        }
        await dialog.getByRole('button', { name: /取\s*消/ }).click()
        await dialog.waitFor({ state: 'hidden' })
      }
      await opened('调整积分', '调整积分', '积分')
      await opened('调整积分', '调整积分', '积分')
      await opened('补发优惠券', '补发优惠券', '优惠券模板')
      await context.close()
    }
  })

  test('调整积分: an amount over the API’s bound is refused for its size, with the bound; a wrong kind of number as before', async () => {
    const memberId = await newMember(`adj-big-${Date.now()}`)
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    const { amount, errors } = await openAdjust(page)
    for (const [typed, said] of [
      ['99999999999999', '单次最多调整 10,000,000 积分'],
      ['10000001', '单次最多调整 10,000,000 积分'],
      ['0', '请输入 1–10,000,000 的整数'],
      ['2.5', '请输入 1–10,000,000 的整数'],
    ]) {
      await amount.fill(typed)
      await amount.press('Tab')
      await errors.filter({ hasText: said }).waitFor()
      expect(await errors.innerText()).toBe(said)
    }
    // The bound itself is taken.
    await amount.fill('10000000')
    await amount.press('Tab')
    await errors.waitFor({ state: 'detached' })
    await context.close()
  })

  test('调整积分: 20 digits typed stay the 20 digits, refused for their size; what is typed is what is sent', async () => {
    const memberId = await newMember(`adj-digits-${Date.now()}`)
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    const before = await page.getByTestId('member-balance').innerText()
    const { dialog, amount, errors } = await openAdjust(page)
    await amount.fill('12345678901234567890')
    await amount.press('Tab')
    await errors.filter({ hasText: '单次最多调整 10,000,000 积分' }).waitFor()
    expect(await amount.inputValue()).toBe('12345678901234567890')
    await dialog.getByLabel(/原因/).fill('客诉补偿，工单 #7788')
    // Refused at the field: nothing is sent.
    let sent = 0
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/adjustments')) sent += 1
    })
    await dialog.getByRole('button', { name: '提交调整' }).click()
    await page.waitForTimeout(300)
    expect(sent).toBe(0)
    // Corrected, the number sent is the one typed, and the member's balance moves by it.
    await amount.fill('0987')
    await amount.press('Tab')
    await errors.waitFor({ state: 'detached' })
    const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/adjustments'))
    await dialog.getByRole('button', { name: '提交调整' }).click()
    expect((await request).postDataJSON()).toEqual({ amount: 987, reason: '客诉补偿，工单 #7788' })
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('member-balance').filter({ hasText: String(Number(before.replace(/,/g, '')) + 987) }).waitFor()
    await context.close()
  })
})

let accounts = 0

/** A new account with this display name (its username another), signed in: its token. */
async function namedOperator(displayName: string, role: 'operator' | 'admin'): Promise<string> {
  accounts += 1
  const who = { username: `adj-${role}-${Date.now().toString(36)}-${accounts}`, password: `adj-${role}-password-1` }
  expect((await call('POST', '/api/v1/admin/operators', { ...who, displayName, role, currentPassword: ADMIN.password }, token)).status).toBe(201)
  return (await call<{ token: string }>('POST', '/api/v1/admin/auth/login', who)).body.token
}

describe('积分调整 read afterwards', () => {
  test('审批 and the member page name who asked and who approved by display name; the ledger’s 关联 says the same, not the adjustment’s id', async () => {
    const stamp = Date.now().toString(36)
    const signedIn = { 门店小王: await namedOperator('门店小王', 'operator'), 店长老李: await namedOperator('店长老李', 'admin') }
    const memberId = await newMember(`adj-names-${stamp}`)
    const asked = await adjust(signedIn['门店小王'], memberId, 5000, '客诉补偿，工单 #8812')
    expect(asked.status).toBe('pending')
    expect((await call('POST', `/api/v1/admin/adjustments/${asked.id}/approve`, {}, signedIn['店长老李'])).status).toBe(200)
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    await go(page, '/approvals', '积分调整审批')
    await page.getByText('全部', { exact: true }).click()
    const row = page.getByRole('row').filter({ hasText: '客诉补偿，工单 #8812' })
    await row.waitFor()
    const headers = await page.getByRole('row').filter({ hasText: '申请' }).first().getByRole('columnheader').allInnerTexts()
    const cell = async (title: string) => row.getByRole('cell').nth(headers.indexOf(title)).innerText()
    expect(await cell('申请')).toMatch(/^门店小王 · 2026-03-10 10:00$/)
    expect(await cell('审批')).toMatch(/^店长老李 · 2026-03-10 10:00$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv).toContain(`,${memberId},5000,5000,客诉补偿，工单 #8812,已生效,门店小王,2026-03-10 10:00,店长老李,2026-03-10 10:00,`)

    // The member's page: 积分调整 names who asked; the ledger line's 关联 who asked and who approved, linking to that tab.
    await go(page, `/members/${encodeURIComponent(memberId)}?tab=adjustments`, /会员/)
    await page.locator('.ant-table-row').filter({ hasText: '客诉补偿，工单 #8812' }).filter({ hasText: '门店小王' }).waitFor()
    await go(page, `/members/${encodeURIComponent(memberId)}?tab=ledger`, /会员/)
    const line = page.getByRole('tabpanel').locator('.ant-table-row').filter({ hasText: '客诉补偿，工单 #8812' })
    const related = line.getByRole('link', { name: '运营调整：门店小王，店长老李 审批' })
    await related.waitFor()
    expect(await line.innerText()).not.toContain(asked.id)
    await related.click()
    await page.getByRole('tab', { name: '积分调整', selected: true }).waitFor()
    // The lot those points went into reads as its ledger line does (it said 运营调整 adj-…), in the CSV too.
    await go(page, `/members/${encodeURIComponent(memberId)}?tab=lots`, /会员/)
    const lots = page.getByRole('tabpanel', { name: /积分批次/ })
    const lot = lots.locator('.ant-table-row').filter({ hasText: '5,000' })
    await lot.getByRole('link', { name: '运营调整：门店小王，店长老李 审批' }).waitFor()
    expect(await lot.innerText()).not.toContain(asked.id)
    const [lotsCsv] = await Promise.all([page.waitForEvent('download'), lots.getByRole('button', { name: /导出 CSV/ }).click()])
    expect(readFileSync((await lotsCsv.path())!, 'utf8')).toContain(',5000,运营调整,运营调整：门店小王，店长老李 审批')
    await context.close()
  })
})

describe('Operators named by display name elsewhere', () => {
  test('意见反馈, 隐私申请 and 版本与发布 name who replied, handled or saved by display name, in the table and the CSV', async () => {
    const staff = await namedOperator('客服小周', 'operator')
    const login = await call<{ token: string }>('POST', '/api/v1/auth/login', { platform: 'h5', code: `adj-answered-${Date.now()}` })
    const member = login.body.token
    const memberId = (await call<{ id: string }>('GET', '/api/v1/member/me', undefined, member)).body.id
    const sent = await call<{ id: string }>('POST', '/api/v1/feedback', { content: '会员日能不能改到周末' }, member)
    expect((await call('POST', `/api/v1/admin/members/${memberId}/feedback/${sent.body.id}/reply`, { reply: '已转给市场部评估' }, staff)).status).toBe(200)
    const asked = await call<{ requestId: string; requestNo: string }>('POST', '/api/v1/privacy/export', {}, member)
    expect((await call('POST', `/api/v1/admin/members/${memberId}/privacy-requests/${asked.body.requestId}/handle`, { reply: '导出文件已发送' }, staff)).status).toBe(200)
    const list = await call<{ current: { versionNo: number }; versions: { versionNo: number }[] }>('GET', '/api/v1/admin/rules', undefined, token)
    const current = await call<{ document: unknown }>('GET', `/api/v1/admin/rules/versions/${list.body.current.versionNo}`, undefined, token)
    const baseVersionNo = Math.max(...list.body.versions.map((v) => v.versionNo))
    expect((await call('POST', '/api/v1/admin/rules/versions', { document: current.body.document, note: '小周保存的版本', baseVersionNo }, staff)).status).toBe(201)

    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    const csvOf = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()])
      return readFileSync((await download.path())!, 'utf8')
    }
    await go(page, '/feedback', '意见反馈')
    await page.locator('.ant-segmented').getByText('已回复', { exact: true }).click()
    await page.locator('tr').filter({ hasText: '会员日能不能改到周末' }).getByText('已转给市场部评估（客服小周 2026-03-10 10:00）').waitFor()
    expect(await csvOf()).toContain(',2026-03-10 10:00,客服小周,已转给市场部评估')

    await go(page, '/privacy', '隐私申请')
    await page.locator('.ant-segmented').getByText('已处理', { exact: true }).click()
    await page.locator('tr').filter({ hasText: asked.body.requestNo }).getByText('客服小周 2026-03-10 10:00').waitFor()
    expect(await csvOf()).toContain(',已处理,2026-03-10 10:00,客服小周,导出文件已发送')

    await go(page, '/rules/versions', /版本与发布/)
    await page.locator('tr').filter({ hasText: '小周保存的版本' }).getByText('客服小周 · 2026-03-10 10:00').waitFor()
    expect(await csvOf()).toContain(',小周保存的版本,客服小周,2026-03-10 10:00,')
    await context.close()
  })
})

describe('补发优惠券 in the console', () => {
  test('says what is left of the day’s approval amount, what the chosen coupon is worth, and refuses one worth more before sending', async () => {
    const memberId = await newMember(`adj-reissue-${Date.now()}`)
    // 800 of the day's 1,000 applied at once: 200 left for coupons (满100减20 is worth 200 points, 9折券 up to ¥30 is 300).
    expect((await adjust(token, memberId, 800, '门店漏记积分')).status).toBe('applied')
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    await go(page, `/members/${encodeURIComponent(memberId)}`, /会员/)
    await page.getByRole('button', { name: '补发优惠券' }).click()
    const dialog = page.getByRole('dialog', { name: '补发优惠券' })
    await expect(dialog.getByTestId('reissue-room').innerText()).resolves.toBe('200')
    expect(await dialog.locator('.ant-typography').first().innerText()).toBe(
      '补发的优惠券按面值折合积分，与该会员当日直接调整的积分（增减都计）合计不超过 1,000 积分；超出的请改用积分调整，由另一位管理员审批。今日剩余额度 200 积分（已直接调整、补发共 800 积分）。',
    )
    const field = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('优惠券模板') })
    const pick = async (name: string) => {
      await dialog.getByLabel('优惠券模板').click()
      await page.locator('.ant-select-item-option').filter({ hasText: name }).click()
    }
    await pick('9折券（最高减30元）')
    await field.locator('.ant-form-item-explain').filter({ hasText: '超过' }).waitFor()
    expect(await field.locator('.ant-form-item-explain').innerText()).toBe('本券面值折合 300 积分，超过今日剩余额度 200 积分；请改用积分调整，由另一位管理员审批')
    await dialog.getByLabel('原因').fill('物流延误致歉')
    let sent = 0
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/coupons')) sent += 1
    })
    await dialog.getByRole('button', { name: /补\s*发/ }).click()
    await page.waitForTimeout(300)
    expect(sent).toBe(0)
    // One within what is left: said what it leaves, and issued.
    await pick('满100减20（mall-100-20）')
    await field.locator('.ant-form-item-extra').filter({ hasText: '本券面值折合 200 积分，补发后今日剩余额度 0 积分' }).waitFor()
    // The refusal goes (Ant Design fades its message out: waited for, not counted at one instant).
    await field.locator('.ant-form-item-explain').waitFor({ state: 'detached' })
    await dialog.getByRole('button', { name: /补\s*发/ }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(sent).toBe(1)
    // Opened again, the day's amount is used up.
    await page.getByRole('button', { name: '补发优惠券' }).click()
    await expect(dialog.getByTestId('reissue-room').innerText()).resolves.toBe('0')
    await context.close()
  })
})

describe('数据看板 in the console', () => {
  test('活动效果: a campaign starting later today reads 活动未开始, not a pre-campaign retention figure', async () => {
    // A copy of the first campaign, from 20:00 today (the test clock reads 10:00): it meets today's range, and has not started.
    const list = await call<{ current: { versionNo: number }; versions: { versionNo: number }[] }>('GET', '/api/v1/admin/rules', undefined, token)
    const current = await call<{ document: { campaigns: Record<string, unknown>[] } }>('GET', `/api/v1/admin/rules/versions/${list.body.current.versionNo}`, undefined, token)
    const document = current.body.document
    document.campaigns.push({ ...document.campaigns[0], id: 'tonight-campaign', name: '今晚开始的活动', startsAt: '2026-03-10T20:00:00+08:00', endsAt: '2026-03-12T00:00:00+08:00' })
    const saved = await call<unknown>('POST', '/api/v1/admin/rules/versions', { document, note: '今晚的活动', baseVersionNo: Math.max(...list.body.versions.map((v) => v.versionNo)) }, token)
    expect({ status: saved.status, body: saved.status === 201 ? null : saved.body }).toEqual({ status: 201, body: null })
    const { context, page } = await newPage()
    await signInAt(page, base, ADMIN)
    const row = page.getByRole('row').filter({ hasText: '今晚开始的活动' })
    await row.waitFor()
    const headers = await page.getByRole('row').filter({ hasText: '活动前 7 日留存' }).getByRole('columnheader').allInnerTexts()
    const before = headers.findIndex((h) => h.includes('活动前 7 日留存'))
    expect(before).toBeGreaterThan(0)
    expect(await row.getByRole('cell').nth(before).innerText()).toBe('活动未开始')
    await context.close()
  })
})
