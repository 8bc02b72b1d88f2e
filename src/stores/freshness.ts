/**
 * What the app shows stays current without a tap:
 * - a page left open across business midnight — the sign-in page at 23:58, the task list — would go on showing
 *   yesterday: 今日已签到, make-ups offered for last month, a daily task still 领取. At each business midnight (the
 *   backend's clock, the rules' calendar) every view of what the day decides loads again, as after an action;
 * - back in the foreground after a while away (another browser tab that redeemed, the phone locked overnight),
 *   every view loaded loads again: what it shows may have changed elsewhere.
 * Either way the `onResume` listeners run: on a business day the app has not opened yet, it opens (app_open).
 */
import Taro from '@tarojs/taro'
import { appNow } from '@/platform/clock'
import { useConfigStore } from './config'
import { refresh } from './request'
import { TAGS, type Tag } from './tags'

const DAY_MS = 86_400_000

/** What a new business day changes: today's sign-in, daily tasks and caps, expiries, coupons' days left, campaigns' days. */
export const NEW_DAY_TAGS: readonly Tag[] = ['signin', 'tasks', 'balance', 'coupons', 'rewards', 'campaigns']

/** Milliseconds from `now` to the next business midnight of a calendar `offsetMinutes` ahead of UTC. */
export function msToNextBusinessDay(now: number, offsetMinutes: number): number {
  const intoDay = (((now + offsetMinutes * 60_000) % DAY_MS) + DAY_MS) % DAY_MS
  return DAY_MS - intoDay
}

const resumed = new Set<() => void>()

/**
 * What else runs when the business day may have turned with the app open — at midnight in the foreground, back in
 * the foreground (lifecycle.ts: the new day's first open).
 */
export function onResume(listener: () => void): void {
  resumed.add(listener)
}

/** Whether the app is in the foreground (a tab in the background, a mini program behind another app is not). */
let visible = true

/**
 * What the midnight timer does: every loaded view of the day's figures loads again; the `onResume` listeners run
 * only in the foreground — a tab left in the background does not open the app for the member (it does when shown).
 */
export function newBusinessDay(): void {
  refresh(NEW_DAY_TAGS)
  if (visible) for (const listener of resumed) listener()
}

let timer: ReturnType<typeof setTimeout> | null = null

/** Started at launch; each midnight schedules the next (on the rules' calendar as the app then knows it). */
export function watchBusinessDay(): void {
  if (timer) clearTimeout(timer)
  const offset = useConfigStore.getState().config?.rules.calendar.offsetMinutes ?? 480
  // A second past midnight: the backend's day has turned by then, whatever the rounding of the two clocks.
  timer = setTimeout(() => {
    timer = null
    newBusinessDay()
    watchBusinessDay()
  }, msToNextBusinessDay(appNow(), offset) + 1000)
}

/** Away at least this long, the app reloads what it shows when it is back (a glance at another tab is not). */
export const AWAY_MS = 10_000

/** Started at launch: Taro's app show / hide (the page's visibility on H5, the app's on the mini programs). */
export function watchForeground(): void {
  let hiddenAt: number | null = null
  Taro.onAppHide(() => {
    hiddenAt = Date.now()
    visible = false
  })
  Taro.onAppShow(() => {
    const away = hiddenAt !== null && Date.now() - hiddenAt >= AWAY_MS
    hiddenAt = null
    visible = true
    // Whatever the time away: the day may have turned meanwhile (the listeners do nothing on the same day).
    for (const listener of resumed) listener()
    if (!away) return
    refresh(TAGS)
    // Timers may not have run while away: the next midnight is set again from the time now.
    watchBusinessDay()
  })
}
