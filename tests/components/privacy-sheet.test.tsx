import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { PageShell } from '@/components/ui/page-shell'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import { useThemeStore } from '@/stores/theme'

function renderShell() {
  return render(
    <PageShell id='page-test'>
      <span>页面内容</span>
    </PageShell>,
  )
}

beforeEach(() => platform.storage.removeItem('privacy-consent'))

test('first launch: the consent sheet blocks until the member agrees, and consent is remembered', async () => {
  await useSessionStore.getState().checkConsent()
  renderShell()
  expect(screen.getByText('隐私保护提示')).toBeInTheDocument()

  fireEvent.click(screen.getByText('同意并继续'))
  await waitFor(() => expect(screen.queryByText('隐私保护提示')).not.toBeInTheDocument())
  expect(useSessionStore.getState().consent).toBe('accepted')
  expect(await platform.privacy.status()).toBe('accepted')
})

test('declining keeps the gate up with an explanation', async () => {
  await useSessionStore.getState().checkConsent()
  renderShell()
  fireEvent.click(screen.getByText('不同意'))
  expect(await screen.findByText(/会员服务暂不可用/)).toBeInTheDocument()
  expect(await platform.privacy.status()).toBe('required')
})

test('an accepted notice shows no sheet on the next launch', async () => {
  await platform.privacy.accept()
  await useSessionStore.getState().checkConsent()
  renderShell()
  expect(screen.getByText('页面内容')).toBeInTheDocument()
  expect(screen.queryByText('隐私保护提示')).not.toBeInTheDocument()
})

test('a campaign theme switches the primary colour of the page', () => {
  useThemeStore.getState().setTheme({ primary: '#c8102e', primarySoft: '#fde8ea', onPrimary: '#fff' })
  const { container } = renderShell()
  expect(container.querySelector('#page-test')?.getAttribute('data-style')).toContain('--color-primary:#c8102e')
})
