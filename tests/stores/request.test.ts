/**
 * The keyed request state (src/stores/request.ts): one state per key, an answer applied only while it is still
 * the one wanted, loads that never reject (their error is their state), actions that reject with the ApiError
 * and refresh what shares their tags, flows that make a second tap do nothing.
 */
import type { AxiosAdapter } from 'axios'
import { ApiError } from '@/api/errors'
import { setApiAdapter } from '@/api/http'
import { reportKey, selectReport, useReportsStore } from '@/stores/reports'
import { defineAction } from '@/stores/action'
import {
  defineView,
  endFlow,
  forget,
  isBusy,
  keyId,
  requestState,
  startFlow,
  useRequestStore,
} from '@/stores/request'
import { calendarKey, useSigninStore } from '@/stores/signin'
import { createInProcessAdapter } from '../../mock/adapter'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { expectConsoleError } from '../support/console-errors'
import { requestsSettled } from '../support/requests'
import { campaignKey, loadDetail } from '@/stores/campaign-detail'
import { loadCalendar, selectShownCalendar } from '@/stores/signin-actions'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The in-process backend, with the answers to requests matching `slow` held back by `ms`. */
function slowDown(t: TestBackend, slow: (url: string, params: Record<string, unknown>) => boolean, ms: number): void {
  const inProcess = createInProcessAdapter(t.backend)
  const adapter: AxiosAdapter = async (config) => {
    if (slow(config.url ?? '', (config.params ?? {}) as Record<string, unknown>)) await sleep(ms)
    return inProcess(config)
  }
  setApiAdapter(adapter)
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('a stale answer never wins', () => {
  let t: TestBackend
  beforeEach(async () => {
    t = await startTestBackend('2026-11-24T02:00:00.000Z')
    await t.loginAs(newMemberCode())
    // The launch's app_open and what it refreshes, out of the way.
    await requestsSettled()
  })

  test("loadCalendar('2026-10') slowed by 80 ms, then loadCalendar('2026-09'): the sign-in page ends on September", async () => {
    slowDown(t, (url, params) => url === '/signin/calendar' && params.month === '2026-10', 80)
    const october = loadCalendar('2026-10')
    const september = loadCalendar('2026-09')
    await Promise.all([october, september])

    const s = useSigninStore.getState()
    expect(selectShownCalendar(s)?.month).toBe('2026-09')
    // October's answer was not thrown away: it is cached under its own key, ready when that month is shown.
    expect(s.calendars['2026-10']?.month).toBe('2026-10')
    expect(requestState(calendarKey('2026-10'))).toMatchObject({ status: 'success' })
    expect(requestState(calendarKey('2026-09'))).toMatchObject({ status: 'success' })
  })

  test('each month has a state of its own: a failing month does not mark the one on screen as failed', async () => {
    await loadCalendar()
    const before = selectShownCalendar(useSigninStore.getState())
    await loadCalendar('2026-13')
    expect(requestState(calendarKey('2026-13')).status).toBe('error')
    expect(requestState(calendarKey(null)).status).toBe('success')
    expect(selectShownCalendar(useSigninStore.getState())).toEqual(before)
  })

  test('the monthly report: a slow earlier month does not replace the one asked for last', async () => {
    slowDown(t, (url, params) => url === '/reports/monthly' && params.month === undefined, 80)
    const current = useReportsStore.getState().load()
    await sleep(5)
    const again = useReportsStore.getState().load('2026-11')
    await Promise.all([current, again])
    expect(useReportsStore.getState().month).toBe('2026-11')
    expect(selectReport(useReportsStore.getState())?.month).toBe('2026-11')
    expect(requestState(reportKey(null)).status).toBe('success')
  })

  test('a campaign detail has a state per campaign', async () => {
    slowDown(t, (url) => url === '/campaigns/spring-cards', 80)
    const slow = loadDetail('spring-cards')
    await loadDetail('lucky-wheel')
    expect(requestState(campaignKey('lucky-wheel')).status).toBe('success')
    expect(requestState(campaignKey('spring-cards')).status).toBe('loading')
    await slow
    expect(requestState(campaignKey('spring-cards')).status).toBe('success')
  })

  test('offline: the last-known data stays, the key says it is a network error', async () => {
    await loadCalendar()
    const known = selectShownCalendar(useSigninStore.getState())
    t.offline()
    await loadCalendar()
    expect(selectShownCalendar(useSigninStore.getState())).toEqual(known)
    expect(requestState(calendarKey(null)).error?.isNetwork).toBe(true)
  })
})

describe('views', () => {
  test('of two loads of one key, only the answer of the later one is applied, whatever order they arrive in', async () => {
    const answers = [deferred<string>(), deferred<string>()]
    let calls = 0
    const applied: string[] = []
    const view = defineView({ name: 'test.order', tags: [], key: () => ['test', 'order'], fetch: () => answers[calls++].promise, apply: (a: string) => void applied.push(a) })
    const first = view.load(undefined, { force: true })
    const second = view.load(undefined, { force: true })
    answers[1].resolve('second')
    await second
    answers[0].resolve('first (stale)')
    await first
    expect(applied).toEqual(['second'])
    expect(requestState(['test', 'order']).status).toBe('success')
  })

  test('an answer whose apply asks for its key again leaves that load under way, and its answer is applied', async () => {
    const answers = [deferred<number>(), deferred<number>()]
    let calls = 0
    const applied: number[] = []
    const view: ReturnType<typeof defineView<number, number>> = defineView({
      name: 'test.again',
      tags: [],
      key: () => ['test', 'again'],
      fetch: () => answers[calls++].promise,
      apply: (a: number, params: number) => {
        applied.push(a)
        if (params === 1) void view.load(2)
      },
    })
    const first = view.load(1)
    answers[0].resolve(10)
    await first
    expect(requestState(['test', 'again']).status).toBe('loading')
    answers[1].resolve(20)
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(applied).toEqual([10, 20])
    expect(requestState(['test', 'again']).status).toBe('success')
  })

  test('an identical load already under way is joined, not repeated', async () => {
    const answer = deferred<number>()
    const fetch = jest.fn(() => answer.promise)
    const view = defineView({ name: 'test.join', tags: [], key: () => ['test', 'join'], fetch, apply: () => undefined })
    const a = view.load()
    const b = view.load()
    answer.resolve(1)
    await Promise.all([a, b])
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  test('a load never rejects: its ApiError is its state; anything else is also reported as a bug', async () => {
    const refusal = new ApiError(422, 'NOPE', '不行')
    const refused = defineView({ name: 'test.refused', tags: [], key: () => ['test', 'refused'], fetch: () => Promise.reject(refusal), apply: () => undefined })
    await expect(refused.load()).resolves.toBeUndefined()
    expect(requestState(['test', 'refused'])).toEqual({ status: 'error', error: refusal })

    expectConsoleError(/\[test\.bug\]/)
    const bug = defineView({
      name: 'test.bug',
      tags: [],
      key: () => ['test', 'bug'],
      fetch: async () => 1,
      apply: () => {
        throw new TypeError('x is undefined')
      },
    })
    await bug.load()
    expect(requestState(['test', 'bug'])).toMatchObject({ status: 'error', error: { code: 'UNKNOWN' } })
  })

  test('an answer on its way when its key is forgotten (a store reset, a sign-out) is dropped', async () => {
    const answer = deferred<string>()
    const apply = jest.fn()
    const view = defineView({ name: 'test.forgotten', tags: [], key: () => ['test', 'forgotten'], fetch: () => answer.promise, apply })
    const load = view.load(undefined)
    forget(['test', 'forgotten'])
    answer.resolve('late')
    await load
    expect(apply).not.toHaveBeenCalled()
    expect(requestState(['test', 'forgotten']).status).toBe('idle')
  })
})

describe('actions', () => {
  test('success refreshes every loaded view sharing a tag (patched at once, then loaded again); others are left alone', async () => {
    let balance = 10
    const shown = { balance: 0 }
    const balanceFetch = jest.fn(async () => balance)
    const balanceView = defineView({
      name: 'test.balance',
      tags: ['balance'],
      key: () => ['test', 'balance'],
      fetch: balanceFetch,
      apply: (b: number) => void (shown.balance = b),
      patch: (answer) => void (shown.balance = (answer as { balance: number }).balance),
    })
    const otherFetch = jest.fn(async () => 1)
    const otherView = defineView({ name: 'test.other', tags: ['orders'], key: () => ['test', 'other'], fetch: otherFetch, apply: () => undefined })
    const neverLoaded = jest.fn(async () => 1)
    defineView({ name: 'test.never', tags: ['balance'], key: () => ['test', 'never'], fetch: neverLoaded, apply: () => undefined })
    await Promise.all([balanceView.load(), otherView.load()])
    expect(shown.balance).toBe(10)

    const answer = deferred<{ balance: number }>()
    const spend = defineAction({ name: 'test.spend', key: ['test', 'spend'], changes: [], run: () => answer.promise })
    const done = spend()
    expect(requestState(spend.key).status).toBe('loading')
    balance = 7
    answer.resolve({ balance: 7 })
    await done
    expect(requestState(spend.key).status).toBe('success')
    // The answer carried `balance`: the tag came from it; the view took the figure at once and loads again.
    expect(shown.balance).toBe(7)
    expect(balanceFetch).toHaveBeenCalledTimes(2)
    expect(otherFetch).toHaveBeenCalledTimes(1)
    expect(neverLoaded).not.toHaveBeenCalled()
  })

  test('an action rejects with its ApiError; a refusal (409/422) refreshes what it declared it changes', async () => {
    const fetch = jest.fn(async () => 'fresh')
    const view = defineView({ name: 'test.calendar', tags: ['signin'], key: () => ['test', 'calendar'], fetch, apply: () => undefined })
    await view.load()
    const refusal = new ApiError(409, 'SIGNIN_ALREADY_TODAY', '今天已经签到过了')
    const signInAgain = defineAction({ name: 'test.signin', key: ['test', 'signin'], changes: ['signin'], run: () => Promise.reject(refusal) })
    await expect(signInAgain()).rejects.toBe(refusal)
    expect(requestState(signInAgain.key)).toEqual({ status: 'error', error: refusal })
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})

describe('flows (a tap’s whole journey)', () => {
  test('a second start of a busy key is refused until the first ends; a loading action makes its key busy too', async () => {
    expect(startFlow(['test', 'tap'])).toBe(true)
    expect(isBusy(['test', 'tap'])).toBe(true)
    expect(startFlow(['test', 'tap'])).toBe(false)
    endFlow(['test', 'tap'])
    expect(startFlow(['test', 'tap'])).toBe(true)
    endFlow(['test', 'tap'])

    const answer = deferred<void>()
    const slow = defineAction({ name: 'test.slow', key: ['test', 'slow'], changes: [], run: () => answer.promise })
    const running = slow()
    expect(startFlow(['test', 'slow'])).toBe(false)
    answer.resolve()
    await running
    expect(isBusy(['test', 'slow'])).toBe(false)
    expect(useRequestStore.getState().flows[keyId(['test', 'slow'])]).toBeFalsy()
  })
})
