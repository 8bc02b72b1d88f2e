import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CampaignListPage from '@/packages/campaign/list/index'
import TasksPage from '@/pages/tasks/index'
import type { CampaignSummary } from '@/api/contract'
import { CampaignCard } from '@/components/campaigns/campaign-card'
import { openCampaign } from '@/components/campaigns/open-campaign'
import { defaultRules } from '../../mock/seed'
import { calls } from '../support/taro-mock'
import { DIAMOND_SALON, newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { found, tapToOpen } from '../support/dom'

const NOW = '2026-11-24T02:00:00.000Z'
let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend(NOW)
})


test('活动: running campaigns first with their schedule; each opens its own page', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<CampaignListPage />)
  const wheel = await found(container, '#campaign-lucky-wheel')
  expect(wheel).toHaveTextContent('幸运大转盘')
  expect(wheel).toHaveTextContent('抽奖')
  expect(wheel).toHaveTextContent('进行中 · 12月4日 24:00 结束')
  expect(container.querySelector('#campaign-spring-cards')).toHaveTextContent('签到积分 ×2')
  expect(container.querySelector('#campaign-points-race')).toHaveTextContent('已结束')
  expect(container.querySelector('#campaign-points-race')).toHaveTextContent('看结果')
  expect(container.querySelector('#campaign-diamond-night')).toBeNull()
  const order = [...container.querySelectorAll('.campaign-card')].map((el) => el.id)
  expect(order.indexOf('campaign-points-race')).toBeGreaterThan(order.indexOf('campaign-lucky-wheel'))

  await tapToOpen(wheel)
  await tapToOpen(container.querySelector('#campaign-spring-cards')!)
  await tapToOpen(container.querySelector('#campaign-points-race')!)
  expect(calls.navigations.map((n) => n.url)).toEqual([
    '/packages/campaign/lottery/index?id=lucky-wheel',
    '/packages/campaign/cards/index?id=spring-cards',
    '/packages/campaign/leaderboard/index?id=points-race',
  ])
})

test('a tier-gated event: "仅钻石会员可参与", entry disabled; priority shows "黄金会员提前 1 小时参与"', async () => {
  const rules = defaultRules(Date.parse(NOW))
  t = await startTestBackend(NOW, { history: false, config: { ...rules, campaigns: [...rules.campaigns, DIAMOND_SALON] } })
  await t.loginAs(newMemberCode())
  const { container } = render(<CampaignListPage />)
  const salon = await found(container, '#campaign-diamond-salon')
  expect(container.querySelector('#campaign-gate-diamond-salon')).toHaveTextContent('仅钻石会员可参与')
  expect(salon).toHaveTextContent('黄金会员提前 1 小时参与')
  expect(salon.className).toContain('--gated')
  expect(salon).not.toHaveTextContent('去参与')
  fireEvent.click(salon)
  expect(calls.navigations).toEqual([])
})

test('任务 tab: a 热门活动 section with the running campaigns, and the way to all of them', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<TasksPage />)
  const hot = await found(container, '#hot-campaigns')
  await waitFor(() => expect(hot).toHaveTextContent('幸运大转盘'))
  expect(hot).toHaveTextContent('春节集福卡')
  expect(hot).not.toHaveTextContent('积分排行榜') // ended
  await found(container, '#task-list')
  await tapToOpen(screen.getByText('全部活动 ›'))
  expect(calls.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/packages/campaign/list/index' })
  await tapToOpen(container.querySelector('#hot-campaigns #campaign-lucky-wheel')!)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/campaign/lottery/index?id=lucky-wheel')
})

test('a festival card says where it leads (去签到, the sign-in page); an ended one offers nothing to open', () => {
  const festival: CampaignSummary = {
    id: 'mid-autumn',
    type: 'festival',
    name: '中秋节',
    description: '签到积分翻倍',
    startsAt: '2026-11-20T00:00:00.000Z',
    endsAt: '2026-11-30T00:00:00.000Z',
    status: 'running',
    canEnter: true,
    opensAt: '2026-11-20T00:00:00.000Z',
    inEarlyAccess: false,
    exclusive: false,
    priority: false,
    theme: null,
    signinMultiplier: 2,
  }
  const running = render(<CampaignCard campaign={festival} onOpen={openCampaign} />)
  const card = running.container.querySelector('#campaign-mid-autumn')!
  expect(card.querySelector('.campaign-card__go')).toHaveTextContent('去签到 ›')
  expect(card).not.toHaveTextContent('去参与')
  fireEvent.click(card)
  expect(calls.navigations.at(-1)?.url).toBe('/packages/member/signin/index')
  running.unmount()

  const before = calls.navigations.length
  const ended = render(<CampaignCard campaign={{ ...festival, status: 'ended' }} onOpen={openCampaign} />)
  const over = ended.container.querySelector('#campaign-mid-autumn')!
  expect(over.querySelector('.campaign-card__go')?.textContent).toBe('')
  expect(over).not.toHaveTextContent('看结果')
  fireEvent.click(over)
  expect(calls.navigations).toHaveLength(before)
})
