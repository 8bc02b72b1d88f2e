import { Text, View } from '@tarojs/components'
import type { CampaignSummary } from '@/api/contract'
import { CAMPAIGN_TYPE_LABEL, campaignTags, gateWords, isGated, scheduleWords } from './campaign-words'
import { campaignGoWords } from './open-campaign'
import './campaign-card.scss'
import { a11yRole } from '@/components/ui/a11y'

export interface CampaignCardProps {
  campaign: CampaignSummary
  /** Compact: one line of description, no tags (the 任务 tab's 热门活动). */
  compact?: boolean
  onOpen: (campaign: CampaignSummary) => void
}

/**
 * One campaign: type, name, what it is, where it stands for this member and its gates. A campaign the server
 * keeps this member out of is shown with the reason ("仅钻石会员可参与") and cannot be opened.
 */
export function CampaignCard({ campaign: c, compact, onOpen }: CampaignCardProps) {
  const gated = isGated(c)
  const gate = gated || (c.status === 'upcoming' && !c.exclusive) ? gateWords(c) : null
  // What a tap opens, said as it is (a festival is the sign-in page); an ended festival opens nothing.
  const go = gated ? null : campaignGoWords(c)
  return (
    <View
      id={`campaign-${c.id}`}
      className={`campaign-card campaign-card--${c.status}${gated ? ' campaign-card--gated' : ''}${compact ? ' campaign-card--compact' : ''}`}
      hoverClass={go ? 'pressed' : 'none'}
      onClick={go ? () => onOpen(c) : undefined}
      {...(go ? a11yRole('link', true) : {})}
    >
      <View className='campaign-card__head'>
        <Text className={`campaign-card__type campaign-card__type--${c.type}`}>{CAMPAIGN_TYPE_LABEL[c.type]}</Text>
        <Text className='campaign-card__name'>{c.name}</Text>
        <Text className='campaign-card__go'>{go ?? ''}</Text>
      </View>
      <Text className='campaign-card__desc'>{c.description}</Text>
      <Text className='campaign-card__schedule'>{scheduleWords(c)}</Text>
      {gate ? (
        <Text className='campaign-card__gate' id={`campaign-gate-${c.id}`}>
          {gate}
        </Text>
      ) : null}
      {compact ? null : (
        <View className='campaign-card__tags'>
          {campaignTags(c).map((tag) => (
            <Text key={tag} className='campaign-card__tag'>
              {tag}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}
