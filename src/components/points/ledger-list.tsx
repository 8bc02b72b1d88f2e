import { CustomWrapper, Text, View } from '@tarojs/components'
import { memo } from 'react'
import type { LedgerEntryWire } from '@/api/contract'
import { ListFooter } from '@/components/ui/list-footer'
import { formatDate, formatMonth, formatSignedPoints } from '@/utils/format'
import './ledger-list.scss'

const TYPE_LABEL: Record<string, string> = { earn: '获得', spend: '使用', expire: '过期', refund: '退款', grant: '赠送', adjust: '调整' }

function groupByMonth(entries: LedgerEntryWire[]): { month: string; entries: LedgerEntryWire[] }[] {
  const groups: { month: string; entries: LedgerEntryWire[] }[] = []
  for (const e of entries) {
    const month = e.businessDate.slice(0, 7)
    const last = groups[groups.length - 1]
    if (last?.month === month) last.entries.push(e)
    else groups.push({ month, entries: [e] })
  }
  return groups
}

/**
 * One month of the ledger. Each month sits in its own CustomWrapper, so appending a page on a mini
 * program sends setData for the wrapper that changed, not for the whole list.
 */
const MonthGroup = memo(function MonthGroup({ month, entries }: { month: string; entries: LedgerEntryWire[] }) {
  return (
    <CustomWrapper>
      <View className='ledger__month'>
        <Text className='ledger__month-title'>{formatMonth(month)}</Text>
        {entries.map((e) => (
          <View key={e.id} className='ledger__entry'>
            <View className='ledger__entry-main'>
              <Text className='ledger__reason'>{e.reason}</Text>
              <Text className='muted'>
                {formatDate(e.businessDate)} · {TYPE_LABEL[e.type] ?? e.type}
              </Text>
            </View>
            <View className='ledger__entry-side'>
              <Text className={`ledger__amount${e.amount > 0 ? ' ledger__amount--plus' : e.amount < 0 ? ' ledger__amount--minus' : ''}`}>{formatSignedPoints(e.amount)}</Text>
              <Text className='muted'>余额 {e.balanceAfter}</Text>
            </View>
          </View>
        ))}
      </View>
    </CustomWrapper>
  )
})

export interface LedgerListProps {
  entries: LedgerEntryWire[]
  complete: boolean
  loadingMore: boolean
  /** The last next-page load failed: the footer offers it again instead of waiting for a scroll. */
  moreFailed?: boolean
  onRetryMore?: () => void
}

export function LedgerList({ entries, complete, loadingMore, moreFailed = false, onRetryMore }: LedgerListProps) {
  return (
    <View className='ledger' id='ledger-list'>
      {groupByMonth(entries).map((g) => (
        <MonthGroup key={g.month} month={g.month} entries={g.entries} />
      ))}
      <ListFooter
        id='ledger-footer'
        complete={complete}
        endText={entries.length ? '没有更多了' : '还没有积分记录'}
        loadingMore={loadingMore}
        moreFailed={moreFailed}
        onRetry={onRetryMore}
      />
    </View>
  )
}
