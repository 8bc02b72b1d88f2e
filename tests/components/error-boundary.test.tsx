/**
 * The page shell's error boundary: a render error shows the page's error state with retry instead of a blank
 * page; retry loads the page's data again and renders it anew. The page here is the real home page, thrown by a
 * member snapshot that cannot be rendered (storage tampered with, or a shape an older app wrote under the same
 * version) — the case a persisted snapshot could otherwise crash the app at start with.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { MemberMe } from '@/api/contract'
import { RENDER_ERROR_MESSAGE } from '@/components/ui/error-boundary'
import HomePage from '@/pages/home/index'
import { useMemberStore } from '@/stores/member'
import { expectConsoleError } from '../support/console-errors'
import { found } from '../support/dom'
import { startTestBackend } from '../support/backend'
import { requestsSettled } from '../support/requests'

test('a page that throws while rendering shows the error state; retry reloads it and it renders', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await requestsSettled()
  // A member without a tier: TierCard (and the benefits title) cannot render it.
  useMemberStore.setState({ me: { ...({} as MemberMe), nickname: '旧快照', balance: 1 } as MemberMe })
  expectConsoleError(/Cannot read properties of undefined|The above error occurred/)

  const { container } = render(<HomePage />)

  const error = await found(container, '#page-error')
  expect(error).toHaveTextContent('加载失败')
  expect(error).toHaveTextContent(RENDER_ERROR_MESSAGE)
  // The shell around it still works: the page is themed and the privacy gate is there (not blanked).
  expect(container.querySelector('#page-home')).not.toBeNull()

  fireEvent.click(screen.getByText('重新加载'))
  await found(container, '#tier-name')
  expect(container.querySelector('#page-error')).toBeNull()
  expect(container.querySelector('#tier-name')).toHaveTextContent(useMemberStore.getState().me!.tier.name)
  await requestsSettled()
})

test('retry while the reload is under way does nothing more: the button is disabled and loading', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await requestsSettled()
  useMemberStore.setState({ me: { nickname: '旧快照' } as MemberMe })
  expectConsoleError(/Cannot read properties of undefined|The above error occurred/)
  const { container } = render(<HomePage />)
  const retry = await found(container, '#page-error #retry-button')
  fireEvent.click(retry)
  expect(retry).toHaveAttribute('disabled')
  expect(retry).toHaveAttribute('data-loading', 'true')
  await waitFor(() => expect(container.querySelector('#page-error')).toBeNull())
  await requestsSettled()
})
