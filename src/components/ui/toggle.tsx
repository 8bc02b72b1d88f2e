import { View } from '@tarojs/components'
import './toggle.scss'

/** An on/off switch drawn with views (the platform Switch adds a web component to every H5 page). */
export function Toggle({ id, checked, disabled, onChange }: { id?: string; checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <View
      id={id}
      className={`toggle${checked ? ' toggle--on' : ''}${disabled ? ' toggle--disabled' : ''}`}
      aria-checked={checked}
      onClick={() => !disabled && onChange(!checked)}
    >
      <View className='toggle__knob' />
    </View>
  )
}
