import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import LotteryPage from '@/packages/campaign/lottery/index'
import { LotteryResultSheet } from '@/components/campaigns/lottery-result-sheet'
import RedemptionsPage from '@/packages/mall/redemptions/index'
import { defaultRules } from '../../mock/seed'
import { useCampaignsStore } from '@/stores/campaigns'
import { calls, modalAnswer, routerParams } from '../support/taro-mock'
import { newMemberCode, oweAfterRefund, paidOrder, startTestBackend, type TestBackend } from '../support/backend'
import { fillDelivery, found } from '../support/dom'
import { requestsSettled } from '../support/requests'
import { draw } from '@/stores/campaign-detail'

const NOW = '2026-11-24T02:00:00.000Z'
/** The highlight walks two laps at least, then slows down onto the prize: a few seconds at most. */
const SPIN = { timeout: 8000 }
jest.setTimeout(30_000)

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend(NOW)
  routerParams.current = { id: 'lucky-wheel' }
})

test('the grid, the odds for my tier and today\'s draws; never a promise of a win', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<LotteryPage />)
  await found(container, '#lottery-draw')
  expect(container.querySelectorAll('.lottery-prize')).toHaveLength(8)
  expect(container.querySelector('#lottery-draws')).toHaveTextContent('今日免费 1 次')
  expect(container.querySelector('#lottery-draw')).toHaveTextContent('免费')
  expect(screen.getByText('每天免费 1 次，之后每次 20 积分，每天最多 3 次')).toBeInTheDocument()
  const odds = container.querySelector('#lottery-odds')!
  await waitFor(() => expect(odds).toHaveTextContent('普通会员'))
  for (const o of useCampaignsStore.getState().details['lucky-wheel'].lottery!.odds) expect(odds).toHaveTextContent(o.percent)
  expect(odds).toHaveTextContent(/\d+\.\d\d%/)
  expect(container.textContent).not.toMatch(/100%\s*中奖|必中/)
  expect(container.querySelector('#lottery-winners')).toHaveTextContent('获奖名单将在活动结束后')
})

test('the free draw used on another device meanwhile: the tap shown as free is refused, nothing spent, and the page shows the cost now', async () => {
  await t.loginAs(newMemberCode())
  await paidOrder()
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  expect(button).toHaveTextContent('免费')
  const elsewhere = await api.draw('lucky-wheel')
  expect(elsewhere.free).toBe(true)
  const balance = (await api.pointsSummary()).balance
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('所需积分已变为 20 积分，请确认后重试'))
  expect(calls.modals).toHaveLength(0)
  await waitFor(() => expect(useCampaignsStore.getState().details['lucky-wheel'].lottery!.draws.nextDrawCost).toBe(20))
  expect((await api.pointsSummary()).balance).toBe(balance)
  expect((await api.campaign('lucky-wheel')).lottery!.todayDraws).toHaveLength(1)
  // Tapped again, it asks for the 20 points first.
  modalAnswer.confirm = false
  fireEvent.click(container.querySelector('#lottery-draw')!)
  await waitFor(() => expect(calls.modals.at(-1)?.content).toBe('本次抽奖消耗 20 积分，确定继续吗？'))
})

test('a tap runs the highlight round the grid and lands on the server\'s prize, then shows it with the draws left', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  const seen = new Set<string>()
  const watch = setInterval(() => {
    const id = container.querySelector('.lottery-prize--active')?.id
    if (id) seen.add(id)
  }, 10)
  fireEvent.click(button)
  const sheet = await found(container, '#lottery-result', SPIN)
  clearInterval(watch)

  const detail = useCampaignsStore.getState().details['lucky-wheel'].lottery!
  const prizeName = container.querySelector('#lottery-result-prize')!.textContent
  expect(detail.prizes.map((p) => p.name)).toContain(prizeName)
  // It went round, and it stopped on a cell holding exactly the prize the server drew.
  expect(seen.size).toBeGreaterThanOrEqual(6)
  expect(container.querySelector('.lottery-prize--active')).toHaveTextContent(prizeName!)
  expect(calls.modals).toHaveLength(0) // a free draw asks nothing
  expect(sheet).toHaveTextContent('再抽一次消耗 20 积分 · 今日还可抽 2 次')
  await waitFor(() => expect(container.querySelector('#lottery-draws')).toHaveTextContent('再抽一次消耗 20 积分'))
  if (prizeName !== '谢谢参与') await waitFor(() => expect(container.querySelector('#lottery-my-prizes')).toHaveTextContent(prizeName!))
  fireEvent.click(screen.getByText('知道了'))
  expect(container.querySelector('#lottery-result')).toBeNull()
})

test('each of today\'s draws is listed with what it gave and cost, 谢谢参与 too — a reload that hid a result sheet hides nothing', async () => {
  await t.loginAs(newMemberCode())
  const free = await api.draw('lucky-wheel')
  await paidOrder() // points for the paid draw
  expect((await api.pointsSummary()).balance).toBeGreaterThanOrEqual(20)
  const paid = await api.draw('lucky-wheel')
  // The page opened afresh (the reload): no result sheet, but every draw of the day with its result.
  const { container } = render(<LotteryPage />)
  const today = await found(container, '#lottery-today')
  const lines = [...today.querySelectorAll('.line-list__line')].map((l) => l.textContent)
  const expected = [[/^\d\d:\d\d · 消耗 20 积分/, paid.prize.name] as const, [/^\d\d:\d\d · 免费/, free.prize.name] as const]
  expect(lines).toHaveLength(2)
  expected.forEach(([label, prize], i) => {
    expect(lines[i]).toMatch(label)
    expect(lines[i]!.endsWith(prize)).toBe(true)
  })
  expect(container.querySelector('#lottery-result')).toBeNull()
})

test('a paid draw is confirmed first: cancelling draws nothing', async () => {
  await t.loginAs(newMemberCode())
  await draw('lucky-wheel') // today's free draw
  await paidOrder() // points enough for a paid draw
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  await waitFor(() => expect(button).toHaveTextContent('20 积分'))

  modalAnswer.confirm = false
  fireEvent.click(button)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toBe('本次抽奖消耗 20 积分，确定继续吗？')
  await new Promise((r) => setTimeout(r, 200))
  expect(container.querySelector('.lottery-prize--active')).toBeNull()
  expect(useCampaignsStore.getState().details['lucky-wheel'].lottery!.draws.paidLeft).toBe(2)

})

test('a paid draw the balance does not cover is said at the tap: no confirmation, no highlight, nothing drawn', async () => {
  await t.loginAs(newMemberCode())
  await draw('lucky-wheel') // today's free draw
  expect((await api.pointsSummary()).balance).toBeLessThan(20)
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  await waitFor(() => expect(button).toHaveTextContent('20 积分'))
  const sent = jest.spyOn(api, 'draw')
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('积分不足，本次抽奖需要 20 积分'))
  expect(calls.modals).toHaveLength(0)
  expect(container.querySelector('.lottery-prize--active')).toBeNull()
  expect(useCampaignsStore.getState().details['lucky-wheel'].lottery!.draws.paidLeft).toBe(2)
  expect(sent).not.toHaveBeenCalled()

  // Points come from elsewhere meanwhile (an order at the till): the tap asks the balance again and goes on.
  await paidOrder()
  modalAnswer.confirm = false
  fireEvent.click(button)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toBe('本次抽奖消耗 20 积分，确定继续吗？')
})

test('with no draw left today the server\'s daily-limit message is toasted, without an animation', async () => {
  await t.loginAs('demo')
  for (let i = 0; i < 3; i++) await draw('lucky-wheel')
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  await waitFor(() => expect(container.querySelector('#lottery-draws')).toHaveTextContent('今日抽奖次数已用完'))
  expect(button).toHaveTextContent('明天再来')
  expect(button.className).toContain('--dimmed')
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toMatch(/抽奖机会已用完/))
  expect(container.querySelector('.lottery-prize--active')).toBeNull()
  expect(calls.modals).toHaveLength(0)
})

test('after the end: "已结束", the refusal as a toast, and the published winners with masked names', async () => {
  await t.loginAs('demo')
  t.setNow('2026-12-06T02:00:00.000Z')
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  expect(button).toHaveTextContent('已结束')
  await waitFor(() => expect(container.querySelector('#lottery-winners')).toHaveTextContent('*'))
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('活动已结束'))
})

test('open as the campaign ends: the draw refused then is followed by the published winners, not by "no winners"', async () => {
  await t.loginAs('demo')
  const { container } = render(<LotteryPage />)
  const button = await found(container, '#lottery-draw')
  expect(container.querySelector('#lottery-winners')).toHaveTextContent('获奖名单将在活动结束后')
  const endsAt = useCampaignsStore.getState().details['lucky-wheel'].endsAt
  t.setNow(new Date(Date.parse(endsAt) + 1000).toISOString())
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('活动已结束'))
  await waitFor(() => expect(container.querySelector('#lottery-winners')).toHaveTextContent('*'))
  expect(container.querySelector('#lottery-winners')).not.toHaveTextContent('本次活动没有产生中奖者')
})

test('opened without ?id= it shows the member\'s running lottery', async () => {
  routerParams.current = {}
  await t.loginAs(newMemberCode())
  const { container } = render(<LotteryPage />)
  await found(container, '#lottery-draw')
  expect(screen.getByText('幸运大转盘')).toBeInTheDocument()
})

test('a points prize that settles what an earlier refund could not take back says so on the result', async () => {
  const rules = defaultRules(Date.parse(NOW))
  const pointsOnly = rules.campaigns.map((c) =>
    c.id === 'lucky-wheel' ? { ...c, lottery: { ...c.lottery!, prizes: [{ id: 'p-50', name: '50 积分', kind: 'points' as const, points: 50, weight: 1, stock: null }] } } : c,
  )
  t = await startTestBackend(NOW, { config: { ...rules, campaigns: pointsOnly } })
  await t.loginAs(newMemberCode())
  const { owed } = await oweAfterRefund()
  expect(owed).toBeGreaterThan(50)
  const { container } = render(<LotteryPage />)
  fireEvent.click(await found(container, '#lottery-draw'))
  const sheet = await found(container, '#lottery-result', SPIN)
  expect(sheet).toHaveTextContent('50 积分已到账')
  expect(container.querySelector('#lottery-result-settled')).toHaveTextContent('其中 50 积分用于扣回此前订单退款时已使用的积分')
  expect((await api.pointsSummary()).owed).toBe(owed - 50)
})

test('a physical prize asks where to send it: 填写收货地址 leads to 兑换记录, where the address is given once', async () => {
  const rules = defaultRules(Date.parse(NOW))
  const cupOnly = rules.campaigns.map((c) =>
    c.id === 'lucky-wheel' ? { ...c, lottery: { ...c.lottery!, prizes: [{ id: 'gift-cup', name: '品牌保温杯', kind: 'physical' as const, weight: 1, stock: 20 }] } } : c,
  )
  t = await startTestBackend(NOW, { config: { ...rules, campaigns: cupOnly } })
  await t.loginAs(newMemberCode())
  const { container, unmount } = render(<LotteryPage />)
  fireEvent.click(await found(container, '#lottery-draw'))
  const sheet = await found(container, '#lottery-result', SPIN)
  expect(sheet).toHaveTextContent('品牌保温杯')
  expect(sheet).toHaveTextContent('请在「兑换记录」填写收货地址')
  fireEvent.click(container.querySelector('#lottery-give-address')!)
  expect(calls.navigations.at(-1)?.url).toMatch(/\/packages\/mall\/redemptions\/index/)
  // 我的奖品 leads there too, for as long as the page shows the prize.
  fireEvent.click(container.querySelector('#lottery-result-close')!)
  fireEvent.click(await found(container, '#lottery-prize-address'))
  expect(calls.navigations.at(-1)?.url).toMatch(/\/packages\/mall\/redemptions\/index/)
  unmount()

  const page = render(<RedemptionsPage />)
  await requestsSettled()
  const line = (await api.redemptions()).redemptions[0]
  expect(line).toMatchObject({ itemName: '品牌保温杯', kind: 'gift', points: 0, delivery: null })
  expect(await found(page.container, `#redemption-status-${line.id}`)).toHaveTextContent('待填写地址')
  expect(page.container.querySelector(`#redemption-${line.id}`)).toHaveTextContent('抽奖奖品')
  fireEvent.click(page.container.querySelector(`#redemption-address-${line.id}`)!)
  await found(page.container, '#delivery-sheet')
  fillDelivery(page.container, { phone: '1380013' })
  fireEvent.click(page.container.querySelector('#delivery-submit')!)
  // Checked before anything is sent: the phone is short.
  expect(await found(page.container, '#delivery-phone-error')).toBeInTheDocument()
  fillDelivery(page.container)
  fireEvent.click(page.container.querySelector('#delivery-submit')!)
  await waitFor(() => expect(page.container.querySelector(`#redemption-status-${line.id}`)).toHaveTextContent('待发货'))
  expect(page.container.querySelector('#delivery-sheet')).toBeNull()
  expect(page.container.querySelector(`#redemption-address-${line.id}`)).toBeNull()
  expect(calls.toasts.at(-1)?.title).toBe('收货地址已提交，我们会尽快发货')
  await requestsSettled() // 兑换记录 reloads after the action (tag rewards)
  // Once: a second address is customer service's to change.
  await expect(api.giveDeliveryAddress(line.id, { name: '李四', phone: '13900139000', address: '北京市朝阳区建国路 1 号' })).rejects.toMatchObject({ code: 'DELIVERY_ADDRESS_GIVEN', status: 409 })
})

test('a campaign this member is not in the audience of opens as not there, without a retry that could never work', async () => {
  await t.loginAs(newMemberCode())
  routerParams.current = { id: 'diamond-night' }
  const { container } = render(<LotteryPage />)
  expect(await found(container, '#not-found', { timeout: 4000 })).toHaveTextContent('活动不存在')
  expect(container.querySelector('#retry-button')).toBeNull()
})

test('a link to 抽奖 with another type\'s campaign (集卡, 排行榜) opens that campaign\'s own page, not a skeleton for ever', async () => {
  await t.loginAs(newMemberCode())
  for (const [id, page] of [
    ['spring-cards', '/packages/campaign/cards/index?id=spring-cards'],
    ['points-race', '/packages/campaign/leaderboard/index?id=points-race'],
  ]) {
    calls.navigations.length = 0
    routerParams.current = { id }
    const { unmount } = render(<LotteryPage />)
    await waitFor(() => expect(calls.navigations).toEqual([{ kind: 'redirectTo', url: page }]), { timeout: 4000 })
    unmount()
  }
})

test('the result sheet offers 再抽一次 only when the balance pays for it, and says what is short', () => {
  const draws = { freePerDay: 1, freeLeft: 0, paidCost: 20, paidLeft: 2, maxPerDay: 3, nextDrawCost: 20 }
  const result = { drawId: 'd-1', prize: { id: 'p-0', name: '谢谢参与', kind: 'empty' as const }, free: true, cost: 0, settled: 0, draws }
  const again = jest.fn()
  const short = render(<LotteryResultSheet result={{ ...result, balance: 10 }} onAgain={again} onClose={() => undefined} />)
  expect(short.container.querySelector('#lottery-again')).toBeNull()
  expect(short.container.querySelector('#lottery-result-short')).toHaveTextContent('当前 10 积分，不够再抽一次')
  short.unmount()
  const enough = render(<LotteryResultSheet result={{ ...result, balance: 20 }} onAgain={again} onClose={() => undefined} />)
  expect(enough.container.querySelector('#lottery-result-left')).toHaveTextContent('再抽一次消耗 20 积分 · 今日还可抽 2 次')
  expect(enough.container.querySelector('#lottery-result-short')).toBeNull()
  fireEvent.click(enough.container.querySelector('#lottery-again')!)
  expect(again).toHaveBeenCalledTimes(1)
})
