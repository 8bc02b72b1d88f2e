/**
 * A member's 积分流水 names what each line belongs to (console/src/lib/ledger-ref.ts) in an operator's words, not the
 * ledger's internal refs: every kind of ref the server writes, and a ref of no known kind as it is — never blank.
 */
import { ledgerRelation, type LedgerNames } from '../../console/src/lib/ledger-ref'

const names: LedgerNames = {
  campaigns: [
    { id: 'lucky-wheel', name: '幸运大转盘' },
    { id: 'points-race', name: '积分排行榜' },
    { id: 'cards-cny', name: '新春集卡' },
  ],
  tasks: [{ id: 'daily-guide-read', title: '浏览使用指南' }],
  adjustments: [
    { id: 'adj-3-1', requestedBy: 'xiaowang', requestedByName: '门店小王', decidedBy: 'xiaowang', decidedByName: '门店小王' },
    { id: 'adj-3-2', requestedBy: 'xiaowang', requestedByName: '门店小王', decidedBy: 'laoli', decidedByName: '店长老李' },
  ],
  redemptions: [{ id: 'rd-3-1', itemName: '¥10 无门槛券' }],
  today: '2026-12-07',
}
const words = (type: string, ref: string) => ledgerRelation({ type: type as never, ref }, 'mbr-3', names)

test('each kind of ledger line in words, with a link where the console shows the thing', () => {
  expect(words('spend', 'ord-3-9')).toEqual({ text: '订单 ord-3-9', to: '/members/mbr-3?tab=orders' })
  expect(words('earn', 'ord-3-9')).toEqual({ text: '订单 ord-3-9', to: '/members/mbr-3?tab=orders' })
  expect(words('refund', 'ord-3-6')).toEqual({ text: '退款 · 订单 ord-3-6', to: '/members/mbr-3?tab=orders' })
  expect(words('earn', 'signin:2026-12-03').text).toBe('签到 12月3日')
  expect(words('spend', 'makeup:2026-11-05').text).toBe('补签 11月5日')
  expect(words('earn', 'makeup-bonus:2025-12-30').text).toBe('补签 2025年12月30日')
  expect(words('earn', 'first_open:2026-12-06').text).toBe('首次打开 12月6日')
  expect(words('expire', 'expire:2026-11-24').text).toBe('11月24日到期')
  expect(words('earn', 'task:daily-guide-read:2026-12-06').text).toBe('任务 浏览使用指南')
  expect(words('spend', 'lottery:lucky-wheel-12').text).toBe('幸运大转盘 抽奖')
  expect(words('grant', 'leaderboard:points-race:2').text).toBe('积分排行榜 第 2 名')
  expect(words('grant', 'cards-set:cards-cny:mbr-3').text).toBe('新春集卡 集齐')
  expect(words('earn', 'invite:mbr-6:inviter')).toEqual({ text: '邀请 mbr-6', to: '/members/mbr-6' })
  expect(words('spend', 'redeem:rd-3-1')).toEqual({ text: '兑换 ¥10 无门槛券', to: '/members/mbr-3?tab=redemptions' })
  expect(words('refund', 'settle:le-3-40').text).toBe('抵扣此前退款')
  expect(words('adjust', 'reissue-4')).toEqual({ text: '运营补发优惠券', to: '/members/mbr-3?tab=coupons' })
})

test('an adjustment names who asked by display name, and who approved when someone else did', () => {
  expect(words('adjust', 'adj-3-1')).toEqual({ text: '运营调整：门店小王', to: '/members/mbr-3?tab=adjustments' })
  expect(words('adjust', 'adj-3-2').text).toBe('运营调整：门店小王，店长老李 审批')
})

test('what the console cannot name reads as the ref itself; no ref reads —', () => {
  // Names not loaded (yet): the ids, still with the kind.
  const bare = (type: string, ref: string) => ledgerRelation({ type: type as never, ref }, 'mbr-3').text
  expect(bare('adjust', 'adj-3-9')).toBe('运营调整 adj-3-9')
  expect(bare('spend', 'redeem:rd-3-5')).toBe('兑换 rd-3-5')
  expect(bare('spend', 'lottery:gone-campaign-3')).toBe('gone-campaign-3 抽奖')
  // A survey's id, a future kind, a malformed date: as recorded.
  expect(words('earn', 'survey-2026-q4')).toEqual({ text: 'survey-2026-q4' })
  expect(words('earn', 'coffee:1')).toEqual({ text: 'coffee:1' })
  expect(words('earn', 'signin:yesterday')).toEqual({ text: 'signin:yesterday' })
  expect(words('earn', '')).toEqual({ text: '—' })
})
