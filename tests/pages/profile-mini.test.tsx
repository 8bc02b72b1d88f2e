/**
 * 个人资料 on the mini programs: the birthday is drawn by the native date picker's text, which reads as every other
 * full date in the app ("1990年5月20日"), not as the wire's ISO date. (H5 shows the browser's own date input:
 * profile.test.tsx.)
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import ProfilePage from '@/packages/member/profile/index'
import { api } from '@/api/http'
import { startTestBackend } from '../support/backend'
import { found } from '../support/dom'

// The page with the controls both mini programs draw (ui.weapp.tsx and ui.alipay.tsx re-export ui-mini.tsx).
jest.mock('@/platform/ui', () => ({ ...jest.requireActual('@/platform/ui'), ...jest.requireActual('@/platform/ui-mini') }))

test('the saved birthday reads 1990年5月20日, and a date picked reads the same way', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.updateProfile({ nickname: '林小满', birthday: '1990-05-20' })
  const { container } = render(<ProfilePage />)
  const field = await found(container, '#profile-birthday')
  await waitFor(() => expect(field).toHaveTextContent('1990年5月20日'))
  expect(field.textContent).not.toContain('1990-05-20')
  fireEvent.change(container.querySelector('[data-testid="picker"]')!, { target: { value: '1988-11-03' } })
  await waitFor(() => expect(container.querySelector('#profile-birthday')).toHaveTextContent('1988年11月3日'))
})

test('no birthday yet: the picker shows its placeholder', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<ProfilePage />)
  await waitFor(() => expect(container.querySelector('#profile-birthday')).toHaveTextContent('选择生日（用于生日礼遇）'))
})
