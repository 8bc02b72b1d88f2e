/**
 * A member as the operator sees them: tier and its history, balance with the live lots and their expiry, ledger,
 * sign-in calendar, tasks, coupons, orders, invites, redemptions and adjustments — each table with a CSV export —
 * and the writes: a points adjustment (+ or −, reason required, never below 0; above the approval threshold it
 * waits for an admin) and a coupon reissue — both `adjust` lines in the member's ledger (a reissue of 0 points, the
 * coupon in their wallet) — 强制下线 (every session of the member ends), 退款 of a paid goods order (customer
 * service, past the member's own window too) and, for an admin, 会员注销 (their personal data erased). Each is in
 * the audit log with its reason.
 */
import { DeleteOutlined, GiftOutlined, LogoutOutlined, PlusCircleOutlined } from '@ant-design/icons'
import type { AdminInvitesPage, AdminOrderWire, AdminRefundResponse, CouponWire, LedgerEntryWire, TaskView } from '@/api/contract'
import { refundNotes } from '@/domain/orders'
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { awaitsAddress, redemptionOrigin, redemptionWords } from '@/domain/mall'
import dayjs from 'dayjs'
import { type ReactNode, useState } from 'react'
import { type Adjustment, type AdjustmentListItem, api, type Lot, type MemberDetail, type Redemption } from '../../api'
import { CsvButton } from '../../components/csv-button'
import { DeliveryCell } from '../../components/delivery-cell'
import { PageHeader } from '../../components/page-header'
import { EmptyState, ErrorState, Loadable } from '../../components/page-state'
import { adjustAmount, reissueProblem, reissueRoom, reissueWorth } from '../../lib/adjust'
import { allPages, type CsvColumn, type ExportRows } from '../../lib/csv'
import { type LedgerNames, type LedgerRelation, ledgerRelation } from '../../lib/ledger-ref'
import { currentRules } from '../../lib/current-rules'
import { businessToday, fmtFen, fmtInstant, fmtPoints } from '../../lib/format'
import { ADJ_STATUS, decisionWords, COUPON_SOURCE, DELIVERY_STATUS, GRANT_SOURCE, LEDGER_TYPE, ORDER_STATUS, TIER_CHANGE_REASON, VOUCHER_STATUS } from '../../lib/labels'
import { useAction, useCursorPages, useRequest } from '../../lib/hooks'
import { Link, navigate, useRoute } from '../../router'
import { useSession } from '../../session-context'

const COUPON_STATUS: Record<string, string> = { available: '可用', used: '已使用', expired: '已过期' }
/** A coupon's status in words: 已收回 for one a refund took back (a leaderboard prize no longer earned). */
const couponStatusWords = (c: { status: string; revokedAt?: string }) => (c.revokedAt ? `已收回（${fmtInstant(c.revokedAt)}）` : (COUPON_STATUS[c.status] ?? c.status))
const TASK_STATUS: Record<string, string> = { todo: '进行中', claimable: '可领取', claimed: '已领取', expired: '已过期' }
const TIER_SOURCE: Record<string, string> = { earned: '成长获得', paid: '付费会员', grant: '运营授予', trial: '体验' }

/** Where a lot came from; an operator's credit is a grant of its own (its ref the adjustment's id), not 系统赠送. */
const lotSource = (l: Lot): string => (l.source === 'grant' && l.ref.startsWith('adj-') ? '运营调整' : (GRANT_SOURCE[l.source] ?? l.source))

/** A 关联 cell: the words, linked where the console shows the thing. */
const relationCell = (r: LedgerRelation): ReactNode => (r.to ? <Link to={r.to}>{r.text}</Link> : r.text)

/** A table with its CSV export in the card header. */
function DataTable<T extends object>({
  title,
  csvName,
  csvAll,
  rows,
  rowKey,
  columns,
  footer,
  empty,
}: {
  title?: string
  csvName: string
  /** For a list loaded page by page: every row, for the export. */
  csvAll?: () => Promise<ExportRows<T>>
  rows: T[]
  rowKey: (r: T) => string
  columns: (CsvColumn<T> & { key: string; render?: (r: T) => ReactNode; align?: 'right' })[]
  footer?: ReactNode
  empty?: string
}) {
  return (
    <Card size="small" title={title} extra={<CsvButton name={csvName} rows={rows} all={csvAll} columns={columns} />}>
      {rows.length ? (
        <Table<T>
          size="small"
          rowKey={rowKey}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          columns={columns.map((c) => ({ key: c.key, title: c.title, align: c.align, render: (_: unknown, r: T) => (c.render ? c.render(r) : c.value(r)) }))}
        />
      ) : (
        <EmptyState text={empty} />
      )}
      {footer}
    </Card>
  )
}

/** One of the member's lists that grows without bound, a page at a time (newest first); the CSV holds every row. */
function PagedTab<R extends object>({
  csvName,
  fetch,
  version,
  rowKey,
  columns,
  empty,
  more,
}: {
  csvName: string
  fetch: (cursor: string | null, limit: number) => Promise<{ entries: R[]; nextCursor: string | null }>
  /** Bumped after a write on the member: loaded again from the first page. */
  version: number
  rowKey: (r: R) => string
  columns: (CsvColumn<R> & { key: string; render?: (r: R) => ReactNode; align?: 'right' })[]
  empty: string
  more: string
}) {
  const pages = useCursorPages((cursor) => fetch(cursor ?? null, 50).then((p) => ({ rows: p.entries, nextCursor: p.nextCursor })), [csvName, version])
  if (pages.first.error && !pages.first.data) return <ErrorState message={pages.first.error.message} onRetry={pages.reload} />
  if (!pages.first.data) return <Card size="small" loading />
  return (
    <DataTable<R>
      csvName={csvName}
      csvAll={() => allPages((c) => fetch(c, 100))}
      rows={pages.rows}
      rowKey={rowKey}
      empty={empty}
      columns={columns}
      footer={
        <Flex justify="center" style={{ marginTop: 12 }}>
          {pages.next ? (
            <Button loading={pages.loadingMore} onClick={() => void pages.loadMore()}>
              {more}
            </Button>
          ) : pages.rows.length ? (
            <Typography.Text type="secondary">已显示全部 {pages.rows.length} 条</Typography.Text>
          ) : null}
        </Flex>
      }
    />
  )
}

function LedgerTab({ memberId, version, relation }: { memberId: string; version: number; relation: (e: LedgerEntryWire) => LedgerRelation }) {
  return (
    <PagedTab<LedgerEntryWire>
      csvName={`member-${memberId}-ledger`}
      fetch={(cursor, limit) => api.memberLedger(memberId, cursor, limit)}
      version={version}
      rowKey={(e) => e.id}
      empty="暂无积分流水"
      more="加载更早的流水"
      columns={[
        { key: 'date', title: '业务日期', value: (e) => e.businessDate },
        { key: 'at', title: '时间', value: (e) => fmtInstant(e.at) },
        { key: 'type', title: '类型', value: (e) => LEDGER_TYPE[e.type]?.label ?? e.type, render: (e) => <Tag color={LEDGER_TYPE[e.type]?.color} data-type={e.type}>{LEDGER_TYPE[e.type]?.label ?? e.type}</Tag> },
        { key: 'amount', title: '积分', value: (e) => e.amount, render: (e) => fmtPoints(e.amount, true), align: 'right' },
        { key: 'after', title: '余额', value: (e) => e.balanceAfter, render: (e) => fmtPoints(e.balanceAfter), align: 'right' },
        { key: 'reason', title: '说明', value: (e) => e.reason },
        {
          key: 'ref',
          title: '关联',
          value: (e) => relation(e).text,
          render: (e) => relationCell(relation(e)),
        },
      ]}
    />
  )
}

function AdjustmentsTab({ memberId, version }: { memberId: string; version: number }) {
  return (
    <PagedTab<AdjustmentListItem>
      csvName={`member-${memberId}-adjustments`}
      fetch={(cursor, limit) => api.adjustments({ memberId, cursor, limit }).then((p) => ({ entries: p.adjustments, nextCursor: p.nextCursor }))}
      version={version}
      rowKey={(a) => a.id}
      empty="暂无积分调整"
      more="加载更早的调整"
      columns={[
        { key: 'amount', title: '积分', value: (a) => a.amount, render: (a) => fmtPoints(a.amount, true), align: 'right' },
        { key: 'reason', title: '原因', value: (a) => a.reason },
        { key: 'status', title: '状态', value: (a) => ADJ_STATUS[a.status]?.label ?? a.status, render: (a) => <Tag color={ADJ_STATUS[a.status]?.color}>{ADJ_STATUS[a.status]?.label}</Tag> },
        { key: 'by', title: '申请人', value: (a) => a.requestedByName },
        { key: 'at', title: '申请时间', value: (a) => fmtInstant(a.requestedAt) },
        { key: 'decided', title: '审批', value: (a) => decisionWords(a) },
      ]}
    />
  )
}

const WEEK = ['一', '二', '三', '四', '五', '六', '日']
const DAY_LABEL: Record<string, string> = { signed: '已签', makeup: '补签', missed: '未签', 'before-join': '注册前', today: '今天', 'today-signed': '今天已签', future: '' }

function CalendarTab({ memberId }: { memberId: string }) {
  const [month, setMonth] = useState(businessToday().slice(0, 7))
  const cal = useRequest(() => api.memberCalendar(memberId, month), [memberId, month])
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>签到日历</span>
          <DatePicker picker="month" aria-label="月份" value={dayjs(`${month}-01`)} allowClear={false} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} />
        </Flex>
      }
      extra={
        <CsvButton
          name={`member-${memberId}-signin-${month}`}
          rows={cal.data?.days}
          columns={[
            { title: '日期', value: (d) => d.date },
            { title: '状态', value: (d) => DAY_LABEL[d.status] || d.status },
          ]}
        />
      }
    >
      <Loadable state={cal}>
        {(c) => {
          const lead = (dayjs(c.days[0].date).day() + 6) % 7
          return (
            <Flex gap={24} wrap>
              <div className="calendar-grid" role="grid" aria-label={`${c.month} 签到日历`}>
                {WEEK.map((w) => (
                  <div key={w} className="head" role="columnheader">
                    {w}
                  </div>
                ))}
                {Array.from({ length: lead }, (_, i) => (
                  <div key={`lead-${i}`} />
                ))}
                {c.days.map((d) => (
                  <div key={d.date} className={`day ${d.status}`} role="gridcell" aria-label={`${d.date} ${DAY_LABEL[d.status] || ''}`}>
                    {Number(d.date.slice(8))}
                    <div style={{ fontSize: 11 }}>{DAY_LABEL[d.status]}</div>
                  </div>
                ))}
              </div>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="连续签到">{c.streak} 天</Descriptions.Item>
                <Descriptions.Item label="今天">{c.signedToday ? '已签到' : '未签到'}（周期第 {c.todayCycleDay} 天）</Descriptions.Item>
                <Descriptions.Item label="下一奖励">{c.nextBonus?.words ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="本月补签">
                  已用 {c.makeupsUsed} 次，剩余 {c.makeupsRemaining} 次
                </Descriptions.Item>
              </Descriptions>
            </Flex>
          )
        }}
      </Loadable>
    </Card>
  )
}

function AdjustModal({ open, onClose, detail, onDone }: { open: boolean; onClose: () => void; detail: MemberDetail; onDone: (a: Adjustment) => void }) {
  const { message } = App.useApp()
  const action = useAction()
  // The amount as typed (the field's text): what is sent is what the operator reads, never a double's rounding.
  const [form] = Form.useForm<{ direction: 'add' | 'deduct'; amount: string; reason: string }>()
  const direction = Form.useWatch('direction', form)
  const typed = adjustAmount(Form.useWatch('amount', form))
  const balance = detail.member.balance
  // Only an amount the field accepts says what it would do: a typed -300 or 1.5 shows the field's error alone.
  const valid = 'points' in typed
  const amount = valid ? typed.points : 0
  const signed = amount * (direction === 'deduct' ? -1 : 1)
  const { approvalAbove, appliedToday } = detail.adjustmentPolicy
  const needsApproval = valid && appliedToday + amount > approvalAbove
  const [error, setError] = useState<string>()
  const submit = async () => {
    // An invalid form shows its messages at the fields; nothing to send.
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    setError(undefined)
    const checked = adjustAmount(v.amount)
    if (!('points' in checked)) return
    const body = { amount: checked.points * (v.direction === 'deduct' ? -1 : 1), reason: v.reason.trim() }
    const r = await action.run({ member: detail.member.id, ...body }, (key) => api.adjustPoints(detail.member.id, body, key), { quiet: true })
    if (!r.ok) {
      setError(r.error.message)
      return
    }
    if (r.data.adjustment.status === 'pending') message.warning('今日累计调整超过审批额度，已提交管理员审批')
    else message.success(`已调整 ${fmtPoints(r.data.adjustment.amount, true)} 积分，当前余额 ${fmtPoints(r.data.balance)}`)
    form.resetFields()
    onDone(r.data.adjustment)
  }
  return (
    <Modal title="调整积分" open={open} onCancel={onClose} onOk={submit} okText="提交调整" cancelText="取消" confirmLoading={action.pending} destroyOnHidden>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" /> : null}
      <Typography.Paragraph>
        {detail.member.nickname}（{detail.member.id}）当前余额 <strong>{fmtPoints(balance)}</strong> 积分。调整记入会员积分流水（类型“调整”）和操作日志；该会员当日累计调整（增减都计）超过 {fmtPoints(approvalAbove)} 积分的，需另一位管理员审批后生效
        {appliedToday ? `（今日已直接调整 ${fmtPoints(appliedToday)} 积分）` : ''}。
      </Typography.Paragraph>
      {/* preserve={false}: a dialog closed without sending opens empty again (the form outlives the dialog). */}
      <Form form={form} layout="vertical" initialValues={{ direction: 'add' }} preserve={false}>
        <Form.Item label="方向" name="direction">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'add', label: '增加' },
              { value: 'deduct', label: '扣减' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="积分"
          name="amount"
          dependencies={['direction']}
          rules={[
            { required: true, message: '请输入积分数' },
            // A whole number from 1 to the API's bound, as typed; over the bound refused for its size alone, with the bound.
            {
              validator: (_, v?: string) => {
                const a = adjustAmount(v)
                if ('problem' in a) return v === undefined || v === null || v === '' ? Promise.resolve() : Promise.reject(new Error(a.problem))
                return direction === 'deduct' && a.points > balance ? Promise.reject(new Error(`扣减后余额不能低于 0（最多扣减 ${balance.toLocaleString('zh-CN')}）`)) : Promise.resolve()
              },
            },
          ]}
          // Over the balance the field's own error says so; no "调整后余额：0" beside it.
          extra={valid && balance + signed >= 0 ? (needsApproval ? '超过今日审批额度：提交后需管理员审批' : `调整后余额：${fmtPoints(balance + signed)}`) : undefined}
        >
          {/* No min/max: a typed -300 stays and the rule above says what is wrong, instead of becoming 1 unseen; stringMode:
              20 digits stay the 20 digits typed (a double would read 12345678901234567000). */}
          <InputNumber<string> stringMode style={{ width: '100%' }} suffix="积分" />
        </Form.Item>
        <Form.Item label="原因（会员流水可见）" name="reason" rules={[{ required: true, whitespace: true, message: '请填写调整原因' }, { max: 200, message: '最多 200 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount placeholder="例如：客诉补偿，工单 #1234" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function CouponModal({ open, onClose, detail, onDone }: { open: boolean; onClose: () => void; detail: MemberDetail; onDone: () => void }) {
  const { message } = App.useApp()
  const action = useAction()
  const memberId = detail.member.id
  const rules = useRequest(() => currentRules(), [], { skip: !open })
  const [form] = Form.useForm<{ templateId: string; reason: string }>()
  // A reissue counts at face value against the day's approval threshold, with the adjustments applied at once: the
  // dialog says what is left before the operator picks, and what the chosen coupon is worth (the server's 409 otherwise).
  const policy = detail.adjustmentPolicy
  const room = reissueRoom(policy)
  const templates = rules.data?.document.coupons?.templates ?? []
  const pointValueFen = rules.data?.document.points.pointValueFen
  const worthOf = (id: string | undefined) => {
    const t = templates.find((x) => x.id === id)
    return t && pointValueFen ? reissueWorth(t, pointValueFen) : undefined
  }
  const chosen = worthOf(Form.useWatch('templateId', form))
  const submit = async () => {
    // An invalid form shows its messages at the fields; nothing to send.
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    const body = { templateId: v.templateId, reason: v.reason.trim() }
    const r = await action.run({ memberId, ...body }, (key) => api.reissueCoupon(memberId, body, key))
    if (r.ok) {
      message.success(`已补发「${r.data.coupon.name}」，有效期至 ${r.data.coupon.validTo}`)
      form.resetFields()
      onDone()
    }
  }
  return (
    <Modal title="补发优惠券" open={open} onCancel={onClose} onOk={submit} okText="补发" cancelText="取消" confirmLoading={action.pending} destroyOnHidden>
      {rules.error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={`优惠券模板加载失败：${rules.error.message}`}
          action={
            <Button size="small" onClick={rules.reload}>
              重试
            </Button>
          }
        />
      ) : null}
      <Typography.Paragraph>
        补发的优惠券按面值折合积分，与该会员当日直接调整的积分（增减都计）合计不超过 {fmtPoints(policy.approvalAbove)} 积分；超出的请改用积分调整，由另一位管理员审批。今日剩余额度{' '}
        <strong data-testid="reissue-room">{fmtPoints(room)}</strong> 积分
        {policy.appliedToday ? `（已直接调整、补发共 ${fmtPoints(policy.appliedToday)} 积分）` : ''}。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          label="优惠券模板"
          name="templateId"
          rules={[
            { required: true, message: '请选择优惠券' },
            {
              validator: (_, id?: string) => {
                const worth = worthOf(id)
                const problem = worth === undefined ? undefined : reissueProblem(worth, policy)
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
              },
            },
          ]}
          extra={chosen !== undefined && !reissueProblem(chosen, policy) ? `本券面值折合 ${fmtPoints(chosen)} 积分，补发后今日剩余额度 ${fmtPoints(room - chosen)} 积分` : undefined}
        >
          <Select loading={rules.loading} placeholder="选择优惠券模板" options={templates.map((t) => ({ value: t.id, label: `${t.name}（${t.id}）` }))} />
        </Form.Item>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写补发原因' }, { max: 200, message: '最多 200 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function Overview({ d }: { d: MemberDetail }) {
  const m = d.member
  // The plan and tier by the names of the rules in force (an id no longer configured stays as it is).
  const rules = useRequest(() => currentRules(), [])
  const tiers = rules.data?.document.tiers
  const paid = m.paid && {
    plan: tiers?.paidPlans.find((p) => p.id === m.paid!.planId)?.name ?? m.paid.planId,
    tier: tiers?.levels.find((l) => l.id === m.paid!.tierId)?.name ?? m.paid.tierId,
  }
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label="会员 ID">
          <Typography.Text copyable>{m.id}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="等级">
          {/* Wrapping between the tag and its words, never inside 成长获得. */}
          <Space size={4} wrap>
            <Tag color="gold">{m.tier.name}</Tag>
            {TIER_SOURCE[m.tier.source] ?? m.tier.source}
            {m.tier.until ? `，至 ${m.tier.until}` : ''}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="成长等级有效期">
          {m.earnedTier.name} 至 {m.earnedTier.expiresOn}（{m.levelWillExpireInDays} 天后重新评定）
        </Descriptions.Item>
        <Descriptions.Item label="积分余额">
          <strong data-testid="member-balance">{fmtPoints(m.balance)}</strong>
          {d.owed > 0 ? (
            <Typography.Text type="warning" data-testid="member-owed">
              {' '}
              待扣回 {fmtPoints(d.owed)}（退款订单所得的积分已被使用，从会员之后获得的积分中扣回）
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label="成长值">{fmtPoints(m.growth)}</Descriptions.Item>
        <Descriptions.Item label="邀请码">{m.inviteCode}</Descriptions.Item>
        <Descriptions.Item label="注册时间">{fmtInstant(m.registeredAt)}</Descriptions.Item>
        <Descriptions.Item label="付费会员">{m.paid && paid ? `${paid.plan}（${paid.tier}），至 ${m.paid.until}` : '否'}</Descriptions.Item>
        <Descriptions.Item label="消费（等级统计期）">{fmtFen(m.metrics.spendFen)}</Descriptions.Item>
        <Descriptions.Item label={m.nextTier ? `距${m.nextTier.name}` : '升级进度'}>
          <Flex vertical style={{ minWidth: 200 }}>
            <Progress percent={Math.round(m.progress.fraction * 100)} size="small" aria-label="升级进度" />
            <Typography.Text type="secondary">{m.progress.words.join('；')}</Typography.Text>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label="保级">{m.retention.words.join('；') || (m.retention.met ? '已满足' : '—')}</Descriptions.Item>
        <Descriptions.Item label="新人期">{m.newcomer.active ? `剩余 ${m.newcomer.daysLeft} 天` : '否'}</Descriptions.Item>
      </Descriptions>
    </Card>
  )
}

function RedemptionsTab({ memberId, version, onChanged }: { memberId: string; version: number; onChanged: () => void }) {
  return (
    <PagedTab<Redemption>
      csvName={`member-${memberId}-redemptions`}
      fetch={(cursor, limit) => api.memberRedemptions(memberId, cursor, limit).then((p) => ({ entries: p.redemptions, nextCursor: p.nextCursor }))}
      version={version}
      rowKey={(r) => r.id}
      empty="暂无兑换记录"
      more="加载更早的兑换"
      columns={[
        { key: 'item', title: '商品', value: (r) => (redemptionOrigin(r.itemId) === 'mall' ? r.itemName : `${r.itemName}（${redemptionWords(r).cost}）`) },
        { key: 'points', title: '积分', value: (r) => r.points, align: 'right' },
        { key: 'at', title: '兑换时间', value: (r) => fmtInstant(r.at) },
        {
          key: 'voucher',
          title: '核销码',
          value: (r) => (r.voucher ? `${r.voucher.code} ${VOUCHER_STATUS[r.voucher.status]?.label ?? r.voucher.status}` : ''),
          render: (r) => (r.voucher ? <Link to={`/vouchers?code=${encodeURIComponent(r.voucher.code)}`}>{`${r.voucher.code}（${VOUCHER_STATUS[r.voucher.status]?.label ?? r.voucher.status}）`}</Link> : '—'),
        },
        {
          key: 'delivery',
          title: '配送',
          value: (r) => (r.delivery ? [r.delivery.name, DELIVERY_STATUS[r.delivery.status]?.label ?? r.delivery.status, r.delivery.trackingNo ?? ''].join(' ').trim() : awaitsAddress(r) ? '待会员填写地址' : ''),
          render: (r) => <DeliveryCell memberId={memberId} r={r} onDone={onChanged} />,
        },
      ]}
    />
  )
}

function CouponsTab({ memberId, version }: { memberId: string; version: number }) {
  return (
    <PagedTab<CouponWire>
      csvName={`member-${memberId}-coupons`}
      fetch={(cursor, limit) => api.memberCoupons(memberId, cursor, limit).then((p) => ({ entries: p.coupons, nextCursor: p.nextCursor }))}
      version={version}
      rowKey={(c) => c.id}
      empty="暂无优惠券"
      more="加载更早的优惠券"
      columns={[
        { key: 'name', title: '优惠券', value: (c) => c.name },
        { key: 'source', title: '来源', value: (c) => COUPON_SOURCE[c.source] ?? c.source },
        { key: 'valid', title: '有效期', value: (c) => `${c.validFrom} 至 ${c.validTo}` },
        { key: 'status', title: '状态', value: couponStatusWords, render: (c) => <Tag color={c.status === 'available' ? 'green' : 'default'}>{couponStatusWords(c)}</Tag> },
        { key: 'used', title: '使用时间', value: (c) => fmtInstant(c.usedAt) },
      ]}
    />
  )
}

type InviteRow = AdminInvitesPage['invites'][number]

function InvitesTab({ memberId, version }: { memberId: string; version: number }) {
  return (
    <PagedTab<InviteRow>
      csvName={`member-${memberId}-invites`}
      fetch={(cursor, limit) => api.memberInvites(memberId, cursor, limit).then((p) => ({ entries: p.invites, nextCursor: p.nextCursor }))}
      version={version}
      rowKey={(i) => i.memberId}
      empty="暂无邀请"
      more="加载更早的邀请"
      columns={[
        { key: 'nick', title: '被邀请人', value: (i) => i.nickname, render: (i) => <Link to={`/members/${encodeURIComponent(i.memberId)}`}>{i.nickname || i.memberId}</Link> },
        { key: 'id', title: '会员 ID', value: (i) => i.memberId },
        { key: 'at', title: '注册时间', value: (i) => fmtInstant(i.acceptedAt) },
      ]}
    />
  )
}

function OrdersTab({ memberId, version, refundable, onRefund }: { memberId: string; version: number; refundable: boolean; onRefund: (o: AdminOrderWire) => void }) {
  return (
    <PagedTab<AdminOrderWire>
      csvName={`member-${memberId}-orders`}
      fetch={(cursor, limit) => api.memberOrders(memberId, cursor, limit).then((p) => ({ entries: p.orders, nextCursor: p.nextCursor }))}
      version={version}
      rowKey={(o) => o.id}
      empty="暂无订单"
      more="加载更早的订单"
      columns={[
        { key: 'id', title: '订单号', value: (o) => o.id },
        { key: 'title', title: '内容', value: (o) => o.title },
        { key: 'payable', title: '实付', value: (o) => fmtFen(o.quote.payableFen), align: 'right' },
        {
          key: 'status',
          title: '状态',
          value: (o) => ORDER_STATUS[o.status] ?? o.status,
          // A paid goods order, for customer service to refund (past the member's own window too).
          render: (o) => (
            <Space size={8}>
              {ORDER_STATUS[o.status] ?? o.status}
              {o.status === 'paid' && o.kind === 'goods' && refundable ? (
                <Button size="small" danger onClick={() => onRefund(o)}>
                  退款
                </Button>
              ) : null}
            </Space>
          ),
        },
        { key: 'created', title: '下单时间', value: (o) => fmtInstant(o.createdAt) },
        { key: 'transaction', title: '支付单号', value: (o) => o.transactionId ?? '—' },
      ]}
    />
  )
}

function DetailTabs({ d, ledgerVersion, onChanged, onRefund }: { d: MemberDetail; ledgerVersion: number; onChanged: () => void; onRefund: (o: AdminOrderWire) => void }) {
  const { can } = useSession()
  // Tier ids by the names of the rules in force (an id no longer configured stays as it is).
  const rules = useRequest(() => currentRules(), [])
  const tierName = (id: string) => rules.data?.document.tiers.levels.find((l) => l.id === id)?.name ?? id
  const id = d.member.id
  // What a ledger line's or a lot's 关联 names beside its ref: campaigns and tasks by the rules in force, the member's
  // adjustments (who asked, who approved) and redemptions (the gift). Until they come (or if they fail), the ref's own words.
  const adjustments = useRequest(() => allPages((c) => api.adjustments({ memberId: id, cursor: c, limit: 200 }).then((p) => ({ entries: p.adjustments, nextCursor: p.nextCursor }))), [id, ledgerVersion])
  const redemptions = useRequest(() => allPages((c) => api.memberRedemptions(id, c, 100).then((p) => ({ entries: p.redemptions, nextCursor: p.nextCursor }))), [id, ledgerVersion])
  const names: LedgerNames = {
    campaigns: rules.data?.document.campaigns,
    tasks: rules.data?.document.tasks.definitions,
    adjustments: adjustments.data?.rows,
    redemptions: redemptions.data?.rows,
    today: businessToday(),
  }
  const relation = (e: Pick<LedgerEntryWire, 'type' | 'ref'>) => ledgerRelation(e, id, names)
  const route = useRoute()
  const expiringSoon = (l: Lot) => dayjs(l.expiresOn).diff(dayjs(businessToday()), 'day') <= 30
  const items = [
    { key: 'ledger', label: '积分流水', children: <LedgerTab memberId={id} version={ledgerVersion} relation={relation} /> },
    {
      key: 'lots',
      label: `积分批次（${d.lots.length}）`,
      children: (
        <DataTable<Lot>
          csvName={`member-${id}-lots`}
          rows={d.lots}
          rowKey={(l) => l.id}
          empty="没有未过期的积分"
          columns={[
            { key: 'earned', title: '获得日期', value: (l) => l.earnedOn },
            { key: 'expires', title: '过期日期', value: (l) => l.expiresOn, render: (l) => (expiringSoon(l) ? <Tag color="orange">{l.expiresOn}</Tag> : l.expiresOn) },
            { key: 'remaining', title: '剩余积分', value: (l) => l.remaining, render: (l) => fmtPoints(l.remaining), align: 'right' },
            { key: 'source', title: '来源', value: lotSource },
            // As its ledger line's 关联 reads (a lot is a credit: earned, granted or adjusted in).
            { key: 'ref', title: '关联', value: (l) => relation({ type: 'earn', ref: l.ref }).text, render: (l) => relationCell(relation({ type: 'earn', ref: l.ref })) },
          ]}
        />
      ),
    },
    { key: 'calendar', label: '签到日历', children: <CalendarTab memberId={id} /> },
    {
      key: 'tier',
      label: '等级历史',
      children: (
        <DataTable
          csvName={`member-${id}-tiers`}
          rows={d.tierHistory}
          rowKey={(t) => `${t.at}-${t.to}`}
          empty="等级没有变化过"
          columns={[
            { key: 'at', title: '时间', value: (t) => fmtInstant(t.at) },
            { key: 'from', title: '原等级', value: (t) => tierName(t.from) },
            { key: 'to', title: '新等级', value: (t) => tierName(t.to) },
            { key: 'reason', title: '原因', value: (t) => TIER_CHANGE_REASON[t.reason] ?? t.reason },
          ]}
        />
      ),
    },
    {
      key: 'tasks',
      label: '任务',
      children: (
        <DataTable<TaskView>
          csvName={`member-${id}-tasks`}
          rows={d.tasks}
          rowKey={(t) => t.id}
          columns={[
            { key: 'title', title: '任务', value: (t) => t.title },
            { key: 'progress', title: '进度', value: (t) => t.progressText },
            { key: 'status', title: '状态', value: (t) => TASK_STATUS[t.status] ?? t.status },
            { key: 'reward', title: '奖励', value: (t) => t.rewardText },
          ]}
        />
      ),
    },
    { key: 'coupons', label: '优惠券', children: <CouponsTab memberId={id} version={ledgerVersion} /> },
    { key: 'orders', label: '订单', children: <OrdersTab memberId={id} version={ledgerVersion} refundable={can('operator') && !d.erasedAt} onRefund={onRefund} /> },
    { key: 'invites', label: '邀请', children: <InvitesTab memberId={id} version={ledgerVersion} /> },
    { key: 'redemptions', label: '兑换', children: <RedemptionsTab memberId={id} version={ledgerVersion} onChanged={onChanged} /> },
    { key: 'adjustments', label: '积分调整', children: <AdjustmentsTab memberId={id} version={ledgerVersion} /> },
  ]
  // The tab is in the address (`?tab=lots`): a reload or a shared link opens the member on it.
  const asked = route.query.get('tab')
  const active = items.some((t) => t.key === asked) ? (asked as string) : 'ledger'
  return <Tabs activeKey={active} onChange={(key) => navigate(`/members/${encodeURIComponent(id)}?tab=${key}`, true)} items={items} />
}

/** What 强制下线, 会员注销 and 退款 ask before they act: a reason (for the audit log), with what the step does. */
const MEMBER_STEPS = {
  signOut: {
    title: '强制下线',
    words: '该会员在所有设备上的登录立即失效，积分、券和记录不受影响；会员再次打开小程序时会自动重新登录。',
    missing: '请填写下线原因',
    placeholder: '如：会员反馈手机丢失',
    done: '已强制下线：该会员的所有设备需重新登录',
  },
  erase: {
    title: '注销会员',
    words:
      '删除该会员的个人信息且不可恢复：昵称、生日、登录身份、邀请码、礼品收货信息、意见反馈内容与联系方式，并立即下线。账户内的积分、未使用的券和核销码随之作废。积分流水、订单、券和审计记录保留（不含个人信息）；此人再次登录将成为新会员。',
    missing: '请填写注销原因',
    placeholder: '如：会员申请删除数据（申请编号）',
    done: '已注销：该会员的个人信息已删除，积分与券已作废',
  },
  refund: {
    title: '退款',
    words:
      '实付金额原路退回（接入微信支付或支付宝时经支付渠道退款），并扣回该订单所得积分和成长值（及因此在已公布的排行榜中多得的奖励）、退还抵扣的积分和优惠券（已过有效期的除外）。会员自助退款期限已过也可办理；付费会员不支持退款。',
    missing: '请填写退款原因',
    placeholder: '如：商品质量问题，客服同意退款',
    done: '已退款',
  },
} as const

/** A step on the member, or on one of their orders (退款). */
type MemberStep = { kind: 'signOut' | 'erase' } | { kind: 'refund'; order: { id: string; title: string; payableFen: number } }

function sendStep(step: MemberStep, memberId: string, body: { reason: string }, key: string): Promise<unknown> {
  switch (step.kind) {
    case 'signOut':
      return api.signOutMember(memberId, body, key)
    case 'erase':
      return api.eraseMember(memberId, body, key)
    case 'refund':
      return api.refundOrder(memberId, step.order.id, body, key)
  }
}

/** 强制下线 (a lost phone, a shared device), 会员注销 (申请删除数据) or an order's 退款: a reason, then the step. */
function MemberStepModal({ step, onClose, memberId, freeServicesTaken, onDone }: { step: MemberStep | null; onClose: () => void; memberId: string; freeServicesTaken: number; onDone: () => void }) {
  const { message } = App.useApp()
  const action = useAction()
  const [form] = Form.useForm<{ reason: string }>()
  const s = MEMBER_STEPS[step?.kind ?? 'signOut']
  const title = step?.kind === 'refund' ? `${s.title}：${step.order.title}（实付 ${fmtFen(step.order.payableFen)}）` : s.title
  const submit = async () => {
    const v = await form.validateFields().catch(() => null)
    if (!v || !step) return
    const body = { reason: v.reason.trim() }
    const r = await action.run({ step, memberId, ...body }, (key) => sendStep(step, memberId, body, key))
    if (r.ok) {
      // A refund says what did not come back (points or a coupon past their validity, points still owed), as the member reads it.
      const notes = step.kind === 'refund' ? refundNotes((r.data as AdminRefundResponse).reversed) : []
      message.success([s.done, ...notes].join('；'))
      form.resetFields()
      onDone()
    }
  }
  return (
    <Modal title={title} open={step !== null} onCancel={onClose} onOk={submit} okText={s.title} okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={action.pending} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {s.words}
        {/* As the member's own 申请退款 warns: a lower tier takes back the month's free services not used yet. */}
        {step?.kind === 'refund' && freeServicesTaken > 0 ? `该会员本月已领取 ${freeServicesTaken} 次会员免费服务：若退款后会员等级降低，未使用的将作废。` : null}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: s.missing }, { max: 200, message: '最多 200 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount placeholder={s.placeholder} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

export default function MemberPage({ memberId }: { memberId: string }) {
  const { can } = useSession()
  const detail = useRequest(() => api.member(memberId), [memberId])
  const [adjusting, setAdjusting] = useState(false)
  const [reissuing, setReissuing] = useState(false)
  const [step, setStep] = useState<MemberStep | null>(null)
  const [ledgerVersion, setLedgerVersion] = useState(0)
  const refresh = () => {
    detail.reload()
    setLedgerVersion((v) => v + 1)
  }
  const d = detail.data
  return (
    <>
      <PageHeader
        title={d ? `${d.member.nickname || '会员'} · ${d.member.tier.name}` : '会员详情'}
        sub={<Link to="/members">← 返回会员查找</Link>}
        extra={
          d?.erasedAt ? (
            <Tag color="default">已于 {fmtInstant(d.erasedAt)} 注销</Tag>
          ) : d && can('operator') ? (
            <>
              <Button type="primary" icon={<PlusCircleOutlined />} onClick={() => setAdjusting(true)}>
                调整积分
              </Button>
              <Button icon={<GiftOutlined />} onClick={() => setReissuing(true)}>
                补发优惠券
              </Button>
              <Button danger icon={<LogoutOutlined />} onClick={() => setStep({ kind: 'signOut' })}>
                强制下线
              </Button>
              {can('admin') ? (
                <Button danger icon={<DeleteOutlined />} onClick={() => setStep({ kind: 'erase' })}>
                  注销会员
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      />
      <Loadable state={detail} rows={12}>
        {(data) => (
          <>
            <Overview d={data} />
            <DetailTabs d={data} ledgerVersion={ledgerVersion} onChanged={refresh} onRefund={(o) => setStep({ kind: 'refund', order: { id: o.id, title: o.title, payableFen: o.quote.payableFen } })} />
            <AdjustModal
              open={adjusting}
              onClose={() => setAdjusting(false)}
              detail={data}
              onDone={() => {
                setAdjusting(false)
                refresh()
              }}
            />
            <CouponModal
              open={reissuing}
              onClose={() => setReissuing(false)}
              detail={data}
              onDone={() => {
                setReissuing(false)
                refresh()
              }}
            />
            <MemberStepModal
              step={step}
              onClose={() => setStep(null)}
              memberId={data.member.id}
              freeServicesTaken={data.member.freeServices.used}
              onDone={() => {
                setStep(null)
                refresh()
              }}
            />
          </>
        )}
      </Loadable>
    </>
  )
}
