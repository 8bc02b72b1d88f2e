import { View } from '@tarojs/components'
import './progress-bar.scss'

/** A horizontal bar; `fraction` is clamped to [0, 1]. */
export function ProgressBar({ fraction, id, tone = 'primary' }: { fraction: number; id?: string; tone?: 'primary' | 'light' }) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10
  return (
    <View className={`progress progress--${tone}`} id={id} aria-valuenow={pct}>
      <View className='progress__fill' style={`width:${pct}%`} />
    </View>
  )
}
