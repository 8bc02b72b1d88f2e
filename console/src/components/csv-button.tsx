import { DownloadOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { type CsvColumn, downloadCsv } from '../lib/csv'

/** 导出 CSV of exactly the rows a table shows (filename gets today's date). */
export function CsvButton<T>({ name, columns, rows, label = '导出 CSV' }: { name: string; columns: CsvColumn<T>[]; rows: readonly T[] | undefined; label?: string }) {
  const stamp = new Date().toISOString().slice(0, 10)
  return (
    <Button icon={<DownloadOutlined />} disabled={!rows?.length} onClick={() => rows && downloadCsv(`${name}-${stamp}.csv`, columns, rows)}>
      {label}
    </Button>
  )
}
