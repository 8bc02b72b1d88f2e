import { Text, View } from '@tarojs/components'
import { useReachBottom, useShareAppMessage } from '@tarojs/taro'
import { useMemo } from 'react'
import { InviteList } from '@/components/invites/invite-list'
import { InviteRules } from '@/components/invites/invite-rules'
import { AsyncView } from '@/components/ui/async-view'
import { ListFooter } from '@/components/ui/list-footer'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { ApiError } from '@/api/errors'
import { shareRewardWords } from '@/domain/tasks'
import { ShareButton } from '@/platform/ui'
import { useConfigStore, useShareRewards } from '@/stores/config'
import { copyLink, inviteLink, invitePages, invitesView, shareBase, shareCardOf, sharesNatively, useInvitesStore } from '@/stores/invites'
import { useMoreState } from '@/stores/paged'
import { useRequest } from '@/stores/request'
import { reportEvent } from '@/stores/tasks'
import { toast } from '@/utils/feedback'
import type { EventResponse } from '@/api/contract'
import './index.scss'

/** What a counted share earned: its points and a collect-cards card (null: nothing to say). */
function shareGotWords(res: EventResponse | null): string | null {
  const got = [res?.awarded && res.awarded.awarded > 0 ? `分享 +${res.awarded.awarded} 积分` : '', res?.card ? `获得一张「${res.card.kindName}」` : ''].filter(Boolean)
  return got.length > 0 ? got.join('，') : null
}

function InvitePage() {
  const invites = useInvitesStore((s) => s.invites)
  const request = useRequest(invitesView.key())
  const copying = useAction(copyLink)
  const savedAt = useInvitesStore((s) => s.savedAt)
  const base = shareBase(useConfigStore((s) => s.config?.brand.shareBaseUrl))
  const shareRewards = useShareRewards()
  const rules = useConfigStore((s) => s.config?.rules)
  const shareWords = useMemo(() => (rules ? shareRewardWords(rules.points, rules.tasks) : []), [rules])
  const load = () => Promise.all([useInvitesStore.getState().load(), useConfigStore.getState().load()])
  useSessionLoad(load)
  const { loadingMore, moreFailed } = useMoreState(invitePages)
  const loadMore = () => void useInvitesStore.getState().loadMore()
  useReachBottom(loadMore)
  /**
   * Where a share is rewarded (H5 by default, SPEC §1.6; a mini program only if the brand turns it on) this
   * platform's share — the copied link, the native share sheet — counts for the 分享 reward and a collect-cards
   * card (the cards page sends 分享活动给好友 here). A share that could not reach the backend says so; one refused by
   * a rule — today's share already counted — is nothing to worry about.
   */
  const countShare = (unsent: string): Promise<EventResponse | null> => {
    if (!shareRewards) return Promise.resolve(null)
    return reportEvent('share').catch((e: unknown) => {
      if (e instanceof ApiError && (e.isNetwork || e.status >= 500)) toast(unsent)
      return null
    })
  }
  // Mini programs: the share sheet (opened by the ShareButton or the menu) sends this card with my code.
  useShareAppMessage(() => {
    countShare('这次分享没能记下，联网后再分享一次即可')
    return shareCardOf(useInvitesStore.getState().invites)
  })

  const onCopyLink = () =>
    copying.run(
      () => copyLink(),
      () => {
        toast('邀请链接已复制，发给好友吧')
        // What the share earned, as a sign-in's result says it (a collect-cards card included).
        void countShare('链接已复制，但这次分享没能记下，联网后再复制一次即可').then((res) => {
          const got = shareGotWords(res)
          if (got) toast(`邀请链接已复制，${got}`)
        })
      },
    )

  return (
    <>
      <AsyncView request={request} hasData={!!invites} savedAt={savedAt} onRetry={load}>
        {invites ? (
          <View>
            <View className='invite-hero'>
              <Text className='invite-hero__title'>邀请好友注册会员</Text>
              <Text className='invite-hero__reward' id='invite-reward'>
                你得 +{invites.rewardPerInvite.points} 积分{invites.rewardPerInvite.inviteeCoupon ? ` · 好友得「${invites.rewardPerInvite.inviteeCoupon}」` : ''}
              </Text>
              <View className='invite-hero__card'>
                <Text className='muted'>我的邀请码</Text>
                <Text className='invite-hero__code' id='invite-code'>
                  {invites.code}
                </Text>
                <ShareButton id='invite-share' className='btn btn--primary btn--block' onCopyLink={onCopyLink} busy={copying.busy}>
                  {sharesNatively ? '邀请好友' : '复制邀请链接'}
                </ShareButton>
                {!sharesNatively && base ? (
                  <Text className='muted invite-hero__link' id='invite-link'>
                    {inviteLink(base, invites.sharePath)}
                  </Text>
                ) : null}
                <Text className='muted invite-hero__hint'>好友通过你的邀请打开后注册，邀请码会自动带上</Text>
                {/* The cards page and the share task send 分享活动给好友 here: the copy is that share (where it is rewarded). */}
                {shareRewards ? (
                  <Text className='muted invite-hero__hint' id='invite-share-counts'>
                    {sharesNatively ? '分享给好友' : '复制链接发给好友'}即算一次分享：{[...shareWords, '集卡活动中可得卡'].join('，')}
                  </Text>
                ) : null}
              </View>
            </View>
            <Section title='奖励规则'>
              <InviteRules reward={invites.rewardPerInvite} />
            </Section>
            <Section title='我的邀请' id='my-invites' extra={<Text id='invite-count'>已邀请 {invites.invitedCount} 人</Text>}>
              {invites.invites.length > 0 ? (
                <>
                  <InviteList invites={invites.invites} />
                  <ListFooter id='invites-footer' complete={invites.nextCursor === null} loadingMore={loadingMore} moreFailed={moreFailed} onRetry={loadMore} />
                </>
              ) : (
                <EmptyState id='invites-empty' title='还没有好友通过你的邀请注册' hint='好友注册成功后会显示在这里' art='flag' />
              )}
            </Section>
          </View>
        ) : null}
      </AsyncView>
    </>
  )
}

export default definePage('page-invite', InvitePage)
