/**
 * 版本与发布: every version (scheduled, current, past, cancelled), newest first. A version's document can be viewed
 * or loaded as the draft; any earlier version can be restored (a new version with its document, now or at an
 * instant: the rollback); a scheduled one can be cancelled before it takes effect (by whoever the server says may:
 * `cancellable` — one an admin scheduled, only by an admin; one with another scheduled after it, after that one).
 * Viewing a version shows, field by field, what it changed against the version in force before it; a rollback shows
 * what it will undo before it is confirmed.
 */
import { Alert, App, Button, Drawer, Flex, Form, Input, Modal, Space, Spin, Table, Tabs, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { api, type RulesDocument, type RulesVersion } from '../../api'
import { RULES_VERSION_STATUS } from '../../lib/labels'
import { CsvButton } from '../../components/csv-button'
import { fromPickerValue } from '../../lib/business-time'
import { currentRules, invalidateRules } from '../../lib/current-rules'
import { fmtInstant, fmtVersionInstant, offsetLabel } from '../../lib/format'
import { type RequestState, useAction, useRequest } from '../../lib/hooks'
import { serverNow } from '../../lib/clock'
import { navigate } from '../../router'
import { useSession } from '../../session-context'
import { WhenFields } from './when-fields'
import { editor, useEditor } from './editor-store'
import { ChangesTable } from './changes-table'
import { normalizeProblemPath, problemText, type RuleProblem } from './paths'
import { LockedCampaignsAlert, lockedCampaignNames } from './locked-campaigns'
import { ConfirmPop } from '../../components/confirm-pop'
import { predecessorOf } from '../../lib/predecessor'


/** What restoring a version undoes and brings back, against the version in force now. */
function RestoreChanges({ docs, current, version }: { docs: RequestState<(RulesDocument | null)[]>; current: RulesVersion | undefined; version: RulesVersion }) {
  if (docs.error) return <Alert type="warning" showIcon title={`改动未能载入：${docs.error.message}`} style={{ marginBottom: 12 }} />
  if (docs.loading || !docs.data) return <Spin size="small" style={{ display: 'block', marginBottom: 12 }} />
  const [now, restored] = docs.data
  if (!now || !restored) return null
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        回滚后这些设置将改变（当前版本 #{current?.versionNo} → 版本 #{version.versionNo} 的规则）：
      </Typography.Paragraph>
      <ChangesTable id="restore-changes" before={now} after={restored} empty="与当前规则相同，回滚不会改变任何设置。" />
    </div>
  )
}

/**
 * 回滚: what it changes, a warning (and, for an operator, no confirm) where it would change a running campaign's
 * odds or prizes — the server's rule, as on 保存 — and, when the server refuses the old rules as they are now
 * (rules added since make them invalid), its problems with a way to edit that version as a draft.
 */
function RestoreModal({
  version,
  current,
  onClose,
  onDone,
  onEdit,
}: {
  version: RulesVersion | null
  current: RulesVersion | undefined
  onClose: () => void
  onDone: (restored: RulesVersion) => void
  onEdit: (version: RulesVersion, document: RulesDocument) => void
}) {
  const { message } = App.useApp()
  const { can } = useSession()
  const action = useAction()
  const [form] = Form.useForm<{ note: string; when: 'now' | 'scheduled'; at?: Dayjs }>()
  const when = Form.useWatch('when', form)
  const at = Form.useWatch('at', form)
  const [refusal, setRefusal] = useState<{ message: string; problems: RuleProblem[] } | null>(null)
  const docs = useRequest(
    () => Promise.all([current, version].map((v) => (v ? api.rulesVersion(v.versionNo).then((r) => r.document) : null))),
    [current?.versionNo, version?.versionNo],
  )
  const [now, restored] = docs.data ?? [null, null]
  const effective = when === 'scheduled' && at ? Date.parse(fromPickerValue(at)!) : serverNow()
  const locked = now && restored ? lockedCampaignNames(now, restored, effective) : []
  const close = () => {
    setRefusal(null)
    onClose()
  }
  const submit = async () => {
    if (!version) return
    // An invalid form shows its messages at the fields; nothing to send.
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    setRefusal(null)
    const effectiveAt = v.when === 'scheduled' && v.at ? fromPickerValue(v.at) : undefined
    const body = { note: v.note.trim(), ...(effectiveAt ? { effectiveAt } : {}) }
    const r = await action.run({ versionNo: version.versionNo, ...body }, (key) => api.restoreRules(version.versionNo, body, key), { quiet: true })
    if (r.ok) {
      invalidateRules()
      message.success(`已回滚：新版本 #${r.data.version.versionNo}${r.data.version.status === 'scheduled' ? `，将于 ${fmtInstant(r.data.version.effectiveAt)} 生效` : ' 已生效'}`)
      form.resetFields()
      onDone(r.data.version)
      return
    }
    const problems = r.error.code === 'RULES_INVALID' ? r.error.problems.map((p) => ({ ...p, path: normalizeProblemPath(p.path) })) : []
    setRefusal({ message: r.error.code === 'RUNNING_CAMPAIGN_LOCKED' ? `${r.error.message}（需要管理员账号）` : problems.length ? '这个版本的规则按现在的校验有问题，不能直接回滚：' : r.error.message, problems })
  }
  return (
    <Modal
      title={`回滚到版本 #${version?.versionNo ?? ''}`}
      open={Boolean(version)}
      onCancel={close}
      onOk={submit}
      okText="确认回滚"
      okButtonProps={{ danger: true, disabled: locked.length > 0 && !can('admin') }}
      cancelText="取消"
      confirmLoading={action.pending}
      destroyOnHidden
      width={720}
    >
      {refusal ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={refusal.message}
          description={
            refusal.problems.length && version && restored ? (
              <>
                <ul id="restore-problems" style={{ paddingLeft: 18, margin: '4px 0 8px' }}>
                  {refusal.problems.map((p, i) => (
                    <li key={i} title={p.message}>
                      {problemText(p.message)}（{p.path}）
                    </li>
                  ))}
                </ul>
                <Button size="small" onClick={() => onEdit(version, restored)}>
                  以此版本为底稿编辑
                </Button>
              </>
            ) : undefined
          }
        />
      ) : null}
      <Typography.Paragraph>将以版本 #{version?.versionNo}（{version?.note}）的规则创建一个新版本；当前版本保留在历史中，可再次回滚。</Typography.Paragraph>
      {version ? <RestoreChanges docs={docs} current={current} version={version} /> : null}
      <LockedCampaignsAlert
        names={locked}
        admin={can('admin')}
        title="回滚会改变生效时正在进行的活动的中奖概率、库存、奖品或参与对象"
        forAdmin="会员将在生效时看到回滚后的概率，请确认已对外公示。"
        forOthers="只有管理员可以执行此回滚。"
      />
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
  const [viewing, setViewing] = useState<{ version: RulesVersion; document: RulesDocument; before: { versionNo: number; document: RulesDocument } | null } | null>(null)
  const [loadingNo, setLoadingNo] = useState<number>()
  const { modal } = App.useApp()
  // A scheduled version takes effect at its instant: the list and 当前生效 follow it there, without a reload.
  const next = Math.min(...versions.filter((v) => v.status === 'scheduled').map((v) => Date.parse(v.effectiveAt)))
  useEffect(() => {
    if (!Number.isFinite(next)) return
    const timer = setTimeout(
      () => {
        invalidateRules()
        onChanged()
      },
      Math.min(Math.max(0, next - serverNow()) + 1000, 2 ** 31 - 1),
    )
    return () => clearTimeout(timer)
  }, [next, onChanged])

  const view = async (v: RulesVersion) => {
    setLoadingNo(v.versionNo)
    try {
      const previous = predecessorOf(v, versions)
      const [shown, before] = await Promise.all([api.rulesVersion(v.versionNo), previous ? api.rulesVersion(previous.versionNo) : null])
      setViewing({ ...shown, before: before && { versionNo: before.version.versionNo, document: before.document } })
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
      // A draft made from the cancelled version holds its changes: saving it would publish them after all. Without
      // edits of its own it goes back to the rules in force; with edits, the operator is told before saving.
      const { base, dirty } = editor.get()
      if (base?.versionNo !== v.versionNo) return
      if (dirty) {
        message.warning(`草稿基于已取消的版本 #${v.versionNo}，含该版本的修改；保存前请在保存对话框中核对改动`)
        return
      }
      currentRules().then(
        (c) => editor.load(c.current.versionNo, c.document),
        () => message.warning('规则底稿未能更新为当前生效的版本，请刷新页面后再编辑'),
      )
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
            { title: '状态', value: (v) => RULES_VERSION_STATUS[v.status]?.label ?? v.status },
            { title: '说明', value: (v) => v.note },
            { title: '创建人', value: (v) => v.createdByName },
            { title: '创建时间', value: (v) => fmtVersionInstant(v.createdAt) },
            { title: '生效时间', value: (v) => fmtVersionInstant(v.effectiveAt) },
            { title: '取消人', value: (v) => v.cancelledByName ?? '' },
            { title: '取消时间', value: (v) => (v.cancelledAt ? fmtVersionInstant(v.cancelledAt) : '') },
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
          {
            title: '状态',
            key: 'status',
            render: (_, v) => (
              <Space direction="vertical" size={0}>
                <Tag color={RULES_VERSION_STATUS[v.status]?.color}>{RULES_VERSION_STATUS[v.status]?.label ?? v.status}</Tag>
                {/* Who withdrew it and when (a version cancelled before that was kept: when only). */}
                {v.status === 'cancelled' && v.cancelledAt ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {v.cancelledByName ? `${v.cancelledByName} · ` : ''}
                    {fmtVersionInstant(v.cancelledAt)} 取消
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          // A long note wraps in its column instead of pushing 生效时间 and 创建 out of view.
          { title: '说明', dataIndex: 'note', key: 'note', width: 280, render: (note: string) => <div style={{ overflowWrap: 'anywhere' }}>{note}</div> },
          { title: '生效时间', key: 'eff', render: (_, v) => fmtVersionInstant(v.effectiveAt) },
          { title: '创建', key: 'by', render: (_, v) => `${v.createdByName} · ${fmtVersionInstant(v.createdAt)}` },
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
                  <ConfirmPop title={`取消版本 #${v.versionNo}？`} description="它将不会生效。" okText="取消版本" cancelText="保留" okButtonProps={{ danger: true }} onConfirm={() => cancelVersion(v)}>
                    <Button size="small" danger loading={cancel.pending}>
                      取消发布
                    </Button>
                  </ConfirmPop>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <RestoreModal
        version={restoring}
        current={versions.find((v) => v.status === 'current')}
        onClose={() => setRestoring(null)}
        onEdit={(v, document) => {
          setRestoring(null)
          loadAsDraft(v, document)
        }}
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
        {viewing ? (
          <Tabs
            items={[
              {
                key: 'changes',
                label: viewing.before ? `改动（相对版本 #${viewing.before.versionNo}）` : '改动',
                children: viewing.before ? (
                  <ChangesTable id="version-changes" before={viewing.before.document} after={viewing.document} empty="与上一版本的规则相同。" />
                ) : (
                  <Typography.Text type="secondary">这是第一个版本，没有可比较的上一版本。</Typography.Text>
                ),
              },
              { key: 'document', label: '完整规则', children: <pre className="json">{JSON.stringify(viewing.document, null, 2)}</pre> },
            ]}
          />
        ) : null}
      </Drawer>
    </>
  )
}
