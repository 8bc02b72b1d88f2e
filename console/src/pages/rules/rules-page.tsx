/**
 * 规则配置: the rules document as forms, one section at a time, with a live preview beside it. Every change is
 * checked by `validateRulesConfig` (the server's own validator) and each problem is shown at its field; the problem
 * list above locates any of them. Saving makes a new version with a note, in force now or at an instant.
 */
import { CheckCircleFilled, ExclamationCircleFilled, SaveOutlined, UndoOutlined } from '@ant-design/icons'
import { Alert, App, Badge, Button, Collapse, Flex, Form, List, Tabs, Tag, Typography } from 'antd'
import { type ReactElement, useEffect, useMemo, useState } from 'react'
import { api } from '../../api'
import { PageHeader } from '../../components/page-header'
import { ErrorState, Loadable } from '../../components/page-state'
import { currentRules } from '../../lib/current-rules'
import { fmtInstant, isSinceAlways } from '../../lib/format'
import { useRequest } from '../../lib/hooks'
import { navigate } from '../../router'
import { useSession } from '../../session-context'
import { allProblems, editor, useEditor } from './editor-store'
import { FieldCtx, type FieldContext, fieldId } from './fields'
import { parsePath, joinPath, problemText, type RuleProblem } from './paths'
import { RulesPreview } from './preview'
import { changedSections, SaveModal } from './save-modal'
import { CampaignsSection } from './section-campaigns'
import { CouponsSection } from './section-coupons'
import { MallSection } from './section-mall'
import { OtherSection } from './section-other'
import { PointsSection } from './section-points'
import { SigninSection } from './section-signin'
import { TasksSection } from './section-tasks'
import { TiersSection } from './section-tiers'
import { RULE_SECTIONS, sectionOfPath } from './sections'
import { VersionsView } from './versions'

const SECTION_VIEWS: Record<string, () => ReactElement> = {
  tiers: TiersSection,
  signin: SigninSection,
  points: PointsSection,
  tasks: TasksSection,
  campaigns: CampaignsSection,
  coupons: CouponsSection,
  mall: MallSection,
  other: OtherSection,
}

/** Scrolls to the field of `path` (or its nearest shown ancestor) and focuses it. */
export function locate(path: string): void {
  navigate(`/rules/${sectionOfPath(path).key}`)
  const tryFind = (attempt: number) => {
    const segs = parsePath(path)
    for (let n = segs.length; n > 0; n--) {
      const el = document.getElementById(fieldId(joinPath(segs.slice(0, n))))
      if (!el) continue
      el.scrollIntoView({ behavior: 'smooth', block: 'center' })
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLButtonElement) el.focus({ preventScroll: true })
      const box = el.closest('.ant-form-item') ?? el
      box.classList.remove('field-flash')
      void (box as HTMLElement).offsetWidth
      box.classList.add('field-flash')
      return
    }
    if (attempt < 10) setTimeout(() => tryFind(attempt + 1), 60)
  }
  setTimeout(() => tryFind(0), 30)
}

function ProblemList({ problems }: { problems: RuleProblem[] }) {
  if (!problems.length)
    return (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleFilled />}
        title="草稿已通过规则校验"
        style={{ marginBottom: 12 }}
        data-testid="rules-valid"
      />
    )
  return (
    <Collapse
      style={{ marginBottom: 12 }}
      defaultActiveKey={['p']}
      items={[
        {
          key: 'p',
          label: (
            <Flex gap={8} align="center" data-testid="rules-problems">
              <ExclamationCircleFilled style={{ color: '#cf1322' }} />
              <span>草稿有 {problems.length} 个问题，修正后才能保存</span>
            </Flex>
          ),
          children: (
            <List
              size="small"
              dataSource={problems}
              renderItem={(p) => (
                <List.Item
                  actions={[
                    <Button key="go" size="small" type="link" onClick={() => locate(p.path)}>
                      定位
                    </Button>,
                  ]}
                >
                  <Flex vertical>
                    <span>
                      <Tag>{sectionOfPath(p.path).label}</Tag>
                      {problemText(p.message)}
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} title={p.message}>
                      {p.path}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          ),
        },
      ]}
    />
  )
}

export default function RulesPage({ section }: { section: string }) {
  const { message, modal } = App.useApp()
  const { can, session } = useSession()
  const state = useEditor()
  // A draft another account left on the tab is not this operator's to see.
  const mine = state.owner === session.operator.id
  const [saving, setSaving] = useState(false)
  // Again on every section, as the versions below: a version published elsewhere, or a scheduled one that took effect.
  const rules = useRequest(() => currentRules(), [section])
  // Again on every section: the base's status (cancelled elsewhere meanwhile) is in the header and decides 放弃修改.
  const versions = useRequest(() => api.rules(), [section])

  // The first visit starts a draft from the version in force; a draft another account left on the tab is dropped. A
  // draft without edits follows a newer version in force (a colleague's, or one scheduled that took effect): its forms
  // and preview show the rules members have now, and an edit starts from them rather than being refused on saving as
  // based on an outdated version. A draft with edits keeps its base: the save reports what was published since.
  useEffect(() => {
    if (state.draft && !mine) editor.clear()
    else if (rules.data && (!state.draft || (!state.dirty && rules.data.current.versionNo > (state.base?.seen ?? 0)))) editor.load(rules.data.current.versionNo, rules.data.document)
  }, [state.draft, state.dirty, state.base, mine, rules.data])

  const problems = useMemo(() => allProblems(state), [state])
  const byPath = useMemo(() => {
    const m = new Map<string, RuleProblem[]>()
    for (const p of problems) m.set(p.path, [...(m.get(p.path) ?? []), p])
    return m
  }, [problems])
  const ctx = useMemo<FieldContext | null>(() => (state.draft ? { draft: state.draft, byPath, readOnly: !can('operator') } : null), [state.draft, byPath, can])
  const changed = useMemo(() => (state.draft ? changedSections(state.base?.document, state.draft) : []), [state])
  const perSection = (key: string) => problems.filter((p) => sectionOfPath(p.path).key === key).length

  if (section === 'versions') {
    return (
      <>
        <PageHeader title="规则配置 · 版本与发布" sub={versions.data ? `当前生效：版本 #${versions.data.current.versionNo}（${versions.data.current.note}）` : undefined} />
        <Loadable state={versions}>{(d) => <VersionsView versions={d.versions} onChanged={versions.reload} />}</Loadable>
      </>
    )
  }
  if (rules.error && !state.draft) return <ErrorState message={rules.error.message} onRetry={rules.reload} />
  if (!state.draft || !ctx || !mine) return <Loadable state={rules}>{() => null}</Loadable>

  const View = SECTION_VIEWS[section] ?? SECTION_VIEWS.tiers
  const label = RULE_SECTIONS.find((s) => s.key === section)?.label ?? ''
  const baseVersion = versions.data?.versions.find((v) => v.versionNo === state.base?.versionNo)
  const discard = () =>
    modal.confirm({
      title: '放弃所有未保存的修改？',
      okText: '放弃修改',
      cancelText: '继续编辑',
      okButtonProps: { danger: true },
      onOk: () => {
        if (baseVersion?.status !== 'cancelled') {
          editor.discard()
          message.info('已恢复为底稿版本')
          return
        }
        // The base was cancelled since it was taken: back to the rules in force, never to the cancelled version's.
        return currentRules().then(
          (c) => {
            editor.load(c.current.versionNo, c.document)
            message.info(`底稿已取消，已恢复为当前生效的版本 #${c.current.versionNo}`)
          },
          () => message.warning('规则底稿未能更新为当前生效的版本，请刷新页面后再编辑'),
        )
      },
    })

  return (
    <>
      <PageHeader
        title={`规则配置 · ${label}`}
        sub={
          <>
            底稿：版本 #{state.base?.versionNo}
            {baseVersion ? `（${[...new Set([baseVersion.note, isSinceAlways(baseVersion.effectiveAt) ? '初始规则' : `${fmtInstant(baseVersion.effectiveAt)} 生效`])].join('，')}）` : ''}{' '}
            {baseVersion?.status === 'cancelled' ? <Tag color="red">该版本已取消</Tag> : null}·{' '}
            {state.dirty ? <Tag color="orange">有未保存的修改</Tag> : <Tag>未修改</Tag>}
          </>
        }
        extra={
          can('operator') ? (
            <>
              <Button icon={<UndoOutlined />} disabled={!state.dirty && baseVersion?.status !== 'cancelled'} onClick={discard}>
                放弃修改
              </Button>
              <Button type="primary" icon={<SaveOutlined />} disabled={!state.dirty || problems.length > 0} onClick={() => setSaving(true)}>
                保存为新版本…
              </Button>
            </>
          ) : (
            <Tag>只读</Tag>
          )
        }
      />
      {rules.error ? (
        // The draft stays (nothing typed is lost), but whether a newer version is in force could not be asked.
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={`未能获取当前生效的规则：${rules.error.message}`}
          description="下方仍是本页已载入的规则；恢复连接后请重试，以免基于旧版本修改。"
          action={
            <Button size="small" onClick={rules.reload}>
              重试
            </Button>
          }
        />
      ) : null}
      <ProblemList problems={problems} />
      <Tabs
        activeKey={section}
        onChange={(k) => navigate(`/rules/${k}`)}
        items={RULE_SECTIONS.map((s) => ({
          key: s.key,
          label: (
            <Badge count={perSection(s.key)} size="small" offset={[8, -2]}>
              <span>
                {s.label}
                {changed.includes(s.key) ? ' •' : ''}
              </span>
            </Badge>
          ),
        }))}
      />
      <div className="rules-grid">
        <Form layout="vertical" component="div" className="rules-form">
          <FieldCtx.Provider value={ctx}>
            <View />
          </FieldCtx.Provider>
        </Form>
        <RulesPreview section={section} doc={state.draft} />
      </div>
      <SaveModal
        open={saving}
        onClose={() => setSaving(false)}
        draft={state.draft}
        base={state.base}
        versions={versions.data?.versions ?? []}
        onSaved={(v, doc) => {
          setSaving(false)
          editor.load(v.versionNo, doc)
          versions.reload()
        }}
      />
    </>
  )
}
