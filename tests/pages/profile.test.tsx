/**
 * 个人资料: the form starts from the profile as saved — the birthday too — and then holds what the member types,
 * an emptied nickname included (it used to refill itself, so "林小满" + "小王" became "林小满小王").
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import ProfilePage from '@/packages/member/profile/index'
import { api } from '@/api/http'
import { startTestBackend } from '../support/backend'
import { found } from '../support/dom'
import { calls, pageStack, resetTaroMock } from '../support/taro-mock'

test('the saved nickname and birthday are shown; the nickname can be emptied and typed anew', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.updateProfile({ nickname: '林小满', birthday: '1990-05-20' })
  const { container } = render(<ProfilePage />)
  const nickname = (await found(container, '#profile-nickname')) as HTMLInputElement
  await waitFor(() => expect(nickname.value).toBe('林小满'))
  expect((container.querySelector('#profile-birthday') as HTMLInputElement).value).toBe('1990-05-20')
  fireEvent.input(nickname, { target: { value: '' } })
  await waitFor(() => expect(nickname.value).toBe(''))
  fireEvent.input(nickname, { target: { value: '小王' } })
  await waitFor(() => expect(nickname.value).toBe('小王'))
})

test('the demo member, whose 完善个人资料 is claimed, finds the birthday that completed it (the form was missing it)', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  expect((await api.tasks()).tasks.find((x) => x.id === 'growth-profile')?.status).toBe('claimed')
  const { container } = render(<ProfilePage />)
  const nickname = (await found(container, '#profile-nickname')) as HTMLInputElement
  await waitFor(() => expect(nickname.value).toBe('林小满'))
  expect((container.querySelector('#profile-birthday') as HTMLInputElement).value).toBe('1994-06-18')
})

test('saved, the profile goes back to the page it came from; opened on its own (a link, a reload), to 我的', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  for (const [depth, expected] of [
    [2, { kind: 'navigateBack', url: '' }],
    [1, { kind: 'switchTab', url: '/pages/me/index' }],
  ] as const) {
    resetTaroMock()
    pageStack.depth = depth
    const { container, unmount } = render(<ProfilePage />)
    const nickname = (await found(container, '#profile-nickname')) as HTMLInputElement
    fireEvent.input(nickname, { target: { value: `小王${depth}` } })
    fireEvent.click(await found(container, '#profile-save'))
    await waitFor(() => expect(calls.navigations).toEqual([expected]), { timeout: 3000 })
    expect(calls.toasts.map((x) => x.title)).toContain('资料已保存')
    unmount()
  }
})

test('the backend out of reach with no profile known: an error state with retry, not an empty form to save over it', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  t.offline()
  const { container } = render(<ProfilePage />)
  expect(await screen.findByText('加载失败', undefined, { timeout: 4000 })).toBeInTheDocument()
  expect(container.querySelector('#profile-save')).toBeNull()
  t.online()
  fireEvent.click(screen.getByText('重新加载'))
  const nickname = (await found(container, '#profile-nickname')) as HTMLInputElement
  await waitFor(() => expect(nickname.value).not.toBe(''))
})
