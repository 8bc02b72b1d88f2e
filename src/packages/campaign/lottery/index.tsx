import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { DrawResponse } from '@/api/contract'
import { gateWords, scheduleWords } from '@/components/campaigns/campaign-words'
import { LineList } from '@/components/campaigns/line-list'
import { LotteryGrid, ringIndexOf, ringSlots, RING_SIZE } from '@/components/campaigns/lottery-grid'
import { LotteryResultSheet } from '@/components/campaigns/lottery-result-sheet'
import { drawRuleWords, drawsLeftWords } from '@/components/campaigns/lottery-words'
import { CampaignHero } from '@/components/campaigns/campaign-hero'
import { useCampaignId, useCampaignOfAnotherType } from '@/components/campaigns/use-campaign-id'
import { useLotterySpin } from '@/components/campaigns/use-lottery-spin'
import { a11yRole } from '@/components/ui/a11y'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { CAMPAIGN_LIST_KEY, useCampaignsStore } from '@/stores/campaigns'
import { useMemberStore } from '@/stores/member'
import { useRequest } from '@/stores/request'
import { drawShortWords } from '@/domain/lottery'
import { confirm, toast } from '@/utils/feedback'
import { formatDate, formatEnd, formatTime } from '@/utils/format'
import { go } from '@/utils/routes'
import './index.scss'
import { campaignKey, draw, loadDetail, loadWinners, reloadDetail, winnersView } from '@/stores/campaign-detail'

/** Shown at most; the full history is the member's own business, the page stays light. */
const MAX_LINES = 10

function LotteryPage() {
  const { id, resolve } = useCampaignId('lottery')
  const detail = useCampaignsStore((s) => (id ? s.details[id] : undefined))
  // Another type's campaign: its own page opens instead (this one keeps its skeleton meanwhile).
  useCampaignOfAnotherType('lottery', detail)
  const winners = useCampaignsStore((s) => (id ? s.winners[id] : undefined))
  const request = useRequest(id ? campaignKey(id) : CAMPAIGN_LIST_KEY)
  const winnersRequest = useRequest(winnersView.key(id ?? ''))
  const listRequest = useRequest(CAMPAIGN_LIST_KEY)
  const tierName = useMemberStore((s) => s.me?.tier.name)
  const memberBalance = useMemberStore((s) => s.me?.balance)
  const { active, spinning, spin } = useLotterySpin()
  const drawing = useAction(draw)
  const [result, setResult] = useState<DrawResponse | null>(null)

  const load = async () => {
    const target = await resolve()
    if (!target) return
    await Promise.all([loadDetail(target), useMemberStore.getState().load()])
  }
  useSessionLoad(load)
  // The list is published when the campaign ends — also while the page is open (a draw answered 活动已结束).
  const published = Boolean(detail?.lottery?.winnersPublished)
  useEffect(() => {
    if (id && published) void loadWinners(id)
  }, [id, published])

  const lottery = detail?.lottery
  if (!detail || !lottery || !id) {
    const noCampaign = !id && listRequest.status === 'success'
    return (
      <>
        {noCampaign ? (
          <EmptyState title='暂时没有抽奖活动' hint='活动开始后再来看看吧' art='flag' />
        ) : (
          <AsyncView request={request} hasData={false} onRetry={load} />
        )}
      </>
    )
  }

  const slots = ringSlots(lottery.prizes)
  const draws = lottery.draws
  const open = detail.canEnter && draws.nextDrawCost !== null

  // Confirm, draw and the spin are one journey: a second tap before the result sheet does nothing.
  const onDraw = () =>
    drawing.run(
      async () => {
        setResult(null)
        if (!open) {
          // Not running, not for this member, or nothing left today: the server says which, in its words.
          try {
            return await draw(id)
          } finally {
            void reloadDetail(id)
          }
        }
        const cost = draws.nextDrawCost ?? 0
        // A paid draw the balance last loaded does not cover: the balance is asked again (points may have come from
        // elsewhere meanwhile), and if it is still short that is said now, not after a confirmation the draw refuses.
        if (cost > 0 && memberBalance !== undefined && memberBalance < cost) {
          await useMemberStore.getState().load()
          const now = useMemberStore.getState().me?.balance
          if (now !== undefined && now < cost) {
            toast(drawShortWords(cost))
            return null
          }
        }
        if (cost > 0 && !(await confirm('确认抽奖', `本次抽奖消耗 ${cost} 积分，确定继续吗？`, '确认抽奖'))) return null
        const answer = draw(id, cost)
        try {
          await spin(
            RING_SIZE,
            answer.then((res) => ringIndexOf(slots, res.prize.id)),
          )
          return await answer
        } finally {
          // My prizes and the odds (stock) only now, so nothing gave the prize away while the highlight ran.
          void reloadDetail(id)
        }
      },
      (res) => res && setResult(res),
    )

  const buttonHint = !detail.canEnter
    ? detail.status === 'upcoming'
      ? '即将开始'
      : detail.status === 'ended'
        ? '已结束'
        : '暂不可参与'
    : draws.nextDrawCost === null
      ? '明天再来'
      : draws.nextDrawCost === 0
        ? '免费'
        : `${draws.nextDrawCost} 积分`
  const gate = detail.status === 'running' && !detail.canEnter ? gateWords(detail) : null

  return (
    <>
      <AsyncView request={request} hasData onRetry={load}>
        <View className='lottery-page'>
          <CampaignHero campaign={detail} />
          <View className='lottery-page__board'>
            <LotteryGrid
              slots={slots}
              active={active}
              buttonLabel={spinning ? '抽奖中' : '抽奖'}
              buttonHint={buttonHint}
              dimmed={!open}
              busy={drawing.busy}
              onDraw={onDraw}
            />
            <Text className='lottery-page__draws' id='lottery-draws'>
              {gate ?? (detail.canEnter ? drawsLeftWords(draws) : scheduleWords(detail))}
            </Text>
            <Text className='lottery-page__rule'>{drawRuleWords(draws)}</Text>
          </View>

          <Section title='中奖概率' extra={tierName ? <Text>{tierName}</Text> : undefined} id='lottery-odds'>
            <LineList
              lines={lottery.odds.map((o) => ({
                key: o.prizeId,
                label: o.remaining === null ? o.name : `${o.name}（剩余 ${o.remaining}）`,
                value: o.percent,
              }))}
              empty='暂无奖品'
            />
            <Text className='muted lottery-page__note'>概率按你的会员等级计算，由服务器随机抽取；奖品数量有限，抽完即止。</Text>
          </Section>

          {lottery.todayDraws.length > 0 ? (
            // Every draw of the day with what it gave — a reload in the middle of one hides its result sheet, not its result.
            <Section title='今日抽奖' id='lottery-today'>
              <LineList
                lines={lottery.todayDraws.map((d) => ({
                  key: d.drawId,
                  label: `${formatTime(d.at)} · ${d.costPoints > 0 ? `消耗 ${d.costPoints} 积分` : '免费'}`,
                  value: d.prizeName,
                  strong: d.kind !== 'empty',
                }))}
                empty=''
              />
            </Section>
          ) : null}

          <Section
            title='我的奖品'
            id='lottery-my-prizes'
            extra={
              // A physical prize is sent where the member says, in 兑换记录.
              lottery.myPrizes.some((p) => p.kind === 'physical') ? (
                <Text className='link' id='lottery-prize-address' onClick={() => go('redemptions')} {...a11yRole('link', true)}>
                  实物奖品填写收货地址 ›
                </Text>
              ) : undefined
            }
          >
            <LineList
              lines={lottery.myPrizes.slice(0, MAX_LINES).map((p) => ({ key: p.drawId, label: p.prizeName, value: formatDate(p.businessDate), strong: true }))}
              empty='还没有奖品，试试手气吧'
            />
          </Section>

          <Section title='获奖名单' id='lottery-winners'>
            {lottery.winnersPublished ? (
              <AsyncView request={winnersRequest} hasData={Boolean(winners)} onRetry={() => void loadWinners(id)}>
                <LineList
                  lines={(winners?.winners ?? []).slice(0, MAX_LINES).map((w, i) => ({ key: `${i}`, label: `${w.nickname}  ${w.prizeName}`, value: formatDate(w.businessDate) }))}
                  empty='本次活动没有产生中奖者'
                />
              </AsyncView>
            ) : (
              <Text className='muted'>获奖名单将在活动结束后（{formatEnd(detail.endsAt)}）公布</Text>
            )}
          </Section>
        </View>
      </AsyncView>
      {result ? (
        <LotteryResultSheet
          result={result}
          onAgain={result.draws.nextDrawCost !== null ? () => void onDraw() : null}
          onClose={() => setResult(null)}
        />
      ) : null}
    </>
  )
}

export default definePage('page-lottery', LotteryPage)
