import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import * as Taro from '@tarojs/taro'
import InvitePage from '@/packages/campaign/invite/index'
import { api } from '@/api/http'
import { ApiError } from '@/api/errors'
import { platform } from '@/platform'
import { calls, reachBottom, shareHandler } from '../support/taro-mock'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { found } from '../support/dom'
import { requestsSettled } from '../support/requests'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend()
})
afterEach(() => jest.restoreAllMocks())


test('my code, the rewards in words (for the friend registering) and the friends who registered', async () => {
  await t.loginAs('demo')
  const { container } = render(<InvitePage />)
  const code = await found(container, '#invite-code')
  const server = await api.invites()
  expect(code).toHaveTextContent(server.code)
  expect(container.querySelector('#invite-rule-inviter')).toHaveTextContent('好友注册成功后，你得 +50 积分、+100 成长值')
  expect(container.querySelector('#invite-count')).toHaveTextContent(`已邀请 ${server.invitedCount} 人`)
  expect(container.querySelector("#invite-count")).toHaveTextContent(`已邀请 ${server.invitedCount} 人`)
  const rows = container.querySelectorAll('#invite-list .invite-list__row')
  expect(rows).toHaveLength(server.invites.length)
  expect(rows.length).toBeGreaterThan(0)
  rows.forEach((row, i) => {
    // The points each registration actually brought: the day's points cap may trim the +50 of the rule.
    expect(server.invites[i].rewardPoints).toBeGreaterThan(0)
    expect(row).toHaveTextContent(server.invites[i].nickname)
    expect(row).toHaveTextContent(`+${server.invites[i].rewardPoints} 积分`)
    // Less than the rule gives: the row says the day's cap took the rest.
    if (server.invites[i].capped > 0) expect(row).toHaveTextContent(`当日积分已达上限，少得 ${server.invites[i].capped} 积分`)
    else expect(row.textContent).not.toContain('已达上限')
  })
  // Rewards are for registering, never for sharing.
  expect(container.textContent).not.toMatch(/分享(即|就)?(可)?(得|送|赚|领|获得)/)
})

test('a reward the day’s points cap cut says by how much', async () => {
  const inviter = newMemberCode()
  await t.loginAs(inviter)
  const { code } = await api.invites()
  await t.loginAs(newMemberCode())
  await api.acceptInvite({ code })
  await t.loginAs(inviter)
  await api.signin()
  await t.loginAs(newMemberCode())
  await api.acceptInvite({ code })
  await t.loginAs(inviter)
  const cut = (await api.invites()).invites.find((i) => i.capped > 0)!
  expect(cut.capped).toBeGreaterThan(0)
  const { container } = render(<InvitePage />)
  await found(container, '#invite-list')
  const rows = [...container.querySelectorAll('#invite-list .invite-list__row')]
  expect(rows.filter((r) => r.textContent?.includes(`+${cut.rewardPoints} 积分当日积分已达上限，少得 ${cut.capped} 积分`))).toHaveLength(1)
  expect(rows.filter((r) => r.textContent?.includes('已达上限'))).toHaveLength(1)
})

test('H5: the button copies the invite link with my code', async () => {
  await t.loginAs('demo')
  const copy = jest.spyOn(platform.share, 'copyLink')
  const { container } = render(<InvitePage />)
  const share = await found(container, '#invite-share')
  await found(container, '#invite-link')
  expect(share).toHaveTextContent('复制邀请链接')
  const code = (await api.invites()).code
  // The demo configures no address: the link leads to where the app is served from.
  const link = `${location.origin}${location.pathname}#/pages/home/index?inviteCode=${code}`
  expect(container.querySelector('#invite-link')).toHaveTextContent(link)
  // Where a share is rewarded (H5), the page says the copy is the share the cards page sent the member for, and what it
  // earns by the rules: the 分享 rule's points — not a share task, which the default rules do not have.
  expect(container.querySelector('#invite-share-counts')).toHaveTextContent('复制链接发给好友即算一次分享：+30 积分（每天最多 1 次），集卡活动中可得卡')
  fireEvent.click(share)
  await waitFor(() => expect(copy).toHaveBeenCalledWith(link))
  await waitFor(() => expect(calls.toasts.map((x) => x.title)).toContain('邀请链接已复制，发给好友吧'))
  // Then what the share earned, as a sign-in's result says it: its points and the collect-cards card.
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toMatch(/^邀请链接已复制，分享 \+\d+ 积分，获得一张「.+」$/))
})

test('the platform share sheet (a mini program’s 转发) sends my card and, where a share is rewarded, counts as the share', async () => {
  await t.loginAs('demo')
  const event = jest.spyOn(api, 'event')
  const { container } = render(<InvitePage />)
  const code = (await found(container, '#invite-code')).textContent
  await found(container, '#invite-share-counts')
  const card = shareHandler.current!() as { path: string }
  expect(card.path).toContain(`inviteCode=${code}`)
  await waitFor(() => expect(event).toHaveBeenCalledWith({ type: 'share', ref: undefined }))
  await requestsSettled()
})

test('H5: a copy whose share could not be recorded (offline) says so instead of only "copied"', async () => {
  await t.loginAs('demo')
  jest.spyOn(platform.share, 'copyLink').mockResolvedValue(undefined)
  const { container } = render(<InvitePage />)
  const share = await found(container, '#invite-share')
  await found(container, '#invite-link')
  t.offline()
  fireEvent.click(share)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('链接已复制，但这次分享没能记下，联网后再复制一次即可'))
  t.online()
})

test('H5: a second copy the same day (the share counted once already) is just copied, with no alarm', async () => {
  await t.loginAs('demo')
  jest.spyOn(platform.share, 'copyLink').mockResolvedValue(undefined)
  await api.event({ type: 'share' }).catch(() => undefined) // today's share, counted (or already counted)
  await expect(api.event({ type: 'share' })).rejects.toMatchObject({ status: 409 }) // what the copy's report meets
  const { container } = render(<InvitePage />)
  const share = await found(container, '#invite-share')
  await found(container, '#invite-link')
  fireEvent.click(share)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('邀请链接已复制，发给好友吧'))
  await requestsSettled()
  expect(calls.toasts.map((x) => x.title)).not.toContain('链接已复制，但这次分享没能记下，联网后再复制一次即可')
})

test("mini programs: the page's share card carries the title and path with my code", async () => {
  await t.loginAs('demo')
  let card: (() => unknown) | null = null
  jest.spyOn(Taro, 'useShareAppMessage').mockImplementation((cb) => {
    card = cb as () => unknown
  })
  const { container } = render(<InvitePage />)
  await found(container, '#invite-code')
  const server = await api.invites()
  expect(card).not.toBeNull()
  expect(card!()).toEqual({ title: server.shareTitle, path: `/pages/home/index?inviteCode=${server.code}` })
})

test('a new member has no invites yet', async () => {
  await t.loginAs(newMemberCode())
  render(<InvitePage />)
  expect(await screen.findByText('还没有好友通过你的邀请注册')).toBeInTheDocument()
  expect(screen.getByText('已邀请 0 人')).toBeInTheDocument()
})

test('我的邀请 counts every friend, shows the last 20 and, at the bottom, the ones before (a failed page is offered again)', async () => {
  const inviter = newMemberCode()
  await t.loginAs(inviter)
  const { code } = await api.invites()
  for (let i = 0; i < 23; i++) {
    await t.loginAs(newMemberCode())
    await api.acceptInvite({ code })
  }
  await t.loginAs(inviter)
  const { container } = render(<InvitePage />)
  const footer = await found(container, '#invites-footer')
  expect(footer).toHaveTextContent('上滑加载更多')
  expect(container.querySelector('#invite-count')).toHaveTextContent('已邀请 23 人')
  const rows = () => container.querySelectorAll('#invite-list .invite-list__row').length
  expect(rows()).toBe(20)

  const list = jest.spyOn(api, 'inviteList').mockRejectedValueOnce(new ApiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后重试'))
  await act(async () => reachBottom.current?.())
  await waitFor(() => expect(container.querySelector('#invites-footer')).toHaveTextContent('加载失败，点击重试'))
  expect(rows()).toBe(20)
  fireEvent.click(container.querySelector('#invites-footer')!)
  await waitFor(() => expect(container.querySelector('#invites-footer')).toHaveTextContent('没有更多了'))
  expect(rows()).toBe(23)
  expect(list).toHaveBeenCalledTimes(2)
})
