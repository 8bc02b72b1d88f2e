import { render, screen, waitFor } from '@testing-library/react'
import LeaderboardPage from '@/packages/campaign/leaderboard/index'
import { useCampaignsStore } from '@/stores/campaigns'
import type { CampaignDetail } from '@/api/contract'
import { takeBackPrize } from '@/domain/points'
import { useSessionStore } from '@/stores/session'
import { routerParams } from '../support/taro-mock'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z')
  routerParams.current = { id: 'points-race' }
})

test('an ended leaderboard: "结果已公布", prizes by rank, masked nicknames and my position', async () => {
  await t.loginAs('demo')
  const { container } = render(<LeaderboardPage />)
  await waitFor(() => expect(container.querySelector('#leaderboard-status')).toHaveTextContent('结果已公布'))
  const board = useCampaignsStore.getState().details['points-race'].leaderboard!
  const rows = container.querySelectorAll('.leaderboard__row')
  expect(rows).toHaveLength(board.standings.length)
  expect(rows[0]).toHaveTextContent(`1${board.standings[0].nickname}${board.standings[0].points} 积分`)
  for (const s of board.standings) expect(s.nickname).toContain('*')
  const prizes = container.querySelector('#leaderboard-prizes')!
  expect(prizes).toHaveTextContent('第 1 名500 积分')
  expect(prizes).toHaveTextContent('第 2–3 名300 积分')
  expect(prizes).toHaveTextContent('第 4–10 名100 积分')
  expect(container.querySelector('#leaderboard-my-rank')).toHaveTextContent(board.me.rank ? `第 ${board.me.rank} 名` : '未上榜')
  expect(screen.getByText('最终排名')).toBeInTheDocument()
})

test('a winner reads what their rank won where they look first', async () => {
  await t.loginAs('demo')
  const { container } = render(<LeaderboardPage />)
  await waitFor(() => expect(container.querySelector('#leaderboard-status')).toHaveTextContent('结果已公布'))
  // The demo member ends the points race third: 第 2–3 名 win 300 积分, paid at the end.
  expect(container.querySelector('#leaderboard-me')).toHaveTextContent('第 3 名')
  expect(container.querySelector('#leaderboard-my-prize')).toHaveTextContent('获得 300 积分，已发放到你的账户')
  // The rules under the prizes say what a refund does to the board and to a prize.
  expect(container.querySelector('#leaderboard-prizes')).toHaveTextContent('订单退款后其所得积分不计入排名，公布后退款的将收回因此多得的奖励')
  const ledger = await t.backend.handle({ method: 'GET', path: '/points/ledger', query: {}, headers: { authorization: `Bearer ${useSessionStore.getState().token}` } })
  expect(JSON.stringify(ledger.body)).toContain('积分排行榜 第 3 名奖励')
})

test('a winner whose refund after the results took part of the prize back reads how much', async () => {
  await t.loginAs('demo')
  // Third, 300 points paid; a refund after the results took 120 of them back (orders.ts does it on a refund).
  await t.backend.core.write(t.now(), async (work) => {
    const tx = await work.member(useSessionStore.getState().memberId!)
    tx.member = { ...tx.member, points: takeBackPrize(tx.member.points, { amount: 120, reason: '退款后排名第 4 名，收回多得的排行奖励', ref: 'leaderboard:points-race:3' }, tx.ctx).state }
  })
  const { container } = render(<LeaderboardPage />)
  await waitFor(() => expect(container.querySelector('#leaderboard-my-prize')).toHaveTextContent('获得 300 积分，因订单退款收回 120 积分'))
})

test('while the race runs, my rank says what it would win at the end', async () => {
  t.setNow('2026-11-20T02:00:00.000Z')
  await t.loginAs('demo')
  const { container } = render(<LeaderboardPage />)
  // Third so far, in the 第 2–3 名 band.
  await waitFor(() => expect(container.querySelector('#leaderboard-me')).toHaveTextContent('第 3 名'))
  expect(useCampaignsStore.getState().details['points-race'].leaderboard!.published).toBe(false)
  expect(container.querySelector('#leaderboard-my-prize')).toHaveTextContent('按当前排名可得 300 积分，活动结束后发放')
})

test('a prize taken back after a refund does not count against a race that is running', async () => {
  t.setNow('2026-11-20T02:00:00.000Z')
  await t.loginAs('demo')
  const score = async () => {
    const r = await t.backend.handle({ method: 'GET', path: '/campaigns/points-race', query: {}, headers: { authorization: `Bearer ${useSessionStore.getState().token}` } })
    return (r.body as CampaignDetail).leaderboard!.me.points
  }
  // The first request of the day pays its first visit (10 points, inside the race): read once before the score is taken.
  await score()
  const before = await score()
  expect(before).toBeGreaterThan(50)
  // An earlier race's prize, 50 points of it taken back now (server/core/use-cases/orders.ts does it on a refund).
  await t.backend.core.write(t.now(), async (work) => {
    const tx = await work.member(useSessionStore.getState().memberId!)
    tx.member = { ...tx.member, points: takeBackPrize(tx.member.points, { amount: 50, reason: '收回多得的排行奖励', ref: 'leaderboard:spring-race:1' }, tx.ctx).state }
  })
  expect(await score()).toBe(before)
})

test('a member who earned nothing in the window reads "未上榜" on the published results, not "暂未上榜" (as if a place might still come)', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<LeaderboardPage />)
  await waitFor(() => expect(container.querySelector('#leaderboard-status')).toHaveTextContent('结果已公布'))
  await waitFor(() => expect(container.querySelector('#leaderboard-my-rank')?.textContent).toBe('未上榜'))
  expect(container.querySelector('#leaderboard-me')).toHaveTextContent('活动期间赚取 0 积分')
  expect(container.querySelector('#leaderboard-my-prize')).toBeNull()
})
