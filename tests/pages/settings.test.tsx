/**
 * 设置 (issue 13 item 11): the customer-service entry says what it does on each platform — H5 has no online
 * conversation, so it dials the brand's number and says so; WeChat opens its own 在线客服 conversation.
 */
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SettingsPage from '@/packages/settings/settings/index'
import { serviceEntryOf } from '@/platform/service-entry'
import { api } from '@/api/http'
import { useConfigStore } from '@/stores/config'
import { useSessionStore } from '@/stores/session'
import { privacyRequestsView, useSupportStore } from '@/stores/support'
import { DEFAULT_OPERATOR_TOKEN } from '../../mock/seed'
import { startTestBackend } from '../support/backend'
import { found } from '../support/dom'
import { calls } from '../support/taro-mock'

test('H5: the service entry reads 拨打客服电话 with the number, and dials it', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<SettingsPage />)
  const entry = await found(container, '#contact-service')
  await waitFor(() => expect(entry).toHaveTextContent('拨打客服电话 400-820-8820'))
  expect(container.textContent).not.toContain('在线客服')
  fireEvent.click(entry)
  expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '400-820-8820' })
})

test('a service page is opened on H5 and copied where a page cannot be opened (Alipay), each named for it; the copy says it is done', async () => {
  expect(serviceEntryOf('https://help.example.com/', 'open').label).toBe('打开客服页面')
  const copy = serviceEntryOf('https://help.example.com/', 'copy')
  expect(copy.label).toBe('复制客服页面链接')
  copy.open()
  expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'https://help.example.com/' })
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('客服页面链接已复制，请在浏览器中打开'))
})

test('a member who closes the dialer is not told anything went wrong', async () => {
  jest.mocked(Taro.makePhoneCall).mockRejectedValueOnce(new Error('makePhoneCall:fail cancel'))
  const unhandled = jest.fn()
  process.on('unhandledRejection', unhandled)
  try {
    serviceEntryOf('tel:400-820-8820', 'open').open()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(unhandled).not.toHaveBeenCalled()
  } finally {
    process.off('unhandledRejection', unhandled)
  }
})

test('申请删除数据 is confirmed, then listed under 我的数据 as 处理中 with a number to read out (the demo saying no one will handle it); handled, it shows the reply', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<SettingsPage />)
  fireEvent.click(await found(container, '#request-deletion'))
  // The receipt is too long for a toast: a dialog says it whole.
  await waitFor(() => expect(calls.modals.at(-1)).toMatchObject({ title: '申请已提交', confirmText: '知道了', showCancel: false }))
  // Asked first, saying what goes with the account (the backend forfeits it at 会员注销).
  expect(calls.modals.find((m) => m.title === '申请删除数据')?.content).toContain('积分、优惠券和核销码随账户作废')
  const list = await found(container, '#privacy-requests')
  await waitFor(() => expect(list.querySelectorAll('.privacy-request')).toHaveLength(1))
  const [mine] = (await api.privacyRequests()).requests
  // The receipt gives the number and, on the demo, does not promise what no one will do (a server's says 15 个工作日).
  expect(calls.modals.at(-1)?.content).toBe(`编号 ${mine.requestNo}。演示版没有运营人员处理申请，将一直显示处理中`)
  const row = await found(container, `#privacy-request-${mine.requestId}`)
  // The demo (this embedded backend) has no operator to answer it, and says so rather than promise 15 working days.
  expect(row).toHaveTextContent(new RegExp(`^数据删除申请 · \\d+月\\d+日 \\d{2}:\\d{2}处理中编号 ${mine.requestNo}。演示版没有运营人员处理申请，将一直显示处理中$`))
  expect(row.textContent).not.toContain('pr-')
  // An operator answers it (the console's 隐私申请); the page shows the reply once it is loaded again.
  const handled = await t.backend.handle({
    method: 'POST',
    path: `/admin/members/${useSessionStore.getState().memberId}/privacy-requests/${mine.requestId}/handle`,
    query: {},
    headers: { authorization: `Bearer ${DEFAULT_OPERATOR_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'settings-test-1' },
    rawBody: JSON.stringify({ reply: '已核实并删除你的会员数据' }),
  })
  expect(handled.status).toBe(200)
  await act(() => privacyRequestsView.load())
  await waitFor(() => expect(row).toHaveTextContent(`已处理编号 ${mine.requestNo}。处理结果：已核实并删除你的会员数据`))
})

test('意见反馈: 提交 waits for a text; once sent, a second tap neither sends again nor says the box is empty', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<SettingsPage />)
  const submit = await found(container, '#feedback-submit')
  expect(submit).toHaveAttribute('disabled')
  fireEvent.change(container.querySelector('#feedback-content')!, { target: { value: '希望增加更多兑换商品' } })
  await waitFor(() => expect(submit).not.toHaveAttribute('disabled'))
  fireEvent.click(submit)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('感谢反馈，我们会尽快处理'))
  expect(submit).toHaveAttribute('disabled')
  fireEvent.click(submit)
  expect(calls.toasts.map((x) => x.title)).toEqual(['感谢反馈，我们会尽快处理'])
})

test('我的数据: requests that cannot be loaded say so with 重试, which loads them', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.requestDataExport()
  t.offline()
  const { container } = render(<SettingsPage />)
  const failed = await found(container, '#privacy-requests-error')
  expect(failed).toHaveTextContent('申请记录加载失败')
  t.online()
  fireEvent.click(failed.querySelector('.btn')!)
  await waitFor(() => expect(container.querySelector('#privacy-requests .privacy-request')).not.toBeNull())
  expect(container.querySelector('#privacy-requests-error')).toBeNull()
})

test('撤回同意 clears the requests and replies shown', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  await api.requestDataExport()
  await act(() => privacyRequestsView.load())
  expect(useSupportStore.getState().privacyRequests).toHaveLength(1)
  act(() => useSessionStore.setState({ consent: 'declined' }))
  expect(useSupportStore.getState().privacyRequests).toBeNull()
})

test('联系客服 waits for the brand’s own number: nothing to dial while the config is loading or cannot be loaded', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  t.offline()
  const { container } = render(<SettingsPage />)
  await found(container, '#privacy-requests-error')
  expect(container.querySelector('#contact-service')).toBeNull()
  expect(container.textContent).not.toContain('4000000000')
  expect(container.textContent).not.toContain('联系客服')
  t.online()
  await act(() => useConfigStore.getState().load())
  await waitFor(() => expect(container.querySelector('#contact-service')).toHaveTextContent('拨打客服电话 400-820-8820'))
})

test('申请导出数据 is worded as the request it files, like 申请删除数据; on the demo its confirmation promises no notice that never comes', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<SettingsPage />)
  const button = await found(container, '#request-export')
  expect(button).toHaveTextContent('申请导出数据')
  fireEvent.click(button)
  await waitFor(() => expect(calls.modals.at(-1)?.title).toBe('申请已提交'))
  expect(calls.modals[0]).toMatchObject({ title: '申请导出数据', content: '我们将整理你的会员资料、积分、签到和订单记录。' })
  expect(calls.modals[1].content).toMatch(/^编号 \d{8}-\d{4}-\d+。演示版没有运营人员处理申请，将一直显示处理中$/)
  expect(container.textContent).not.toContain('导出我的数据')
})
