/**
 * The sign-in calendar drawn from whatever the backend answers (issue 15, item 5): a month without days — a bad
 * or truncated answer — shows the month and an empty grid instead of failing the page; a normal month starts on
 * its weekday.
 */
import { render } from '@testing-library/react'
import type { SigninCalendarResponse } from '@/api/contract'
import { SigninCalendar } from '@/components/signin/signin-calendar'

const month = (days: SigninCalendarResponse['days']): SigninCalendarResponse => ({
  month: '2026-12',
  today: '2026-12-03',
  days,
  signedToday: false,
  streak: 0,
  todayCycleDay: 1,
  nextBonus: null,
  makeupsUsed: 0,
  makeupsRemaining: 2,
  makeupCostPoints: 10,
  basePoints: 5,
  multiplier: 1,
})

test('a month answered without days: the month is named, the grid is empty, nothing throws', () => {
  const { container } = render(<SigninCalendar calendar={month([])} selectedDate={null} onSelect={() => undefined} />)
  expect(container.querySelector('#calendar-month')).toHaveTextContent('2026年12月')
  expect(container.querySelectorAll('.signin-calendar__day')).toHaveLength(0)
})

test('December 2026 starts on a Tuesday: one blank under 一, then 31 days, each named for the screen reader', () => {
  const days = Array.from({ length: 31 }, (_, i) => {
    const date = `2026-12-${String(i + 1).padStart(2, '0')}`
    return { date, status: (i < 2 ? 'signed' : i === 2 ? 'today' : 'future') as 'signed' | 'today' | 'future', canMakeUp: false }
  })
  const { container } = render(<SigninCalendar calendar={month(days)} selectedDate={null} onSelect={() => undefined} />)
  expect(container.querySelectorAll('.signin-calendar__cell')).toHaveLength(32)
  expect(container.querySelectorAll('.signin-calendar__day')).toHaveLength(31)
  expect(container.querySelector('.signin-calendar__cell')?.children).toHaveLength(0)
  expect(container.querySelector('#day-2026-12-01')?.parentElement?.getAttribute('aria-label')).toMatch(/^12月1日，/)
})
