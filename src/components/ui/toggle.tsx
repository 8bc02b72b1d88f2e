import { View } from '@tarojs/components'
import { a11yRole, ariaState } from './a11y'
import './toggle.scss'

/** An on/off switch drawn with views (the platform Switch adds a web component to every H5 page), named by `label`. */
export function Toggle({ id, label, checked, disabled, onChange }: { id?: string; label: string; checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <View
      id={id}
      className={`toggle${checked ? ' toggle--on' : ''}${disabled ? ' toggle--disabled' : ''}`}
      {...a11yRole('switch', true)}
      aria-label={label}
      aria-checked={ariaState(checked)}
      aria-disabled={ariaState(!!disabled)}
      onClick={() => !disabled && onChange(!checked)}
    >
      <View className='toggle__knob' />
    </View>
  )
}
