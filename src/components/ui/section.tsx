import { Text, View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import './section.scss'

/** A titled white card; `extra` sits on the right of the title (a link or a note). */
export function Section({ title, extra, id, children }: PropsWithChildren<{ title?: string; extra?: ReactNode; id?: string }>) {
  return (
    <View className='section' id={id}>
      {title ? (
        <View className='section__header'>
          <Text className='section__title'>{title}</Text>
          {extra ? <View className='section__extra'>{extra}</View> : null}
        </View>
      ) : null}
      {children}
    </View>
  )
}
