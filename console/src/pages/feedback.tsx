/**
 * 意见反馈: what members wrote under 设置 → 意见反馈 (they were told 我们会尽快处理). Open ones oldest first with the
 * contact they left, then the replied ones with who answered and what. A reply reaches the member as a message
 * (反馈已回复), once.
 */
import { Segmented, Typography } from 'antd'
import { useState } from 'react'
import { api, type FeedbackQueueRow } from '../api'
import { CsvButton } from '../components/csv-button'
import { PageHeader } from '../components/page-header'
import { CursorTable, memberColumn } from '../components/cursor-table'
import { ReplyButton } from '../components/reply-button'
import { allPages } from '../lib/csv'
import { fmtInstant } from '../lib/format'
import { useCursorPages } from '../lib/hooks'
import { useSession } from '../session-context'

type Status = 'open' | 'replied'
const PAGE = 50
const FILTERS: { value: Status; label: string }[] = [
  { value: 'open', label: '待回复' },
  { value: 'replied', label: '已回复' },
]

export default function FeedbackPage() {
  const { can } = useSession()
  const [status, setStatus] = useState<Status>('open')
  const pages = useCursorPages(
    (cursor) => api.feedback(status, cursor, PAGE).then((p) => ({ rows: p.feedback, nextCursor: p.nextCursor })),
    [status],
  )
  return (
    <>
      <PageHeader
        title="意见反馈"
        sub="会员在「设置」里提交的建议和问题：等待最久的排在前面，回复会通过消息中心送达会员"
        extra={
          <CsvButton<FeedbackQueueRow>
            name={`feedback-${status}`}
            rows={pages.rows}
            all={() => allPages((c) => api.feedback(status, c ?? undefined, 200).then((p) => ({ entries: p.feedback, nextCursor: p.nextCursor })))}
            columns={[
              { title: '提交时间', value: (r) => fmtInstant(r.feedback.at) },
              { title: '会员 ID', value: (r) => r.member.id },
              { title: '会员昵称', value: (r) => r.member.nickname },
              { title: '反馈内容', value: (r) => r.feedback.content },
              { title: '联系方式', value: (r) => r.feedback.contact ?? '' },
              { title: '回复时间', value: (r) => (r.feedback.handledAt ? fmtInstant(r.feedback.handledAt) : '') },
              { title: '回复人', value: (r) => r.feedback.handledByName ?? '' },
              { title: '回复内容', value: (r) => r.feedback.reply ?? '' },
            ]}
          />
        }
      />
      <Segmented aria-label="回复状态" value={status} options={FILTERS} onChange={(v) => setStatus(v as Status)} style={{ marginBottom: 12 }} />
      <CursorTable<FeedbackQueueRow>
        pages={pages}
        emptyText={status === 'open' ? '没有待回复的反馈' : '暂无已回复的反馈'}
        rowKey={(r) => `${r.member.id}/${r.feedback.id}`}
        columns={[
          { title: '提交时间', key: 'at', render: (_, r) => fmtInstant(r.feedback.at) },
          memberColumn(),
          { title: '反馈内容', key: 'content', render: (_, r) => <Typography.Paragraph style={{ maxWidth: 420, marginBottom: 0 }}>{r.feedback.content}</Typography.Paragraph> },
          { title: '联系方式', key: 'contact', render: (_, r) => r.feedback.contact ?? '—' },
          status === 'open'
            ? {
                title: '操作',
                key: 'op',
                render: (_, r) =>
                  can('operator') ? (
                    <ReplyButton
                      label="回复"
                      title={`回复 ${r.member.nickname} 的反馈`}
                      intro={`「${r.feedback.content}」— ${fmtInstant(r.feedback.at)}。回复会通过消息中心送达会员；提交后不能修改。`}
                      field="回复内容"
                      placeholder="例如：感谢建议，咖啡豆下周上架"
                      id={r.feedback.id}
                      send={(reply, key) => api.replyFeedback(r.member.id, r.feedback.id, reply, key)}
                      conflictCode="FEEDBACK_REPLIED"
                      success="已回复，会员会收到通知"
                      onDone={pages.reload}
                    />
                  ) : (
                    <Typography.Text type="secondary">待运营回复</Typography.Text>
                  ),
              }
            : { title: '回复', key: 'reply', render: (_, r) => `${r.feedback.reply ?? ''}（${r.feedback.handledByName ?? ''} ${r.feedback.handledAt ? fmtInstant(r.feedback.handledAt) : ''}）` },
        ]}
      />
    </>
  )
}
