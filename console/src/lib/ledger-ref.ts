/**
 * A ledger entry's 关联 in words an operator reads, from its `ref` (what the entry belongs to — each kind of points
 * line names its own: see server/core and src/domain): 订单 ord-3-7, 签到 12月3日, 补签 11月5日, the campaign of a
 * draw or a prize, 运营调整 by whom, 兑换 and the gift, the invited friend. With a link where the console shows that
 * thing (the member's orders, adjustments and redemptions; the friend's page). A ref of no known kind reads as it is.
 */
import type { LedgerEntryWire } from '@/api/contract'
import { monthDayWords } from '@/domain/calendar'

/** Names the console knows beside the ledger (the rules in force, the member's adjustments and redemptions). */
export interface LedgerNames {
  campaigns?: readonly { id: string; name: string }[]
  tasks?: readonly { id: string; title: string }[]
  adjustments?: readonly { id: string; requestedBy: string; requestedByName: string; decidedBy: string | null; decidedByName: string | null }[]
  redemptions?: readonly { id: string; itemName: string }[]
  /** The business date today: a date of another year says its year. */
  today?: string
}

export interface LedgerRelation {
  text: string
  /** A console route (`/members/…`), where the console shows the thing. */
  to?: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function ledgerRelation(e: Pick<LedgerEntryWire, 'type' | 'ref'>, memberId: string, names: LedgerNames = {}): LedgerRelation {
  const ref = e.ref
  if (!ref) return { text: '—' }
  const day = (date: string) => monthDayWords(date, names.today)
  const tab = (key: string) => `/members/${encodeURIComponent(memberId)}?tab=${key}`
  // The campaign whose id a ref starts with (a draw is `<campaign id>-<n>`; the longest id, should one prefix another).
  const campaign = (id: string, exact: boolean) =>
    names.campaigns
      ?.filter((c) => (exact ? id === c.id : id.startsWith(`${c.id}-`)))
      .sort((a, b) => b.id.length - a.id.length)[0]?.name
  if (/^ord-/.test(ref)) return { text: `${e.type === 'refund' ? '退款 · ' : ''}订单 ${ref}`, to: tab('orders') }
  if (/^adj-/.test(ref)) {
    const a = names.adjustments?.find((x) => x.id === ref)
    if (!a) return { text: `运营调整 ${ref}`, to: tab('adjustments') }
    // Applied within the day's approval amount, it was decided by whoever asked: nobody else approved it.
    const approver = a.decidedBy && a.decidedBy !== a.requestedBy ? `，${a.decidedByName ?? a.decidedBy} 审批` : ''
    return { text: `运营调整：${a.requestedByName}${approver}`, to: tab('adjustments') }
  }
  if (/^reissue-/.test(ref)) return { text: '运营补发优惠券', to: tab('coupons') }
  const [kind, id = '', more = ''] = ref.split(':')
  switch (kind) {
    case 'signin':
      if (DATE.test(id)) return { text: `签到 ${day(id)}` }
      break
    case 'makeup':
    case 'makeup-bonus':
      if (DATE.test(id)) return { text: `补签 ${day(id)}` }
      break
    case 'first_open':
      if (DATE.test(id)) return { text: `首次打开 ${day(id)}` }
      break
    case 'expire':
      if (DATE.test(id)) return { text: `${day(id)}到期` }
      break
    case 'settle':
      return { text: '抵扣此前退款' }
    case 'task':
      return { text: `任务 ${names.tasks?.find((t) => t.id === id)?.title ?? id}` }
    case 'lottery':
      return { text: `${campaign(id, false) ?? id} 抽奖` }
    case 'leaderboard':
      return { text: `${campaign(id, true) ?? id} 第 ${more} 名` }
    case 'cards-set':
      return { text: `${campaign(id, true) ?? id} 集齐` }
    case 'invite':
      return { text: `邀请 ${id}`, to: `/members/${encodeURIComponent(id)}` }
    case 'redeem':
      return { text: `兑换 ${names.redemptions?.find((r) => r.id === id)?.itemName ?? id}`, to: tab('redemptions') }
  }
  return { text: ref }
}
