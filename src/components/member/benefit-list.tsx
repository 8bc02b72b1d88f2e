import { Text, View } from '@tarojs/components'
import './benefit-list.scss'

/** The benefits of a tier as a grid of short lines. */
export function BenefitList({ benefits, id }: { benefits: string[]; id?: string }) {
  return (
    <View className='benefit-list' id={id}>
      {benefits.map((b) => (
        <View key={b} className='benefit-list__item'>
          <View className='benefit-list__dot' />
          <Text className='benefit-list__text'>{b}</Text>
        </View>
      ))}
    </View>
  )
}
