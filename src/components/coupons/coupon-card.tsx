import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { CouponWire } from '@/api/contract'
import type { CouponSource } from '@/domain/coupons'
import { couponFace, formatDateRange } from '@/utils/format'
import './coupon-card.scss'

/** Where a coupon came from, in the member's words: every source has one (the compiler holds the list whole). */
export const SOURCE_LABEL: Record<CouponSource, string> = {
  signin: '签到奖励',
  task: '任务奖励',
  campaign: '活动奖励',
  lottery: '抽奖奖品',
  cards: '集卡奖励',
  leaderboard: '排行榜奖励',
  mall: '积分兑换',
  dormant: '回归礼',
  newcomer: '新人礼',
  invite: '邀请礼',
  operator: '客服补发',
}

/** A coupon: face value, condition, validity, and a flag when it expires within 3 days. */
export function CouponCard({ coupon, children }: PropsWithChildren<{ coupon: CouponWire }>) {
  const face = couponFace(coupon)
  return (
    <View className={`coupon coupon--${coupon.status}`} id={`coupon-${coupon.id}`}>
      <View className='coupon__face'>
        <Text className='coupon__value'>{face.value}</Text>
        <Text className='coupon__condition'>{face.condition}</Text>
      </View>
      <View className='coupon__body'>
        <Text className='coupon__name'>{coupon.name}</Text>
        <Text className='muted'>
          {formatDateRange(coupon.validFrom, coupon.validTo)} · {SOURCE_LABEL[coupon.source] ?? '优惠券'}
        </Text>
        {coupon.status === 'available' && coupon.expiringSoon ? (
          <Text className='coupon__expiring' id={`coupon-expiring-${coupon.id}`}>
            即将过期 · 剩 {coupon.daysLeft} 天
          </Text>
        ) : null}
        {children}
      </View>
      {coupon.status !== 'available' ? <Text className='coupon__stamp'>{coupon.status === 'used' ? '已使用' : coupon.revokedAt ? '已收回' : '已过期'}</Text> : null}
    </View>
  )
}
