import { Text, View } from '@tarojs/components'
import './line-list.scss'

export interface Line {
  key: string
  label: string
  value: string
  /** Highlighted value (my own line, a prize). */
  strong?: boolean
}

/** Two-column lines (odds, my prizes, winners, rank prizes); `empty` when there is none. */
export function LineList({ id, lines, empty }: { id?: string; lines: Line[]; empty: string }) {
  return (
    <View className='line-list' id={id}>
      {lines.length === 0 ? <Text className='muted'>{empty}</Text> : null}
      {lines.map((l) => (
        <View key={l.key} className='line-list__line'>
          <Text className='line-list__label'>{l.label}</Text>
          <Text className={`line-list__value${l.strong ? ' line-list__value--strong' : ''}`}>{l.value}</Text>
        </View>
      ))}
    </View>
  )
}
