import { Text, View } from '@tarojs/components'
import type { PointsRules } from '@/domain/points'
import { formatFen } from '@/utils/format'
import './points-rules.scss'

const LIMIT_WORDS: Record<string, string> = { day: '每天', week: '每周', month: '每月' }

/** 规则说明: every earning rule with its limits, the caps, expiry and what points are worth. */
export function PointsRulesView({ rules, shareRewards }: { rules: PointsRules; shareRewards: boolean }) {
  const earning = Object.entries(rules.earningRules).filter(([, r]) => !r.shareBased || shareRewards)
  return (
    <View className='points-rules' id='points-rules'>
      <Text className='points-rules__heading'>怎么赚积分</Text>
      {earning.map(([type, r]) => {
        const limits = Object.entries(r.limits)
          .filter(([k, v]) => typeof v === 'number' && LIMIT_WORDS[k])
          .map(([k, v]) => `${LIMIT_WORDS[k]}最多 ${v} 次`)
        if (r.limits.lifetime) limits.push(`累计最多 ${r.limits.lifetime} 次`)
        if (r.limits.oncePerRef) limits.push('每项仅 1 次')
        return (
          <View key={type} className='points-rules__row'>
            <Text>{r.reason}</Text>
            <Text className='points-rules__value'>
              +{r.points} 积分{limits.length ? ` · ${limits.join('，')}` : ''}
            </Text>
          </View>
        )
      })}
      <Text className='points-rules__heading'>上限</Text>
      <Text className='muted'>
        行为获得的积分每天最多 {rules.caps.dayPoints}、每月最多 {rules.caps.monthPoints}，超出部分不再发放；活动奖品、消费和系统赠送的积分不受此限。
      </Text>
      <Text className='points-rules__heading'>有效期</Text>
      <Text className='muted'>每笔积分自获得之日起 {rules.expiryMonths} 个月后的当天结束时过期，使用时优先扣除最早到期的积分。到期前 {rules.reminderDaysBefore.join(' 天和 ')} 天会提醒你。</Text>
      <Text className='points-rules__heading'>价值</Text>
      <Text className='muted'>100 积分可抵 {formatFen(100 * rules.pointValueFen)}，下单时可抵扣部分金额，也可在积分商城兑换好礼。</Text>
    </View>
  )
}
