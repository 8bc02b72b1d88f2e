import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { CouponWire } from '@/api/contract'
import { BottomSheet } from '@/components/ui/sheet'
import { couponFace } from '@/utils/format'
import './coupon-gift-sheet.scss'

export interface CouponGiftSheetProps {
  /** `winback` (好久不见, after a dormancy) or `invite` (welcome of a member who came through a friend). */
  kind: 'winback' | 'invite'
  coupon: CouponWire
  /** The inviting friend's (masked) nickname, for `invite`. */
  friend?: string
  onUse: () => void
  onClose: () => void
}

/**
 * A coupon the server just gave on opening the app: the win-back coupon on the first open after a dormancy
 * (once per dormancy, its rule), or the invitee's coupon when a friend's invite was accepted at registration.
 */
export function CouponGiftSheet({ kind, coupon, friend, onUse, onClose }: CouponGiftSheetProps) {
  const face = couponFace(coupon)
  const validity = `${coupon.daysLeft} 天内有效`
  const title = kind === 'winback' ? '好久不见' : '欢迎加入'
  return (
    <BottomSheet id={`${kind}-sheet`} label={title} onClose={onClose}>
      <View className='winback'>
        <Text className='winback__title'>{title}</Text>
        <Text className='winback__text' id={`${kind}-text`}>
          {kind === 'winback'
            ? `好久不见，送你一张 ${face.value} ${face.condition}券（${validity}）`
            : `${friend ?? '好友'} 邀请你加入会员，送你一张 ${face.value} ${face.condition}券（${validity}）`}
        </Text>
        <View className='winback__coupon'>
          <Text className='winback__value'>{face.value}</Text>
          <Text className='winback__name'>{coupon.name}</Text>
        </View>
        <View className='sheet__actions'>
          <Button id={`${kind}-close`} className='btn btn--ghost winback__button' hoverClass='pressed' onClick={onClose}>
            知道了
          </Button>
          <Button id={`${kind}-use`} className='btn btn--primary winback__button' hoverClass='pressed' onClick={onUse}>
            去使用
          </Button>
        </View>
      </View>
    </BottomSheet>
  )
}
