/**
 * 任务: a newcomer task says until when it can be done, as every other date in the app reads ("11月30日"), not as
 * the wire's ISO date; a task that counts by itself has no 去完成; the 下单 tasks and the tier's doubling read as
 * members know them.
 */
import { render, waitFor } from '@testing-library/react'
import TasksPage from '@/pages/tasks/index'
import { api } from '@/api/http'
import { newMemberCode, startTestBackend } from '../support/backend'
import { found } from '../support/dom'

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
