/**
 * Answering a member once (隐私申请, 意见反馈): a button, then a dialog with what is being answered and a reply of up
 * to 200 characters; sent with one Idempotency-Key per intended answer. When another operator answered first (the
 * server's `conflictCode`), the dialog closes and the list moves on without it.
 */
import { App, Button, Input, Modal, Typography } from 'antd'
import { type ReactNode, useState } from 'react'
import { useAction } from '../lib/hooks'

export function ReplyButton(props: {
  label: string
  title: string
  intro: ReactNode
  field: string
  placeholder: string
  /** What identifies the intended answer (with the reply): the same one after a retry reuses its key. */
  id: string
  send: (reply: string, key: string) => Promise<unknown>
  conflictCode: string
  success: string
  onDone: () => void
}) {
  const { message } = App.useApp()
  const action = useAction()
  const [open, setOpen] = useState(false)
  const [reply, setReply] = useState('')
  const done = () => {
    setOpen(false)
    props.onDone()
  }
  const submit = async () => {
    const res = await action.run({ id: props.id, reply: reply.trim() }, (key) => props.send(reply.trim(), key))
    if (res.ok) {
      void message.success(props.success)
      done()
    } else if (res.error.code === props.conflictCode) done()
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        title={props.title}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={props.label}
        cancelText="取消"
        okButtonProps={{ disabled: !reply.trim() }}
        confirmLoading={action.pending}
        destroyOnHidden
      >
        <Typography.Paragraph>{props.intro}</Typography.Paragraph>
        <Input.TextArea aria-label={props.field} placeholder={props.placeholder} value={reply} maxLength={200} showCount rows={3} onChange={(e) => setReply(e.target.value)} />
      </Modal>
    </>
  )
}
