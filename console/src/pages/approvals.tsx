/**
 * 积分调整审批: adjustments by status. An admin approves (applied now, in the member's ledger as `adjust`) or
 * rejects (with an optional note) a pending one — never their own request; the server refuses that too.
 */
import { ReloadOutlined } from '@ant-design/icons'
import { App, Button, Input, Modal, Segmented, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { type Adjustment, type AdjustmentListItem, type AdjustmentStatus, api } from '../api'
import { CsvButton } from '../components/csv-button'
import { allPages } from '../lib/csv'
import { PageHeader } from '../components/page-header'
import { CursorTable } from '../components/cursor-table'
import { fmtInstant, fmtPoints } from '../lib/format'
import { ADJ_STATUS, approverColumns, decisionWords } from '../lib/labels'
import { useAction, useCursorPages } from '../lib/hooks'
import { Link } from '../router'
import { useSession } from '../session-context'
import { ConfirmPop } from '../components/confirm-pop'


/** Adjustments a page (the server's cursor brings the next). */
const PAGE = 50

const FILTERS: { value: AdjustmentStatus | 'all'; label: string }[] = [
  { value: 'pending', label: '待审批' },
  { value: 'applied', label: '已生效' },
  { value: 'rejected', label: '已驳回' },
  { value: 'all', label: '全部' },
]

export default function ApprovalsPage() {
  const { message } = App.useApp()
  const { can, session } = useSession()
  const [status, setStatus] = useState<AdjustmentStatus | 'all'>('pending')
  const wanted = status === 'all' ? undefined : status
  const list = useCursorPages((cursor) => api.adjustments({ status: wanted, cursor, limit: PAGE }).then((p) => ({ rows: p.adjustments, nextCursor: p.nextCursor })), [status])
  const approve = useAction()
  const reject = useAction()
  const [rejecting, setRejecting] = useState<Adjustment | null>(null)
  const [note, setNote] = useState('')
  const me = session.operator
  const mine = (a: Adjustment) => a.requestedBy === me.id || a.requestedBy === me.username
  // A deduction the balance no longer covers (the member spent since it was asked): the server would refuse it.
  const belowZero = (a: AdjustmentListItem) => a.status === 'pending' && a.memberBalance + a.amount < 0
  // Nothing is given to a member erased since (会员注销): it can only be rejected.
  const erased = (a: AdjustmentListItem) => a.status === 'pending' && a.memberErased

  const doApprove = async (a: Adjustment) => {
    const r = await approve.run({ approve: a.id }, (key) => api.approveAdjustment(a.id, key))
    if (r.ok) {
      message.success(`已批准：${fmtPoints(r.data.adjustment.amount, true)} 积分已入账，会员余额 ${fmtPoints(r.data.balance)}`)
      list.reload()
    } else list.reload()
  }
  // Each request's note starts empty: one typed for another and cancelled is not carried over.
  const startReject = (a: Adjustment) => {
    setNote('')
    setRejecting(a)
  }
  const doReject = async () => {
    if (!rejecting) return
    const r = await reject.run({ reject: rejecting.id, note }, (key) => api.rejectAdjustment(rejecting.id, note.trim(), key))
    if (r.ok) {
      message.success('已驳回')
      setRejecting(null)
      setNote('')
      list.reload()
    } else if (r.error.code === 'ADJUSTMENT_DECIDED') {
      // Another admin decided it meanwhile (the server said so): the list moves on without it.
      setRejecting(null)
      list.reload()
    }
  }
  return (
    <>
      <PageHeader
        title="积分调整审批"
        sub="超过审批额度的积分调整由另一位管理员审批后生效"
        extra={
          <Space>
            {/* Another admin decides meanwhile, or an operator files a new request: the queue is read again on demand. */}
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              刷新
            </Button>
            <CsvButton<AdjustmentListItem>
              name={`adjustments-${status}`}
              rows={list.rows}
              // Every adjustment of the filter, not only the pages loaded so far.
              all={() => allPages((c) => api.adjustments({ status: wanted, cursor: c, limit: 200 }).then((p) => ({ entries: p.adjustments, nextCursor: p.nextCursor })))}
              columns={[
                { title: '编号', value: (a) => a.id },
                { title: '会员 ID', value: (a) => a.memberId },
                { title: '积分', value: (a) => a.amount },
                { title: '会员当前余额', value: (a) => a.memberBalance },
                { title: '原因', value: (a) => a.reason },
                { title: '状态', value: (a) => ADJ_STATUS[a.status]?.label ?? a.status },
                { title: '申请人', value: (a) => a.requestedByName },
                { title: '申请时间', value: (a) => fmtInstant(a.requestedAt) },
                { title: '审批人', value: (a) => approverColumns(a).approver },
                { title: '审批时间', value: (a) => approverColumns(a).decidedAt },
                { title: '备注', value: (a) => a.note },
              ]}
            />
          </Space>
        }
      />
      <Segmented aria-label="状态筛选" value={status} options={FILTERS} onChange={(v) => setStatus(v as AdjustmentStatus | 'all')} style={{ marginBottom: 12 }} />
      {!can('admin') ? (
        <Typography.Paragraph type="secondary">只有管理员可以审批；你可以查看申请的处理进度。</Typography.Paragraph>
      ) : null}
      <CursorTable<AdjustmentListItem>
        pages={list}
        emptyText={status === 'pending' ? '没有待审批的调整' : '暂无记录'}
        rowKey="id"
        columns={[
          { title: '会员', key: 'member', render: (_, a) => <Link to={`/members/${encodeURIComponent(a.memberId)}`}>{a.memberId}</Link> },
          { title: '积分', key: 'amount', align: 'right', render: (_, a) => <strong>{fmtPoints(a.amount, true)}</strong> },
          {
            title: '会员当前余额',
            key: 'balance',
            align: 'right',
            render: (_, a) =>
              erased(a) ? (
                <Typography.Text type="secondary">会员已注销，只能驳回</Typography.Text>
              ) : belowZero(a) ? (
                <Typography.Text type="danger">{fmtPoints(a.memberBalance)}（扣减后为负，不能批准）</Typography.Text>
              ) : (
                fmtPoints(a.memberBalance)
              ),
          },
          { title: '原因', dataIndex: 'reason', key: 'reason' },
          { title: '状态', key: 'status', render: (_, a) => <Tag color={ADJ_STATUS[a.status]?.color}>{ADJ_STATUS[a.status]?.label ?? a.status}</Tag> },
          { title: '申请', key: 'req', render: (_, a) => `${a.requestedByName} · ${fmtInstant(a.requestedAt)}` },
          { title: '审批', key: 'dec', render: (_, a) => (a.decidedBy ? `${decisionWords(a)}${a.note ? `（${a.note}）` : ''}` : '—') },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, a) =>
              a.status === 'pending' && can('admin') ? (
                mine(a) ? (
                  <Typography.Text type="secondary">本人申请，需其他管理员审批</Typography.Text>
                ) : (
                  <Space>
                    <ConfirmPop
                      title={`批准给会员 ${a.memberId} 调整 ${fmtPoints(a.amount, true)} 积分？`}
                      description="批准后立即入账，不能撤销。"
                      okText="批准"
                      cancelText="取消"
                      onConfirm={() => doApprove(a)}
                    >
                      <Button type="primary" size="small" loading={approve.pending} disabled={belowZero(a) || erased(a)}>
                        批准
                      </Button>
                    </ConfirmPop>
                    <Button size="small" danger onClick={() => startReject(a)}>
                      驳回
                    </Button>
                  </Space>
                )
              ) : null,
          },
        ]}
        moreLabel="加载更早的记录"
      />
      <Modal
        title="驳回积分调整"
        open={Boolean(rejecting)}
        onCancel={() => setRejecting(null)}
        onOk={doReject}
        okText="驳回"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={reject.pending}
        destroyOnHidden
      >
        <Typography.Paragraph>
          {rejecting ? `会员 ${rejecting.memberId}：${fmtPoints(rejecting.amount, true)} 积分，原因“${rejecting.reason}”` : ''}
        </Typography.Paragraph>
        <label htmlFor="reject-note">驳回说明（可选）</label>
        <Input.TextArea id="reject-note" value={note} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </>
  )
}
