import { Text, View } from '@tarojs/components'
import type { MemberMe } from '@/api/contract'
import { formatDate } from '@/utils/format'
import { ProgressBar } from '@/components/ui/progress-bar'
import { blockingRequirement, retentionSummary } from './tier-metrics'
import './tier-card.scss'
import { a11yRole } from '@/components/ui/a11y'

const SOURCE_LABEL: Record<string, string> = { paid: '付费会员', grant: '专属赠送', trial: '体验中' }

/** The member's earned tier: how long it lasts and what keeps it; nothing for the lowest tier. */
function earnedTermWords(me: MemberMe): string | null {
  if (!me.retention.applies) return null
  const missing = me.retention.met ? '已满足保级条件' : retentionSummary(me.retention.words)
  return `等级有效期还剩 ${me.levelWillExpireInDays} 天${missing ? ` · ${missing}` : ''}`
}

/**
 * The member's tier: name, growth, progress to the next tier (the bar is labelled with the requirement it
 * tracks, which is not always growth) in words, and how long the tier lasts.
 */
export function TierCard({ me, onTap }: { me: MemberMe; onTap?: () => void }) {
  const source = SOURCE_LABEL[me.tier.source]
  const blocking = me.nextTier ? blockingRequirement(me.progress.requirements) : null
  const term = me.tier.source === 'earned' ? earnedTermWords(me) : `${source ?? ''}有效期至 ${me.tier.until ? formatDate(me.tier.until) : ''}`
  return (
    <View className={`tier-card tier-card--${me.tier.id}`} id='tier-card' hoverClass='pressed' onClick={onTap} {...a11yRole('link', true)}>
      <View className='row row--between'>
        <View className='row'>
          <Text className='tier-card__name' id='tier-name'>
            {me.tier.name}
          </Text>
          {source ? <Text className='tier-card__badge'>{source}</Text> : null}
        </View>
        <Text className='tier-card__nickname'>{me.nickname}</Text>
      </View>
      <View className='tier-card__growth'>
        <Text className='tier-card__growth-value'>{me.growth}</Text>
        <Text className='tier-card__growth-label'> 成长值</Text>
      </View>
      {blocking ? (
        <Text className='tier-card__bar-label' id='tier-progress-label'>
          升级{me.nextTier?.name}：{blocking}
        </Text>
      ) : null}
      <ProgressBar id='growth-progress' label='升级进度' fraction={me.progress.fraction} tone='light' />
      <View className='tier-card__words' id='tier-progress-words'>
        {me.progress.words.map((w) => (
          <Text key={w} className='tier-card__word'>
            {w}
          </Text>
        ))}
      </View>
      {term ? (
        <Text className='tier-card__expiry' id='tier-expiry'>
          {term}
        </Text>
      ) : null}
    </View>
  )
}
