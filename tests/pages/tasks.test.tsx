/**
 * 任务: a newcomer task says until when it can be done, as every other date in the app reads ("11月30日"), not as
 * the wire's ISO date.
 */
import { render, waitFor } from '@testing-library/react'
import TasksPage from '@/pages/tasks/index'
import { newMemberCode, startTestBackend } from '../support/backend'

test('a newcomer task reads 截止 11月30日', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  const { container } = render(<TasksPage />)
  await waitFor(() => expect(container.textContent).toContain('截止 11月30日'))
  expect(container.textContent).not.toMatch(/截止 \d{4}-/)
})
