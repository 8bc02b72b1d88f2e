import { Text, View } from '@tarojs/components'
import type { SigninCalendarResponse } from '@/api/contract'
import { monthDayWords, weekdayOf } from '@/domain/calendar'
import type { SigninDayStatus } from '@/domain/signin'
import { a11yRole, buttonWhen, inert } from '@/components/ui/a11y'
import { formatMonth } from '@/utils/format'
import './signin-calendar.scss'

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日']

/** What a screen reader says of a day (the grid shows a number and a mark). */
const STATUS_WORDS: Record<SigninDayStatus, string> = { signed: '已签到', makeup: '已补签', missed: '未签到', 'before-join': '', today: '今天，未签到', 'today-signed': '今天，已签到', future: '' }

export interface SigninCalendarProps {
  calendar: SigninCalendarResponse
  selectedDate: string | null
  onSelect: (date: string) => void
  onPrevMonth?: () => void
  onNextMonth?: () => void
  /** A month asked for and not there yet: the header names it at once and the grid shown fades. */
  loadingMonth?: string | null
}

/**
 * The month grid: signed days filled, make-up days marked 补, today ringed, missed days blank (dashed when
 * they can still be made up and tappable), future days muted.
 */
export function SigninCalendar({ calendar, selectedDate, onSelect, onPrevMonth, onNextMonth, loadingMonth }: SigninCalendarProps) {
  // A month without days (a bad answer) shows an empty grid rather than failing the page.
  const leading = calendar.days.length > 0 ? weekdayOf(calendar.days[0].date) : 0
  return (
    <View className={`signin-calendar${loadingMonth ? ' signin-calendar--loading' : ''}`} id='signin-calendar'>
      <View className='signin-calendar__header'>
        <Text className='signin-calendar__nav' id='calendar-prev' {...buttonWhen('上个月', onPrevMonth)}>
          {onPrevMonth ? '‹' : ''}
        </Text>
        <Text className='signin-calendar__month' id='calendar-month'>
          {formatMonth(loadingMonth ?? calendar.month)}
        </Text>
        <Text className='signin-calendar__nav' id='calendar-next' {...buttonWhen('下个月', onNextMonth)}>
          {onNextMonth ? '›' : ''}
        </Text>
      </View>
      <View className='signin-calendar__grid'>
        {WEEKDAYS.map((w) => (
          <Text key={w} className='signin-calendar__weekday'>
            {w}
          </Text>
        ))}
        {Array.from({ length: leading }, (_, i) => (
          <View key={`blank-${i}`} className='signin-calendar__cell' />
        ))}
        {calendar.days.map((d) => (
          <View
            key={d.date}
            className='signin-calendar__cell'
            // A day to make up is a button; another is read as one thing, its date and state (a label on an element
            // without a role is not read: the screen reader said "4 ✓").
            {...(d.canMakeUp ? { ...a11yRole('button', true), onClick: () => onSelect(d.date) } : { ...a11yRole('img'), ...inert() })}
            aria-label={`${monthDayWords(d.date)}${d.canMakeUp ? '，可补签' : STATUS_WORDS[d.status] ? `，${STATUS_WORDS[d.status]}` : ''}`}
          >
            <View
              id={`day-${d.date}`}
              className={`signin-calendar__day signin-calendar__day--${d.status}${d.canMakeUp ? ' signin-calendar__day--makeup-able' : ''}${
                selectedDate === d.date ? ' signin-calendar__day--selected' : ''
              }`}
            >
              <Text className='signin-calendar__num'>{Number(d.date.slice(8))}</Text>
              {d.status === 'makeup' ? <Text className='signin-calendar__mark'>补</Text> : null}
              {d.status === 'signed' || d.status === 'today-signed' ? <Text className='signin-calendar__mark'>✓</Text> : null}
            </View>
          </View>
        ))}
      </View>
      <View className='signin-calendar__legend'>
        <Text className='legend legend--signed'>已签到</Text>
        <Text className='legend legend--makeup'>补签</Text>
        <Text className='legend legend--missed'>可补签</Text>
      </View>
    </View>
  )
}
