import { Text, View } from '@tarojs/components'
import { FestivalBanner } from '@/components/campaigns/festival-banner'
import { openCampaign } from '@/components/campaigns/open-campaign'
import { CouponGiftSheet } from '@/components/campaigns/coupon-gift-sheet'
import { BenefitList } from '@/components/member/benefit-list'
import { PointsCard } from '@/components/member/points-card'
import { SigninEntry } from '@/components/member/signin-entry'
import { todaysSigninPoints } from '@/components/signin/signin-rules'
import { TierCard } from '@/components/member/tier-card'
import { a11yRole } from '@/components/ui/a11y'
import { Art } from '@/components/ui/art'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useSigninCaps } from '@/hooks/use-signin-caps'
import { useCampaignsStore } from '@/stores/campaigns'
import { loadConfigIfMissing } from '@/stores/config'
import { useLifecycleStore } from '@/stores/lifecycle'
import { memberView, useMemberStore } from '@/stores/member'
import { useMessagesStore } from '@/stores/messages'
import { usePointsStore } from '@/stores/points'
import { useRequest } from '@/stores/request'
import { selectCurrentCalendar, useSigninStore } from '@/stores/signin'
import { go } from '@/utils/routes'
import './index.scss'

function HomePage() {
  const me = useMemberStore((s) => s.me)
  const memberRequest = useRequest(memberView.key())
  const savedAt = useMemberStore((s) => s.savedAt)
  const summary = usePointsStore((s) => s.summary)
  const calendar = useSigninStore(selectCurrentCalendar)
  // 去签到 +N is what the points caps leave.
  const signinCaps = useSigninCaps()
  const theme = useCampaignsStore((s) => s.theme)
  const signinMultiplier = useCampaignsStore((s) => s.signinMultiplier)
  const winback = useLifecycleStore((s) => s.winback)
  const invite = useLifecycleStore((s) => s.invite)
  const inviteWelcomeSeen = useLifecycleStore((s) => s.inviteWelcomeSeen)
  const inviteError = useLifecycleStore((s) => s.inviteError)

  const load = () =>
    Promise.all([
      useMemberStore.getState().load(),
      usePointsStore.getState().loadSummary(),
      useSigninStore.getState().loadCurrentMonth(),
      // The festival theme comes with the list; loading it here themes every page.
      useCampaignsStore.getState().loadList(),
      // The 我的 tab's unread badge, from the first screen on (not only once 我的 has been opened).
      useMessagesStore.getState().load(),
      // Whether the caps apply to sign-in points (去签到 +N).
      loadConfigIfMissing(),
    ])
  useSessionLoad(load)

  const openFestival = () => {
    const festival = useCampaignsStore.getState().campaigns?.find((c) => c.theme?.key === theme?.key && c.status !== 'ended')
    if (festival) openCampaign(festival)
    else go('campaigns')
  }

  return (
    <>
      <AsyncView request={memberRequest} hasData={!!me} savedAt={savedAt} onRetry={load}>
        {me ? (
          <View className='home'>
            <TierCard me={me} onTap={() => go('benefits')} />
            <PointsCard
              balance={summary?.balance ?? me.balance}
              valueFen={summary?.valueFen}
              nextExpiry={summary?.expiryNotice ?? null}
              owed={summary?.owed}
              onTap={() => go('points')}
            />
            <SigninEntry
              signedToday={calendar?.signedToday ?? false}
              streak={calendar?.streak ?? 0}
              points={calendar ? todaysSigninPoints(calendar, signinCaps) : undefined}
              nextBonusWords={calendar?.nextBonus?.words}
              onOpen={() => go('signin')}
            />
            {theme ? <FestivalBanner theme={theme} signinMultiplier={signinMultiplier} onOpen={openFestival} /> : null}
            {inviteError && !inviteWelcomeSeen ? (
              <View className='home__notice' id='invite-error' {...a11yRole('status')}>
                <Text className='home__notice-text'>好友邀请未生效：{inviteError.message}</Text>
                <Text className='home__notice-close' id='invite-error-close' onClick={() => useLifecycleStore.getState().dismissInviteWelcome()} {...a11yRole('button', true)}>
                  知道了
                </Text>
              </View>
            ) : null}
            {me.newcomer.active ? (
              <View className='home__offer' id='newcomer-offer' hoverClass='pressed' onClick={() => go('tasks')} {...a11yRole('link', true)}>
                <Text className='home__offer-title'>新人专享</Text>
                <Text className='home__offer-text'>注册 7 天内完成新人任务，领积分和优惠券（还剩 {me.newcomer.daysLeft} 天）</Text>
              </View>
            ) : null}
            <Section
              title={`${me.tier.name}权益`}
              extra={
                <Text onClick={() => go('benefits')} {...a11yRole('link', true)}>
                  全部权益 ›
                </Text>
              }
              id='home-benefits'
            >
              <BenefitList benefits={me.benefits} />
              {me.nextTier ? (
                <View className='home__next-tier'>
                  <Text className='muted'>升级{me.nextTier.name}可享：{me.nextTierBenefits.slice(0, 2).join('、')}</Text>
                </View>
              ) : null}
            </Section>
            <View className='home__entries'>
              {(
                [
                  // Four characters at most: five shortcuts share a 320 px row (我的优惠券 broke over two lines).
                  ['热门活动', 'campaigns', 'flag', '热门活动'],
                  ['积分商城', 'mall', 'bag', '积分商城'],
                  ['优惠券', 'coupons', 'ticket', '我的优惠券'],
                  ['会员权益', 'benefits', 'crown', '会员权益'],
                  ['下单', 'shop', 'cup', '下单'],
                ] as const
              ).map(([label, route, art, spoken]) => (
                <View key={route} id={`home-entry-${route}`} className='home__entry' hoverClass='pressed' {...a11yRole('button', true)} aria-label={spoken} onClick={() => go(route)}>
                  <Art name={art} className='home__entry-icon' />
                  <Text className='home__entry-label'>{label}</Text>
                </View>
              ))}
            </View>
          </View>
        ) : null}
      </AsyncView>
      {me && winback ? (
        <CouponGiftSheet
          kind='winback'
          coupon={winback}
          onClose={() => useLifecycleStore.getState().dismissWinback()}
          onUse={() => {
            useLifecycleStore.getState().dismissWinback()
            go('shop')
          }}
        />
      ) : me && invite?.coupon && !inviteWelcomeSeen ? (
        <CouponGiftSheet
          kind='invite'
          coupon={invite.coupon}
          friend={invite.inviterNickname}
          onClose={() => useLifecycleStore.getState().dismissInviteWelcome()}
          onUse={() => {
            useLifecycleStore.getState().dismissInviteWelcome()
            go('shop')
          }}
        />
      ) : null}
    </>
  )
}

export default definePage('page-home', HomePage)
