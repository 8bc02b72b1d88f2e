import { Text, View } from '@tarojs/components'
import { a11yRole, ariaState } from './a11y'
import './segmented.scss'

/** A row of tabs inside a page (coupon status, task kind …). */
export function Segmented<T extends string>({ options, value, onChange, id }: { options: { value: T; label: string }[]; value: T; onChange: (v: T) => void; id?: string }) {
  return (
    <View className='segmented' id={id} {...a11yRole('tablist')}>
      {options.map((o) => (
        <View
          key={o.value}
          id={`${id ?? 'segmented'}-${o.value}`}
          className={`segmented__item ${o.value === value ? 'segmented__item--active' : ''}`}
          hoverClass='pressed'
          {...a11yRole('tab', true)}
          aria-label={o.label}
          aria-selected={ariaState(o.value === value)}
          onClick={() => onChange(o.value)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
