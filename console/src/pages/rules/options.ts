/** Select options drawn from the draft itself (tiers, coupon templates, tasks, campaigns) and the fixed vocabularies. */
import type { RulesDocument } from '../../api'
import { COUPON_SOURCE } from '../../lib/labels'
import type { Option } from './fields'

export const tierOptions = (d: RulesDocument): Option[] => (d.tiers?.levels ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.id}）` }))
export const tierRankOptions = (d: RulesDocument): Option[] => (d.tiers?.levels ?? []).map((t) => ({ value: t.rank, label: `${t.name}及以上` }))
export const couponOptions = (d: RulesDocument): Option[] => (d.coupons?.templates ?? []).map((t) => ({ value: t.id, label: `${t.name}（${t.id}）` }))
export const taskOptions = (d: RulesDocument): Option[] => (d.tasks?.definitions ?? []).map((t) => ({ value: t.id, label: `${t.title}（${t.id}）` }))
export const campaignOptions = (d: RulesDocument): Option[] => (d.campaigns ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.id}）` }))

const opts = (m: Record<string, string>): Option[] => Object.entries(m).map(([value, label]) => ({ value, label }))

export const METRIC_LABELS: Record<string, string> = {
  growth: '成长值',
  spendFen: '消费（分，等级统计期内）',
  orders: '订单数',
  activeDays: '活跃天数',
  signinDays: '签到天数',
  tasksCompleted: '完成任务数',
  shares: '分享次数',
}
export const CAMPAIGN_TYPE_LABELS: Record<string, string> = { lottery: '抽奖', cards: '集卡', leaderboard: '排行榜', festival: '节日主题' }
export const AUDIENCE_LABELS: Record<string, string> = { all: '全部会员', new: '新会员', dormant: '沉睡会员', tier: '指定等级及以上' }
export const THEME_LABELS: Record<string, string> = { spring: '春节', midautumn: '中秋', national: '国庆', '618': '618', double11: '双11' }
export const PRIZE_KIND_LABELS: Record<string, string> = { points: '积分', coupon: '优惠券', physical: '实物', empty: '谢谢参与' }
export const CARD_ACTION_LABELS: Record<string, string> = { signin: '签到', core_use: '下单', task: '完成任务', invite_registered: '邀请好友注册', share: '分享（仅 H5）' }
export const COUPON_KIND_LABELS: Record<string, string> = { no_threshold: '无门槛券', threshold: '满减券', discount: '折扣券' }
export const TASK_KIND_LABELS: Record<string, string> = { daily: '每日任务', growth: '成长任务', newcomer: '新人任务', campaign: '活动任务' }
export const REWARD_KIND_LABELS: Record<string, string> = { coupon: '优惠券', gift: '实物礼品', service: '到店服务' }

export const METRIC_OPTIONS = opts(METRIC_LABELS)
export const CAMPAIGN_TYPE_OPTIONS = opts(CAMPAIGN_TYPE_LABELS)
export const AUDIENCE_OPTIONS = opts(AUDIENCE_LABELS)
export const THEME_OPTIONS = opts(THEME_LABELS)
export const PRIZE_KIND_OPTIONS = opts(PRIZE_KIND_LABELS)
export const CARD_ACTION_OPTIONS = opts(CARD_ACTION_LABELS)
export const COUPON_KIND_OPTIONS = opts(COUPON_KIND_LABELS)
export const COUPON_SOURCE_OPTIONS = opts(COUPON_SOURCE)
export const TASK_KIND_OPTIONS = opts(TASK_KIND_LABELS)
export const REWARD_KIND_OPTIONS = opts(REWARD_KIND_LABELS)
/** Behaviour events a task can count, in staff's words (the code after it, as the rules document stores it). */
export const EVENT_LABELS: Record<string, string> = {
  first_open: '每日首次打开',
  app_open: '打开小程序',
  core_use: '使用核心功能',
  share: '分享',
  review: '有效评价',
  survey: '完成问卷',
  profile_complete: '完善资料',
  guide_read: '阅读新手指南',
  follow_account: '关注公众号 / 生活号',
  browse_product: '浏览商品',
  invite_registered: '邀请好友注册',
  order_paid: '下单支付',
}
export const EVENT_OPTIONS: Option[] = Object.entries(EVENT_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }))

/** Where a task's 去完成 leads in the member app: the keys of TASK_ACTIONS in src/utils/routes.ts (any other opens home). */
export const TASK_ACTION_LABELS: Record<string, string> = {
  home: '首页',
  mall: '积分商城 / 下单',
  order: '下单',
  guide: '新手指南',
  profile: '完善资料',
  invite: '邀请好友',
  follow: '关注公众号',
  signin: '签到',
  points: '我的积分',
}
export const TASK_ACTION_OPTIONS: Option[] = Object.entries(TASK_ACTION_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }))
