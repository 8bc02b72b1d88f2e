import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { CampaignSummary } from '@/api/contract'
import { scheduleWords } from './campaign-words'
import './campaign-hero.scss'

/** The coloured head of a campaign page (name, schedule, then the page's own line); it takes the festival colour. */
export function CampaignHero({ campaign, children }: PropsWithChildren<{ campaign: CampaignSummary }>) {
  return (
    <View className='campaign-hero'>
      <Text className='campaign-hero__name'>{campaign.name}</Text>
      <Text className='campaign-hero__schedule'>{scheduleWords(campaign)}</Text>
      {children}
    </View>
  )
}
