/**
 * SPEC §1.6: nothing is locked behind sharing. Every campaign type the operator can configure — lottery, collect
 * cards, leaderboard, a festival theme, a tier-exclusive event — is played to its end by a member on WeChat, where
 * share rewards are off, while every way to share is watched: not one share call is made and none is needed.
 */
import { waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { api } from '@/api/http'
import { addDays, startOfBusinessDay, toIso, businessDateOf } from '@/domain/calendar'
import type { RulesConfig } from '@/domain/config'
import { platform } from '@/platform'
import { useCampaignsStore } from '@/stores/campaigns'
import { requestState } from '@/stores/request'
import { useSessionStore } from '@/stores/session'
import { useTasksStore } from '@/stores/tasks'
import { useThemeStore } from '@/stores/theme'
import { defaultRules } from '../../mock/seed'
import { startTestBackend, paidOrder } from '../support/backend'
import { claimCards, draw, loadDetail } from '@/stores/campaign-detail'
import { signIn } from '@/stores/signin-actions'

const START = Date.parse('2026-11-24T02:00:00.000Z')
const DAY = 86_400_000

/** The demo campaigns, with the leaderboard and the exclusive draw moved so that all of them run at START. */
function rulesRunningEverything(): RulesConfig {
  const rules = defaultRules(START)
  const today = businessDateOf(START, rules.calendar)
  const dayStart = (offset: number) => toIso(startOfBusinessDay(addDays(today, offset), rules.calendar))
  return {
    ...rules,
    campaigns: rules.campaigns.map((c) => {
      // A leaderboard is for everyone; the open lottery goes to silver and up (the demo member, gold, is in): a third
      // overlapping "all" campaign would be refused.
      if (c.type === 'leaderboard') return { ...c, startsAt: dayStart(0), endsAt: dayStart(3) }
      if (c.type === 'lottery' && !c.exclusive) return { ...c, audience: { kind: 'tier', minTierRank: 1 } }
      if (c.exclusive) return { ...c, startsAt: dayStart(0), audience: { kind: 'tier', minTierRank: 2 } }
      return c
    }),
  }
}

test('every campaign type is completed by a WeChat member without a single share call', async () => {
  const rules = rulesRunningEverything()
  const t = await startTestBackend(toIso(START), { config: rules })
  const res = await api.login({ platform: 'weapp', code: 'demo' })
  useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })

  const copyLink = jest.spyOn(platform.share, 'copyLink')
  const event = jest.spyOn(api, 'event')
  const store = () => useCampaignsStore.getState()
  const detail = (id: string) => store().details[id]

  // All of them are listed and open to this member; the festival theme is in force.
  await store().loadList()
  const byType = Object.fromEntries(rules.campaigns.map((c) => [c.id, c.type]))
  expect(store().campaigns!.map((c) => [c.id, c.canEnter]).sort()).toEqual(Object.keys(byType).map((id) => [id, true]).sort())
  expect(useThemeStore.getState().theme).toMatchObject({ primary: '#c41d16' })
  expect(store().signinMultiplier).toBe(2)

  // Lotteries (the open one and the exclusive one): the free draw lands on a prize.
  for (const id of Object.keys(byType).filter((id) => byType[id] === 'lottery')) {
    await loadDetail(id)
    const drawn = await draw(id)
    expect(drawn).toMatchObject({ free: true, cost: 0 })
    expect(detail(id).lottery!.draws.freeLeft).toBe(0)
  }

  // Collect cards: day by day from sign-ins, service use and tasks until the set is complete, then the prize.
  let day = 0
  do {
    t.setNow(toIso(START + day * DAY))
    await signIn()
    await paidOrder()
    await useTasksStore.getState().claim('daily-core-use').catch(() => undefined)
    await loadDetail('spring-cards')
    day++
  } while (!detail('spring-cards').cards!.complete && day < 14)
  expect(detail('spring-cards').cards!.collected).toBe(5)
  const prize = await claimCards('spring-cards')
  expect(prize.points).toBe(200)

  // Leaderboard: the points earned above rank the member; once it ends the results are published with them in it.
  t.setNow(toIso(Date.parse(rules.campaigns.find((c) => c.type === 'leaderboard')!.endsAt) + DAY))
  await loadDetail('points-race')
  const board = detail('points-race').leaderboard!
  expect(board.published).toBe(true)
  expect(board.me.points).toBeGreaterThan(0)
  expect(board.me.rank).not.toBeNull()

  // Not one share, of any kind, on the way.
  expect(copyLink).not.toHaveBeenCalled()
  expect(event.mock.calls.filter(([body]) => body.type === 'share')).toEqual([])
  expect(Taro.setClipboardData).not.toHaveBeenCalled()
  await waitFor(() => expect(requestState(claimCards.key).status).toBe('success'))
})
