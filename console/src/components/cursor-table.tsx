/**
 * A list the server pages by cursor (`useCursorPages`): the first page's loading, error (with retry) and empty states,
 * the table of every page loaded so far, and a button for the next page while there is one.
 */
import { Button, Table, type TableColumnType, type TableProps } from 'antd'
import type { CursorPages } from '../lib/hooks'
import { Link } from '../router'
import { Loadable } from './page-state'

/** The 会员 column of a queue across members: nickname and id, leading to the member's page. */
export function memberColumn<R extends { member: { id: string; nickname: string } }>(): TableColumnType<R> {
  return {
    title: '会员',
    key: 'member',
    render: (_, r) => (
      <Link to={`/members/${encodeURIComponent(r.member.id)}`}>
        {r.member.nickname}（{r.member.id}）
      </Link>
    ),
  }
}

export function CursorTable<R extends object>(props: {
  pages: CursorPages<R>
  emptyText: string
  rowKey: TableProps<R>['rowKey']
  columns: NonNullable<TableProps<R>['columns']>
  moreLabel?: string
}) {
  const { pages } = props
  return (
    <Loadable state={pages.first} isEmpty={(d) => d.rows.length === 0} emptyText={props.emptyText}>
      {() => (
        <>
          <Table<R> rowKey={props.rowKey} dataSource={pages.rows} scroll={{ x: 'max-content' }} pagination={false} columns={props.columns} />
          {pages.next ? (
            <Button block style={{ marginTop: 12 }} loading={pages.loadingMore} onClick={() => void pages.loadMore()}>
              {props.moreLabel ?? '加载更多'}
            </Button>
          ) : null}
        </>
      )}
    </Loadable>
  )
}
