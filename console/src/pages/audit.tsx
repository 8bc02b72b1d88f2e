/**
 * 操作日志: every operator write (who, when, what, before/after), newest first, filtered by operator, action,
 * target and business-date range, paged by the server's cursor ("加载更多" appends the next page).
 */
import { App, Button, DatePicker, Flex, Form, Input, Select, Table, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useEffect, useRef, useState } from 'react'
import type { AuditAction } from '@/api/contract'
import { api, type AuditEntry } from '../api'
import { CsvButton } from '../components/csv-button'
import { allPages } from '../lib/csv'
import { PageHeader } from '../components/page-header'
import { ErrorState } from '../components/page-state'
import { auditJson, auditLines, auditWords } from '../lib/audit-words'
import { auditTarget } from '../lib/audit-target'
import { fmtInstant } from '../lib/format'
import { toApiError } from '../lib/hooks'
import type { ApiError } from '../api'
import { useSession } from '../session-context'
import { Link } from '../router'
import { SELECT_CLEAR } from '../lib/clear'

export const AUDIT_ACTIONS: Record<AuditAction, string> = {
  'rules.publish': '发布规则',
  'rules.restore': '恢复规则版本',
  'rules.cancel': '取消定时发布',
  'member.adjust': '积分调整',
  'member.sign_out': '强制下线',
  'member.erase': '会员注销',
  'adjustment.approve': '批准积分调整',
  'adjustment.reject': '驳回积分调整',
  'coupon.reissue': '补发优惠券',
  'order.refund': '订单退款',
  'voucher.use': '核销',
  'delivery.update': '礼品发货/签收',
  'privacy.handle': '处理隐私申请',
  'feedback.reply': '回复意见反馈',
  'operator.login': '登录后台',
  'operator.login_failed': '登录失败（密码错误）',
  'operator.reauth_failed': '设置密码时当前密码错误',
  'operator.logout': '退出后台',
  'operator.create': '新建账号',
  'operator.update': '修改账号',
}

interface Filters {
  operatorId?: string
  action?: string
  target?: string
  range?: [Dayjs | null, Dayjs | null] | null
}

const PAGE = 50


/** The account an entry about an account names in its before or after (its display name), if it names one. */
function accountNamed(e: AuditEntry): string | undefined {
  if (!e.action.startsWith('operator.')) return undefined
  for (const side of [e.after, e.before]) {
    const name = side && typeof side === 'object' ? (side as { displayName?: unknown }).displayName : undefined
    if (typeof name === 'string' && name) return name
  }
  return undefined
}

/**
 * The log's target as staff read it: a version as 规则版本 #7, a voucher code spaced as printed, a member as a link, an
 * account by its name — from the accounts known (an admin's list, those seen acting in the log) or, for one that has
 * not acted yet, as the entry itself names it (新建账号 of an account a viewer never saw sign in).
 */
function TargetCell({ entry, operators }: { entry: AuditEntry; operators: { value: string; label: string }[] }) {
  const target = entry.target
  if (!target) return <>—</>
  const version = /^rules:(\d+)$/.exec(target)
  if (version) return <>规则版本 #{version[1]}</>
  if (/^\d{12}$/.test(target)) return <>核销码 {target.replace(/(\d{4})(?=\d)/g, '$1 ')}</>
  if (/^mbr-\d+$/.test(target)) return <Link to={`/members/${encodeURIComponent(target)}`}>会员 {target}</Link>
  if (/^adj-\d+-\d+$/.test(target)) return <>积分调整 {target}</>
  const account = operators.find((o) => o.value === target)?.label ?? accountNamed(entry)
  return <>{account ? `账号 ${account}` : target}</>
}

/** One page of the log as the filters select it. */
const query = (f: Filters, after: string | null, limit: number, accounts: ReadonlyMap<string, string>) =>
  api.audit({
    operatorId: f.operatorId || undefined,
    action: f.action || undefined,
    target: auditTarget(f.target, accounts),
    from: f.range?.[0]?.format('YYYY-MM-DD'),
    to: f.range?.[1]?.format('YYYY-MM-DD'),
    cursor: after ?? undefined,
    limit,
  })

export default function AuditPage() {
  // Read through a ref: `load` runs once on mount, whatever antd hands out later.
  const toast = useRef(App.useApp().message)
  const [filters, setFilters] = useState<Filters>({})
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<ApiError>()
  const [operators, setOperators] = useState<{ value: string; label: string }[]>([])
  /** Every account's username (lower case) → id, for an admin: 对象 takes a username too. */
  const accounts = useRef<ReadonlyMap<string, string>>(new Map())

  // Only the last query's answer is shown: a slow answer to the filters before must not fill the table under these.
  const seq = useRef(0)
  const load = async (f: Filters, after: string | null) => {
    const mine = ++seq.current
    setLoading(true)
    setError(undefined)
    try {
      const page = await query(f, after, PAGE, accounts.current)
      if (mine !== seq.current) return
      setEntries((prev) => (after ? [...prev, ...page.entries] : page.entries))
      setCursor(page.nextCursor)
      // Operators seen in the log, for the filter (with every account for an admin, loaded once).
      setOperators((prev) => {
        const seen = new Map(prev.map((o) => [o.value, o.label]))
        // An account already listed keeps its label: an admin's list names each 名称（账号）, which the log does not.
        for (const e of page.entries) if (!seen.has(e.operatorId)) seen.set(e.operatorId, e.operatorName)
        return [...seen].map(([value, label]) => ({ value, label }))
      })
    } catch (e) {
      if (mine !== seq.current) return
      // The first page failed: the error, with a retry, instead of the table. A later page: the rows loaded stay.
      if (after) void toast.current.error(toApiError(e).message)
      else setError(toApiError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }

  useEffect(() => {
    void load({}, null)
  }, [])
  // An admin may filter by any account (the list of accounts is theirs to read); others by those seen in the log.
  const isAdmin = useSession().can('admin')
  useEffect(() => {
    if (!isAdmin) return
    void api
      .operators()
      .then(({ operators: all }) => {
        accounts.current = new Map(all.map((o) => [o.username.toLowerCase(), o.id]))
        setOperators((prev) => {
          const byId = new Map(prev.map((o) => [o.value, o.label]))
          // Two accounts may share a display name: the username (unique) tells them apart.
          for (const o of all) byId.set(o.id, `${o.displayName}（${o.username}）`)
          return [...byId].map(([value, label]) => ({ value, label }))
        })
      })
      .catch(() => undefined)
  }, [isAdmin])

  const rows = entries
  return (
    <>
      <PageHeader
        title="操作日志"
        sub="所有运营写操作：谁、何时、做了什么、修改前后"
        extra={
          <CsvButton<AuditEntry>
            name="audit"
            rows={rows}
            // Every entry the filters select, not only the pages loaded so far.
            all={() => allPages((c) => query(filters, c, 200, accounts.current))}
            columns={[
              { title: '时间', value: (e) => fmtInstant(e.at, true) },
              { title: '操作人', value: (e) => e.operatorName },
              { title: '操作人 ID', value: (e) => e.operatorId },
              { title: '操作', value: (e) => AUDIT_ACTIONS[e.action] ?? e.action },
              { title: '操作代码', value: (e) => e.action },
              { title: '对象', value: (e) => e.target },
              { title: '修改前', value: (e) => auditWords(e.action, e.before) },
              { title: '修改后', value: (e) => auditWords(e.action, e.after) },
              { title: '修改前（JSON）', value: (e) => auditJson(e.before) },
              { title: '修改后（JSON）', value: (e) => auditJson(e.after) },
            ]}
          />
        }
      />
      <Form<Filters>
        layout="inline"
        aria-label="筛选"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(f) => {
          setFilters(f)
          void load(f, null)
        }}
      >
        <Form.Item label="操作人" name="operatorId">
          <Select allowClear={SELECT_CLEAR} showSearch optionFilterProp="label" style={{ width: 160 }} options={operators} placeholder="全部" />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Select allowClear={SELECT_CLEAR} style={{ width: 180 }} placeholder="全部" options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="对象" name="target">
          <Input placeholder="会员 ID、调整编号、账号、版本号、核销码" style={{ width: 320 }} />
        </Form.Item>
        <Form.Item label="日期" name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      {/* Failed: the error and its retry alone (an empty table under it would say there is nothing to show). */}
      {error ? (
        <ErrorState message={error.message} onRetry={() => void load(filters, null)} />
      ) : (
        <>
          <Table<AuditEntry>
            rowKey="id"
            loading={loading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowRender: (e) => (
                <>
                  <Flex gap={16} wrap>
                    {(
                      [
                        ['修改前', e.before],
                        ['修改后', e.after],
                      ] as const
                    ).map(([title, v]) => (
                      <div key={title} style={{ flex: 1, minWidth: 280 }}>
                        <Typography.Text strong>{title}</Typography.Text>
                        <ul className="audit-lines">
                          {v === null ? <li>—</li> : auditLines(e.action, v).map((line, i) => <li key={i}>{line}</li>)}
                        </ul>
                      </div>
                    ))}
                  </Flex>
                  <details>
                    <summary>原始记录（JSON）</summary>
                    <Flex gap={16} wrap>
                      <pre className="json" tabIndex={0} style={{ flex: 1, minWidth: 280 }}>
                        {auditJson(e.before, 2) || '—'}
                      </pre>
                      <pre className="json" tabIndex={0} style={{ flex: 1, minWidth: 280 }}>
                        {auditJson(e.after, 2) || '—'}
                      </pre>
                    </Flex>
                  </details>
                </>
              ),
            }}
            columns={[
              { title: '时间', key: 'at', render: (_, e) => fmtInstant(e.at, true) },
              { title: '操作人', dataIndex: 'operatorName', key: 'op' },
              { title: '操作', key: 'action', render: (_, e) => AUDIT_ACTIONS[e.action] ?? e.action },
              { title: '对象', key: 'target', render: (_, e) => <TargetCell entry={e} operators={operators} /> },
              { title: '修改后', key: 'after', width: 480, ellipsis: { showTitle: true }, render: (_, e) => auditWords(e.action, e.after) || '—' },
            ]}
          />
          <Flex justify="center" style={{ marginTop: 16 }}>
            {cursor ? (
              <Button onClick={() => void load(filters, cursor)} loading={loading}>
                加载更多
              </Button>
            ) : entries.length ? (
              <Typography.Text type="secondary">已显示全部 {entries.length} 条</Typography.Text>
            ) : null}
          </Flex>
        </>
      )}
    </>
  )
}
