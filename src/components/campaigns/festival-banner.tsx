import { Text, View } from '@tarojs/components'
import type { ThemeWire } from '@/api/contract'
import './festival-banner.scss'
import { a11yRole } from '@/components/ui/a11y'

export interface FestivalBannerProps {
  theme: ThemeWire
  /** The sign-in multiplier in force (shown when above 1). */
  signinMultiplier: number
  onOpen: () => void
}

/** The running festival's banner on home (its colour is the page's theme colour). */
export function FestivalBanner({ theme, signinMultiplier, onOpen }: FestivalBannerProps) {
  return (
    <View className='festival-banner' id='festival-banner' hoverClass='pressed' onClick={onOpen} {...a11yRole('link', true)}>
      <View className='festival-banner__text'>
        <Text className='festival-banner__title'>{theme.bannerTitle}</Text>
        {signinMultiplier > 1 ? <Text className='festival-banner__note'>活动期间签到积分 ×{signinMultiplier}</Text> : null}
      </View>
      <Text className='festival-banner__go'>去看看 ›</Text>
    </View>
  )
}
