import { CustomWrapper, Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { LotteryDetail } from '@/api/contract'
import './lottery-grid.scss'

export type LotterySlot = LotteryDetail['prizes'][number]

/** The eight cells round the draw button, clockwise from the top-left, as grid positions (row-major, 4 = centre). */
const RING_CELLS = [0, 1, 2, 5, 8, 7, 6, 3]
export const RING_SIZE = RING_CELLS.length

const KIND_MARK: Record<LotterySlot['kind'], string> = { points: '积', coupon: '券', physical: '礼', empty: '谢' }

/**
 * The prizes laid round the ring: each prize once, then the empty prize ("谢谢参与") fills the remaining cells
 * (or the prizes repeat when there is none); a list longer than the ring keeps its first eight.
 */
export function ringSlots(prizes: LotterySlot[]): LotterySlot[] {
  if (prizes.length === 0) return []
  const filler = prizes.filter((p) => p.kind === 'empty')
  const out = prizes.slice(0, RING_SIZE)
  for (let i = 0; out.length < RING_SIZE; i++) out.push(filler.length ? filler[i % filler.length] : prizes[i % prizes.length])
  return out
}

/** Where the highlight lands for the server's prize: the first cell holding it. */
export function ringIndexOf(slots: LotterySlot[], prizeId: string): number {
  const i = slots.findIndex((s) => s.id === prizeId)
  return i >= 0 ? i : 0
}

export interface LotteryGridProps {
  slots: LotterySlot[]
  /** Ring index of the highlighted cell, null when none. */
  active: number | null
  /** Words on the draw button ("抽奖") and under them ("免费" / "20 积分"). */
  buttonLabel: string
  buttonHint: string
  /** Looks unavailable (no draw left / not running); still tappable so the member hears why. */
  dimmed: boolean
  busy: boolean
  onDraw: () => void
}

/**
 * 3×3 lottery: eight prize cells round the draw button (`lottery-draw`). It sits in a CustomWrapper so that on
 * mini programs each step of the highlight is one small setData of this grid (two class names), not of the page.
 */
export function LotteryGrid({ slots, active, buttonLabel, buttonHint, dimmed, busy, onDraw }: LotteryGridProps) {
  const cells: (LotterySlot | null)[] = Array.from({ length: 9 }, () => null)
  RING_CELLS.forEach((cell, i) => (cells[cell] = slots[i] ?? null))
  return (
    <CustomWrapper>
      <View className='lottery-grid' id='lottery-grid'>
        {cells.map((slot, cell) => {
          if (cell === 4) {
            return (
              <View key='draw' className='lottery-grid__cell'>
                <Button
                  id='lottery-draw'
                  className={`lottery-grid__draw${dimmed ? ' lottery-grid__draw--dimmed' : ''}${busy ? ' lottery-grid__draw--busy' : ''}`}
                  hoverClass='pressed'
                  onClick={onDraw}
                >
                  <Text className='lottery-grid__draw-label'>{buttonLabel}</Text>
                  <Text className='lottery-grid__draw-hint'>{buttonHint}</Text>
                </Button>
              </View>
            )
          }
          const ring = RING_CELLS.indexOf(cell)
          return (
            <View key={cell} className='lottery-grid__cell'>
              {slot ? (
                <View id={`lottery-cell-${ring}`} className={`lottery-prize lottery-prize--${slot.kind}${active === ring ? ' lottery-prize--active' : ''}`}>
                  <Text className='lottery-prize__mark'>{KIND_MARK[slot.kind]}</Text>
                  <Text className='lottery-prize__name'>{slot.name}</Text>
                </View>
              ) : null}
            </View>
          )
        })}
      </View>
    </CustomWrapper>
  )
}
