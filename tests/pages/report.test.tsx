import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import ReportPage from '@/packages/member/report/index'
import { api } from '@/api/http'
import { ApiError, NETWORK_MESSAGE } from '@/api/errors'
import { useSessionStore } from '@/stores/session'
import { formatFen, formatMonth } from '@/utils/format'
import { calls, routerParams } from '../support/taro-mock'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { found } from '../support/dom'
import { DEFAULT_OPERATOR_TOKEN } from '../../mock/seed'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})


const text = (c: HTMLElement, id: string) => c.querySelector(`#${id}`)?.textContent

test("this month so far （本月至今） with the server's figures", async () => {
  await t.loginAs('demo')
  const { container } = render(<ReportPage />)
  await found(container, '#report')
  const r = await api.monthlyReport()
  expect(text(container, 'report-month')).toContain('（本月至今）')
  expect(text(container, 'report-points-earned')).toBe(`+${r.points.earned}`)
  expect(text(container, 'report-points-spent')).toBe(String(r.points.spent))
  expect(text(container, 'report-points-expired')).toBe(String(r.points.expired))
  expect(text(container, 'report-signin-days')).toBe(String(r.signin.days))
  expect(text(container, 'report-best-streak')).toBe(String(r.signin.bestStreak))
  expect(text(container, 'report-tasks')).toBe(String(r.tasksDone))
  expect(text(container, 'report-coupons-used')).toBe(String(r.coupons.used))
  expect(text(container, 'report-saved')).toBe(formatFen(r.coupons.savedFen))
  expect(text(container, 'report-growth')).toBe(`+${r.growth.gained}`)
  expect(text(container, 'report-tier')).toBe(r.tier.name)
  expect(container.querySelector('#report-tier')!.parentElement).toHaveTextContent('当前等级')
  expect(container.querySelector('#report-next-month .report-card__title')).toHaveTextContent(/^\d{4}年\d{1,2}月权益预告$/)
  for (const line of r.tier.progressLines) expect(screen.getByText(line)).toBeInTheDocument()
  for (const b of r.nextMonth.benefits) expect(screen.getByText(b)).toBeInTheDocument()
  expect(text(container, 'report-summary')).toContain('本月至今')
  // The newest month: nothing after it.
  expect(container.querySelector('#report-month-next')!.className).toContain('--off')
})

test('‹ opens the previous month, which is final; the month sheet opens any month', async () => {
  await t.loginAs('demo')
  const { container } = render(<ReportPage />)
  await found(container, '#report')
  const months = (await api.monthlyReport()).availableMonths
  fireEvent.click(container.querySelector('#report-month-prev')!)
  await waitFor(() => expect(text(container, 'report-month')).toBe(`${months[1].slice(0, 4)}年${Number(months[1].slice(5))}月▾`))
  const previous = await api.monthlyReport(months[1])
  expect(text(container, 'report-points-earned')).toBe(`+${previous.points.earned}`)
  expect(text(container, 'report-signin-days')).toBe(String(previous.signin.days))
  expect(text(container, 'report-summary')).toContain('这个月')
  // A finished month says the tier held at its end and that tier's benefits, not a preview that is history now.
  expect(text(container, 'report-tier')).toBe(previous.tier.name)
  expect(container.querySelector('#report-tier')!.parentElement).toHaveTextContent('月末等级')
  expect(container.querySelector('#report-next-month .report-card__title')).toHaveTextContent(`月末等级（${previous.tier.name}）的权益`)
  expect(container.querySelector('#report-next-expiring')).toBeNull()

  fireEvent.click(container.querySelector('#report-month')!)
  const sheet = await found(container, '#report-month-sheet')
  expect(sheet.querySelectorAll('.report-sheet__month')).toHaveLength(months.length)
  expect(sheet.querySelector(`#report-month-${months[0]}`)).toHaveTextContent('本月至今')
  const oldest = months[months.length - 1]
  fireEvent.click(sheet.querySelector(`#report-month-${oldest}`)!)
  await waitFor(() => expect(text(container, 'report-month')).toContain(`${Number(oldest.slice(5))}月`))
  expect(container.querySelector('#report-month-sheet')).toBeNull()
  expect(container.querySelector('#report-month-prev')!.className).toContain('--off')
})

test('?month=YYYY-MM opens that month', async () => {
  await t.loginAs('demo')
  routerParams.current = { month: '2026-09' }
  const { container } = render(<ReportPage />)
  await waitFor(() => expect(text(container, 'report-month')).toBe('2026年9月▾'))
  const r = await api.monthlyReport('2026-09')
  expect(text(container, 'report-points-earned')).toBe(`+${r.points.earned}`)
})

test('before consent the page says member service needs the privacy notice', async () => {
  useSessionStore.setState({ consent: 'required', token: null })
  render(<ReportPage />)
  expect(await screen.findByText('同意隐私保护指引后即可使用会员服务')).toBeInTheDocument()
})

test('a month with nothing in it shows an empty state, not a page of zeros (issue 13 item 8)', async () => {
  // A member who registered in October and came back on 24 November: October had nothing to report.
  const code = newMemberCode()
  t.setNow('2026-10-05T02:00:00.000Z')
  await t.loginAs(code)
  t.setNow('2026-11-24T02:00:00.000Z')
  await t.loginAs(code) // a session lasts 30 days
  routerParams.current = { month: '2026-10' }
  const { container } = render(<ReportPage />)
  await found(container, '#report-empty')
  expect(text(container, 'report-empty')).toContain('这个月没有积分、签到或任务记录')
  expect(text(container, 'report-summary')).toBe('这个月还没有会员动态')
  for (const id of ['report-points-earned', 'report-signin-days', 'report-coupons-used', 'report-growth']) expect(container.querySelector(`#${id}`)).toBeNull()
  // What still holds for that month: the tier and next month's preview.
  expect(text(container, 'report-tier')).toBe('普通会员')
  expect(container.querySelector('#report-next-month')).not.toBeNull()
})

test('a month with activity shows its figures, not the empty state', async () => {
  await t.loginAs(newMemberCode())
  await api.signin()
  const { container } = render(<ReportPage />)
  await found(container, '#report-signin-days')
  expect(text(container, 'report-signin-days')).toBe('1')
  expect(container.querySelector('#report-empty')).toBeNull()
})

test('a month whose only points are an operator’s adjustment shows it, not the empty state', async () => {
  const code = newMemberCode()
  t.setNow('2026-10-05T02:00:00.000Z')
  await t.loginAs(code)
  const adjusted = await t.backend.handle({
    method: 'POST',
    path: `/admin/members/${useSessionStore.getState().memberId}/adjustments`,
    query: {},
    headers: { authorization: `Bearer ${DEFAULT_OPERATOR_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'report-adjust-1' },
    rawBody: JSON.stringify({ amount: 40, reason: '客诉补偿' }),
  })
  expect(adjusted.status).toBe(201)
  t.setNow('2026-11-24T02:00:00.000Z')
  await t.loginAs(code)
  routerParams.current = { month: '2026-10' }
  const { container } = render(<ReportPage />)
  await found(container, '#report-points-adjusted')
  expect(text(container, 'report-points-adjusted')).toBe('客服调整 +40 积分')
  expect(text(container, 'report-points-net')).toBe('本月积分净增加 40')
  expect(text(container, 'report-summary')).toBe('这个月你获得 0 积分，客服调整 +40 积分，签到 0 天，完成 0 个任务')
  expect(container.querySelector('#report-empty')).toBeNull()
})

test('a refund in the month says what it took back, and no "0 积分" for what it did not return', async () => {
  await t.loginAs(newMemberCode())
  const placed = await api.createOrder({ items: [{ sku: 'latte', qty: 1 }], couponId: null })
  const paid = await api.pay(placed.order.id, { result: 'paid' })
  await api.refund(placed.order.id)
  const { container } = render(<ReportPage />)
  await found(container, '#report-points-refunds')
  expect(text(container, 'report-points-refunds')).toBe(`退款扣回 ${paid.awarded.points} 积分`)
})

test('another month that cannot come (offline) is said, and the month on screen stays', async () => {
  await t.loginAs('demo')
  const { container } = render(<ReportPage />)
  await found(container, '#report')
  const shown = text(container, 'report-month')
  const month = (await api.monthlyReport()).availableMonths[1]
  jest.spyOn(api, 'monthlyReport').mockRejectedValueOnce(new ApiError(0, 'NETWORK', NETWORK_MESSAGE))
  fireEvent.click(container.querySelector('#report-month-prev')!)
  await waitFor(() => expect(calls.toasts.map((t) => t.title)).toContain(`${formatMonth(month)}的报告没有打开：${NETWORK_MESSAGE}`))
  expect(text(container, 'report-month')).toBe(shown)
  // Back online, the arrow opens it.
  fireEvent.click(container.querySelector('#report-month-prev')!)
  await waitFor(() => expect(text(container, 'report-month')).toContain(formatMonth(month)))
  jest.restoreAllMocks()
})
