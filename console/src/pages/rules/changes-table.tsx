/** The field-by-field changes between two rules documents (`rulesDiff`), each under its editor section. */
import { Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import type { RulesDocument } from '../../api'
import { changeValue, rulesDiff, type RuleChange } from '../../lib/rules-diff'
import { sectionOfPath } from './sections'

export function ChangesTable({ id, before, after, empty }: { id: string; before: RulesDocument; after: RulesDocument; empty: string }) {
  const changes = useMemo(() => rulesDiff(before, after), [before, after])
  if (changes.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>
  return (
    <Table<RuleChange>
      id={id}
      size="small"
      rowKey="path"
      dataSource={changes}
      scroll={{ x: 'max-content' }}
      pagination={changes.length > 20 ? { pageSize: 20 } : false}
      columns={[
        {
          title: '设置',
          key: 'path',
          render: (_, c) => (
            <>
              <Tag>{sectionOfPath(c.path).label}</Tag>
              <Typography.Text code>{c.path}</Typography.Text>
            </>
          ),
        },
        { title: '之前', key: 'before', render: (_, c) => changeValue(c.before) },
        { title: '之后', key: 'after', render: (_, c) => changeValue(c.after) },
      ]}
    />
  )
}
