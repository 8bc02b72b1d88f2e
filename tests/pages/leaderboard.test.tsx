import { render, screen, waitFor } from '@testing-library/react'
import LeaderboardPage from '@/packages/campaign/leaderboard/index'
import { useCampaignsStore } from '@/stores/campaigns'
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
  expect(container.querySelector('#leaderboard-me')).toHaveTextContent(board.me.rank ? `第 ${board.me.rank} 名` : '暂未上榜')
  expect(screen.getByText('最终排名')).toBeInTheDocument()
})

test('a member who earned nothing in the window is "暂未上榜"', async () => {
  await t.loginAs(newMemberCode())
  const { container } = render(<LeaderboardPage />)
  await waitFor(() => expect(container.querySelector('#leaderboard-me')).toHaveTextContent('暂未上榜'))
  expect(container.querySelector('#leaderboard-me')).toHaveTextContent('活动期间赚取 0 积分')
})
