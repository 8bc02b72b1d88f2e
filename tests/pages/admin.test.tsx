import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import DashboardPage from '@/packages/admin/dashboard/index'
import { platform } from '@/platform'
import { OPERATOR_TOKEN_KEY, useAdminStore } from '@/stores/admin'
import { useSessionStore } from '@/stores/session'
import { api } from '@/api/http'
import { newMemberCode, paidOrder, startTestBackend, type TestBackend } from '../support/backend'
import { DEFAULT_OPERATOR_TOKEN } from '../../mock/app'
import { found } from '../support/dom'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})
afterEach(() => platform.sessionStorage.removeItem(OPERATOR_TOKEN_KEY))


async function signIn(c: HTMLElement, token: string) {
  fireEvent.change(await found(c, '#operator-token-input'), { target: { value: token } })
  fireEvent.click(c.querySelector('#operator-sign-in')!)
}

test('without a token the page asks for one; the right token shows the metrics drawn as charts', async () => {
  const { container } = render(<DashboardPage />)
  await found(container, '#operator-login')
  expect(container.querySelector('#metrics-kpis')).toBeNull()
  await signIn(container, DEFAULT_OPERATOR_TOKEN)

  await found(container, '#metrics-kpis')
  const m = useAdminStore.getState().metrics!
  expect(container.querySelector('#kpi-new-members')).toHaveTextContent(String(m.newMembers))
  expect(container.querySelector('#kpi-mau')).toHaveTextContent(String(m.mau))
  expect(container.querySelector('#kpi-paid-rate')).toHaveTextContent(m.paidMemberRate.percent)
  expect(container.querySelector('#kpi-roi')).toHaveTextContent(m.roi.display)
  // One bar per day of the default 30-day range, as tall as its share of the busiest day.
  const bars = container.querySelectorAll('#dau-chart .columns__slot')
  expect(bars).toHaveLength(30)
  const busiest = Math.max(...m.dailyActive.map((d) => d.users))
  const i = m.dailyActive.findIndex((d) => d.users === busiest)
  expect(bars[i].querySelector('.columns__bar')!.getAttribute('data-style')).toBe('height:100%')
  // Today, still under way, is a bar drawn apart that says its figure is so far (DAU itself is of yesterday).
  expect(m.completeThrough).toBe('2026-11-23')
  expect(bars[29].getAttribute('aria-label')).toBe(`11月24日（今日，截至目前） ${m.dailyActive[29].users}`)
  expect(bars[29].querySelector('.columns__bar')).toHaveClass('columns__bar--partial')
  expect(bars[28].querySelector('.columns__bar')).not.toHaveClass('columns__bar--partial')
  expect(container.querySelector('#kpi-dau')!.nextSibling).toHaveTextContent(/^11月23日$/)
  // Tier names from the rules config, with their share.
  const gold = m.tierDistribution.find((x) => x.tierId === 'gold')!
  expect(container.querySelector('#tier-chart-gold')).toHaveTextContent(`黄金会员 · ${gold.members} 人`)
  expect(container.querySelector('#tier-chart-gold')).toHaveTextContent(gold.share.percent)
  expect(container.querySelector('#tier-chart-gold .rate__fill')!.getAttribute('data-style')).toBe(`width:${gold.share.basisPoints! / 100}%`)
  // Retention D1/D7/D30, members vs non-members.
  for (const d of ['d1', 'd7', 'd30']) {
    expect(container.querySelector(`#retention-chart-${d}`)).toHaveTextContent(m.retention.member[d].percent)
  }
  // Each campaign: participation and completion bars, retention lift, ROI.
  for (const c of m.campaigns) {
    const block = container.querySelector(`#campaign-metrics-${c.campaignId}`)!
    expect(block).toHaveTextContent(c.name)
    expect(block.querySelector(`#campaign-rates-${c.campaignId}-participation`)).toHaveTextContent(c.participation.percent)
    expect(block.querySelector(`#campaign-rates-${c.campaignId}-completion`)).toHaveTextContent(c.completion.percent)
    expect(block.querySelector(`#campaign-roi-${c.campaignId}`)).toHaveTextContent(`ROI：${c.roi.display}`)
  }
  // The token lives in session storage for this tab.
  expect(platform.sessionStorage.getItem(OPERATOR_TOKEN_KEY)).toBe(DEFAULT_OPERATOR_TOKEN)
  expect(platform.storage.getItem(OPERATOR_TOKEN_KEY)).toBeNull()
})

test('近 7 天 shows seven days ending today', async () => {
  const { container } = render(<DashboardPage />)
  await signIn(container, DEFAULT_OPERATOR_TOKEN)
  await found(container, '#metrics-kpis')
  fireEvent.click(container.querySelector('#metrics-range-7')!)
  await waitFor(() => expect(container.querySelectorAll('#dau-chart .columns__slot')).toHaveLength(7))
  const m = useAdminStore.getState().metrics!
  expect(m.to).toBe('2026-11-24')
  expect(m.from).toBe('2026-11-18')
  expect(container.querySelector('#metrics-range-note')).toHaveTextContent('2026年11月18日 至 2026年11月24日')
})

test('a wrong token: the 401 message, and the token is asked for again', async () => {
  const { container } = render(<DashboardPage />)
  await signIn(container, 'not-the-token')
  const error = await found(container, '#operator-error')
  expect(error.textContent).toBe('令牌无效或已过期（401）')
  expect(container.querySelector('#operator-token-input')).not.toBeNull()
  expect(platform.sessionStorage.getItem(OPERATOR_TOKEN_KEY)).toBeNull()
})

test("a member's token is not an operator's: the 403 message", async () => {
  await t.loginAs('demo')
  const { container } = render(<DashboardPage />)
  await signIn(container, useSessionStore.getState().token!)
  const error = await found(container, '#operator-error')
  expect(error.textContent).toBe('该令牌没有运营权限（403）')
})

test('a token kept in this tab opens the dashboard directly; 退出 forgets it', async () => {
  platform.sessionStorage.setItem(OPERATOR_TOKEN_KEY, DEFAULT_OPERATOR_TOKEN)
  useAdminStore.setState({ token: DEFAULT_OPERATOR_TOKEN })
  const { container } = render(<DashboardPage />)
  await found(container, '#metrics-kpis')
  fireEvent.click(container.querySelector('#operator-sign-out')!)
  expect(await screen.findByText('进入看板')).toBeInTheDocument()
  expect(platform.sessionStorage.getItem(OPERATOR_TOKEN_KEY)).toBeNull()
})

test('活动效果: a campaign starting later today reads 活动未开始, not a retention lift; each ROI says what it is of', async () => {
  // The mock's diamond-only draw opens at 20:00 today (the test clock reads 10:00): it meets the range, not started.
  const { container } = render(<DashboardPage />)
  await signIn(container, DEFAULT_OPERATOR_TOKEN)
  await found(container, '#metrics-campaigns')
  const m = useAdminStore.getState().metrics!
  const tonight = m.campaigns.find((c) => !c.started)!
  expect(tonight).toBeDefined()
  expect(container.querySelector(`#campaign-lift-${tonight.campaignId}`)!.textContent).toBe('留存提升：活动未开始')
  // A campaign that began days ago, its after-window not over yet: 观察期未结束.
  const running = m.campaigns.find((c) => c.started && c.retentionAfter === null)!
  expect(container.querySelector(`#campaign-lift-${running.campaignId}`)!.textContent).toBe('留存提升：观察期未结束')
  // The leaderboard's prizes: what its ROI divides.
  expect(m.campaigns.find((c) => c.campaignId === 'points-race')!.roi).toMatchObject({ valueFen: 3250, costFen: 14000, display: '0.23' })
  expect(container.querySelector('#campaign-roi-points-race')!.textContent).toBe('ROI：0.23')
  expect(container.querySelector('#campaign-roi-basis-points-race')!.textContent).toBe('价值 ¥32.50 / 成本 ¥140')
})

test('整体 ROI: a range whose refund gave back an earlier day’s coupon costs ¥0, the credit said beside it', async () => {
  // Paid late on 11-24, refunded on the morning of 12-01, inside the 7-day refund period.
  t = await startTestBackend('2026-11-24T15:30:00.000Z', { history: false })
  const code = newMemberCode()
  await t.loginAs(code)
  await paidOrder()
  const coupon = (await api.claimTask('newcomer-first-core-use')).coupon!
  const { products } = await api.catalogue()
  const placed = await api.createOrder({ items: [{ sku: products[0].sku, qty: 1 }], couponId: coupon.id })
  await api.pay(placed.order.id, { result: 'paid' })
  expect(placed.order.quote.coupon?.discountFen).toBe(500)
  // The last 7 days (11-25 … 12-01) hold the refund, not the coupon's cost.
  t.setNow('2026-12-01T02:00:00.000Z')
  await t.loginAs(code)
  await api.refund(placed.order.id)

  const { container } = render(<DashboardPage />)
  await signIn(container, DEFAULT_OPERATOR_TOKEN)
  await found(container, '#metrics-kpis')
  fireEvent.click(container.querySelector('#metrics-range-7')!)
  await waitFor(() => expect(useAdminStore.getState().metrics?.from).toBe('2026-11-25'))
  const kpi = container.querySelector('#kpi-roi')!.parentElement!
  await waitFor(() => expect(kpi).toHaveTextContent('成本 ¥0（退款冲回此前成本 ¥5）'))
  expect(container.querySelector('#kpi-roi')).toHaveTextContent('—')
})
