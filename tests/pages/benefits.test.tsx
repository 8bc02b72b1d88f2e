/**
 * 会员权益 (packages/member/benefits): a paid plan says before payment that it cannot be refunded, and a plan
 * below the member's tier says it adds nothing instead of selling it as an upgrade.
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import BenefitsPage from '@/packages/member/benefits/index'
import { useConfigStore } from '@/stores/config'
import { calls, modalAnswer } from '../support/taro-mock'
import { newMemberCode, startTestBackend } from '../support/backend'
import { found } from '../support/dom'

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
