/**
 * 我的 (pages/me): every place a member looks for what they hold is one tap away — 兑换记录 included, where the
 * voucher claimed on 会员权益 or won in a draw waits for the counter (not only behind 积分商城).
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import MePage from '@/pages/me/index'
import { calls } from '../support/taro-mock'
import { startTestBackend } from '../support/backend'
import { found } from '../support/dom'

test('我的 lists 兑换记录 with what it holds, and the entry opens it', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<MePage />)
  const entry = await found(container, '#me-entry-redemptions')
  expect(entry).toHaveTextContent('兑换记录')
  expect(entry).toHaveTextContent('核销码与礼品进度')
  fireEvent.click(entry)
  await waitFor(() => expect(calls.navigations.at(-1)?.url).toContain('/packages/mall/redemptions/index'))
})
