import { Text, View } from '@tarojs/components'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { useSessionLoad } from '@/hooks/use-session-load'
import { recordBehaviour } from '@/stores/tasks'

const STEPS: { title: string; body: string }[] = [
  { title: '每日签到', body: '每天签到领积分，连续签到有额外奖励，错过的日子可以用积分补签。' },
  { title: '做任务', body: '在「任务」页完成每日任务和成长任务，完成后记得点「领取」，奖励领取后到账。' },
  { title: '用积分', body: '积分可以在积分商城兑换优惠券和礼品，下单时也能抵扣部分金额。' },
  { title: '升等级', body: '签到、任务和消费都会增加成长值，成长值越高会员等级越高、权益越多。' },
]

/** 使用指南; reading it is the daily "浏览使用指南" task. */
function GuidePage() {
  useSessionLoad(() => recordBehaviour('guide_read'))
  return (
    <>
      <View>
        {STEPS.map((s, i) => (
          <Section key={s.title} title={`${i + 1}. ${s.title}`}>
            <Text className='muted'>{s.body}</Text>
          </Section>
        ))}
      </View>
    </>
  )
}

export default definePage('page-guide', GuidePage)
