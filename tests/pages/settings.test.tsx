/**
 * 设置 (issue 13 item 11): the customer-service entry says what it does on each platform — H5 has no online
 * conversation, so it dials the brand's number and says so; WeChat opens its own 在线客服 conversation.
 */
import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SettingsPage from '@/packages/settings/settings/index'
import { serviceEntryOf } from '@/platform/service-entry'
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

test('a service page is opened on H5 and copied where a page cannot be opened (Alipay), each named for it', () => {
  expect(serviceEntryOf('https://help.example.com/', 'open').label).toBe('打开客服页面')
  const copy = serviceEntryOf('https://help.example.com/', 'copy')
  expect(copy.label).toBe('复制客服页面链接')
  copy.open()
  expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'https://help.example.com/' })
})

test('申请删除数据 is confirmed, then answered as a deletion request with a number to read out', async () => {
  const t = await startTestBackend()
  await t.loginAs('demo')
  const { container } = render(<SettingsPage />)
  fireEvent.click(await found(container, '#request-deletion'))
  const status = await found(container, '#privacy-request-status')
  expect(status.textContent).toMatch(/^数据删除申请已提交（编号 \d{8}-\d{4,}-\d+）：已收到你的数据删除申请/)
  expect(status.textContent).not.toContain('pr-')
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
