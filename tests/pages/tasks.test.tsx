/**
 * 任务: a newcomer task says until when it can be done, as every other date in the app reads ("11月30日"), not as
 * the wire's ISO date; a task that counts by itself has no 去完成; the 下单 tasks and the tier's doubling read as
 * members know them.
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import TasksPage from '@/pages/tasks/index'
import { api } from '@/api/http'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { found } from '../support/dom'
import { calls, modalAnswer } from '../support/taro-mock'

test('a newcomer task reads 截止 11月30日', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  const { container } = render(<TasksPage />)
  await waitFor(() => expect(container.textContent).toContain('截止 11月30日'))
  expect(container.textContent).not.toMatch(/截止 \d{4}-/)
})

test('a task that counts by itself (累计使用 10 天, action home) says how instead of a 去完成 that only opens 首页', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  const { container } = render(<TasksPage />)
  const task = await found(container, '#task-growth-active-10-days')
  expect(task.querySelector('#task-hint-growth-active-10-days')).toHaveTextContent('每天打开即可累计')
  expect(task.querySelector('button')).toBeNull()
  expect(task).not.toHaveTextContent('去完成')
  // A task done somewhere else keeps its 去完成.
  expect(container.querySelector('#task-button-daily-guide-read')).toHaveTextContent('去完成')
})

test('the 下单 tasks are named for what counts them, and a campaign task the tier doubles is marked with that benefit’s name', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs('demo')
  const { container } = render(<TasksPage />)
  await found(container, '#task-list')
  await waitFor(() => expect(container.querySelector('#task-daily-core-use')).toHaveTextContent('下单 1 次'))
  expect(container.textContent).not.toContain('核心功能')
  const spring = (await api.tasks()).tasks.find((x) => x.id === 'campaign-spring-core-use')!
  expect(spring.title).toBe('春节活动：下单 3 次')
  expect(spring.doubled).toBe(true)
  expect(container.querySelector('#task-campaign-spring-core-use .task__reward')).toHaveTextContent(`${spring.rewardText} · 活动任务积分翻倍`)
  expect(container.textContent).not.toContain('会员双倍')
})

/** 100 capped points today (what reviews would bring): the day's cap is full. */
async function fillTodaysCap(t: TestBackend): Promise<void> {
  const { id } = await api.me()
  await t.backend.core.write(t.now(), async (work) => void (await work.member(id)).grant({ amount: 100, source: 'behaviour', ref: 'reviews' }))
}

test('a growth reward today’s points cap would cut asks first: 明天再领 leaves it to claim, 现在领取 takes what is left and says what the cap took', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  await api.updateProfile({ nickname: '小满', birthday: '1995-06-01' })
  await fillTodaysCap(t)
  expect((await api.pointsSummary()).caps).toMatchObject({ dayUsed: 100, dayLimit: 100 })
  const { container } = render(<TasksPage />)
  const button = await found(container, '#task-button-growth-profile')
  await waitFor(() => expect(button).toHaveTextContent('领取'))

  modalAnswer.confirm = false
  fireEvent.click(button)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0]).toMatchObject({ title: '今日积分已达上限', content: '现在领取得不到积分，明天再领最多可得 50 积分', confirmText: '现在领取', cancelText: '明天再领' })
  await waitFor(() => expect(button).not.toBeDisabled())
  expect((await api.tasks()).tasks.find((x) => x.id === 'growth-profile')?.status).toBe('claimable')
  expect(calls.toasts).toEqual([])

  modalAnswer.confirm = true
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.map((x) => x.title)).toEqual([expect.stringMatching(/^当日积分已达上限，本次未得积分(，获得一张「.+」)?$/)]))
  expect(calls.modals).toHaveLength(2)
  expect((await api.tasks()).tasks.find((x) => x.id === 'growth-profile')?.status).toBe('claimed')
})

test('a daily task is claimed without asking: waiting would not keep it', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  await fillTodaysCap(t)
  await api.event({ type: 'guide_read' })
  const { container } = render(<TasksPage />)
  const button = await found(container, '#task-button-daily-guide-read')
  await waitFor(() => expect(button).toHaveTextContent('领取'))
  fireEvent.click(button)
  // The collect-cards card the claim earned is named, as a sign-in's result names it.
  await waitFor(() => expect(calls.toasts.map((x) => x.title)).toEqual([expect.stringMatching(/^当日积分已达上限，本次未得积分，获得一张「.+」$/)]))
  expect(calls.modals).toEqual([])
})

test('签到后浏览 1 个商品 before the day’s sign-in: a browse does not count, it says 请先签到 and 去完成 opens 签到; after it, 去完成 opens the shop', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  await api.event({ type: 'browse_product', ref: 'latte' })
  const { container, unmount } = render(<TasksPage />)
  const task = await found(container, '#task-daily-browse-product')
  await waitFor(() => expect(task).toHaveTextContent('已完成 0/1 · 请先签到'))
  fireEvent.click(task.querySelector('#task-button-daily-browse-product')!)
  await waitFor(() => expect(calls.navigations.at(-1)?.url).toMatch(/\/signin\/index/))
  unmount()

  await api.signin()
  const again = render(<TasksPage />)
  const signed = await found(again.container, '#task-daily-browse-product')
  await waitFor(() => expect(signed).toHaveTextContent('已完成 0/1'))
  expect(signed).not.toHaveTextContent('请先签到')
  fireEvent.click(signed.querySelector('#task-button-daily-browse-product')!)
  await waitFor(() => expect(calls.navigations.at(-1)?.url).toMatch(/\/shop\/index/))
})
