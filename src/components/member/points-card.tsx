import { Text, View } from '@tarojs/components'
import { dueWords, formatFen } from '@/utils/format'
import './points-card.scss'
import { a11yRole } from '@/components/ui/a11y'

export interface PointsCardProps {
  balance: number
  valueFen?: number
  /** Points expiring soon (within the reminder window), if any. */
  nextExpiry?: { date: string; amount: number; daysLeft: number } | null
  /** Points a refund could not take back, to come out of the next ones earned (0: none). */
  owed?: number
  onTap?: () => void
}

/**
 * Balance with what it is worth, points owed after a refund (the next ones earned go to them first, so the member
 * knows why they do not show), and the next expiry ("120 积分将于 12月31日 过期").
 */
export function PointsCard({ balance, valueFen, nextExpiry, owed = 0, onTap }: PointsCardProps) {
  return (
    <View className='points-card' id='points-card' hoverClass='pressed' onClick={onTap} {...a11yRole('link', true)}>
      <View className='row row--between'>
        <Text className='points-card__label'>我的积分</Text>
        <Text className='link'>积分明细 ›</Text>
      </View>
      <View className='points-card__balance-row'>
        <Text className='points-card__balance' id='points-balance'>
          {balance}
        </Text>
        {valueFen !== undefined ? <Text className='muted points-card__value'> 可抵 {formatFen(valueFen)}</Text> : null}
      </View>
      {owed > 0 ? (
        <Text className='points-card__expiry' id='points-owed-note'>
          待扣回 {owed} 积分，将从之后获得的积分中扣除
        </Text>
      ) : null}
      {nextExpiry ? (
        <Text className='points-card__expiry' id='points-expiry-note'>
          {/* As the points page says it: 将在今天（3月24日）过期, 将在 3 天后（…）过期. */}
          {nextExpiry.amount} 积分将在{nextExpiry.daysLeft > 1 ? ' ' : ''}
          {dueWords(nextExpiry.daysLeft, nextExpiry.date)}过期
        </Text>
      ) : null}
    </View>
  )
}
