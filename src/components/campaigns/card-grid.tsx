import { Text, View } from '@tarojs/components'
import type { CardsDetail } from '@/api/contract'
import './card-grid.scss'
import { a11yRole, ariaState, inert } from '@/components/ui/a11y'

type Kind = CardsDetail['kinds'][number]

const RARITY: Record<Kind['rarity'], string> = { common: '常见', rare: '稀有', very_rare: '珍稀' }

export interface CardGridProps {
  kinds: Kind[]
  /** The kind picked for gifting, outlined. */
  selectedId: string | null
  /** Tapping a card with a duplicate picks it for gifting. */
  onPick: (kind: Kind) => void
}

/** The card kinds with the member's count and rarity; kinds not collected yet are greyed out. */
export function CardGrid({ kinds, selectedId, onPick }: CardGridProps) {
  return (
    <View className='card-grid' id='card-grid'>
      {kinds.map((k) => (
        <View
          key={k.id}
          id={`card-${k.id}`}
          className={`fu-card fu-card--${k.rarity}${k.count === 0 ? ' fu-card--missing' : ''}${selectedId === k.id ? ' fu-card--selected' : ''}`}
          onClick={k.giftable ? () => onPick(k) : undefined}
          {...(k.giftable ? { ...a11yRole('button', true), 'aria-pressed': ariaState(selectedId === k.id) } : inert())}
        >
          <Text className='fu-card__rarity'>{RARITY[k.rarity]}</Text>
          <Text className='fu-card__glyph'>{k.count > 0 ? Array.from(k.name).pop() : '?'}</Text>
          <Text className='fu-card__name'>{k.name}</Text>
          <Text className='fu-card__count' id={`card-count-${k.id}`}>
            {k.count > 0 ? `×${k.count}` : '未获得'}
          </Text>
        </View>
      ))}
    </View>
  )
}
