/**
 * 隐私申请: members' requests to export or delete their data (设置 → 我的数据). Open ones oldest first — each was
 * promised an answer within 15 working days, so the days waited show — then the handled ones with who answered and
 * what. An operator marks one handled with the reply the member reads in 设置 and in a message; once.
 */
import { Segmented, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, type PrivacyQueueRow } from '../api'
import { CsvButton } from '../components/csv-button'
import { ReplyButton } from '../components/reply-button'
import { PageHeader } from '../components/page-header'
import { CursorTable, memberColumn } from '../components/cursor-table'
import { serverNow } from '../lib/clock'
import { allPages } from '../lib/csv'
import { fmtInstant } from '../lib/format'
import { useCursorPages } from '../lib/hooks'
import { useSession } from '../session-context'

type Status = 'open' | 'done'
const PAGE = 50
const KIND: Record<PrivacyQueueRow['request']['kind'], string> = { export: '数据导出', deletion: '数据删除' }
const FILTERS: { value: Status; label: string }[] = [
  { value: 'open', label: '待处理' },
  { value: 'done', label: '已处理' },
]

/** Whole days since the request (what the 15-working-day promise is counted against). */
const daysWaited = (at: string) => Math.max(0, Math.floor((serverNow() - Date.parse(at)) / 86_400_000))
/** 15 working days are three weeks at the most (public holidays aside): past that the promise is broken. */
const OVERDUE_DAYS = 21

function Waited({ at }: { at: string }) {
  const days = daysWaited(at)
  if (days > OVERDUE_DAYS) return <Tag color="red">{days} 天 · 已超期</Tag>
  return days > OVERDUE_DAYS - 7 ? <Tag color="orange">{days} 天 · 即将超期</Tag> : <>{days} 天</>
}

function HandleButton({ row, onDone }: { row: PrivacyQueueRow; onDone: () => void }) {
  return (
    <ReplyButton
      label="标记已处理"
      title={`处理${KIND[row.request.kind]}申请 ${row.request.requestNo}`}
      intro={`${row.member.nickname}（${row.member.id}）于 ${fmtInstant(row.request.at)} 提交。${
        // Marking it handled erases nothing: the erasure is the member page's 注销会员 (an admin's), done first.
        row.request.kind === 'deletion' ? '标记已处理不会删除数据：请先在会员页由管理员执行「注销会员」，再回到这里标记。' : ''
      }处理结果会显示在会员的「设置」中，并通过消息中心通知会员；提交后不能修改。`}
      field="处理结果"
      placeholder={row.request.kind === 'export' ? '例如：导出文件已发送至会员预留的邮箱' : '例如：已核实身份，已注销会员并删除个人信息'}
      id={row.request.requestId}
      send={(reply, key) => api.handlePrivacyRequest(row.member.id, row.request.requestId, reply, key)}
      conflictCode="PRIVACY_REQUEST_HANDLED"
      success="已处理，会员会收到通知"
      onDone={onDone}
    />
  )
}

export default function PrivacyPage() {
  const { can } = useSession()
  const [status, setStatus] = useState<Status>('open')
  const pages = useCursorPages(
    (cursor) => api.privacyRequests(status, cursor, PAGE).then((p) => ({ rows: p.requests, nextCursor: p.nextCursor })),
    [status],
  )
  return (
    <>
      <PageHeader
        title="隐私申请"
        sub="会员提交的数据导出和删除申请：承诺 15 个工作日内处理，等待最久的排在前面"
        extra={
          <CsvButton<PrivacyQueueRow>
            name={`privacy-requests-${status}`}
            rows={pages.rows}
            all={() => allPages((c) => api.privacyRequests(status, c ?? undefined, 200).then((p) => ({ entries: p.requests, nextCursor: p.nextCursor })))}
            columns={[
              { title: '申请编号', value: (r) => r.request.requestNo },
              { title: '类型', value: (r) => KIND[r.request.kind] },
              { title: '提交时间', value: (r) => fmtInstant(r.request.at) },
              { title: '会员 ID', value: (r) => r.member.id },
              { title: '会员昵称', value: (r) => r.member.nickname },
              { title: '状态', value: (r) => (r.request.status === 'done' ? '已处理' : '待处理') },
              { title: '处理时间', value: (r) => (r.request.handledAt ? fmtInstant(r.request.handledAt) : '') },
              { title: '处理人', value: (r) => r.request.handledByName ?? '' },
              { title: '处理结果', value: (r) => r.request.reply ?? '' },
            ]}
          />
        }
      />
      <Segmented aria-label="处理状态" value={status} options={FILTERS} onChange={(v) => setStatus(v as Status)} style={{ marginBottom: 12 }} />
      <CursorTable<PrivacyQueueRow>
        pages={pages}
        emptyText={status === 'open' ? '没有待处理的申请' : '暂无已处理的申请'}
        rowKey={(r) => r.request.requestId}
        columns={[
          { title: '申请编号', key: 'no', render: (_, r) => r.request.requestNo },
          { title: '类型', key: 'kind', render: (_, r) => <Tag color={r.request.kind === 'deletion' ? 'red' : 'blue'}>{KIND[r.request.kind]}</Tag> },
          memberColumn(),
          { title: '提交时间', key: 'at', render: (_, r) => fmtInstant(r.request.at) },
          status === 'open'
            ? { title: '已等待', key: 'waited', render: (_, r) => <Waited at={r.request.at} /> }
            : { title: '处理', key: 'handled', render: (_, r) => `${r.request.handledByName ?? ''} ${r.request.handledAt ? fmtInstant(r.request.handledAt) : ''}` },
          status === 'open'
            ? { title: '操作', key: 'op', render: (_, r) => (can('operator') ? <HandleButton row={r} onDone={pages.reload} /> : <Typography.Text type="secondary">待运营处理</Typography.Text>) }
            : { title: '处理结果', key: 'reply', render: (_, r) => r.request.reply },
        ]}
      />
    </>
  )
}
