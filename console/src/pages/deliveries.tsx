/**
 * 发货管理: the shipping queue across members — 待发货 longest waiting first, then 已发货 and 已签收. Each row says whose
 * gift it is and where it goes; an operator marks it sent (with the carrier's number) and then received, the same
 * steps as on the member's page. The CSV holds the whole queue of the status (a courier's pick list).
 */
import { Segmented, Typography } from 'antd'
import { useState } from 'react'
import { api, type DeliveryQueueRow, type DeliveryStatus } from '../api'
import { CsvButton } from '../components/csv-button'
import { DeliveryCell } from '../components/delivery-cell'
import { PageHeader } from '../components/page-header'
import { CursorTable, memberColumn } from '../components/cursor-table'
import { allPages } from '../lib/csv'
import { fmtInstant } from '../lib/format'
import { useCursorPages } from '../lib/hooks'
import { DELIVERY_STATUS } from '../lib/labels'

/** Rows a page (the server's cursor brings the next). */
const PAGE = 50

const FILTERS: { value: DeliveryStatus; label: string }[] = (['pending', 'shipped', 'delivered', 'cancelled'] as const).map((value) => ({ value, label: DELIVERY_STATUS[value].label }))

const EMPTY: Record<DeliveryStatus, string> = { pending: '没有待发货的礼品', shipped: '没有运送中的礼品', delivered: '暂无已签收的礼品', cancelled: '没有取消发货的礼品' }

export default function DeliveriesPage() {
  const [status, setStatus] = useState<DeliveryStatus>('pending')
  const pages = useCursorPages(
    (cursor) => api.deliveries(status, cursor, PAGE).then((p) => ({ rows: p.deliveries, nextCursor: p.nextCursor })),
    [status],
  )
  return (
    <>
      <PageHeader
        title="发货管理"
        sub="会员兑换和抽中的实物礼品：待发货的按等待时间排在前面"
        extra={
          <CsvButton<DeliveryQueueRow>
            name={`deliveries-${status}`}
            rows={pages.rows}
            // The whole queue of the status, not only the pages loaded so far.
            all={() => allPages((c) => api.deliveries(status, c ?? undefined, 200).then((p) => ({ entries: p.deliveries, nextCursor: p.nextCursor })))}
            columns={[
              { title: '兑换编号', value: (r) => r.redemption.id },
              { title: '兑换时间', value: (r) => fmtInstant(r.redemption.at) },
              { title: '会员 ID', value: (r) => r.member.id },
              { title: '会员昵称', value: (r) => r.member.nickname },
              { title: '礼品', value: (r) => r.redemption.itemName },
              { title: '收货人', value: (r) => r.redemption.delivery.name },
              { title: '手机号', value: (r) => r.redemption.delivery.phone },
              { title: '地址', value: (r) => r.redemption.delivery.address },
              { title: '状态', value: (r) => DELIVERY_STATUS[r.redemption.delivery.status]?.label ?? r.redemption.delivery.status },
              { title: '快递单号', value: (r) => r.redemption.delivery.trackingNo },
            ]}
          />
        }
      />
      <Segmented aria-label="发货状态" value={status} options={FILTERS} onChange={(v) => setStatus(v as DeliveryStatus)} style={{ marginBottom: 12 }} />
      <CursorTable<DeliveryQueueRow>
        pages={pages}
        emptyText={EMPTY[status]}
        rowKey={(r) => r.redemption.id}
        columns={[
          { title: '兑换时间', key: 'at', render: (_, r) => fmtInstant(r.redemption.at) },
          memberColumn(),
          { title: '礼品', key: 'item', render: (_, r) => r.redemption.itemName },
          {
            title: '收货信息',
            key: 'address',
            render: (_, r) => (
              <Typography.Text>
                {r.redemption.delivery.name} {r.redemption.delivery.phone}
                <br />
                {r.redemption.delivery.address}
              </Typography.Text>
            ),
          },
          { title: '状态与操作', key: 'delivery', render: (_, r) => <DeliveryCell memberId={r.member.id} r={r.redemption} onDone={pages.reload} withName={false} /> },
        ]}
      />
    </>
  )
}
