/**
 * 会员权益 (packages/member/benefits): a paid plan says before payment that it cannot be refunded and until when it
 * runs; a plan below the member's tier says it adds nothing instead of selling it as an upgrade; a plan the backend
 * would refuse (below an active paid tier) is not offered; a renewal says how far it extends.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import BenefitsPage from '@/packages/member/benefits/index'
import { useConfigStore } from '@/stores/config'
import { useMemberStore } from '@/stores/member'
import { formatInstant } from '@/utils/format'
import { useSessionStore } from '@/stores/session'
import { calls, modalAnswer } from '../support/taro-mock'
import { newMemberCode, startTestBackend } from '../support/backend'
import { found } from '../support/dom'
import { api } from '@/api/http'
import { freeServiceOf } from '@/domain/tiers'

beforeEach(() => {
  modalAnswer.confirm = false
})

test('a new member is told the plan is not refundable before paying; nothing is bought on cancel', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  const { container } = render(<BenefitsPage />)
  await found(container, '#paid-plans')
  const plan = useConfigStore.getState().config!.rules.tiers.paidPlans[0]
  fireEvent.click(await found(container, `#buy-${plan.id}`))
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toContain('开通后不支持退款')
  expect(calls.modals[0].content).toContain(plan.name)
  expect(container.querySelector(`#plan-note-${plan.id}`)).toBeNull()
  expect(container.querySelector('#paid-active')).toBeNull()
})

test('a member already above a plan\'s tier is told it adds nothing', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<BenefitsPage />)
  await found(container, '#benefits-current')
  const { levels, paidPlans } = useConfigStore.getState().config!.rules.tiers
  const tierName = container.querySelector('.benefits-me__tier')!.textContent!
  const myRank = levels.find((l) => l.name === tierName)!.rank
  const below = paidPlans.find((p) => levels.find((l) => l.id === p.tierId)!.rank <= myRank)
  const above = paidPlans.find((p) => levels.find((l) => l.id === p.tierId)!.rank > myRank)
  // The demo member holds a tier at least as high as the lowest plan's.
  expect(below).toBeDefined()
  if (below) {
    expect(container.querySelector(`#plan-note-${below.id}`)).toHaveTextContent(`你已享受${tierName}权益，开通不会提升等级`)
    fireEvent.click(await found(container, `#buy-${below.id}`))
    await waitFor(() => expect(calls.modals.length).toBeGreaterThan(0))
    expect(calls.modals.at(-1)!.content).toContain(`你当前已是${tierName}`)
  }
  if (above) expect(container.querySelector(`#plan-note-${above.id}`)).toBeNull()
})

/** Buys `planId` for the logged-in member through the API (the mock cashier answers paid). */
async function holdPlan(planId: string): Promise<void> {
  const { order } = await api.purchaseMembership({ planId })
  await api.pay(order.id, { result: 'paid' })
}

test('a member who earned a tier above the plans is told a renewal, and a plan above the one held, add nothing — not sold as an upgrade', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await holdPlan('monthly')
  const { container } = render(<BenefitsPage />)
  await found(container, '#benefits-current')
  const { levels, paidPlans } = useConfigStore.getState().config!.rules.tiers
  const tierName = container.querySelector('.benefits-me__tier')!.textContent!
  const rank = (tierId: string) => levels.find((l) => l.id === tierId)!.rank
  // The demo member earned a tier at least as high as every plan's: 月度 is a renewal, 年度 a plan above the one held.
  expect(paidPlans.map((p) => rank(p.tierId) <= levels.find((l) => l.name === tierName)!.rank)).toEqual(paidPlans.map(() => true))
  for (const plan of paidPlans) expect(container.querySelector(`#plan-note-${plan.id}`)).toHaveTextContent(`你已享受${tierName}权益，开通不会提升等级`)
  fireEvent.click(await found(container, '#buy-monthly'))
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toContain(`你当前已是${tierName}，续期月度会员不会提升等级`)
  fireEvent.click(await found(container, '#buy-annual'))
  await waitFor(() => expect(calls.modals).toHaveLength(2))
  expect(calls.modals[1].content).toContain(`你当前已是${tierName}，开通年度会员不会提升等级`)
})

test('a plan below the paid tier a member holds is not offered: its button is disabled and says why', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  await holdPlan('annual')
  const { container } = render(<BenefitsPage />)
  // 年度会员 runs from 2026-11-24 through 2027-11-23: a year other than the backend's, so it is written.
  await waitFor(() => expect(container.querySelector('#plan-note-monthly')).toHaveTextContent('你已是付费黄金会员（有效期至 2027年11月23日），无需开通'))
  const button = container.querySelector('#buy-monthly')!
  expect(button).toHaveAttribute('disabled')
  fireEvent.click(button)
  expect(calls.modals).toHaveLength(0)
  // The plan of the tier held is a renewal, not "nothing": it says until when.
  expect(container.querySelector('#plan-note-annual')).toHaveTextContent('开通后续期至 2028年11月23日')
  expect(container.querySelector('#buy-annual')).not.toHaveAttribute('disabled')
  fireEvent.click(container.querySelector('#buy-annual')!)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toBe('年度会员 ¥148，在当前付费会员到期后续期 12 个月，有效期至 2028年11月23日。开通后不支持退款。')
})

test('a plan above the paid tier a member holds is an upgrade of the whole period, with its end date', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  await holdPlan('monthly')
  const { container } = render(<BenefitsPage />)
  // 月度会员 runs through 2026-12-23; a year of 黄金会员 is added after it.
  await waitFor(() => expect(container.querySelector('#plan-note-annual')).toHaveTextContent('开通后升级为黄金会员，有效期至 2027年12月23日'))
  expect(container.querySelector('#plan-note-monthly')).toHaveTextContent('开通后续期至 2027年1月23日')
})

test('a backend that takes no payment sells no plan: each says so and its button is disabled, nothing is asked', async () => {
  const t = await startTestBackend(undefined, { payments: 'none' })
  await t.loginAs(newMemberCode())
  const { container } = render(<BenefitsPage />)
  await found(container, '#paid-plans')
  for (const plan of useConfigStore.getState().config!.rules.tiers.paidPlans) {
    expect(container.querySelector(`#plan-note-${plan.id}`)).toHaveTextContent('暂未开通在线支付，请到店办理')
    const button = container.querySelector(`#buy-${plan.id}`)!
    expect(button).toHaveAttribute('disabled')
    fireEvent.click(button)
  }
  expect(calls.modals).toEqual([])
  await expect(api.purchaseMembership({ planId: 'monthly' })).rejects.toMatchObject({ status: 422, code: 'PAYMENTS_UNAVAILABLE' })
})

test('a month’s free service is taken as a voucher, once per tap, until the tier’s allowance is used; a tier without says which has it', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  const first = render(<BenefitsPage />)
  await found(first.container, '#free-service')
  const { levels } = useConfigStore.getState().config!.rules.tiers
  const lowest = levels.find((l) => l.freeServicesPerMonth > 0)!
  const { name } = freeServiceOf(useConfigStore.getState().config!.rules.tiers)
  await waitFor(() => expect(first.container.querySelector('#free-service-left')).toHaveTextContent(`暂无${name}，升级${lowest.name}即可享受`))
  expect(first.container.querySelector('#claim-free-service')).toBeDisabled()
  first.unmount()

  await t.loginAs('demo')
  const { container } = render(<BenefitsPage />)
  await waitFor(() => expect(container.querySelector('#free-service-left')).toHaveTextContent('本月剩余'))
  const me = (await api.me()).freeServices
  expect(me.left).toBeGreaterThan(0)
  expect(container.querySelector('#free-service-left')).toHaveTextContent(`本月剩余 ${me.left} / ${me.perMonth} 次`)
  const button = await found(container, '#claim-free-service')
  fireEvent.click(button)
  fireEvent.click(button)
  await waitFor(() => expect(calls.navigations.at(-1)?.url).toContain('/packages/mall/redemptions/index'))
  expect(calls.toasts.at(-1)?.title).toBe('已领取，到店出示核销码即可使用')
  const after = (await api.me()).freeServices
  expect(after.used).toBe(me.used + 1)
  await waitFor(() => expect(container.querySelector('#free-service-left')).toHaveTextContent(after.left > 0 ? `本月剩余 ${after.left} / ${after.perMonth} 次` : '已领完'))
  const vouchers = (await api.redemptions()).redemptions.filter((r) => r.itemName === me.name)
  expect(vouchers).toHaveLength(me.used + 1)
})

test('one benefit, one name: the free service and the campaign-task boost read the same in the table, the tier lines and the card', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<BenefitsPage />)
  const table = await found(container, '#tier-table')
  const { tiers } = useConfigStore.getState().config!.rules
  const { name } = freeServiceOf(tiers)
  await waitFor(() => expect(container.querySelector('.free-service__name')).toHaveTextContent(name))
  const labels = [...table.querySelectorAll('.tier-table__label')].map((el) => el.textContent)
  expect(labels).toEqual(expect.arrayContaining([name, '活动任务积分翻倍']))
  const lines = [...container.querySelectorAll('.tier-benefits')].map((el) => el.textContent ?? '')
  for (const tier of tiers.levels.filter((l) => l.freeServicesPerMonth > 0)) {
    expect(lines.find((l) => l.startsWith(tier.name))).toContain(`${name}（每月 ${tier.freeServicesPerMonth} 次）`)
  }
  expect(lines.filter((l) => l.includes('活动任务积分翻倍'))).toHaveLength(tiers.levels.filter((l) => l.campaignTaskDoublePoints).length)
  expect(container.textContent).not.toMatch(/会员任务积分翻倍|活动任务双倍积分|次免费服务|每月免费服务/)
})

test('the member cannot be loaded and nothing is cached: an error state with retry, not a tier table without the member', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  await useConfigStore.getState().load()
  t.offline()
  const { container } = render(<BenefitsPage />)
  // The client retries a network failure twice (with backoff) before the page gives up.
  expect(await screen.findByText('加载失败', undefined, { timeout: 4000 })).toBeInTheDocument()
  expect(container.querySelector('#tier-table')).toBeNull()
  expect(container.querySelector('#paid-plans')).toBeNull()
  t.online()
  fireEvent.click(screen.getByText('重新加载'))
  expect(await found(container, '#benefits-current')).toHaveTextContent('当前等级：普通会员')
  expect(container.querySelector('#tier-table')).not.toBeNull()
  // The metrics are a rolling window, and the page says which (a member sees old months leave it).
  expect(container.querySelector('#tier-window')).toHaveTextContent('成长值、消费等按近 12 个月计算，更早的记录会移出统计')
})

test('the backend out of reach with the member cached: the page stays, under a banner that says when it was saved', async () => {
  const t = await startTestBackend()
  await t.loginAs(newMemberCode())
  await Promise.all([useConfigStore.getState().load(), useMemberStore.getState().load()])
  const savedAt = useMemberStore.getState().savedAt!
  t.offline()
  const { container } = render(<BenefitsPage />)
  expect(await found(container, '#offline-banner', { timeout: 4000 })).toHaveTextContent(`暂时连不上服务，当前显示的是 ${formatInstant(savedAt)} 保存的数据（点击重试）`)
  expect(container.querySelector('#benefits-current')).toHaveTextContent('当前等级：普通会员')
})

test('before consent the tier table is shown on its own: what each tier brings, without the member', async () => {
  await startTestBackend()
  useSessionStore.setState({ consent: 'required', token: null })
  const { container } = render(<BenefitsPage />)
  expect(await found(container, '#tier-table')).toHaveTextContent('升级条件')
  expect(container.querySelector('#benefits-current')).toBeNull()
  expect(container.querySelector('#consent-required')).toBeNull()
})
