import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useState } from 'react'
import type { CardClaimResponse } from '@/api/contract'
import { settledNote } from '@/domain/points'
import { CardGrid } from '@/components/campaigns/card-grid'
import { CARD_ACTIONS, cardEarnActions } from '@/components/campaigns/cards-words'
import { CampaignHero } from '@/components/campaigns/campaign-hero'
import { useCampaignId, useCampaignOfAnotherType } from '@/components/campaigns/use-campaign-id'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { ProgressBar } from '@/components/ui/progress-bar'
import { Section } from '@/components/ui/section'
import { BottomSheet } from '@/components/ui/sheet'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { TextField } from '@/platform/ui'
import { CAMPAIGN_LIST_KEY, useCampaignsStore } from '@/stores/campaigns'
import { useConfigStore, useShareRewards } from '@/stores/config'
import { useMemberStore } from '@/stores/member'
import { useRequest } from '@/stores/request'
import { confirm, toast } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'
import { campaignKey, claimCards, giftCard, loadDetail } from '@/stores/campaign-detail'
import { a11yRole, ariaState } from '@/components/ui/a11y'

function CardsPage() {
  const { id, resolve } = useCampaignId('cards')
  const detail = useCampaignsStore((s) => (id ? s.details[id] : undefined))
  // Another type's campaign: its own page opens instead (this one keeps its skeleton meanwhile).
  useCampaignOfAnotherType('cards', detail)
  const request = useRequest(id ? campaignKey(id) : CAMPAIGN_LIST_KEY)
  const listRequest = useRequest(CAMPAIGN_LIST_KEY)
  const claiming = useAction(claimCards)
  const gifting = useAction(giftCard)
  const configured = useConfigStore((s) => s.config?.rules.campaigns.find((c) => c.id === id)?.cards?.earnActions)
  const shareRewards = useShareRewards()
  const myCode = useMemberStore((s) => s.me?.inviteCode)
  const [giftKindId, setGiftKindId] = useState<string | null>(null)
  const [friendCode, setFriendCode] = useState('')
  const [prize, setPrize] = useState<CardClaimResponse | null>(null)

  const load = async () => {
    const target = await resolve()
    if (!target) return
    await Promise.all([loadDetail(target), useConfigStore.getState().load(), useMemberStore.getState().load()])
  }
  useSessionLoad(load)

  const cards = detail?.cards
  if (!detail || !cards || !id) {
    return (
      <>
        {!id && listRequest.status === 'success' ? (
          <EmptyState title='暂时没有集卡活动' hint='活动开始后再来看看吧' art='flag' />
        ) : (
          <AsyncView request={request} hasData={false} onRetry={load} />
        )}
      </>
    )
  }

  // Cards are earned and given only while the campaign runs (the backend refuses a gift before or after:
  // CARDS_NOT_RUNNING); before and after, the page says so instead of offering what would be refused.
  const closedWords = detail.status === 'ended' ? '活动已结束' : detail.status === 'upcoming' ? '活动尚未开始' : null
  const giftable = cards.kinds.filter((k) => k.giftable)
  const giftKind = giftable.find((k) => k.id === giftKindId) ?? null
  const missing = cards.total - cards.collected

  const claim = () => claiming.run(() => claimCards(id), setPrize)

  const gift = () => {
    const code = friendCode.trim()
    if (!giftKind) return toast('先选一张重复的福卡')
    if (!code) return toast('请输入好友的邀请码')
    // Codes read in capitals (the field shows what is typed so); the backend takes any case. The member's own code is
    // refused by the backend too (CARD_GIFT_SELF); said before the irreversible dialog.
    if (code === myCode) return toast('不能把福卡送给自己')
    // The dialog is part of the journey: a second tap while it is open does nothing.
    void gifting.run(
      async () => {
        if (!(await confirm('赠送福卡', `把 1 张「${giftKind.name}」送给邀请码为 ${code} 的好友？送出后不能撤回。`, '确认赠送'))) return false
        await giftCard(id, code, giftKind.id)
        return true
      },
      (sent) => {
        if (!sent) return
        toast(`已把 1 张${giftKind.name}送给好友`)
        setFriendCode('')
        setGiftKindId(null)
      },
    )
  }

  return (
    <>
      <AsyncView request={request} hasData onRetry={load}>
        <View className='cards-page'>
          <CampaignHero campaign={detail}>
            <Text className='cards-page__progress' id='cards-progress'>
              已集 {cards.collected}/{cards.total} 种
            </Text>
            <View className='cards-page__bar'>
              <ProgressBar label='集卡进度' fraction={cards.total ? cards.collected / cards.total : 0} tone='light' />
            </View>
          </CampaignHero>

          <View className='cards-page__board'>
            <CardGrid kinds={cards.kinds} selectedId={giftKind?.id ?? null} onPick={(k) => setGiftKindId(k.id)} />
            <Text className='cards-page__prize' id='cards-set-prize'>
              集齐可得：{[cards.setPrize.points > 0 ? `${cards.setPrize.points} 积分` : null, cards.setPrize.couponName].filter(Boolean).join(' + ')}
            </Text>
            <Button
              id='cards-claim'
              className={`btn btn--block ${cards.complete && !cards.claimed ? 'btn--primary' : 'btn--disabled'}`}
              hoverClass='pressed'
              disabled={!cards.complete || cards.claimed || claiming.busy}
              loading={claiming.busy}
              onClick={claim}
            >
              {cards.claimed ? '已领取集齐奖励' : cards.complete ? '领取集齐奖励' : `还差 ${missing} 种福卡`}
            </Button>
          </View>

          <Section title='怎么获得福卡' id='cards-earn'>
            <Text className='muted'>
              {closedWords ? `${closedWords}，${detail.status === 'ended' ? '不能再获得福卡' : '开始后签到、下单、做任务就能集卡'}。` : '每种方式每天可得 1 张，日常签到、下单、做任务就能集齐。'}
            </Text>
            {closedWords ? null : cardEarnActions(configured, cards.actionsLeftToday, shareRewards).map((action) => {
              const left = cards.actionsLeftToday.includes(action)
              return (
                <View key={action} className='cards-earn' id={`cards-earn-${action}`}>
                  <Text className='cards-earn__label'>{CARD_ACTIONS[action].label}</Text>
                  {left && detail.canEnter ? (
                    <Button className='btn btn--small btn--ghost' hoverClass='pressed' onClick={() => go(CARD_ACTIONS[action].route)}>
                      去完成
                    </Button>
                  ) : (
                    <Text className='muted'>{left ? '活动未开放' : '今日已得'}</Text>
                  )}
                </View>
              )
            })}
          </Section>

          <Section title='赠送福卡' id='cards-gift'>
            <Text className='muted'>
              {closedWords ? `${closedWords}，福卡不能赠送。` : `重复的福卡可以送给好友，每次 1 张。${myCode ? `我的邀请码：${myCode}` : ''}`}
            </Text>
            {closedWords ? null : giftable.length === 0 ? (
              <Text className='cards-gift__empty'>暂时没有重复的福卡可以赠送</Text>
            ) : (
              <View>
                <View className='cards-gift__kinds'>
                  {giftable.map((k) => (
                    <Text
                      key={k.id}
                      id={`gift-kind-${k.id}`}
                      className={`cards-gift__kind${giftKind?.id === k.id ? ' cards-gift__kind--active' : ''}`}
                      onClick={() => setGiftKindId(k.id)}
                      {...a11yRole('button', true)}
                      aria-pressed={ariaState(giftKind?.id === k.id)}
                    >
                      {k.name} ×{k.count}
                    </Text>
                  ))}
                </View>
                <View className='cards-gift__form'>
                  <TextField id='gift-friend-code' className='cards-gift__input' value={friendCode} maxLength={16} placeholder='输入好友的邀请码' onChange={(v) => setFriendCode(v.toUpperCase())} />
                  <Button id='gift-button' className='btn btn--small btn--primary' hoverClass='pressed' disabled={gifting.busy} loading={gifting.busy} onClick={gift}>
                    赠送
                  </Button>
                </View>
              </View>
            )}
          </Section>
        </View>
      </AsyncView>
      {prize ? (
        <BottomSheet id='cards-prize' label='集齐啦！奖励已到账' onClose={() => setPrize(null)}>
          <View className='cards-prize'>
            <Text className='cards-prize__title'>集齐啦！奖励已到账</Text>
            {prize.points > 0 ? <Text className='cards-prize__line'>+{prize.points} 积分</Text> : null}
            {prize.settled > 0 ? (
              <Text className='muted' id='cards-prize-settled'>
                {settledNote(prize.settled)}
              </Text>
            ) : null}
            {prize.coupon ? (
              <>
                <Text className='cards-prize__line'>{prize.coupon.name}</Text>
                <Text className='muted'>优惠券已放入「我的优惠券」</Text>
              </>
            ) : null}
            <View className='cards-prize__actions'>
              {prize.coupon ? (
                <Button className='btn btn--ghost cards-prize__button' hoverClass='pressed' onClick={() => go('coupons')}>
                  查看优惠券
                </Button>
              ) : null}
              <Button id='cards-prize-close' className='btn btn--primary cards-prize__button' hoverClass='pressed' onClick={() => setPrize(null)}>
                知道了
              </Button>
            </View>
          </View>
        </BottomSheet>
      ) : null}
    </>
  )
}

export default definePage('page-cards', CardsPage)
