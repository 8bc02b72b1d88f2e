import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Modal, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../api'
import { useAction } from '../lib/hooks'
import type { Session } from '../session'

/** 账号, 密码, 登录: the sign-in page's form, and the one that comes up over the page when a session ends. */
function SignInForm({ onSignedIn, username, notice }: { onSignedIn: (s: Session) => void; username?: string; notice?: string }) {
  const action = useAction()
  const [error, setError] = useState<string>()
  const submit = async (v: { username: string; password: string }) => {
    setError(undefined)
    const r = await action.run({ u: v.username }, (key) => api.login(v.username.trim(), v.password, key), { quiet: true })
    if (r.ok) onSignedIn({ token: r.data.token, operator: r.data.operator, expiresAt: r.data.expiresAt })
    else setError(r.error.message)
  }
  return (
    <>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" data-testid="login-error" /> : null}
      {notice && !error ? <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} role="status" /> : null}
      <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={action.pending} initialValues={{ username }}>
        <Form.Item label="账号" name="username" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus={!username} />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus={Boolean(username)} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={action.pending}>
          登录
        </Button>
      </Form>
    </>
  )
}

export default function LoginPage({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  return (
    <main style={{ minHeight: '100vh', boxSizing: 'border-box', display: 'grid', placeItems: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginTop: 0 }}>
          会员运营后台
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">
          请使用运营账号登录
        </Typography.Paragraph>
        <SignInForm onSignedIn={onSignedIn} />
      </Card>
    </main>
  )
}

/**
 * A session that ended with the console open (its expiry, or a 401: revoked, disabled, signed out elsewhere): signing
 * in again over the page, which stays as it was — a dialog half filled in keeps what was typed, and what it could
 * not send is sent again from it. Above every other dialog; it cannot be dismissed without signing in.
 */
export function SignInAgainModal({ open, username, onSignedIn }: { open: boolean; username: string; onSignedIn: (s: Session) => void }) {
  return (
    <Modal title="重新登录" open={open} closable={false} keyboard={false} mask={{ closable: false }} footer={null} zIndex={1900} destroyOnHidden width={400}>
      <SignInForm
        onSignedIn={onSignedIn}
        username={username}
        notice="登录已过期或已失效，请重新登录。页面上填写的内容仍在；未提交的操作，登录后请再次提交。以其他账号登录将重新打开页面。"
      />
    </Modal>
  )
}
