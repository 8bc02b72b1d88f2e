/**
 * 版本与发布: every version (scheduled, current, past, cancelled), newest first. A version's document can be viewed
 * or loaded as the draft; any earlier version can be restored (a new version with its document, now or at an
 * instant: the rollback); a scheduled one can be cancelled before it takes effect (by whoever the server says may:
 * `cancellable` — one an admin scheduled, only by an admin).
 */
import { Alert, App, Button, Drawer, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api, type RulesDocument, type RulesVersion, type RulesVersionStatus } from '../../api'
import { CsvButton } from '../../components/csv-button'
import { fromPickerValue } from '../../lib/business-time'
import { invalidateRules } from '../../lib/current-rules'
import { fmtInstant, fmtVersionInstant, offsetLabel } from '../../lib/format'
import { useAction } from '../../lib/hooks'
import { navigate } from '../../router'
import { useSession } from '../../session-context'
import { WhenFields } from './when-fields'
import { editor, useEditor } from './editor-store'

const STATUS: Record<RulesVersionStatus, { label: string; color: string }> = {
  scheduled: { label: '待生效', color: 'blue' },
  current: { label: '生效中', color: 'green' },
  past: { label: '已过期', color: 'default' },
  cancelled: { label: '已取消', color: 'default' },
}

function RestoreModal({ version, onClose, onDone }: { version: RulesVersion | null; onClose: () => void; onDone: (restored: RulesVersion) => void }) {
  const { message } = App.useApp()
  const action = useAction()
  const [form] = Form.useForm<{ note: string; when: 'now' | 'scheduled'; at?: Dayjs }>()
  const when = Form.useWatch('when', form)
  const submit = async () => {
    if (!version) return
    // An invalid form shows its messages at the fields; nothing to send.
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    const effectiveAt = v.when === 'scheduled' && v.at ? fromPickerValue(v.at) : undefined
    const body = { note: v.note.trim(), ...(effectiveAt ? { effectiveAt } : {}) }
    const r = await action.run({ versionNo: version.versionNo, ...body }, (key) => api.restoreRules(version.versionNo, body, key))
    if (r.ok) {
      invalidateRules()
      message.success(`已回滚：新版本 #${r.data.version.versionNo}${r.data.version.status === 'scheduled' ? `，将于 ${fmtInstant(r.data.version.effectiveAt)} 生效` : ' 已生效'}`)
      form.resetFields()
      onDone(r.data.version)
    }
  }
  return (
    <Modal
      title={`回滚到版本 #${version?.versionNo ?? ''}`}
      open={Boolean(version)}
      onCancel={onClose}
      onOk={submit}
      okText="确认回滚"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={action.pending}
      destroyOnHidden
    >
      <Typography.Paragraph>将以版本 #{version?.versionNo}（{version?.note}）的规则创建一个新版本；当前版本保留在历史中，可再次回滚。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ when: 'now', note: `回滚到版本 #${version?.versionNo ?? ''}` }}>
        <Form.Item label="回滚原因" name="note" rules={[{ required: true, whitespace: true, message: '请填写回滚原因' }, { max: 200, message: '最多 200 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
        </Form.Item>
        <WhenFields when={when} />
      </Form>
    </Modal>
  )
}

export function VersionsView({ versions, onChanged }: { versions: RulesVersion[]; onChanged: () => void }) {
  const { message } = App.useApp()
  const { can } = useSession()
  const { dirty, base } = useEditor()
  const cancel = useAction()
  const [restoring, setRestoring] = useState<RulesVersion | null>(null)
  const [viewing, setViewing] = useState<{ version: RulesVersion; document: RulesDocument } | null>(null)
  const [loadingNo, setLoadingNo] = useState<number>()
  const { modal } = App.useApp()

  const view = async (v: RulesVersion) => {
    setLoadingNo(v.versionNo)
    try {
      setViewing(await api.rulesVersion(v.versionNo))
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e))
    } finally {
      setLoadingNo(undefined)
    }
  }
  const loadAsDraft = (v: RulesVersion, document: RulesDocument) => {
    const go = () => {
      // Chosen knowing every version listed: saving it may replace them.
      editor.load(v.versionNo, document, Math.max(...versions.map((x) => x.versionNo)))
      setViewing(null)
      navigate('/rules/campaigns')
      message.info(`已以版本 #${v.versionNo} 为底稿`)
    }
    if (dirty) modal.confirm({ title: '放弃当前草稿？', content: '草稿中未保存的修改将丢失。', okText: '放弃并载入', cancelText: '取消', okButtonProps: { danger: true }, onOk: go })
    else go()
  }
  const cancelVersion = async (v: RulesVersion) => {
    const r = await cancel.run({ cancel: v.versionNo }, (key) => api.cancelRules(v.versionNo, key))
    if (r.ok) {
      invalidateRules()
      message.success(`已取消版本 #${v.versionNo}`)
      onChanged()
    }
  }

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">时间为业务时间（{offsetLabel()}）。回滚会创建一个使用旧规则的新版本。</Typography.Text>
        <CsvButton
          name="rules-versions"
          rows={versions}
          columns={[
            { title: '版本', value: (v) => v.versionNo },
            { title: '状态', value: (v) => STATUS[v.status]?.label ?? v.status },
            { title: '说明', value: (v) => v.note },
            { title: '创建人', value: (v) => v.createdBy },
            { title: '创建时间', value: (v) => fmtVersionInstant(v.createdAt) },
            { title: '生效时间', value: (v) => fmtVersionInstant(v.effectiveAt) },
            { title: '规则版本号', value: (v) => v.rulesVersion },
          ]}
        />
      </Flex>
      {!can('operator') ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title="只读账号可以查看版本，不能发布或回滚。" /> : null}
      <Table<RulesVersion>
        rowKey="versionNo"
        size="middle"
        dataSource={versions}
        scroll={{ x: 'max-content' }}
        pagination={versions.length > 20 ? { pageSize: 20 } : false}
        columns={[
          { title: '版本', dataIndex: 'versionNo', key: 'no', render: (n: number) => `#${n}` },
          { title: '状态', key: 'status', render: (_, v) => <Tag color={STATUS[v.status]?.color}>{STATUS[v.status]?.label ?? v.status}</Tag> },
          { title: '说明', dataIndex: 'note', key: 'note' },
          { title: '生效时间', key: 'eff', render: (_, v) => fmtVersionInstant(v.effectiveAt) },
          { title: '创建', key: 'by', render: (_, v) => `${v.createdBy} · ${fmtVersionInstant(v.createdAt)}` },
          {
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, v) => (
              <Space size={4} wrap>
                <Button size="small" loading={loadingNo === v.versionNo} onClick={() => view(v)}>
                  查看
                </Button>
                {can('operator') && v.status === 'past' ? (
                  <Button size="small" danger onClick={() => setRestoring(v)} aria-label={`回滚到此版本（#${v.versionNo}）`}>
                    回滚到此版本
                  </Button>
                ) : null}
                {/* The server says whether it would accept this operator's cancel (one an admin scheduled: an admin's). */}
                {can('operator') && v.cancellable ? (
                  <Popconfirm title={`取消版本 #${v.versionNo}？`} description="它将不会生效。" okText="取消版本" cancelText="不了" okButtonProps={{ danger: true }} onConfirm={() => cancelVersion(v)}>
                    <Button size="small" danger loading={cancel.pending}>
                      取消发布
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <RestoreModal
        version={restoring}
        onClose={() => setRestoring(null)}
        onDone={(restored) => {
          setRestoring(null)
          onChanged()
          // A draft without edits follows the rules in force; one with edits keeps them, and saving it is refused
          // until it is rebased (409 RULES_BASE_OUTDATED), never silently undoing the rollback.
          if (restored.status === 'current' && !editor.get().dirty) {
            api.rulesVersion(restored.versionNo).then(
              (r) => editor.load(r.version.versionNo, r.document),
              () => message.warning('规则底稿未能更新为回滚后的版本，保存前请重新载入'),
            )
          }
        }}
      />
      <Drawer
        title={viewing ? `版本 #${viewing.version.versionNo}：${viewing.version.note}` : ''}
        open={Boolean(viewing)}
        onClose={() => setViewing(null)}
        size={720}
        extra={
          viewing && can('operator') ? (
            <Button type="primary" onClick={() => loadAsDraft(viewing.version, viewing.document)}>
              {base?.versionNo === viewing.version.versionNo && !dirty ? '已是当前底稿' : '以此版本为底稿编辑'}
            </Button>
          ) : null
        }
      >
        {viewing ? <pre className="json">{JSON.stringify(viewing.document, null, 2)}</pre> : null}
      </Drawer>
    </>
  )
}
