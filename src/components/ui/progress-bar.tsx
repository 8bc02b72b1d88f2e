import { View } from '@tarojs/components'
import { a11yRole } from './a11y'
import './progress-bar.scss'

/** A horizontal bar; `fraction` is clamped to [0, 1]. Read out as a progress bar named `label`, in percent. */
export function ProgressBar({ fraction, label, id, tone = 'primary' }: { fraction: number; label: string; id?: string; tone?: 'primary' | 'light' }) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10
  return (
    <View className={`progress progress--${tone}`} id={id} {...a11yRole('progressbar')} aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <View className='progress__fill' style={`width:${pct}%`} />
    </View>
  )
}
