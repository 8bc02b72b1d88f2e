import { serverNow } from '../../lib/clock'
import { PlusOutlined } from '@ant-design/icons'
import type { CardKind } from '@/domain/cards'
import { campaignStatus, type CampaignDefinition, type CampaignType, type LeaderboardPrize } from '@/domain/campaigns'
import type { LotteryPrize } from '@/domain/lottery'
import { Alert, Button, Dropdown, Flex, Form, Select, Switch, Table, Tag, Typography } from 'antd'
import { fromPickerValue, toPickerValue } from '../../lib/business-time'
import { fmtInstant } from '../../lib/format'
import { editor } from './editor-store'
import { useLockedCampaigns } from './locked-campaigns'
import { stockWords, useStockGiven } from './stock-given'
import { F, fieldId, Grid, ListBlock, nextId, ProblemsAt, useFields } from './fields'
import {
  AUDIENCE_LABELS,
  AUDIENCE_OPTIONS,
  CAMPAIGN_TYPE_LABELS,
  CAMPAIGN_TYPE_OPTIONS,
  CARD_ACTION_OPTIONS,
  couponOptions,
  PRIZE_KIND_LABELS,
  PRIZE_KIND_OPTIONS,
  THEME_OPTIONS,
  tierRankOptions,
} from './options'

/** A new festival theme's colour: the brand red, which white text and its own light tint both read on (WCAG AA). */
const THEME_COLOR = '#c41d16'

export const STATUS_LABEL = { upcoming: '未开始', running: '进行中', ended: '已结束' } as const
const STATUS_COLOR = { upcoming: 'blue', running: 'green', ended: 'default' } as const

function mechanicFor(type: CampaignType, firstCoupon: string): Partial<CampaignDefinition> {
  switch (type) {
    case 'lottery':
      return {
        lottery: {
          freeDrawsPerDay: 1,
          paidDrawCostPoints: 20,
          maxDrawsPerDay: 3,
          prizes: [
            { id: 'points-10', name: '10 积分', kind: 'points', points: 10, weight: 40, stock: null },
            { id: 'thanks', name: '谢谢参与', kind: 'empty', weight: 60, stock: null },
          ],
        },
      }
    case 'cards':
      return {
        cards: {
          kinds: [
            { id: 'fu', name: '福', rarityWeight: 40 },
            { id: 'lu', name: '禄', rarityWeight: 35 },
            { id: 'shou', name: '寿', rarityWeight: 25 },
          ],
          earnActions: ['signin', 'core_use', 'task'],
          guaranteedNewKindEvery: 3,
          setPrize: { couponTemplateId: firstCoupon, points: 100 },
        },
      }
    case 'leaderboard':
      return {
        leaderboard: {
          topN: 10,
          prizes: [
            { rankFrom: 1, rankTo: 1, points: 500 },
            { rankFrom: 2, rankTo: 10, points: 100 },
          ],
        },
      }
    case 'festival':
      return { theme: { key: 'national', primaryColor: THEME_COLOR, bannerTitle: '节日活动' }, signinMultiplier: 2 }
  }
}

/** A new campaign of a type, from tomorrow 00:00 (business time) for 14 days. */
function newCampaign(type: CampaignType, taken: string[], firstCoupon: string): CampaignDefinition {
  const tomorrow = toPickerValue(new Date(serverNow()).toISOString())!.add(1, 'day').startOf('day')
  return {
    id: nextId(type, taken),
    type,
    name: `新${CAMPAIGN_TYPE_LABELS[type]}活动`,
    description: '',
    startsAt: fromPickerValue(tomorrow)!,
    endsAt: fromPickerValue(tomorrow.add(14, 'day'))!,
    audience: { kind: 'all' },
    ...mechanicFor(type, firstCoupon),
  }
}

/** What a campaign plays by, type by type: the part a change of type replaces. */
const PLAY_KEYS = ['lottery', 'cards', 'leaderboard', 'theme', 'signinMultiplier'] as const
type Play = Pick<CampaignDefinition, (typeof PLAY_KEYS)[number]>

/** The play keys `c` holds (none set to undefined). */
function playOf(c: Partial<CampaignDefinition>): Play {
  const out: Play = {}
  for (const k of PLAY_KEYS) if (c[k] !== undefined) Object.assign(out, { [k]: c[k] })
  return out
}

/**
 * The play a campaign had under each type it was switched away from in this console (by campaign id and type):
 * switching back restores its prizes, kinds or rank prizes as they were, instead of a new type's defaults — the type
 * select is no way to lose a prize table.
 */
const setAside = new Map<string, Play>()

function changeType(i: number, type: CampaignType, firstCoupon: string): void {
  editor.update((d) => {
    const campaigns = d.campaigns.slice()
    const c = campaigns[i]
    setAside.set(`${c.id}\u0000${c.type}`, playOf(c))
    const rest: CampaignDefinition = { ...c, type }
    for (const k of PLAY_KEYS) delete rest[k]
    // A leaderboard ranks every member's points: it is for everyone (validateCampaigns).
    if (type === 'leaderboard') {
      rest.audience = { kind: 'all' }
      delete rest.exclusive
    }
    // A theme and a sign-in multiplier of the campaign's own go along to another type; a festival's come with it.
    const own = c.type === 'festival' ? {} : { theme: c.theme, signinMultiplier: c.signinMultiplier }
    const back = setAside.get(`${c.id}\u0000${type}`)
    const play = back ? { ...back, ...(type === 'festival' ? {} : own) } : { ...own, ...mechanicFor(type, firstCoupon) }
    campaigns[i] = { ...rest, ...playOf(play) }
    return { ...d, campaigns }
  })
}

/** Why a running campaign's play fields are read-only — to whoever could edit the rest (a viewer edits nothing). */
function LockedNote({ locked }: { locked: boolean }) {
  const { readOnly } = useFields()
  if (!locked || readOnly) return null
  return <Alert type="info" showIcon style={{ marginBottom: 12 }} title="活动进行中：玩法规则（次数、奖品、权重、库存、名次奖励）、参与对象（受众、人群包、提前参与、专享）和开始时间只有管理员可以修改，提前结束也需要管理员；名称、说明仍可修改，结束时间可以延后。" />
}

/**
 * Whether a running campaign's mechanics are read-only here (useLockedCampaigns): its prizes, card kinds or rank
 * prizes can be neither added nor removed, only its name and description change.
 */
function useLocked(c: CampaignDefinition | undefined): boolean {
  const locked = useLockedCampaigns()
  return Boolean(c && locked.some((b) => b.id === c.id))
}

function LotteryFields({ i, c }: { i: number; c: CampaignDefinition }) {
  const { draft } = useFields()
  const locked = useLocked(c)
  const given = useStockGiven()
  const p = `campaigns[${i}].lottery`
  return (
    <>
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        抽奖规则
      </Typography.Title>
      <LockedNote locked={locked} />
      <ProblemsAt path={p} />
      <Grid>
        <F path={`${p}.freeDrawsPerDay`} label="每日免费次数" type="int" min={0} unit="次" disabled={locked} />
        <F path={`${p}.maxDrawsPerDay`} label="每日最多次数" type="int" min={1} unit="次" disabled={locked} />
        <F path={`${p}.paidDrawCostPoints`} label="额外每次消耗" type="int" min={0} unit="积分" disabled={locked} />
      </Grid>
      <ListBlock<LotteryPrize>
        path={`${p}.prizes`}
        fixed={locked}
        addLabel="添加奖品"
        itemTitle={(pr) => `${pr.name || '未命名'} · ${PRIZE_KIND_LABELS[pr.kind] ?? pr.kind}`}
        make={(items) => ({ id: nextId('prize', items.map((x) => x.id)), name: '新奖品', kind: 'points', points: 10, weight: 10, stock: null })}
        render={(j, pp) => {
          const kind = c.lottery?.prizes[j]?.kind
          return (
            <Grid>
              <F path={`${pp}.id`} label="奖品 ID" disabled={locked} />
              <F path={`${pp}.name`} label="名称（会员可见）" />
              <F path={`${pp}.kind`} label="类型" type="select" options={PRIZE_KIND_OPTIONS} disabled={locked} />
              {kind === 'points' ? <F path={`${pp}.points`} label="积分" type="int" min={1} unit="积分" disabled={locked} /> : null}
              {kind === 'coupon' ? <F path={`${pp}.couponTemplateId`} label="优惠券" type="select" options={couponOptions(draft)} disabled={locked} /> : null}
              <F path={`${pp}.weight`} label="权重" type="int" min={1} disabled={locked} help="概率 = 权重 / 总权重（等级加成见预览）" />
              <F
                path={`${pp}.stock`}
                label="库存"
                type="int"
                min={0}
                placeholder="不限"
                disabled={locked}
                help={stockWords('总数量，含已抽中的：调高即补货；留空 = 不限', c.lottery?.prizes[j]?.stock, given && (given.prizes[c.id]?.[c.lottery?.prizes[j]?.id ?? ''] ?? 0))}
              />
            </Grid>
          )
        }}
      />
    </>
  )
}

function CardsFields({ i, c }: { i: number; c: CampaignDefinition }) {
  const { draft } = useFields()
  const locked = useLocked(c)
  const p = `campaigns[${i}].cards`
  return (
    <>
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        集卡规则
      </Typography.Title>
      <LockedNote locked={locked} />
      <ProblemsAt path={p} />
      <Grid>
        <F path={`${p}.earnActions`} label="获卡方式（每种每天 1 张）" type="multi" options={CARD_ACTION_OPTIONS} wide disabled={locked} />
        <F path={`${p}.guaranteedNewKindEvery`} label="保底：每 N 张至少 1 张新卡" type="int" min={1} disabled={locked} />
        <F path={`${p}.setPrize.couponTemplateId`} label="集齐奖励：优惠券" type="select" options={couponOptions(draft)} disabled={locked} />
        <F path={`${p}.setPrize.points`} label="集齐奖励：积分" type="int" min={0} unit="积分" disabled={locked} />
      </Grid>
      <ListBlock<CardKind>
        path={`${p}.kinds`}
        fixed={locked}
        addLabel="添加卡种"
        itemTitle={(k) => k.name || '未命名'}
        make={(items) => ({ id: nextId('card', items.map((x) => x.id)), name: '新卡', rarityWeight: 10 })}
        render={(_, kp) => (
          <Grid>
            <F path={`${kp}.id`} label="卡 ID" disabled={locked} />
            <F path={`${kp}.name`} label="名称" />
            <F path={`${kp}.rarityWeight`} label="出现权重" type="int" min={1} disabled={locked} help="越小越稀有" />
          </Grid>
        )}
      />
    </>
  )
}

function LeaderboardFields({ i, c }: { i: number; c: CampaignDefinition }) {
  const { draft } = useFields()
  const locked = useLocked(c)
  const p = `campaigns[${i}].leaderboard`
  return (
    <>
      <Typography.Title level={4} style={{ fontSize: 14 }}>
        排行榜规则
      </Typography.Title>
      <LockedNote locked={locked} />
      <ProblemsAt path={p} />
      <Grid>
        <F path={`${p}.topN`} label="上榜人数" type="int" min={1} unit="名" disabled={locked} />
      </Grid>
      <ListBlock<LeaderboardPrize>
        path={`${p}.prizes`}
        fixed={locked}
        addLabel="添加名次奖励"
        itemTitle={(pr) => `第 ${pr.rankFrom}–${pr.rankTo} 名`}
        make={(items) => {
          const from = Math.max(0, ...items.map((x) => x.rankTo)) + 1
          return { rankFrom: from, rankTo: from, points: 50 }
        }}
        render={(_, pp) => (
          <Grid>
            <F path={`${pp}.rankFrom`} label="起始名次" type="int" min={1} disabled={locked} />
            <F path={`${pp}.rankTo`} label="结束名次" type="int" min={1} disabled={locked} />
            <F path={`${pp}.points`} label="奖励积分" type="int" min={1} optional unit="积分" disabled={locked} />
            <F path={`${pp}.couponTemplateId`} label="奖励优惠券" type="select" optional options={couponOptions(draft)} disabled={locked} />
          </Grid>
        )}
      />
    </>
  )
}

function ThemeFields({ i, c }: { i: number; c: CampaignDefinition }) {
  const { readOnly } = useFields()
  const p = `campaigns[${i}].theme`
  const on = Boolean(c.theme)
  return (
    <>
      <Flex align="center" gap={8} style={{ margin: '4px 0 12px' }}>
        <Switch
          id={fieldId(`${p}-on`)}
          checked={on}
          disabled={readOnly || c.type === 'festival'}
          onChange={(v) => editor.set(p, v ? { key: 'spring', primaryColor: THEME_COLOR, bannerTitle: c.name } : undefined)}
        />
        <label htmlFor={fieldId(`${p}-on`)}>活动期间使用节日主题（配色与横幅）</label>
      </Flex>
      <ProblemsAt path={p} />
      {on ? (
        <Grid>
          <F path={`${p}.key`} label="主题" type="select" options={THEME_OPTIONS} />
          <F path={`${p}.primaryColor`} label="主色" type="color" />
          <F path={`${p}.bannerTitle`} label="横幅标题" />
          <F path={`${p}.bannerImage`} label="横幅图片地址" optional />
        </Grid>
      ) : null}
    </>
  )
}

function CampaignCard({ i, c }: { i: number; c: CampaignDefinition }) {
  const { draft, readOnly } = useFields()
  const p = `campaigns[${i}]`
  const firstCoupon = draft.coupons?.templates?.[0]?.id ?? ''
  // Moving a running campaign's start later pauses it: an admin's decision, as its play is.
  const locked = useLocked(c)
  const everyone = c.type === 'leaderboard'
  return (
    <>
      <Grid>
        <F path={`${p}.id`} label="活动 ID" help="会员端链接与任务引用它" />
        <F path={`${p}.name`} label="活动名称（会员可见）" />
        <Form.Item label="活动类型" htmlFor={fieldId(`${p}.type`)} data-path={`${p}.type`}>
          <Select id={fieldId(`${p}.type`)} value={c.type} options={CAMPAIGN_TYPE_OPTIONS} disabled={readOnly || locked} onChange={(t) => changeType(i, t, firstCoupon)} />
        </Form.Item>
        <F path={`${p}.description`} label="活动说明（会员可见）" type="textarea" wide />
        <F path={`${p}.startsAt`} label="开始时间" type="datetime" disabled={locked} />
        <F path={`${p}.endsAt`} label="结束时间" type="datetime" />
        {/* Who plays a running campaign is part of its play: an admin's to change (lockedCampaignChanges). */}
        <F
          path={`${p}.audience.kind`}
          label="受众"
          type="select"
          options={AUDIENCE_OPTIONS}
          disabled={locked || (everyone && c.audience?.kind === 'all')}
          help={everyone ? '排行榜按全部会员赚取的积分排名，受众固定为全部会员' : locked ? '活动进行中：修改受众需管理员操作' : undefined}
        />
        {c.audience?.kind === 'tier' ? <F path={`${p}.audience.minTierRank`} label="最低等级" type="select" options={tierRankOptions(draft)} disabled={locked} /> : null}
        {/* Shown on a leaderboard only to clear what an earlier version allowed. */}
        {everyone && c.audience?.segment === undefined ? null : <F path={`${p}.audience.segment`} label="人群包（可选）" optional disabled={locked} />}
        <F path={`${p}.priority`} label="高等级提前参与" type="bool" optional disabled={locked} />
        {everyone && !c.exclusive ? null : <F path={`${p}.exclusive`} label="仅受众可见（专享）" type="bool" optional disabled={locked} />}
        <F path={`${p}.signinMultiplier`} label="签到积分倍数" type="int" min={1} max={10} optional placeholder="不加倍" />
        <F path={`${p}.memberDoubleTasks`} label="活动任务会员翻倍" type="bool" optional />
      </Grid>
      <ThemeFields i={i} c={c} />
      {c.type === 'lottery' && c.lottery ? <LotteryFields i={i} c={c} /> : null}
      {c.type === 'cards' && c.cards ? <CardsFields i={i} c={c} /> : null}
      {c.type === 'leaderboard' && c.leaderboard ? <LeaderboardFields i={i} c={c} /> : null}
    </>
  )
}

export function CampaignsSection() {
  const { draft, readOnly, byPath } = useFields()
  const campaigns = draft.campaigns ?? []
  const now = serverNow()
  const firstCoupon = draft.coupons?.templates?.[0]?.id ?? ''
  const locked = useLockedCampaigns()
  const problemCount = (i: number) => [...byPath.entries()].filter(([k]) => k === `campaigns[${i}]` || k.startsWith(`campaigns[${i}].`)).reduce((n, [, v]) => n + v.length, 0)
  // To the campaign, its first field focused: the keyboard goes on from there, and the preview follows the focus.
  const jump = (i: number) => {
    const card = document.getElementById(fieldId(`campaigns[${i}]`))
    card?.scrollIntoView({ behavior: 'smooth', block: 'start' })
    card?.querySelector<HTMLElement>(`[data-path^="campaigns[${i}]."] input, [data-path^="campaigns[${i}]."] textarea`)?.focus({ preventScroll: true })
  }
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap gap={8}>
        <Typography.Text type="secondary">同一受众同一时间最多 2 个活动；时间为业务时间。</Typography.Text>
        {readOnly ? null : (
          <Dropdown
            menu={{
              items: CAMPAIGN_TYPE_OPTIONS.map((o) => ({ key: String(o.value), label: `${o.label}活动` })),
              onClick: ({ key }) => {
                editor.set('campaigns', [...campaigns, newCampaign(key as CampaignType, campaigns.map((c) => c.id), firstCoupon)])
                setTimeout(() => jump(campaigns.length), 50)
              },
            }}
          >
            <Button type="primary" icon={<PlusOutlined />}>
              添加活动
            </Button>
          </Dropdown>
        )}
      </Flex>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        dataSource={campaigns.map((c, i) => ({ c, i }))}
        scroll={{ x: 'max-content' }}
        style={{ marginBottom: 16 }}
        columns={[
          { title: '活动', key: 'name', render: (_, { c, i }) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => jump(i)}>
                {c.name || c.id}
              </Button>
            ),
          },
          { title: '类型', key: 'type', render: (_, { c }) => CAMPAIGN_TYPE_LABELS[c.type] ?? c.type },
          { title: '受众', key: 'aud', render: (_, { c }) => AUDIENCE_LABELS[c.audience?.kind] ?? c.audience?.kind },
          { title: '时间', key: 'when', render: (_, { c }) => `${fmtInstant(c.startsAt)} – ${fmtInstant(c.endsAt)}` },
          {
            title: '状态（现在）',
            key: 'status',
            render: (_, { c }) => {
              const s = Number.isNaN(Date.parse(c.startsAt)) || Number.isNaN(Date.parse(c.endsAt)) ? null : campaignStatus(c, now)
              return s ? <Tag color={STATUS_COLOR[s]}>{STATUS_LABEL[s]}</Tag> : '—'
            },
          },
          { title: '问题', key: 'problems', render: (_, { i }) => (problemCount(i) ? <Tag color="error">{problemCount(i)} 个问题</Tag> : <Tag color="success">通过</Tag>) },
        ]}
      />
      <ListBlock<CampaignDefinition>
        path="campaigns"
        itemTitle={(c) => `${c.name || '未命名活动'} · ${CAMPAIGN_TYPE_LABELS[c.type] ?? c.type}`}
        addLabel="添加抽奖活动"
        make={(items) => newCampaign('lottery', items.map((c) => c.id), firstCoupon)}
        kept={(c) => (locked.some((l) => l.id === c.id) ? '进行中的活动只有管理员可以删除' : null)}
        render={(i) => <CampaignCard i={i} c={campaigns[i]} />}
      />
    </>
  )
}
