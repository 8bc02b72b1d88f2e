/**
 * A gift's delivery in the console: its status and carrier's number, and an operator's next step — 发货 (with the
 * number, in a dialog that shows where it goes), then 确认签收. Used by a member's 兑换记录 and by 发货管理.
 */
import { awaitsAddress } from '@/domain/mall'
import { App, Button, Input, Modal, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { api, type Redemption } from '../api'
import { useAction } from '../lib/hooks'
import { DELIVERY_STATUS } from '../lib/labels'
import { useSession } from '../session-context'

/** `withName`: the receiver's name beside the status (the queue shows the whole address in a column of its own). */
export function DeliveryCell({ memberId, r, onDone, withName = true }: { memberId: string; r: Redemption; onDone: () => void; withName?: boolean }) {
  const { can } = useSession()
  const { message } = App.useApp()
  const action = useAction()
  const [shipping, setShipping] = useState(false)
  const [trackingNo, setTrackingNo] = useState('')
  const d = r.delivery
  // A physical prize won in a draw has no address until the member gives one in 兑换记录.
  if (!d) return awaitsAddress(r) ? <Tag color="gold">待会员填写地址</Tag> : <>—</>
  const send = async (status: 'shipped' | 'delivered') => {
    const body = status === 'shipped' ? { status, trackingNo: trackingNo.trim() } : { status }
    const res = await action.run({ memberId, id: r.id, ...body }, (key) => api.updateDelivery(memberId, r.id, body, key))
    if (!res.ok) return
    void message.success(status === 'shipped' ? '已标记发货' : '已确认签收')
    setShipping(false)
    onDone()
  }
  const status = DELIVERY_STATUS[d.status]
  return (
    <Space size={4} wrap>
      <Tag color={status?.color}>{status?.label ?? d.status}</Tag>
      {withName ? <span>{d.name}</span> : null}
      {d.trackingNo ? <Typography.Text type="secondary">单号 {d.trackingNo}</Typography.Text> : null}
      {can('operator') && d.status === 'pending' ? (
        <Button size="small" onClick={() => setShipping(true)}>
          发货
        </Button>
      ) : null}
      {can('operator') && d.status === 'shipped' ? (
        <Button size="small" loading={action.pending} onClick={() => void send('delivered')}>
          确认签收
        </Button>
      ) : null}
      <Modal
        title={`发货：${r.itemName}`}
        open={shipping}
        onCancel={() => setShipping(false)}
        onOk={() => void send('shipped')}
        okText="确认发货"
        cancelText="取消"
        okButtonProps={{ disabled: !trackingNo.trim() }}
        confirmLoading={action.pending}
        destroyOnHidden
      >
        <Typography.Paragraph>{`${d.name} ${d.phone}，${d.address}`}</Typography.Paragraph>
        <Input aria-label="快递单号" placeholder="快递单号" value={trackingNo} maxLength={40} onChange={(e) => setTrackingNo(e.target.value)} />
      </Modal>
    </Space>
  )
}
