/** The field-by-field changes between two rules documents (`rulesDiff`), each under its editor section. */
import { Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import type { RulesDocument } from '../../api'
import { changeValue, rulesDiff, type RuleChange } from '../../lib/rules-diff'
import { sectionOfPath } from './sections'

const WRAP = { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' } as const

export function ChangesTable({ id, before, after, empty }: { id: string; before: RulesDocument; after: RulesDocument; empty: string }) {
  const changes = useMemo(() => rulesDiff(before, after), [before, after])
  if (changes.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>
  return (
    <Table<RuleChange>
      id={id}
      size="small"
      rowKey="path"
      dataSource={changes}
      // Fixed widths, long values wrapped: sized to their content, a path or a whole list pushed 之后 out of a dialog.
      tableLayout="fixed"
      pagination={changes.length > 20 ? { pageSize: 20 } : false}
      columns={[
        {
          title: '设置',
          key: 'path',
          width: '30%',
          render: (_, c) => (
            <div style={WRAP}>
              <Tag>{sectionOfPath(c.path).label}</Tag>
              <Typography.Text code>{c.path}</Typography.Text>
            </div>
          ),
        },
        { title: '之前', key: 'before', width: '35%', render: (_, c) => <div style={WRAP}>{changeValue(c.before)}</div> },
        { title: '之后', key: 'after', width: '35%', render: (_, c) => <div style={WRAP}>{changeValue(c.after)}</div> },
      ]}
    />
  )
}
