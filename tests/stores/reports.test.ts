import { api } from '@/api/http'
import { reportKey, selectAvailableMonths, selectReport, useReportsStore } from '@/stores/reports'
import { requestState } from '@/stores/request'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend('2026-11-20T02:00:00.000Z')
  await t.loginAs(newMemberCode())
})

const report = () => selectReport(useReportsStore.getState())

/** Signs in at 10:00 Shanghai on each date; returns the points each sign-in paid. */
async function signInOn(dates: string[]): Promise<number> {
  let points = 0
  for (const d of dates) {
    t.setNow(`${d}T02:00:00.000Z`)
    const res = await api.signin()
    points += res.awarded.base + res.awarded.bonus - res.awarded.capped
  }
  return points
}

test("this month's report （本月至今） counts what the member did: points, sign-in days, best streak, tasks, growth", async () => {
  // 20, 21, 22 in a row (day 3 pays the +10 bonus), miss the 23rd, sign in on the 24th.
  const signinPoints = await signInOn(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24'])
  await api.event({ type: 'browse_product', ref: 'latte' })
  const claimable = (await api.tasks()).tasks.find((x) => x.status === 'claimable')!
  const claim = await api.claimTask(claimable.id)

  await useReportsStore.getState().load()

  const r = report()!
  expect(r.month).toBe('2026-11')
  expect(r.partial).toBe(true)
  expect(r.label).toBe('2026年11月（本月至今）')
  expect(r.signin).toEqual({ days: 4, bestStreak: 3 })
  expect(r.tasksDone).toBe(1)
  expect(r.points.earned).toBe(signinPoints + claim.awarded.awarded)
  expect(r.points.spent).toBe(0)
  expect(r.points.expired).toBe(0)
  expect(r.growth.gained).toBe(r.points.earned) // behaviour growth follows points 1:1
  expect(r.tier.name).toBe('普通会员')
  expect(r.tier.progressLines.join()).toMatch(/白银会员/)
  expect(r.nextMonth.month).toBe('2026-12')
  expect(selectAvailableMonths(useReportsStore.getState())).toEqual(['2026-11'])
})

test('a past month is final (no 本月至今) and a make-up spend shows as points used', async () => {
  await signInOn(['2026-11-20', '2026-11-22'])
  const makeup = await api.makeup({ date: '2026-11-21' })
  t.setNow('2026-12-02T02:00:00.000Z')

  await useReportsStore.getState().load()
  expect(report()!.month).toBe('2026-12')
  expect(selectAvailableMonths(useReportsStore.getState())).toEqual(['2026-12', '2026-11'])

  await useReportsStore.getState().load('2026-11')
  const r = report()!
  expect(r.month).toBe('2026-11')
  expect(r.partial).toBe(false)
  expect(r.label).toBe('2026年11月')
  expect(r.points.spent).toBe(makeup.cost)
  expect(r.signin).toEqual({ days: 3, bestStreak: 3 }) // the made-up day counts as signed
  // Both months stay cached; the one on screen is the last asked for.
  expect(Object.keys(useReportsStore.getState().reports).sort()).toEqual(['2026-11', '2026-12'])
})

test('a month before registration or in the future is refused with the server message; the shown report stays', async () => {
  await useReportsStore.getState().load()
  const shown = report()
  await useReportsStore.getState().load('2026-10')
  expect(requestState(reportKey('2026-10')).error).toMatchObject({ status: 422, code: 'REPORT_MONTH_BEFORE_REGISTRATION' })
  expect(report()).toEqual(shown)
  await useReportsStore.getState().load('2026-12')
  expect(requestState(reportKey('2026-12')).error).toMatchObject({ status: 422, code: 'REPORT_MONTH_IN_FUTURE' })
  expect(report()).toEqual(shown)
})

test('the demo member can open any past month since registration', async () => {
  await t.loginAs('demo')
  await useReportsStore.getState().load()
  const months = selectAvailableMonths(useReportsStore.getState())
  expect(months.length).toBeGreaterThan(12)
  expect(months).toEqual([...months].sort().reverse())
  await useReportsStore.getState().load(months[1])
  expect(report()!.partial).toBe(false)
  expect(report()!.signin.days).toBeGreaterThan(0)
})

test('offline: the last report stays under an offline error', async () => {
  await useReportsStore.getState().load()
  const shown = report()
  t.offline()
  await useReportsStore.getState().load()
  expect(report()).toEqual(shown)
  expect(requestState(reportKey(null)).error?.isNetwork).toBe(true)
})
