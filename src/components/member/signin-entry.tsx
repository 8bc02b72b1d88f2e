import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import './signin-entry.scss'
import { a11yRole } from '@/components/ui/a11y'

export interface SigninEntryProps {
  signedToday: boolean
  streak: number
  /** Points a sign-in today pays (todaysSigninPoints: a streak bonus reached today included); unknown until the calendar is loaded. */
  points?: number
  /** "再签 2 天额外得 10 积分" */
  nextBonusWords?: string
  onOpen: () => void
}

/** Today's sign-in state on the home page; tapping opens the sign-in page. */
export function SigninEntry({ signedToday, streak, points, nextBonusWords, onOpen }: SigninEntryProps) {
  return (
    <View className='signin-entry' id='signin-entry' hoverClass='pressed' onClick={onOpen} {...a11yRole('link', true)}>
      <View className='signin-entry__text'>
        <Text className='signin-entry__title'>{signedToday ? '今日已签到' : '每日签到'}</Text>
        <Text className='muted'>
          {streak > 0 ? `已连续签到 ${streak} 天` : '连续签到奖励更多'}
          {nextBonusWords ? ` · ${nextBonusWords}` : ''}
        </Text>
      </View>
      <Button className={`btn btn--small ${signedToday ? 'btn--ghost' : 'btn--primary'}`} hoverClass='pressed'>
        {signedToday ? '查看日历' : points ? `去签到 +${points}` : '去签到'}
      </Button>
    </View>
  )
}
