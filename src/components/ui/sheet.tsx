import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './sheet.scss'

/** A bottom sheet over a dimmed page; tapping the mask calls `onClose` when given (a gate passes none). */
export function BottomSheet({ id, onClose, children }: PropsWithChildren<{ id?: string; onClose?: () => void }>) {
  return (
    <View className='sheet-mask' id={id} catchMove onClick={onClose}>
      <View className='sheet' onClick={(e) => e.stopPropagation()}>
        {children}
      </View>
    </View>
  )
}
