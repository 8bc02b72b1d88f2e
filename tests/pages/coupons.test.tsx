import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { api } from '@/api/http'
import CouponsPage from '@/packages/mall/coupons/index'
import { useCouponsStore } from '@/stores/coupons'
import { calls } from '../support/taro-mock'
import { startTestBackend } from '../support/backend'

test('every available coupon has 去使用, which opens the shop where coupons are used; used ones have none', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.redeem('rw-coupon-9off')
  render(<CouponsPage />)
  await waitFor(() => expect(useCouponsStore.getState().coupons).not.toBeNull())
  const { available, used } = useCouponsStore.getState().coupons!
  expect(available.length).toBeGreaterThan(0)
  for (const c of available) expect(document.getElementById(`coupon-use-${c.id}`)).toHaveTextContent('去使用')
  fireEvent.click(document.getElementById(`coupon-use-${available[0].id}`)!)
  expect(calls.navigations.at(-1)?.url).toMatch(/\/shop\//)
  fireEvent.click(screen.getByText('已使用'))
  expect(used.length).toBeGreaterThan(0)
  await waitFor(() => expect(document.getElementById(`coupon-${used[0].id}`)).not.toBeNull())
  for (const c of used) expect(document.getElementById(`coupon-use-${c.id}`)).toBeNull()
})
