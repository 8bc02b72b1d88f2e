import { Text, View } from '@tarojs/components'
import type { RewardItem } from '@/api/contract'
import { Art, type ArtName } from '@/components/ui/art'
import './reward-art.scss'

const REWARD_KIND_LABEL: Record<RewardItem['kind'], string> = { coupon: '优惠券', gift: '实物礼品', service: '免费服务' }

/** The demo catalogue's own pictures; an item an operator adds gets its kind's. */
const ART_OF_ITEM: Record<string, ArtName> = { 'rw-free-drink': 'cup', 'rw-badge': 'medal', 'rw-umbrella': 'umbrella', 'rw-tote': 'tote' }
const ART_OF_KIND: Record<RewardItem['kind'], ArtName> = { coupon: 'ticket', gift: 'gift', service: 'cup' }

/** A mall item's picture with its kind written on it. */
export function RewardArt({ item }: { item: Pick<RewardItem, 'id' | 'kind' | 'name'> }) {
  return (
    <View className='reward-art'>
      <Art name={ART_OF_ITEM[item.id] ?? ART_OF_KIND[item.kind]} label={item.name} className='reward-art__picture' />
      <Text className='reward-art__kind'>{REWARD_KIND_LABEL[item.kind]}</Text>
    </View>
  )
}
