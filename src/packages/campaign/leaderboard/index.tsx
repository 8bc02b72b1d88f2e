import { Text, View } from '@tarojs/components'
import { LeaderboardList } from '@/components/campaigns/leaderboard-list'
import { LineList } from '@/components/campaigns/line-list'
import { CampaignHero } from '@/components/campaigns/campaign-hero'
import { useCampaignId, useCampaignOfAnotherType } from '@/components/campaigns/use-campaign-id'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { CAMPAIGN_LIST_KEY, useCampaignsStore } from '@/stores/campaigns'
import { useRequest } from '@/stores/request'
import { prizeForRank } from '@/domain/campaigns'
import { formatEnd } from '@/utils/format'
import './index.scss'
import { campaignKey, loadDetail } from '@/stores/campaign-detail'

const rankWords = (from: number, to: number) => (from === to ? `第 ${from} 名` : `第 ${from}–${to} 名`)

function LeaderboardPage() {
  const { id, resolve } = useCampaignId('leaderboard')
  const detail = useCampaignsStore((s) => (id ? s.details[id] : undefined))
  // Another type's campaign: its own page opens instead (this one keeps its skeleton meanwhile).
  useCampaignOfAnotherType('leaderboard', detail)
  const request = useRequest(id ? campaignKey(id) : CAMPAIGN_LIST_KEY)
  const listRequest = useRequest(CAMPAIGN_LIST_KEY)

  const load = async () => {
    const target = await resolve()
    if (target) await loadDetail(target)
  }
  useSessionLoad(load)

  const board = detail?.leaderboard
  if (!detail || !board) {
    return (
      <>
        {!id && listRequest.status === 'success' ? (
          <EmptyState title='暂时没有排行榜活动' hint='活动开始后再来看看吧' art='crown' />
        ) : (
          <AsyncView request={request} hasData={false} onRetry={load} />
        )}
      </>
    )
  }

  const me = board.me
  // What my rank wins, said where I look first (the prize table below lists every band).
  const myPrize = me.rank === null ? undefined : prizeForRank(board.prizes, me.rank)
  return (
    <>
      <AsyncView request={request} hasData onRetry={load}>
        <View className='leaderboard-page'>
          <CampaignHero campaign={detail}>
            <Text className='leaderboard-page__status' id='leaderboard-status'>
              {board.published ? '结果已公布' : detail.status === 'upcoming' ? '活动尚未开始' : `${formatEnd(detail.endsAt)} 结束后公布结果`}
            </Text>
          </CampaignHero>
          <View className='leaderboard-page__me' id='leaderboard-me'>
            <Text className='leaderboard-page__me-label'>我的排名</Text>
            {/* Final results are final: 暂未上榜 would say a place might still come. */}
            <Text className='leaderboard-page__me-rank' id='leaderboard-my-rank'>
              {me.rank ? `第 ${me.rank} 名` : board.published ? '未上榜' : '暂未上榜'}
            </Text>
            <Text className='muted'>活动期间赚取 {me.points} 积分</Text>
            {myPrize ? (
              <Text className='leaderboard-page__me-prize' id='leaderboard-my-prize'>
                {!board.published
                  ? `按当前排名可得 ${myPrize.text}，活动结束后发放`
                  : me.prizeTakenBack > 0
                    ? `获得 ${myPrize.text}，因订单退款收回 ${me.prizeTakenBack} 积分`
                    : `获得 ${myPrize.text}，已发放到你的账户`}
              </Text>
            ) : null}
          </View>
          <Section title='排名奖励' id='leaderboard-prizes'>
            <LineList lines={board.prizes.map((p) => ({ key: `${p.rankFrom}`, label: rankWords(p.rankFrom, p.rankTo), value: p.text, strong: true }))} empty='本活动没有排名奖励' />
            <Text className='muted leaderboard-page__note'>按活动期间赚取的积分排名，同分时先达到者在前；订单退款后其所得积分不计入排名{board.published ? '，公布后退款的将收回因此多得的奖励；奖励已发放到获奖会员账户' : ''}。</Text>
          </Section>
          <Section title={board.published ? '最终排名' : '实时排名'}>
            <LeaderboardList standings={board.standings} />
          </Section>
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-leaderboard', LeaderboardPage)
