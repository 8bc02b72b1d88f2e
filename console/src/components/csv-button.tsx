import { DownloadOutlined } from '@ant-design/icons'
import { App, Button } from 'antd'
import { useState } from 'react'
import { type CsvColumn, downloadCsv } from '../lib/csv'
import { businessToday } from '../lib/format'
import { toApiError } from '../lib/hooks'

/**
 * 导出 CSV (the filename gets today's date): of the rows a table shows, or — for a list the table loads page by page —
 * of every row, fetched by `all` when the button is pressed.
 */
export function CsvButton<T>({
  name,
  columns,
  rows,
  all,
  label = '导出 CSV',
}: {
  name: string
  columns: CsvColumn<T>[]
  rows: readonly T[] | undefined
  all?: () => Promise<readonly T[]>
  label?: string
}) {
  const { message } = App.useApp()
  const [busy, setBusy] = useState(false)
  // The business day, as the console's dates are (not the UTC date: before 08:00 in Beijing that is yesterday).
  const stamp = businessToday()
  const run = async () => {
    if (!all) return rows && downloadCsv(`${name}-${stamp}.csv`, columns, rows)
    setBusy(true)
    try {
      downloadCsv(`${name}-${stamp}.csv`, columns, await all())
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
