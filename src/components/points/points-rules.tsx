import { Text, View } from '@tarojs/components'
import type { RulesConfig } from '@/domain/config'
import { formatEnd, formatFen } from '@/utils/format'
import './points-rules.scss'

const LIMIT_WORDS: Record<string, string> = { day: '每天', week: '每周', month: '每月' }

/**
 * 规则说明: the daily sign-in (tier-scaled, with its streak bonuses), every earning rule with its limits, the 完善资料
 * task (it pays as a task, not as an earning rule), the caps, expiry and what points are worth.
 */
export function PointsRulesView({ config, shareRewards, boost }: { config: RulesConfig; shareRewards: boolean; boost?: { name: string; endsAt: string; multiplier: number } | null }) {
  const rules = config.points
  const earning = Object.entries(rules.earningRules).filter(([, r]) => !r.shareBased || shareRewards)
  const bases = config.tiers.levels.map((l) => l.signinBasePoints)
  const [low, high] = [Math.min(...bases), Math.max(...bases)]
  const signin = [`+${low === high ? low : `${low}–${high}`} 积分${low === high ? '' : '（按会员等级）'} · 每天 1 次`]
  // A bonus's coupon is named as the sign-in page's rules name it (签到 › 签到规则).
  for (const b of config.signin.bonuses) signin.push(`连续签到第 ${b.day} 天再 +${b.points}${b.couponTemplateId ? ' 和专属优惠券' : ''}`)
  // A running campaign multiplies the base points (not the streak bonuses), as the sign-in page says.
  if (boost) signin.push(`活动期间（「${boost.name}」，至 ${formatEnd(boost.endsAt)}）签到基础积分 ×${boost.multiplier}`)
  const profile = config.tasks.definitions.filter((d) => d.goal.eventType === 'profile_complete' && d.reward.points)
  return (
    <View className='points-rules' id='points-rules'>
      <Text className='points-rules__heading'>怎么赚积分</Text>
      <View className='points-rules__row' id='points-rules-signin'>
        <Text className='points-rules__label'>每日签到</Text>
        <View className='points-rules__value'>
          {signin.map((line, i) => (
            <Text key={line}>{i < signin.length - 1 ? `${line}，` : line}</Text>
          ))}
        </View>
      </View>
      {earning.map(([type, r]) => {
        const limits = Object.entries(r.limits)
          .filter(([k, v]) => typeof v === 'number' && LIMIT_WORDS[k])
          .map(([k, v]) => `${LIMIT_WORDS[k]}最多 ${v} 次`)
        if (r.limits.lifetime) limits.push(`累计最多 ${r.limits.lifetime} 次`)
        if (r.limits.oncePerRef) limits.push('每项仅 1 次')
        return (
          <View key={type} className='points-rules__row'>
            <Text className='points-rules__label'>{r.reason}</Text>
            <Text className='points-rules__value'>
              +{r.points} 积分{limits.length ? ` · ${limits.join('，')}` : ''}
            </Text>
          </View>
        )
      })}
      {profile.map((d) => (
        <View key={d.id} className='points-rules__row' id={`points-rules-${d.id}`}>
          <Text className='points-rules__label'>{d.title}</Text>
          <Text className='points-rules__value'>
            +{d.reward.points} 积分 · {d.kind === 'daily' ? '每天 1 次' : '仅 1 次'}
          </Text>
        </View>
      ))}
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
