import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import type { SigninResponse, TaskView } from '@/api/contract'
import { capWords, settledNote } from '@/domain/points'
import { BottomSheet } from '@/components/ui/sheet'
import { passiveTaskHint } from '@/components/tasks/task-words'
import { couponFace } from '@/utils/format'
import './signin-result-sheet.scss'

export interface SigninResultSheetProps {
  result: SigninResponse
  multiplier: number
  onClose: () => void
  onTask: (task: TaskView) => void
}

/** After signing in: what was earned (base + bonus, any cap), the streak, a coupon, and 1–2 follow-up tasks. */
export function SigninResultSheet({ result, multiplier, onClose, onTask }: SigninResultSheetProps) {
  const { base, bonus, capped, cappedBy, settled } = result.awarded
  const total = base + bonus - capped
  return (
    <BottomSheet id='signin-result' label='签到成功' onClose={onClose}>
      <View className='signin-result'>
        <Text className='signin-result__title'>签到成功</Text>
        <Text className='signin-result__points' id='signin-result-points'>
          +{total} 积分
        </Text>
        <Text className='muted'>
          基础 {base}
          {multiplier > 1 ? `（已含活动 ×${multiplier}）` : ''}
          {bonus > 0 ? ` + 连签奖励 ${bonus}` : ''}
        </Text>
        {capped > 0 ? (
          <Text className='signin-result__capped' id='signin-result-capped'>
            {capWords(cappedBy)}，本次少得 {capped} 积分
          </Text>
        ) : null}
        {settled > 0 ? (
          <Text className='signin-result__capped' id='signin-result-settled'>
            {settledNote(settled)}
          </Text>
        ) : null}
        <Text className='signin-result__streak'>已连续签到 {result.streak} 天</Text>
        {result.coupon ? (
          <View className='signin-result__coupon' id='signin-result-coupon'>
            <Text>获得优惠券：{couponTitle(result.coupon)}</Text>
          </View>
        ) : null}
        {result.card ? (
          <View className='signin-result__coupon' id='signin-result-card'>
            <Text>
              集卡活动：获得一张「{result.card.kindName}」{result.card.isNewKind ? '（新卡）' : ''}
            </Text>
          </View>
        ) : null}
        {result.followUpTasks.length > 0 ? (
          <View className='signin-result__tasks'>
            <Text className='signin-result__tasks-title'>趁热打铁</Text>
            {result.followUpTasks.slice(0, 2).map((t) => {
              // A task that counts by itself says how, instead of a 去完成 that would only open 首页.
              const hint = passiveTaskHint(t)
              return (
                <View key={t.id} className='row row--between signin-result__task'>
                  <Text>
                    {t.title} <Text className='signin-result__reward'>{t.rewardText}</Text>
                  </Text>
                  {hint ? (
                    <Text className='muted'>{hint}</Text>
                  ) : (
                    <Button className='btn btn--small btn--ghost' hoverClass='pressed' onClick={() => onTask(t)}>
                      {t.status === 'claimable' ? '领取' : '去完成'}
                    </Button>
                  )}
                </View>
              )
            })}
          </View>
        ) : null}
        <Button id='signin-result-close' className='btn btn--primary btn--block signin-result__close' hoverClass='pressed' onClick={onClose}>
          知道了
        </Button>
      </View>
    </BottomSheet>
  )
}

/** The coupon's name with its condition, unless the name already says it ("¥5 无门槛券" is not "（无门槛）" again). */
function couponTitle(coupon: Parameters<typeof couponFace>[0] & { name: string }): string {
  const { condition } = couponFace(coupon)
  return coupon.name.includes(condition) ? coupon.name : `${coupon.name}（${condition}）`
}
