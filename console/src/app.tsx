/**
 * The console's shell: sign-in gate, left navigation (collapses to a drawer button on phones), header with who is
 * signed in, and the pages, each loaded on first visit (one chunk per page). A session that ends with the console
 * open is signed in again over the page, which stays mounted (`SignInAgainModal`).
 */
import { serverNow } from './lib/clock'
import {
  AuditOutlined,
  BarChartOutlined,
  CarOutlined,
  CheckSquareOutlined,
  LogoutOutlined,
  MenuOutlined,
  MessageOutlined,
  QrcodeOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons'
import { App, Button, Drawer, Grid, Layout, Menu, type MenuProps, Skeleton, Tag, Typography } from 'antd'
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { api, type OperatorRole, setForbiddenHandler, setUnauthorizedHandler } from './api'
import { PageBoundary } from './components/page-boundary'
import { navigate, type Route, useRoute } from './router'
import { clearSession, forgetRulesDraft, hasRulesDraft, loadSession, ROLE_LABEL, roleAtLeast, type Session, saveSession, sessionResumed } from './session'
// Not loaded on demand: the sign-in dialog must come up when a session ends with the network gone too.
import LoginPage, { SignInAgainModal } from './pages/login'
import { RULE_SECTIONS } from './pages/rules/sections'
import { type SessionContext, SessionCtx } from './session-context'

const DashboardPage = lazy(() => import('./pages/dashboard'))
const RulesPage = lazy(() => import('./pages/rules/rules-page'))
const MembersPage = lazy(() => import('./pages/members/search'))
const MemberPage = lazy(() => import('./pages/members/member-detail'))
const ApprovalsPage = lazy(() => import('./pages/approvals'))
const VouchersPage = lazy(() => import('./pages/vouchers'))
const DeliveriesPage = lazy(() => import('./pages/deliveries'))
const PrivacyPage = lazy(() => import('./pages/privacy'))
const FeedbackPage = lazy(() => import('./pages/feedback'))
const AuditPage = lazy(() => import('./pages/audit'))
const OperatorsPage = lazy(() => import('./pages/operators'))

function menuItems(role: OperatorRole): MenuProps['items'] {
  const items: MenuProps['items'] = [
    { key: '/', icon: <BarChartOutlined />, label: '数据看板' },
    {
      key: 'rules',
      icon: <SettingOutlined />,
      label: '规则配置',
      children: [...RULE_SECTIONS.map((s) => ({ key: `/rules/${s.key}`, label: s.label })), { key: '/rules/versions', label: '版本与发布' }],
    },
    { key: '/members', icon: <TeamOutlined />, label: '会员' },
    { key: '/approvals', icon: <CheckSquareOutlined />, label: '积分调整审批' },
    { key: '/vouchers', icon: <QrcodeOutlined />, label: '核销' },
    { key: '/deliveries', icon: <CarOutlined />, label: '发货管理' },
    { key: '/privacy', icon: <SafetyOutlined />, label: '隐私申请' },
    { key: '/feedback', icon: <MessageOutlined />, label: '意见反馈' },
    { key: '/audit', icon: <AuditOutlined />, label: '操作日志' },
  ]
  if (roleAtLeast(role, 'admin')) items.push({ key: '/operators', icon: <UserOutlined />, label: '账号管理' })
  return items
}

function selectedKey(route: Route): string {
  const [first, second] = route.parts
  if (!first) return '/'
  if (first === 'rules') return `/rules/${second ?? RULE_SECTIONS[0].key}`
  return `/${first}`
}

function PageFor({ route, role }: { route: Route; role: OperatorRole }): ReactNode {
  const [first, second] = route.parts
  switch (first) {
    case undefined:
      return <DashboardPage />
    case 'rules':
      return <RulesPage section={second ?? RULE_SECTIONS[0].key} />
    case 'members':
      return second ? <MemberPage memberId={second} /> : <MembersPage />
    case 'approvals':
      return <ApprovalsPage />
    case 'vouchers':
      return <VouchersPage initialCode={route.query.get('code') ?? undefined} />
    case 'deliveries':
      return <DeliveriesPage />
    case 'privacy':
      return <PrivacyPage />
    case 'feedback':
      return <FeedbackPage />
    case 'audit':
      return <AuditPage />
    case 'operators':
      return roleAtLeast(role, 'admin') ? <OperatorsPage /> : <Typography.Paragraph>账号管理仅管理员可用。</Typography.Paragraph>
    default:
      return <Typography.Paragraph>页面不存在。</Typography.Paragraph>
  }
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute()
  const screens = Grid.useBreakpoint()
  const mobile = screens.lg === false
  const [drawer, setDrawer] = useState(false)
  const role = session.operator.role
  const ctx = useMemo<SessionContext>(() => ({ session, role, can: (n) => roleAtLeast(role, n), signOut: onSignOut }), [session, role, onSignOut])
  const key = selectedKey(route)
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[key]}
      defaultOpenKeys={['rules']}
      items={menuItems(role)}
      onClick={({ key: k }) => {
        setDrawer(false)
        navigate(k)
      }}
    />
  )
  return (
    <SessionCtx.Provider value={ctx}>
      <Layout style={{ minHeight: '100%' }}>
        {mobile ? (
          <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} styles={{ body: { padding: 0, background: '#001529' } }} title="运营后台">
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider width={220} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
            <div className="console-brand">会员运营后台</div>
            <nav aria-label="主导航">{menu}</nav>
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header className="console-header">
            <div>
              {mobile ? <Button type="text" icon={<MenuOutlined />} aria-label="打开导航" onClick={() => setDrawer(true)} /> : null}
            </div>
            <div className="who">
              <span>{session.operator.displayName ?? session.operator.username}</span>
              <Tag color={role === 'admin' ? 'red' : role === 'operator' ? 'blue' : 'default'}>{ROLE_LABEL[role]}</Tag>
              <Button icon={<LogoutOutlined />} onClick={onSignOut}>
                退出
              </Button>
            </div>
          </Layout.Header>
          {/* antd's Content is the page's one <main> landmark. */}
          <Layout.Content className="console-content">
            <PageBoundary key={route.parts.join('/')}>
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                <PageFor route={route} role={role} />
              </Suspense>
            </PageBoundary>
          </Layout.Content>
        </Layout>
      </Layout>
    </SessionCtx.Provider>
  )
}

export function ConsoleApp() {
  const { message, modal } = App.useApp()
  // Read through refs: the role check below runs once per session, and 退出 is not a new function (nor the shell's
  // context a new value) whenever antd hands out a new object.
  const messageRef = useRef(message)
  messageRef.current = message
  const modalRef = useRef(modal)
  modalRef.current = modal
  const [session, setSession] = useState<Session | null>(() => loadSession())
  // The session ended with the page open: the page stays as it was under the sign-in dialog.
  const [ended, setEnded] = useState(false)
  const route = useRoute()

  const signOut = useCallback(() => {
    clearSession()
    setEnded(false)
    setSession(null)
    navigate('/login', true)
  }, [])
  // 退出: the server ends the session first, so the token is no use to whoever finds it later; signed out here
  // whatever it answers (offline, or the session had already ended). It drops the operator's unsaved rules draft, so
  // with one it asks first, as 放弃修改 does; 继续编辑 leaves the session and the draft as they were.
  const operatorId = session?.operator.id
  const logOut = useCallback(() => {
    const out = () => {
      forgetRulesDraft()
      void api.logout().then(signOut, signOut)
    }
    if (!operatorId || !hasRulesDraft(operatorId)) return out()
    modalRef.current.confirm({
      title: '放弃未保存的修改？',
      content: '规则配置中有未保存的修改，退出后将丢失。',
      okText: '放弃并退出',
      cancelText: '继续编辑',
      okButtonProps: { danger: true },
      onOk: out,
    })
  }, [signOut, operatorId])

  // A session that ended on its own — its expiry with the tab open, or a 401 anywhere (expired, revoked, signed out
  // elsewhere, the server restarted) — is signed in again over the page: the page stays mounted, so a dialog half
  // filled in keeps what was typed (the write that met the 401 says it was not submitted: hooks.ts), and a draft
  // being edited is kept. Its token is forgotten at once: nothing more is sent with it. The expiry timer and a 401 may
  // both report one ending (the server's clock, learnt from an answer, can pass the expiry before the timer does): the
  // dialog is one flag, so it opens once, and api.ts ignores further 401s of a session already forgotten.
  const sessionEnded = useCallback(() => {
    clearSession()
    setEnded(true)
  }, [])
  useEffect(() => setUnauthorizedHandler(sessionEnded), [sessionEnded])

  // The account as the server sees it now (GET /admin/me): its role may have changed since sign-in — the server
  // applies a new role to open sessions at once — and the login answer has no display name. Read when a session
  // starts (sign-in, or a reload with one in sessionStorage) and after any 403, so the controls follow the role.
  const refreshOperator = useCallback(() => {
    const asked = loadSession()
    if (!asked) return
    api.me().then(
      ({ operator }) => {
        // Signed out, or signed in as someone else, while this was on its way: not this session's answer.
        const now = loadSession()
        if (!now || now.token !== asked.token) return
        const { role, displayName, username } = now.operator
        if (role === operator.role && displayName === operator.displayName && username === operator.username) return
        const next: Session = { ...now, operator: { ...now.operator, role: operator.role, displayName: operator.displayName, username: operator.username } }
        saveSession(next)
        setSession(next)
        if (role !== operator.role) void messageRef.current.info(`你的账号角色已变更为「${ROLE_LABEL[operator.role]}」`)
      },
      // A 401 has already returned to sign-in; offline, the role from sign-in stays until the next answer.
      () => undefined,
    )
  }, [])

  useEffect(() => {
    setForbiddenHandler(refreshOperator)
    return () => setForbiddenHandler(() => undefined)
  }, [refreshOperator])

  const token = session?.token
  useEffect(() => {
    if (token) refreshOperator()
  }, [token, refreshOperator])

  const expiresAt = session?.expiresAt
  useEffect(() => {
    if (!expiresAt) return
    // The session ends at its expiry even with the tab left open.
    const ms = Date.parse(expiresAt) - serverNow()
    const t = setTimeout(sessionEnded, Math.max(0, Math.min(ms, 2 ** 31 - 1)))
    return () => clearTimeout(t)
  }, [expiresAt, sessionEnded])

  const signedIn = (s: Session) => {
    saveSession(s)
    setEnded(false)
    setSession(s)
  }
  const signedInAgain = (s: Session) => {
    signedIn(s)
    // The same operator carries on where they were; the reads that failed meanwhile are asked again. Another account
    // gets the pages afresh (Shell's key), nothing of what the last one had open.
    if (session && s.operator.id === session.operator.id) sessionResumed()
  }

  if (!session || route.parts[0] === 'login') {
    return (
      <LoginPage
        onSignedIn={(s) => {
          signedIn(s)
          // A link opened signed out (a member's page, 积分调整审批 sent to an approver) opens once signed in.
          if (route.parts[0] === 'login') navigate('/', true)
        }}
      />
    )
  }
  return (
    <>
      <Shell key={session.operator.id} session={session} onSignOut={logOut} />
      {ended ? <SignInAgainModal open username={session.operator.username} onSignedIn={signedInAgain} /> : null}
    </>
  )
}
