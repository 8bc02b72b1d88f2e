import { waitFor } from '@testing-library/react'
import { ApiError } from '@/api/errors'
import { useMemberStore } from '@/stores/member'
import { usePointsStore } from '@/stores/points'
import { requestState } from '@/stores/request'
import { calendarKey, useSigninStore } from '@/stores/signin'
import { useTasksStore } from '@/stores/tasks'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { loadCalendar, makeUp, quoteMakeup, selectShownCalendar, signIn } from '@/stores/signin-actions'

let t: TestBackend

beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z')
  await t.loginAs(newMemberCode())
})

const current = () => {
  return selectShownCalendar(useSigninStore.getState())
}

test('a sign-in updates balance, streak, calendar, tasks and tier progress without reloading', async () => {
  await Promise.all([loadCalendar(), useMemberStore.getState().load(), usePointsStore.getState().loadSummary(), useTasksStore.getState().load()])
  expect(current()?.signedToday).toBe(false)
  expect(usePointsStore.getState().summary?.balance).toBe(0)
  const growthBefore = useMemberStore.getState().me!.growth
  const followUpBefore = useTasksStore.getState().tasks!.find((x) => x.id === 'daily-browse-product')

  const res = await signIn()

  expect(res.awarded.base).toBeGreaterThan(0)
  expect(current()?.signedToday).toBe(true)
  expect(current()?.streak).toBe(1)
  expect(current()?.days.find((d) => d.date === '2026-11-24')?.status).toBe('today-signed')
  expect(usePointsStore.getState().summary?.balance).toBe(res.balance)
  expect(useSigninStore.getState().lastResult).toEqual(res)
  await waitFor(() => expect(useMemberStore.getState().me!.growth).toBe(growthBefore + res.awarded.base + res.awarded.bonus - res.awarded.capped))
  await waitFor(() => expect(useMemberStore.getState().me!.balance).toBe(res.balance))
  expect(followUpBefore).toBeDefined()
  expect(res.followUpTasks.map((x) => x.id)).toContain('daily-browse-product')
})

test('signing in twice the same day is refused with 409 and changes nothing', async () => {
  const first = await signIn()
  const error = await signIn().catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ApiError)
  expect(error).toMatchObject({ status: 409, code: 'SIGNIN_ALREADY_TODAY' })
  expect((error as ApiError).message).toMatch(/已经签到/)
  expect(requestState(signIn.key).status).toBe('error')
  await usePointsStore.getState().loadSummary()
  expect(usePointsStore.getState().summary?.balance).toBe(first.balance)
})

test('a missed day of this month can be made up for points, restoring the streak and the bonus it reaches', async () => {
  // Join and sign in on the 22nd, miss the 23rd, sign in on the 24th.
  t.setNow('2026-11-22T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  await signIn()
  t.setNow('2026-11-24T02:00:00.000Z')
  const today = await signIn()
  expect(today.streak).toBe(1)
  // The balance on screen (points page, home) follows the make-up's answer.
  await usePointsStore.getState().loadSummary()

  const quote = await quoteMakeup('2026-11-23')
  expect(quote.allowed).toBe(true)
  expect(quote.costPoints).toBe(10)
  expect(quote.streakAfter).toBe(3)

  const res = await makeUp('2026-11-23')
  expect(res.cost).toBe(10)
  expect(res.streak).toBe(3)
  expect(res.bonus).toBe(10) // reaching day 3 of the cycle
  expect(res.balance).toBe(today.balance - 10 + 10)
  expect(current()?.days.find((d) => d.date === '2026-11-23')?.status).toBe('makeup')
  expect(current()?.makeupsUsed).toBe(1)
  expect(usePointsStore.getState().summary?.balance).toBe(res.balance)
})

test('make-up refusals: today, a future day, last month', async () => {
  await signIn()
  await expect(makeUp('2026-11-24')).rejects.toMatchObject({ status: 422, code: 'MAKEUP_NOT_ALLOWED_DATE' })
  await expect(makeUp('2026-11-25')).rejects.toMatchObject({ code: 'MAKEUP_NOT_ALLOWED_DATE' })
  // Last month is out of reach of make-ups.
  const quote = await quoteMakeup('2026-10-30')
  expect(quote.allowed).toBe(false)
  expect(quote.reason?.code).toBe('MAKEUP_NOT_ALLOWED_DATE')
})

test('a make-up the member cannot pay for is refused and leaves balance and calendar untouched', async () => {
  // A member since the 19th who has never earned a point.
  t.setNow('2026-11-19T02:00:00.000Z')
  await t.loginAs(newMemberCode())
  t.setNow('2026-11-24T02:00:00.000Z')
  await loadCalendar()
  const before = current()
  const err = await makeUp('2026-11-20').catch((e: unknown) => e)
  expect(err).toMatchObject({ status: 422, code: 'POINTS_INSUFFICIENT' })
  expect((err as ApiError).message).toMatch(/积分不足/)
  await loadCalendar()
  expect(current()?.days).toEqual(before?.days)
})

test('network failure keeps the last-known calendar and reports an offline error', async () => {
  await loadCalendar()
  const known = current()
  t.offline()
  await loadCalendar()
  expect(current()).toEqual(known)
  expect(requestState(calendarKey(null)).error?.isNetwork).toBe(true)
})
