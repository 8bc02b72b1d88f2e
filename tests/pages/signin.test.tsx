import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { AxiosAdapter } from 'axios'
import { api, setApiAdapter } from '@/api/http'
import SigninPage from '@/packages/member/signin/index'
import { MASK_ARMING_MS } from '@/components/ui/sheet'
import { usePointsStore } from '@/stores/points'
import { useSessionStore } from '@/stores/session'
import { MAX_POINTS } from '@/domain/points'
import { msToNextBusinessDay, newBusinessDay, watchBusinessDay } from '@/stores/freshness'
import { learnServerTime } from '@/platform/clock'
import { calls, modalAnswer } from '../support/taro-mock'
import { fillTheDayCap, newMemberCode, oweAfterRefund, startTestBackend, type TestBackend } from '../support/backend'
import { found } from '../support/dom'
import { requestsSettled } from '../support/requests'
import { createInProcessAdapter } from '../../mock/adapter'
import { defaultRules } from '../../mock/seed'
import { platform } from '@/platform'
import { startSubscriptionBackend, TEMPLATE_IDS } from '../support/subscription-backend'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z')
  // A member since the 1st: the days of the month before today are theirs to make up (never those before joining).
  t.setNow('2026-11-01T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  t.setNow('2026-11-24T02:00:00.000Z')
})

const day = (c: HTMLElement, date: string) => c.querySelector(`#day-${date}`)!

/** Makes up `date` on the page shown: the day chosen once it offers it, the cost confirmed, the day marked 补. */
async function makeUpOn(c: HTMLElement, date: string): Promise<void> {
  await waitFor(() => expect(day(c, date).className).toContain('makeup-able'))
  fireEvent.click(day(c, date))
  modalAnswer.confirm = true
  fireEvent.click(c.querySelector('#makeup-button')!)
  await waitFor(() => expect(day(c, date).className).toContain('--makeup'))
}


test('signing in marks today, shows the streak and the result sheet with what was earned', async () => {
  const { container } = render(<SigninPage />)
  const button = await found(container, '#signin-button')
  expect(day(container, '2026-11-24').className).toContain('--today')
  fireEvent.click(button)
  expect(await screen.findByText('签到成功')).toBeInTheDocument()
  expect(container.querySelector('#signin-streak')).toHaveTextContent('已连续签到 1 天')
  expect(day(container, '2026-11-24').className).toContain('--today-signed')
  expect(container.querySelector('#signin-button')).toHaveTextContent('今日已签到')
  expect(container.querySelector('#signin-result-points')?.textContent).toMatch(/^\+\d+ 积分$/)
  expect(container.querySelector('#signin-next-bonus')).toHaveTextContent('再签 2 天额外得 10 积分')
  // The Spring Festival cards campaign runs at this date: the sign-in also earned a card.
  expect(container.querySelector('#signin-result-card')?.textContent).toMatch(/获得一张「.+福」/)
})

test('a follow-up task already done and claimed today is not offered again on the result sheet (its 去完成 led nowhere); 签到后浏览 is, a browse before the sign-in not counting', async () => {
  const rules = defaultRules(Date.parse('2026-11-24T02:00:00.000Z'))
  t = await startTestBackend('2026-11-24T02:00:00.000Z', { config: { ...rules, signin: { ...rules.signin, followUpTasks: ['daily-guide-read', 'daily-browse-product'] } } })
  await t.loginAs(newMemberCode())
  await api.event({ type: 'guide_read' })
  await api.claimTask('daily-guide-read')
  await api.event({ type: 'browse_product', ref: 'latte' })
  const { container } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button'))
  expect(await screen.findByText('签到成功')).toBeInTheDocument()
  expect(container.querySelector('#signin-result')).not.toHaveTextContent('浏览使用指南')
  expect(container.querySelector('.signin-result__tasks')).toHaveTextContent('签到后浏览 1 个商品 +5 积分去完成')
})

test('补签 with no day to make up says so, instead of pointing to dashed days there are none of, and its button is off', async () => {
  // Joined today: the days of the month before it were never missed.
  await t.loginAs(newMemberCode())
  const { container } = render(<SigninPage />)
  const hint = await found(container, '#makeup-hint')
  await waitFor(() => expect(hint.textContent).toBe('本月没有可补签的日期'))
  expect(container.querySelectorAll('.signin-calendar__day--makeup-able')).toHaveLength(0)
  expect(await found(container, '#makeup-button')).toBeDisabled()
})

test('points that settle what an earlier refund could not take back are named on the result sheet', async () => {
  const { owed } = await oweAfterRefund()
  const { container } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button'))
  const earned = await found(container, '#signin-result-points')
  const points = Number(/\+(\d+) 积分/.exec(earned.textContent!)![1])
  expect(points).toBeLessThan(owed)
  expect(container.querySelector('#signin-result-settled')).toHaveTextContent(`其中 ${points} 积分用于扣回此前订单退款时已使用的积分`)
  expect((await api.pointsSummary()).owed).toBe(owed - points)
})

test('a sign-in the 10 亿 balance limit cut says the balance is full, not the day’s behaviour cap', async () => {
  const memberId = useSessionStore.getState().memberId!
  const { balance } = await api.pointsSummary()
  // A prize won earlier filled the balance to 3 short of 10 亿 (prizes are not behaviour points: the day's cap is untouched).
  await t.backend.core.write(t.now(), async (work) => (await work.member(memberId)).grant({ amount: MAX_POINTS - 3 - balance, source: 'prize', ref: 'jest-full' }))
  const { container } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button'))
  expect(await found(container, '#signin-result-points')).toHaveTextContent('+3 积分')
  const capped = container.querySelector('#signin-result-capped')!
  expect(capped).toHaveTextContent(/^积分余额已达上限，本次少得 \d+ 积分$/)
  expect(capped.textContent).not.toContain('行为积分')
  expect((await api.pointsSummary()).balance).toBe(MAX_POINTS)
})

test('signed in meanwhile in another tab: the refused tap shows today signed and the streak as they are', async () => {
  const { container } = render(<SigninPage />)
  const button = await found(container, '#signin-button:not([disabled])')
  // Another tab (the same member) signs in while this page shows 立即签到.
  await api.signin()
  fireEvent.click(button)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toBe('今天已经签到过了'))
  await waitFor(() => expect(container.querySelector('#signin-button')).toHaveTextContent('今日已签到'))
  expect(day(container, '2026-11-24').className).toContain('--today-signed')
  expect(container.querySelector('#signin-streak')).toHaveTextContent('已连续签到 1 天')
})

test('the second tap of a double tap on 签到 leaves the result sheet open; a later tap on its mask closes it', async () => {
  const { container } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button:not([disabled])'))
  await screen.findByText('签到成功')
  // Where the button was, the sheet's mask now is: the second tap lands on it.
  fireEvent.click(container.querySelector('#signin-result')!)
  expect(container.querySelector('#signin-result')).not.toBeNull()
  await new Promise((resolve) => setTimeout(resolve, MASK_ARMING_MS))
  fireEvent.click(container.querySelector('#signin-result')!)
  await waitFor(() => expect(container.querySelector('#signin-result')).toBeNull())
})

test('a make-up whose bonus the day’s points cap cut says so in its toast', async () => {
  t.setNow('2026-11-22T02:00:00.000Z')
  await api.signin()
  t.setNow('2026-11-24T02:00:00.000Z')
  await api.signin()
  await fillTheDayCap(t)
  const { container } = render(<SigninPage />)
  await makeUpOn(container, '2026-11-23')
  expect(calls.toasts.at(-1)?.title).toBe('补签成功，已连续签到 3 天（当日积分已达上限，少得 10 积分）')
})

test('make-up: the cost is confirmed first; cancelling changes nothing, confirming marks the day 补', async () => {
  t.setNow('2026-11-22T02:00:00.000Z')
  const { container, unmount } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button'))
  await screen.findByText('签到成功')
  unmount()
  t.setNow('2026-11-24T02:00:00.000Z')
  const page = render(<SigninPage />)
  fireEvent.click(await found(page.container, '#signin-button:not([disabled])'))
  await screen.findByText('签到成功')
  fireEvent.click(screen.getByText('知道了'))
  await waitFor(() => expect(day(page.container, '2026-11-23').className).toContain('makeup-able'))
  // What a screen reader finds: named month arrows (none forward from this month), each day's date and state (read
  // as one thing: a label on an element without a role is not read), and the day that can still be made up as a button.
  const cell = (date: string) => day(page.container, date).parentElement!
  expect(page.container.querySelector('#calendar-prev')).toHaveAttribute('aria-label', '上个月')
  expect(page.container.querySelector('#calendar-prev')).toHaveAttribute('role', 'button')
  expect(page.container.querySelector('#calendar-next')).toHaveAttribute('aria-hidden', 'true')
  expect([cell('2026-11-22'), cell('2026-11-23'), cell('2026-11-24'), cell('2026-11-25')].map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')])).toEqual([
    ['img', '11月22日，已签到'],
    ['button', '11月23日，可补签'],
    ['img', '11月24日，今天，已签到'],
    ['img', '11月25日'],
  ])
  fireEvent.click(day(page.container, '2026-11-23'))

  modalAnswer.confirm = false
  fireEvent.click(page.container.querySelector('#makeup-button')!)
  await waitFor(() => expect(calls.modals).toHaveLength(1))
  expect(calls.modals[0].content).toContain('补签 11月23日 需消耗 10 积分')
  expect(calls.modals[0].content).toContain('额外获得 10 积分')
  const balance = usePointsStore.getState().summary?.balance
  expect(day(page.container, '2026-11-23').className).toContain('--missed')

  modalAnswer.confirm = true
  fireEvent.click(page.container.querySelector('#makeup-button')!)
  await waitFor(() => expect(day(page.container, '2026-11-23').className).toContain('--makeup'))
  expect(calls.toasts.at(-1)?.title).toBe('补签成功，已连续签到 3 天，额外获得 10 积分')
  expect(page.container.querySelector('#signin-streak')).toHaveTextContent('已连续签到 3 天')
  // −10 for the make-up, +10 for reaching day 3 of the cycle.
  expect(usePointsStore.getState().summary?.balance).toBe(balance)
})

test('a make-up that completes 7 days in a row says it brings the day-7 coupon, in the dialog and after', async () => {
  // Signed in on the 18th–20th and the 22nd–24th: making up the 21st completes seven days (+30 and a coupon).
  for (const d of ['18', '19', '20', '22', '23', '24']) {
    t.setNow(`2026-11-${d}T02:00:00.000Z`)
    await api.signin()
  }
  const page = render(<SigninPage />)
  await waitFor(() => expect(day(page.container, '2026-11-21').className).toContain('makeup-able'))
  fireEvent.click(day(page.container, '2026-11-21'))
  modalAnswer.confirm = true
  fireEvent.click(page.container.querySelector('#makeup-button')!)
  await waitFor(() => expect(day(page.container, '2026-11-21').className).toContain('--makeup'))
  expect(calls.modals.at(-1)?.content).toContain('补签后可额外获得 30 积分和 1 张优惠券')
  expect(calls.toasts.at(-1)?.title).toBe('补签成功，已连续签到 7 天，额外获得 30 积分和 1 张优惠券')
})

test('a make-up the member cannot afford shows the refusal message', async () => {
  const { container } = render(<SigninPage />)
  await waitFor(() => expect(day(container, '2026-11-20').className).toContain('makeup-able'))
  fireEvent.click(day(container, '2026-11-20'))
  fireEvent.click(container.querySelector('#makeup-button')!)
  await waitFor(() => expect(calls.toasts.length).toBeGreaterThan(0))
  expect(calls.toasts.at(-1)?.title).toMatch(/积分不足/)
  expect(day(container, '2026-11-20').className).toContain('--missed')
})

test('browsing months: two quick taps on ‹ end two months back, though the first month answers last', async () => {
  const inProcess = createInProcessAdapter(t.backend)
  const octoberSlow: AxiosAdapter = async (config) => {
    if ((config.params as { month?: string } | undefined)?.month === '2026-10') await new Promise((resolve) => setTimeout(resolve, 80))
    return inProcess(config)
  }
  setApiAdapter(octoberSlow)
  const { container } = render(<SigninPage />)
  const prev = await found(container, '#calendar-prev')
  await requestsSettled()
  fireEvent.click(prev)
  // Named at once (feedback within the tap), the grid of the month it leaves fades until the answer is there.
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年10月')
  expect(container.querySelector('#signin-calendar')?.className).toContain('signin-calendar--loading')
  fireEvent.click(prev)
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年9月')
  await found(container, '#day-2026-09-30')
  await requestsSettled()
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年9月')
  expect(container.querySelector('#day-2026-10-01')).toBeNull()
  expect(container.querySelector('#signin-calendar')?.className).not.toContain('signin-calendar--loading')
})

test('a make-up that does not join the streak says what it did, not "已连续签到 0 天"', async () => {
  for (const date of ['2026-11-18', '2026-11-19']) {
    t.setNow(`${date}T02:00:00.000Z`)
    const { container, unmount } = render(<SigninPage />)
    fireEvent.click(await found(container, '#signin-button:not([disabled])'))
    await screen.findByText('签到成功')
    unmount()
  }
  // Today (the 24th) is not signed and the 22nd and 23rd were missed: making up the 21st fills the calendar only.
  t.setNow('2026-11-24T02:00:00.000Z')
  const { container } = render(<SigninPage />)
  await makeUpOn(container, '2026-11-21')
  expect(calls.toasts.at(-1)?.title).toBe('补签成功，11月21日已计入本月签到')
})

test('open across business midnight: the page turns to the new day — today not signed yet, this month’s calendar', async () => {
  t.setNow('2026-11-30T15:58:00.000Z') // 23:58 on 30 November in Shanghai
  const { container } = render(<SigninPage />)
  fireEvent.click(await found(container, '#signin-button:not([disabled])'))
  await screen.findByText('签到成功')
  expect(container.querySelector('#signin-button')).toHaveTextContent('今日已签到')
  t.setNow('2026-11-30T16:00:01.000Z')
  act(() => newBusinessDay())
  await waitFor(() => expect(container.querySelector('#signin-button')).not.toHaveTextContent('今日已签到'))
  await waitFor(() => expect(day(container, '2026-12-01').className).toContain('--today'))
  expect(container.querySelector('#day-2026-11-30')).toBeNull()
})

test('a day picked for 补签 does not outlive its month: past midnight the page neither shows it chosen nor makes it up', async () => {
  t.setNow('2026-11-28T02:00:00.000Z')
  await api.signin()
  t.setNow('2026-11-30T15:58:00.000Z') // 23:58 on 30 November in Shanghai
  const { container } = render(<SigninPage />)
  await waitFor(() => expect(day(container, '2026-11-29').className).toContain('makeup-able'))
  fireEvent.click(day(container, '2026-11-29'))
  expect(container.querySelector('.signin-page__makeup')).toHaveTextContent('已选 11月29日')
  t.setNow('2026-11-30T16:00:01.000Z')
  act(() => newBusinessDay())
  await waitFor(() => expect(day(container, '2026-12-01').className).toContain('--today'))
  // Not chosen any more; 1 December has no earlier day to make up, and the hint says so.
  expect(container.querySelector('#makeup-hint')?.textContent).toBe('本月没有可补签的日期')
  expect(container.querySelector('#makeup-button')).toBeDisabled()
  fireEvent.click(container.querySelector('#makeup-button')!)
  await requestsSettled()
  expect(calls.modals).toHaveLength(0)
})

test('the midnight timer is set for the next business midnight, a second after it', () => {
  expect(msToNextBusinessDay(Date.parse('2026-11-30T15:58:00.000Z'), 480)).toBe(120_000)
  expect(msToNextBusinessDay(Date.parse('2026-11-30T16:00:00.000Z'), 480)).toBe(86_400_000)
  expect(msToNextBusinessDay(Date.parse('2026-11-30T23:30:00.000Z'), 0)).toBe(1_800_000)
  const spy = jest.spyOn(global, 'setTimeout')
  try {
    learnServerTime(String(Date.parse('2026-11-30T15:59:00.000Z')))
    watchBusinessDay()
    const delay = spy.mock.calls.at(-1)?.[1] as number
    expect(delay).toBeGreaterThanOrEqual(60_000 + 1000 - 50)
    expect(delay).toBeLessThanOrEqual(60_000 + 1000)
  } finally {
    spy.mockRestore()
    learnServerTime(String(Date.now()))
  }
})

test('on the day a streak bonus is reached, 立即签到 says what the sign-in pays with it — as the result then shows', async () => {
  for (const date of ['2026-11-22', '2026-11-23']) {
    t.setNow(`${date}T02:00:00.000Z`)
    await api.signin()
  }
  t.setNow('2026-11-24T02:00:00.000Z')
  const { container } = render(<SigninPage />)
  const button = await found(container, '#signin-button:not([disabled])')
  const { basePoints, nextBonus } = await api.signinCalendar()
  expect(nextBonus?.inDays).toBe(1)
  expect(button).toHaveTextContent(`立即签到 +${basePoints + nextBonus!.points} 积分`)
  fireEvent.click(button)
  await screen.findByText('签到成功')
  expect(container.querySelector('#signin-result-points')).toHaveTextContent(`+${basePoints + nextBonus!.points} 积分`)
})

describe('签到提醒 on the sign-in page', () => {
  test('where the brand set up its template, 开启提醒 asks for that one reminder only, inside the tap, and records it', async () => {
    const sub = await startSubscriptionBackend('weapp')
    try {
      await sub.loginAs(newMemberCode())
      const request = jest.spyOn(platform, 'requestSubscribe').mockResolvedValue({ accepted: [TEMPLATE_IDS.weapp.signin_reminder], supported: true })
      const { container } = render(<SigninPage />)
      expect((await found(container, '#signin-reminder')).textContent).toContain('20 点提醒你一次')
      fireEvent.click(await found(container, '#signin-remind-button'))
      expect(request).toHaveBeenCalledWith([TEMPLATE_IDS.weapp.signin_reminder])
      await waitFor(() => expect(calls.toasts.map((x) => x.title)).toContain('已开启：断签前一晚 20 点提醒你一次'))
      expect((await api.messages()).subscriptions.templates.find((x) => x.id === 'signin_reminder')!.quota).toBe(1)
    } finally {
      jest.restoreAllMocks()
      sub.restore()
    }
  })

  test('not offered on H5 (no subscription messages) or without a template', async () => {
    const { container } = render(<SigninPage />)
    await found(container, '#signin-button')
    await requestsSettled()
    expect(container.querySelector('#signin-reminder')).toBeNull()
  })
})

test('with the day’s points cap nearly reached, 立即签到 says what the sign-in still pays, and that it counts for the streak', async () => {
  const rules = defaultRules(t.now())
  const survey = { ...rules.points.earningRules.survey, refs: ['s1', 's2'] }
  const points = { ...rules.points, earningRules: { ...rules.points.earningRules, survey }, caps: { ...rules.points.caps, dayPoints: 102 } }
  t = await startTestBackend('2026-11-24T02:00:00.000Z', { config: { ...rules, points } })
  await t.loginAs(newMemberCode())
  // Two surveys: 100 of the day's 102.
  for (const ref of ['s1', 's2']) await api.event({ type: 'survey', ref })
  const { basePoints } = await api.signinCalendar()
  expect(basePoints).toBeGreaterThan(2)
  const { container } = render(<SigninPage />)
  await waitFor(() => expect(container.querySelector('#signin-button')).toHaveTextContent('立即签到 +2 积分'))
  expect(container.querySelector('#signin-cap-note')).toHaveTextContent('今日积分即将达到上限，本次签到只能得 2 积分，仍计入连续签到')
  fireEvent.click(container.querySelector('#signin-button')!)
  await screen.findByText('签到成功')
  expect(container.querySelector('#signin-result-points')).toHaveTextContent('+2 积分')
  expect(container.querySelector('#signin-streak')).toHaveTextContent('已连续签到 1 天')
  await requestsSettled()
  expect(container.querySelector('#signin-cap-note')).toBeNull()
})

test('‹ to a month that cannot come (offline): the header and grid stay the month shown, nothing keeps fading, and a toast says so', async () => {
  const t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  const { container } = render(<SigninPage />)
  const prev = await found(container, '#calendar-prev')
  await found(container, '#day-2026-11-24')
  await requestsSettled()
  t.offline()
  fireEvent.click(prev)
  await waitFor(() => expect(calls.toasts.at(-1)?.title).toMatch(/^2026年10月的签到记录没有打开：/))
  expect(container.querySelector('#day-2026-11-24')).not.toBeNull()
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年11月')
  expect(container.querySelector('#signin-calendar')?.className).not.toContain('signin-calendar--loading')
  // A month kept from before shows at once, offline too: no toast that it did not open.
  t.online()
  fireEvent.click(container.querySelector('#calendar-prev')!)
  await found(container, '#day-2026-10-01')
  fireEvent.click(container.querySelector('#calendar-next')!)
  await found(container, '#day-2026-11-24')
  await requestsSettled()
  t.offline()
  const toasts = calls.toasts.length
  fireEvent.click(container.querySelector('#calendar-prev')!)
  await found(container, '#day-2026-10-01')
  await requestsSettled()
  expect(calls.toasts.slice(toasts).map((x) => x.title)).toEqual([])
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年10月')
  fireEvent.click(container.querySelector('#calendar-next')!)
  await found(container, '#day-2026-11-24')
  // Back online, ‹ again brings October.
  t.online()
  fireEvent.click(container.querySelector('#calendar-prev')!)
  await found(container, '#day-2026-10-01')
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年10月')
})
