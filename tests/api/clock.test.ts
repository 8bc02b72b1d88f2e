/**
 * The app's clock follows the backend's (src/platform/clock.ts): every answer of the core carries
 * `X-Server-Time`, the API client learns it, and dates read "12月4日" in the backend's current year and carry
 * the year otherwise — whatever the device's (or the test machine's) clock says.
 */
import { AxiosHeaders, type AxiosAdapter } from 'axios'
import { createApiClient } from '@/api/client'
import { settle } from '@/api/settle'
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { appNow, learnServerTime } from '@/platform/clock'
import { dueWords, formatDate, formatDateRange, formatEnd, formatInstant } from '@/utils/format'
import { seededRng } from '@/domain/context'

afterEach(() => learnServerTime(String(Date.now())))

test('dates carry the year only when it is not the current one, in business time (UTC+8)', () => {
  const now = Date.parse('2026-12-02T10:00:00+08:00')
  expect(formatDate('2026-12-04', now)).toBe('12月4日')
  expect(formatDate('2025-12-22', now)).toBe('2025年12月22日')
  expect(formatDate('2027-01-01', now)).toBe('2027年1月1日')
  // 31 December 16:30Z is already 1 January in Shanghai.
  const newYear = Date.parse('2026-12-31T16:30:00Z')
  expect(formatDate('2027-01-01', newYear)).toBe('1月1日')
  expect(formatInstant('2026-12-31T15:59:00Z', newYear)).toBe('2026年12月31日 23:59')
  expect(formatInstant('2026-12-31T16:00:00Z', newYear)).toBe('1月1日 00:00')
})

test('an end at midnight names the last day included: 24:00 of it, not 00:00 of the next', () => {
  const now = Date.parse('2026-12-02T10:00:00+08:00')
  expect(formatEnd('2026-12-20T16:00:00Z', now)).toBe('12月20日 24:00')
  expect(formatEnd('2026-12-31T16:00:00Z', now)).toBe('12月31日 24:00')
  expect(formatEnd('2027-01-01T16:00:00Z', now)).toBe('2027年1月1日 24:00')
  expect(formatEnd('2026-12-20T13:30:00Z', now)).toBe('12月20日 21:30')
})

test('an expiry today, tomorrow or later is said so, not "0 天后"', () => {
  const now = Date.parse('2027-08-12T10:00:00+08:00')
  expect(dueWords(0, '2027-08-12', now)).toBe('今天（8月12日）')
  expect(dueWords(1, '2027-08-13', now)).toBe('明天（8月13日）')
  expect(dueWords(12, '2027-08-24', now)).toBe('12 天后（8月24日）')
  expect(dueWords(30, '2028-01-05', Date.parse('2027-12-06T10:00:00+08:00'))).toBe('30 天后（2028年1月5日）')
})

test('a date range within this year has no years; one reaching into another year gives both ends theirs', () => {
  const now = Date.parse('2026-12-02T10:00:00+08:00')
  expect(formatDateRange('2026-12-04', '2026-12-06', now)).toBe('12月4日 - 12月6日')
  expect(formatDateRange('2026-12-31', '2027-01-02', now)).toBe('2026年12月31日 - 2027年1月2日')
  expect(formatDateRange('2026-12-31', '2027-01-02', Date.parse('2027-01-01T10:00:00+08:00'))).toBe('2026年12月31日 - 2027年1月2日')
  expect(formatDateRange('2025-03-01', '2025-03-05', now)).toBe('2025年3月1日 - 2025年3月5日')
})

test('the client learns the backend time from X-Server-Time, on success and on error answers', async () => {
  const serverNow = Date.parse('2031-06-15T04:00:00Z')
  let status = 200
  const adapter: AxiosAdapter = (config) =>
    new Promise((resolve, reject) =>
      settle(resolve, reject, {
        data: '{}',
        status,
        statusText: String(status),
        headers: AxiosHeaders.from({ 'content-type': 'application/json', 'x-server-time': String(serverNow) }),
        config,
        request: {},
      }),
    )
  const client = createApiClient({ baseURL: '/api/v1', adapter, auth: { getToken: () => null, relogin: async () => null } })
  await client.get('/config')
  expect(Math.abs(appNow() - serverNow)).toBeLessThan(5_000)
  expect(formatDate('2031-03-01')).toBe('3月1日')
  learnServerTime(String(Date.now()))
  status = 422
  await client.get('/config').catch(() => undefined)
  expect(Math.abs(appNow() - serverNow)).toBeLessThan(5_000)
  learnServerTime('not a time')
  expect(Math.abs(appNow() - serverNow)).toBeLessThan(5_000)
})

test("the core's answers carry its clock, errors included", async () => {
  const pinned = Date.parse('2028-02-29T12:00:00Z')
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => pinned, rng: seededRng(1), history: false })
  for (const path of ['/config', '/member/me', '/no-such-path']) {
    const r = await backend.handle({ method: 'GET', path, query: {}, headers: {} })
    expect(r.headers?.['X-Server-Time']).toBe(String(pinned))
  }
})
