import { DownloadOutlined } from '@ant-design/icons'
import { App, Button } from 'antd'
import { useState } from 'react'
import { type CsvColumn, downloadCsv, type ExportRows } from '../lib/csv'
import { businessToday } from '../lib/format'
import { toApiError } from '../lib/hooks'

/**
 * 导出 CSV (the filename gets `stamp`: what the rows are of, a dashboard's period; else today's date): of the rows a table shows, or — for a list the table loads page by page —
 * of every row, fetched by `all` when the button is pressed.
 */
export function CsvButton<T>({
  name,
  columns,
  rows,
  all,
  label = '导出 CSV',
  stamp: given,
}: {
  name: string
  columns: CsvColumn<T>[]
  rows: readonly T[] | undefined
  all?: () => Promise<ExportRows<T>>
  label?: string
  stamp?: string
}) {
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  // The business day, as the console's dates are (not the UTC date: before 08:00 in Beijing that is yesterday).
  const stamp = given ?? businessToday()
  const run = async () => {
    if (!all) return rows && downloadCsv(`${name}-${stamp}.csv`, columns, rows)
    setBusy(true)
    try {
      const { rows: every, truncated } = await all()
      downloadCsv(`${name}-${stamp}.csv`, columns, every)
      // Never a silently short file: the operator narrows the filters (a shorter period) and exports the rest.
      if (truncated) void message.warning(`只导出了前 ${every.length.toLocaleString('zh-CN')} 行，请缩小筛选范围（如时间段）后分批导出`, 8)
    } catch (e) {
      void message.error(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button icon={<DownloadOutlined />} disabled={!rows?.length} loading={busy} onClick={() => void run()}>
      {label}
    </Button>
  )
}
