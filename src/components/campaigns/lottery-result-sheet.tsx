import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { DrawResponse } from '@/api/contract'
import { settledNote } from '@/domain/points'
import { BottomSheet } from '@/components/ui/sheet'
import { go } from '@/utils/routes'
import { drawsLeftWords, nextDrawShort } from './lottery-words'
import './lottery-result-sheet.scss'

function prizeNote(res: DrawResponse): string {
  switch (res.prize.kind) {
    case 'points':
      return `${res.prize.points ?? ''} 积分已到账`.trim()
    case 'coupon':
      return '优惠券已放入「我的优惠券」'
    case 'physical':
      return '请在「兑换记录」填写收货地址，我们会尽快寄出'
    case 'empty':
      return '好运还在路上，下次再来试试'
  }
}

export interface LotteryResultSheetProps {
  result: DrawResponse
  onAgain: (() => void) | null
  onClose: () => void
}

/** What the draw gave (the server's prize), and what is left today: 再抽一次 only when the balance pays for it. */
export function LotteryResultSheet({ result, onAgain, onClose }: LotteryResultSheetProps) {
  const won = result.prize.kind !== 'empty'
  const title = won ? '恭喜你获得' : '差一点点'
  return (
    <BottomSheet id='lottery-result' label={title} onClose={onClose}>
      <View className='lottery-result'>
        <Text className='lottery-result__title'>{title}</Text>
        <Text className='lottery-result__prize' id='lottery-result-prize'>
          {result.prize.name}
        </Text>
        <Text className='muted'>{prizeNote(result)}</Text>
        {result.settled > 0 ? (
          <Text className='muted' id='lottery-result-settled'>
            {settledNote(result.settled)}
          </Text>
        ) : null}
        {result.cost > 0 ? <Text className='muted'>本次消耗 {result.cost} 积分</Text> : null}
        <Text className='lottery-result__left' id='lottery-result-left'>
          {drawsLeftWords(result.draws)}
        </Text>
        {nextDrawShort(result.draws, result.balance) ? (
          <Text className='muted' id='lottery-result-short'>
            当前 {result.balance} 积分，不够再抽一次
          </Text>
        ) : null}
        <View className='sheet__actions'>
          {result.redemption ? (
            <Button id='lottery-give-address' className='btn btn--ghost lottery-result__button' hoverClass='pressed' onClick={() => go('redemptions')}>
              填写收货地址
            </Button>
          ) : onAgain && !nextDrawShort(result.draws, result.balance) ? (
            <Button id='lottery-again' className='btn btn--ghost lottery-result__button' hoverClass='pressed' onClick={onAgain}>
              再抽一次
            </Button>
          ) : null}
          <Button id='lottery-result-close' className='btn btn--primary lottery-result__button' hoverClass='pressed' onClick={onClose}>
            知道了
          </Button>
        </View>
      </View>
    </BottomSheet>
  )
}
