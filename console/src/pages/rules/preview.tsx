/**
 * "What a member would see and get" under the draft, computed by the rules engine itself (src/domain): a sign-in on
 * a cycle day for a tier (played through `signIn` day by day, so streak bonuses come out exactly as the server
 * pays them), lottery odds per tier (`publishedOdds`), task rewards per tier (`rewardPointsFor`), coupon terms on a
 * sample order (`couponDiscountFen`). Nothing here decides anything: the server runs the same functions.
 */
import { serverNow } from '../../lib/clock'
import { campaignStatus, type CampaignDefinition } from '@/domain/campaigns'
import { couponDiscountFen, type CouponTemplate } from '@/domain/coupons'
import { publishedOdds } from '@/domain/lottery'
import { emptySigninState, signIn, type SigninState } from '@/domain/signin'
import { rewardPointsFor } from '@/domain/tasks'
import type { TierDefinition } from '@/domain/tiers'
import { durationWords } from '@/domain/benefit-words'
import { Alert, Card, Descriptions, Empty, Flex, Select, Slider, Table, Tag, Typography } from 'antd'
import { type ReactElement, useEffect, useMemo, useRef, useState } from 'react'
import type { RulesDocument } from '../../api'
import { fmtFen, fmtInstant } from '../../lib/format'
import { AUDIENCE_LABELS, CAMPAIGN_TYPE_LABELS, COUPON_KIND_LABELS, METRIC_LABELS, PRIZE_KIND_LABELS } from './options'
import { STATUS_LABEL } from './section-campaigns'

const DAY_MS = 86_400_000

export interface SigninOutcome {
  base: number
  bonus: number
  total: number
  couponTemplateId?: string
  /** Points the day cap would cut (sign-in is a capped source by default). */
  cappedTo: number | null
}

/**
 * A member of `tier` signing in on cycle days 1 to `days` of an unbroken streak, with a campaign multiplier: one
 * replay gives every day (the table of a 300-day cycle replayed each cell from day 1 and froze the tab).
 */
export function signinOutcomes(doc: RulesDocument, tier: TierDefinition, days: number, multiplier: number): SigninOutcome[] {
  let state: SigninState = emptySigninState()
  const start = Date.parse('2026-03-02T04:00:00Z')
  const ctx = { config: { calendar: doc.calendar, signin: doc.signin }, rng: () => 0 }
  const capped = doc.points?.grantSources?.signin?.capped !== false
  const dayCap = doc.points?.caps?.dayPoints
  const out: SigninOutcome[] = []
  for (let k = 0; k < days; k++) {
    const r = signIn(state, { tierBasePoints: tier.signinBasePoints, multiplier }, { ...ctx, now: start + k * DAY_MS })
    state = r.state
    const { base, bonus, couponTemplateId } = r.award
    const total = base + bonus
    out.push({ base, bonus, total, couponTemplateId, cappedTo: capped && total > dayCap ? dayCap : null })
  }
  return out
}

function discountLabel(percent: number): string {
  if (percent >= 100) return '无折扣'
  return `${percent % 10 === 0 ? percent / 10 : percent / 10}折`
}

function couponTerms(t: CouponTemplate): string {
  if (t.kind === 'no_threshold') return `无门槛减 ${fmtFen(t.offFen)}`
  if (t.kind === 'threshold') return `满 ${fmtFen(t.minSpendFen)} 减 ${fmtFen(t.offFen)}`
  return `${discountLabel(t.percent ?? 100)}${t.maxOffFen ? `，最多减 ${fmtFen(t.maxOffFen)}` : ''}${t.minSpendFen ? `，满 ${fmtFen(t.minSpendFen)} 可用` : ''}`
}

/** A coupon's validity in words; what is not filled in yet reads 待填写, never "undefined". */
function validityText(t: CouponTemplate): string {
  const v = t.validity
  if (v?.kind === 'fixed') return `${v.from || '（开始日期待填写）'} 至 ${v.to || '（结束日期待填写）'}`
  return v?.days ? `领取后 ${v.days} 天内有效` : '有效天数待填写'
}

function SigninPreview({ doc }: { doc: RulesDocument }) {
  const tiers = doc.tiers?.levels ?? []
  const cycle = Math.max(1, doc.signin?.cycleDays ?? 7)
  const [tierId, setTierId] = useState(tiers[tiers.length - 1]?.id)
  const [day, setDay] = useState(Math.min(7, cycle))
  const multipliers = [...new Set([1, ...(doc.campaigns ?? []).map((c) => c.signinMultiplier ?? 1)])].sort((a, b) => a - b)
  const [multiplier, setMultiplier] = useState(1)
  const tier = tiers.find((t) => t.id === tierId) ?? tiers[tiers.length - 1]
  const couponName = (id?: string) => doc.coupons?.templates?.find((t) => t.id === id)?.name ?? id
  if (!tier) return <Empty description="没有会员等级" />
  const d = Math.min(day, cycle)
  // Every tier's whole cycle, once per render (the table and the line below read it).
  const table = tiers.map((t) => {
    try {
      return signinOutcomes(doc, t, cycle, multiplier)
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e))
    }
  })
  const ofTier = table[tiers.indexOf(tier)]
  let line: string
  let outcome: SigninOutcome | null = null
  try {
    if (ofTier instanceof Error) throw ofTier
    outcome = ofTier[d - 1]
    line = `${tier.name} 第 ${d} 天签到 → ${outcome.base} 基础积分${multiplier > 1 ? `（×${multiplier}）` : ''}${outcome.bonus ? ` + ${outcome.bonus} 连签奖励` : ''} = ${outcome.total} 积分`
  } catch (e) {
    line = `无法预览：${e instanceof Error ? e.message : String(e)}`
  }
  return (
    <>
      <Flex vertical gap={8}>
        <label>
          会员等级
          <Select style={{ width: '100%' }} aria-label="预览的会员等级" value={tier.id} onChange={setTierId} options={tiers.map((t) => ({ value: t.id, label: t.name }))} />
        </label>
        <div>
          <span id="preview-day-label">连签第 {d} 天</span>
          <Slider min={1} max={cycle} value={d} onChange={setDay} ariaLabelledByForHandle="preview-day-label" />
        </div>
        {multipliers.length > 1 ? (
          <label>
            活动签到倍数
            <Select style={{ width: '100%' }} aria-label="活动签到倍数" value={multiplier} onChange={setMultiplier} options={multipliers.map((m) => ({ value: m, label: m === 1 ? '无活动' : `×${m}` }))} />
          </label>
        ) : null}
      </Flex>
      <Alert type="success" style={{ marginTop: 12 }} data-testid="signin-preview" title={line} description={
        outcome ? (
          <>
            {outcome.couponTemplateId ? <div>另得优惠券「{couponName(outcome.couponTemplateId)}」</div> : null}
            {outcome.cappedTo !== null ? <div>受每日积分上限 {outcome.cappedTo} 限制，实得 {outcome.cappedTo} 积分</div> : null}
          </>
        ) : undefined
      } />
      <Table
        size="small"
        style={{ marginTop: 12 }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowKey="id"
        dataSource={tiers}
        columns={[
          { title: '等级', dataIndex: 'name', key: 'name', fixed: 'left' },
          ...Array.from({ length: cycle }, (_, k) => ({
            title: `第${k + 1}天`,
            key: `d${k}`,
            align: 'right' as const,
            render: (_: unknown, t: TierDefinition) => {
              const days = table[tiers.indexOf(t)]
              return days instanceof Error ? '—' : days[k].total
            },
          })),
        ]}
      />
    </>
  )
}

function TiersPreview({ doc }: { doc: RulesDocument }) {
  return (
    <Flex vertical gap={8}>
      {(doc.tiers?.levels ?? []).map((t) => (
        <Card key={t.id} size="small" title={t.name}>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t.requirements?.length ? `升级条件：${t.requirements.map((r) => (r.metric === 'spendFen' ? `消费 ≥ ${fmtFen(r.min)}` : `${METRIC_LABELS[r.metric] ?? r.metric} ≥ ${r.min}`)).join('，')}` : '注册即享'}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {discountLabel(t.discountPercent)} · 签到 {t.signinBasePoints} 分 · 抽奖权重 ×{(t.lotteryWeightPercent / 100).toFixed(2).replace(/\.?0+$/, '')}
            {t.earlyAccessMinutes ? ` · 提前 ${durationWords(t.earlyAccessMinutes)}参与` : ''}
          </Typography.Paragraph>
          <Flex gap={4} wrap>
            {(t.benefits ?? []).map((b) => (
              <Tag key={b}>{b}</Tag>
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  )
}

function PointsPreview({ doc }: { doc: RulesDocument }) {
  const p = doc.points
  if (!p) return null
  const rules = Object.entries(p.earningRules ?? {})
  return (
    <>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="价值">100 积分 = {fmtFen(100 * p.pointValueFen)}</Descriptions.Item>
        <Descriptions.Item label="上限">
          每日 {p.caps?.dayPoints} / 每月 {p.caps?.monthPoints} 积分
        </Descriptions.Item>
        <Descriptions.Item label="有效期">获得后 {p.expiryMonths} 个月（当日结束）</Descriptions.Item>
        <Descriptions.Item label="提醒">到期前 {(p.reminderDaysBefore ?? []).join('、')} 天</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        style={{ marginTop: 12 }}
        pagination={false}
        rowKey={([k]) => k}
        dataSource={rules}
        columns={[
          { title: '行为', key: 'k', render: (_, [k, r]) => r.reason || k },
          { title: '每次', key: 'p', align: 'right', render: (_, [, r]) => r.points },
          { title: '每日最多', key: 'd', align: 'right', render: (_, [, r]) => (r.limits?.day === undefined ? '不限' : r.points * r.limits.day) },
        ]}
      />
    </>
  )
}

function TasksPreview({ doc }: { doc: RulesDocument }) {
  const tiers = doc.tiers?.levels ?? []
  return (
    <Table
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowKey="id"
      dataSource={doc.tasks?.definitions ?? []}
      columns={[
        { title: '任务', dataIndex: 'title', key: 'title' },
        ...tiers.map((t) => ({
          title: t.name,
          key: t.id,
          align: 'right' as const,
          render: (_: unknown, d: (typeof doc.tasks.definitions)[number]) => {
            try {
              return `+${rewardPointsFor(d, t.campaignTaskDoublePoints, doc.tasks)}`
            } catch {
              return '—'
            }
          },
        })),
      ]}
    />
  )
}

function CampaignPreview({ doc }: { doc: RulesDocument }) {
  const campaigns = doc.campaigns ?? []
  const [id, setId] = useState<string>()
  // The campaign being edited is the one shown: a field of campaigns[i] taking focus selects it.
  const listed = useRef(campaigns)
  listed.current = campaigns
  useEffect(() => {
    const follow = (e: FocusEvent) => {
      const path = e.target instanceof Element ? e.target.closest('[data-path]')?.getAttribute('data-path') : null
      const edited = path ? /^campaigns\[(\d+)\]/.exec(path) : null
      const c = edited ? listed.current[Number(edited[1])] : undefined
      if (c) setId(c.id)
    }
    document.addEventListener('focusin', follow)
    return () => document.removeEventListener('focusin', follow)
  }, [])
  const c: CampaignDefinition | undefined = campaigns.find((x) => x.id === id) ?? campaigns[0]
  const tiers = useMemo(() => doc.tiers?.levels ?? [], [doc])
  // The odds of the tiers that may play: a 钻石-only draw shows no 普通会员 column.
  const players = useMemo(() => {
    const audience = c?.audience
    return audience?.kind === 'tier' ? tiers.filter((t) => t.rank >= (audience.minTierRank ?? 0)) : tiers
  }, [c, tiers])
  const odds = useMemo(() => {
    if (!c?.lottery) return null
    try {
      return players.map((t) => ({ tier: t, odds: publishedOdds(c.lottery!, t.lotteryWeightPercent) }))
    } catch {
      return null
    }
  }, [c, players])
  if (!c) return <Empty description="没有活动" />
  const valid = !Number.isNaN(Date.parse(c.startsAt)) && !Number.isNaN(Date.parse(c.endsAt))
  const status = valid ? campaignStatus(c, serverNow()) : null
  const tierName = (rank?: number) => tiers.find((t) => t.rank === rank)?.name ?? `排名 ${rank}`
  // (A weight still being typed may be text, or nothing: it counts for nothing until it is a number.)
  const cardTotal = (c.cards?.kinds ?? []).reduce((s, k) => s + (typeof k.rarityWeight === 'number' ? k.rarityWeight : 0), 0)
  return (
    <>
      <Select style={{ width: '100%', marginBottom: 12 }} aria-label="预览的活动" value={c.id} onChange={setId} options={campaigns.map((x) => ({ value: x.id, label: x.name || x.id }))} />
      <Card size="small" title={c.name} data-testid="campaign-preview" extra={status ? <Tag>{STATUS_LABEL[status]}</Tag> : null} styles={{ header: c.theme ? { borderTop: `4px solid ${c.theme.primaryColor}` } : undefined }}>
        {c.theme ? <Typography.Paragraph strong>{c.theme.bannerTitle}</Typography.Paragraph> : null}
        <Typography.Paragraph>{c.description || '（无说明）'}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {CAMPAIGN_TYPE_LABELS[c.type]} · {fmtInstant(c.startsAt)} 至 {fmtInstant(c.endsAt)} · {c.audience?.kind === 'tier' ? `${tierName(c.audience.minTierRank)}及以上` : AUDIENCE_LABELS[c.audience?.kind]}
          {c.signinMultiplier && c.signinMultiplier > 1 ? ` · 签到积分 ×${c.signinMultiplier}` : ''}
        </Typography.Paragraph>
      </Card>
      {odds ? (
        <>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 12 }}>
            各等级中奖概率（会员页公示）
          </Typography.Title>
          <Table
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowKey="prizeId"
            data-testid="odds-preview"
            dataSource={odds[0]?.odds ?? []}
            columns={[
              { title: '奖品', key: 'name', render: (_, o) => `${o.name}（${PRIZE_KIND_LABELS[o.kind] ?? o.kind}）` },
              ...odds.map(({ tier, odds: list }) => ({
                title: tier.name,
                key: tier.id,
                align: 'right' as const,
                render: (_: unknown, o: { prizeId: string }) => list.find((x) => x.prizeId === o.prizeId)?.percent ?? '—',
              })),
            ]}
          />
        </>
      ) : null}
      {c.cards ? (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          单张卡概率：{c.cards.kinds.map((k) => `${k.name} ${cardTotal ? ((k.rarityWeight / cardTotal) * 100).toFixed(1) : '—'}%`).join('，')}；每 {c.cards.guaranteedNewKindEvery} 张至少一张新卡。
        </Typography.Paragraph>
      ) : null}
      {c.leaderboard ? (
        <Typography.Paragraph style={{ marginTop: 12 }}>
          前 {c.leaderboard.topN} 名：{c.leaderboard.prizes.map((p) => `第 ${p.rankFrom === p.rankTo ? p.rankFrom : `${p.rankFrom}–${p.rankTo}`} 名 ${p.points ? `${p.points} 积分` : ''}${p.couponTemplateId ? ' + 优惠券' : ''}`).join('；')}
        </Typography.Paragraph>
      ) : null}
    </>
  )
}

function CouponsPreview({ doc }: { doc: RulesDocument }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={doc.coupons?.templates ?? []}
      columns={[
        { title: '优惠券', key: 'n', render: (_, t) => `${t.name}（${COUPON_KIND_LABELS[t.kind] ?? t.kind}）` },
        { title: '条件', key: 't', render: (_, t) => `${couponTerms(t)}；${validityText(t)}` },
        { title: '¥100 订单减', key: 'x', align: 'right', render: (_, t) => fmtFen(couponDiscountFen(t, 10000)) },
      ]}
    />
  )
}

function MallPreview({ doc }: { doc: RulesDocument }) {
  const items = doc.mall?.items ?? []
  if (!items.length) return <Empty description="没有商城商品" />
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={items}
      columns={[
        { title: '商品', dataIndex: 'name', key: 'n' },
        { title: '积分', dataIndex: 'pointsPrice', key: 'p', align: 'right' },
        { title: '折合', key: 'v', align: 'right', render: (_, it) => fmtFen(it.pointsPrice * (doc.points?.pointValueFen ?? 10)) },
      ]}
    />
  )
}

const PREVIEWS: Record<string, { title: string; View: (p: { doc: RulesDocument }) => ReactElement | null }> = {
  tiers: { title: '会员看到的等级与权益', View: TiersPreview },
  signin: { title: '签到预览', View: SigninPreview },
  points: { title: '积分规则说明', View: PointsPreview },
  tasks: { title: '各等级任务奖励', View: TasksPreview },
  campaigns: { title: '活动预览', View: CampaignPreview },
  coupons: { title: '优惠券条件', View: CouponsPreview },
  mall: { title: '商城预览', View: MallPreview },
  other: { title: '签到预览', View: SigninPreview },
}

export function RulesPreview({ section, doc }: { section: string; doc: RulesDocument }) {
  const p = PREVIEWS[section] ?? PREVIEWS.signin
  const View = p.View
  return (
    <Card size="small" title={`${p.title}（按草稿计算）`} className="rules-preview">
      <View doc={doc} />
    </Card>
  )
}
