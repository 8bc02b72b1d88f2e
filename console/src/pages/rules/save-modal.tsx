/**
 * 保存为新版本: a note (required), in force now or from a scheduled instant (business time), the sections that
 * changed, and a warning when the draft changes the odds or stock of a campaign that is running (the server needs
 * the admin role for that: 403 RUNNING_CAMPAIGN_LOCKED). A 422 RULES_INVALID puts the server's problems at their
 * fields.
 */
import { serverNow } from '../../lib/clock'
import { Alert, App, Button, Form, Input, Modal, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api, type RulesDocument, type RulesVersion } from '../../api'
import { fromPickerValue } from '../../lib/business-time'
import { currentRules, invalidateRules } from '../../lib/current-rules'
import { withEveryTemplate } from '@/domain/messages'
import { fmtInstant } from '../../lib/format'
import { changeValue } from '../../lib/rules-diff'
import { rebaseDraft } from '../../lib/rules-merge'
import { useAction, useRequest } from '../../lib/hooks'
import { useSession } from '../../session-context'
import { LockedCampaignsAlert, lockedCampaignNames } from './locked-campaigns'
import { WhenFields } from './when-fields'
import { editor } from './editor-store'
import { RULE_SECTIONS } from './sections'

export function changedSections(base: RulesDocument | undefined, draft: RulesDocument): string[] {
  if (!base) return []
  return RULE_SECTIONS.filter((s) => s.roots.some((r) => r !== 'version' && JSON.stringify((base as unknown as Record<string, unknown>)[r]) !== JSON.stringify((draft as unknown as Record<string, unknown>)[r]))).map(
    (s) => s.key,
  )
}

export function SaveModal({
  open,
  onClose,
  draft,
  base,
  versions,
  onSaved,
}: {
  open: boolean
  onClose: () => void
  draft: RulesDocument
  base: { versionNo: number; document: RulesDocument; seen: number } | null
  versions: RulesVersion[]
  onSaved: (v: RulesVersion, doc: RulesDocument) => void
}) {
  const { message, modal } = App.useApp()
  const { can } = useSession()
  const action = useAction()
  const redoing = useAction()
  /** The version saved since the draft's base that a save was refused for (409 RULES_BASE_OUTDATED). */
  const [outdated, setOutdated] = useState<number>()
  const [form] = Form.useForm<{ note: string; when: 'now' | 'scheduled'; at?: Dayjs }>()
  const when = Form.useWatch('when', form)
  const at = Form.useWatch('at', form)
  const [error, setError] = useState<string>()
  const effective = when === 'scheduled' && at ? Date.parse(fromPickerValue(at)!) : serverNow()
  const locked = lockedCampaignNames(base?.document, draft, effective)
  // What members would see change: against the rules in force, not only the draft's base (a base since cancelled,
  // or scheduled and not yet in force, carries changes of its own).
  const inForce = useRequest(() => (open ? currentRules() : Promise.resolve(null)), [open])
  const changed = changedSections(inForce.data ? withEveryTemplate(inForce.data.document) : base?.document, draft)

  const submit = async () => {
    // An invalid form shows its messages at the fields; nothing to send.
    const v = await form.validateFields().catch(() => null)
    if (!v) return
    setError(undefined)
    setOutdated(undefined)
    // The document's own version number goes up with every saved version (clients cache by it).
    const nextVersion = Math.max(draft.version ?? 0, ...versions.map((x) => x.rulesVersion)) + 1
    const document = { ...draft, version: nextVersion }
    const effectiveAt = v.when === 'scheduled' && v.at ? fromPickerValue(v.at) : undefined
    // The newest version known when the draft was started (not the newest in the list: a version saved or restored
    // since is not in the draft): the server refuses to let this version undo one saved since, or to be undone by
    // one scheduled later.
    const body = { document, note: v.note.trim(), ...(effectiveAt ? { effectiveAt } : {}), ...(base ? { baseVersionNo: base.seen } : {}) }
    const r = await action.run(body, (key) => api.saveRules(body, key), { quiet: true })
    if (r.ok) {
      invalidateRules()
      message.success(r.data.version.status === 'scheduled' ? `已保存为版本 #${r.data.version.versionNo}，将于 ${fmtInstant(r.data.version.effectiveAt)} 生效` : `已保存并发布版本 #${r.data.version.versionNo}`)
      form.resetFields()
      onSaved(r.data.version, document)
      return
    }
    if (r.error.code === 'RULES_INVALID' && r.error.problems.length) {
      editor.setServerProblems(r.error.problems)
      message.error(`服务器校验未通过：${r.error.problems.length} 个问题，已标在对应字段`)
      onClose()
      return
    }
    setError(r.error.code === 'RUNNING_CAMPAIGN_LOCKED' ? `${r.error.message}（需要管理员账号）` : r.error.message)
    const since = r.error.details?.versionNo
    if (r.error.code === 'RULES_BASE_OUTDATED' && typeof since === 'number') setOutdated(since)
  }

  // Someone saved while the draft was edited: its changes are made again on that version (what both changed keeps
  // the other's, and is listed), to review and save — not retyped by hand.
  const redo = async () => {
    if (outdated === undefined || !base) return
    const r = await redoing.run(outdated, () => api.rulesVersion(outdated))
    if (!r.ok) return
    const rebased = rebaseDraft(base.document, draft, withEveryTemplate(r.data.document))
    // Seen: that version, not the newest listed — a later one (scheduled) is not in the draft either, and a save must
    // still be told it would undo it.
    editor.rebase(outdated, r.data.document, rebased.document, outdated)
    setError(undefined)
    setOutdated(undefined)
    onClose()
    const done = `已在版本 #${outdated} 上重做 ${rebased.applied.length} 处修改，请检查后再保存`
    if (!rebased.conflicts.length) {
      message.success(done)
      return
    }
    modal.warning({
      title: `${done}；${rebased.conflicts.length} 处与版本 #${outdated} 改了同一项，保留了版本 #${outdated} 的值`,
      width: 640,
      content: (
        <ul style={{ paddingLeft: 20, margin: 0 }}>
          {rebased.conflicts.map((c) => (
            <li key={c.path}>
              <Typography.Text code>{c.path}</Typography.Text>：你改为 {changeValue(c.mine)}，版本 #{outdated} 为 {changeValue(c.theirs)}
            </li>
          ))}
        </ul>
      ),
    })
  }

  return (
    <Modal
      title="保存为新版本"
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText={when === 'scheduled' ? '保存并定时发布' : '保存并立即发布'}
      cancelText="取消"
      confirmLoading={action.pending}
      // What the server would refuse is not sent: the alert below says why.
      okButtonProps={{ disabled: locked.length > 0 && !can('admin') }}
      destroyOnHidden
      width={560}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          role="alert"
          action={
            outdated !== undefined ? (
              <Button size="small" type="primary" loading={redoing.pending} onClick={() => void redo()}>
                在版本 #{outdated} 上重做我的修改
              </Button>
            ) : undefined
          }
        />
      ) : null}
      <Typography.Paragraph>
        基于版本 #{base?.versionNo}{inForce.data && inForce.data.current.versionNo !== base?.versionNo ? `，相对当前生效的版本 #${inForce.data.current.versionNo}` : ''}。修改了：
        {changed.length ? changed.map((k) => <Tag key={k}>{RULE_SECTIONS.find((s) => s.key === k)?.label}</Tag>) : '（无）'}
      </Typography.Paragraph>
      <LockedCampaignsAlert
        names={locked}
        admin={can('admin')}
        title="修改了生效时正在进行的活动的中奖概率、库存、奖品或参与对象"
        forAdmin="会员将在生效时看到新的概率，请确认已对外公示。"
        forOthers="只有管理员可以保存此修改：请改回这些设置，或请管理员保存。"
      />
      <Form form={form} layout="vertical" initialValues={{ when: 'now' }} requiredMark>
        <Form.Item label="版本说明" name="note" rules={[{ required: true, whitespace: true, message: '请填写版本说明' }, { max: 200, message: '最多 200 字' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder="例如：国庆抽奖活动上线" maxLength={200} showCount />
        </Form.Item>
        <WhenFields when={when} />
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        会员任何时刻只看到一个版本：到点后新版本整体生效，之前的请求仍按旧版本完成。
      </Typography.Paragraph>
    </Modal>
  )
}
