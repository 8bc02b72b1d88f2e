import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { api } from '../api'
import { useAction } from '../lib/hooks'
import type { Session } from '../session'

export default function LoginPage({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const action = useAction()
  const [error, setError] = useState<string>()
  // Sent here by a session that ended (expired, revoked, the account disabled) rather than by 退出.
  const [expired] = useState(() => /[?&]expired=1(&|$)/.test(window.location.hash))
  const submit = async (v: { username: string; password: string }) => {
    setError(undefined)
    const r = await action.run({ u: v.username }, (key) => api.login(v.username.trim(), v.password, key), { quiet: true })
    if (r.ok) onSignedIn({ token: r.data.token, operator: r.data.operator, expiresAt: r.data.expiresAt })
    else setError(r.error.message)
  }
  return (
    <main style={{ minHeight: '100vh', boxSizing: 'border-box', display: 'grid', placeItems: 'center', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center', marginTop: 0 }}>
          会员运营后台
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }} type="secondary">
          请使用运营账号登录
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" data-testid="login-error" /> : null}
        {expired && !error ? <Alert type="info" showIcon title="登录已过期或已失效，请重新登录" style={{ marginBottom: 16 }} role="status" /> : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={action.pending}>
          <Form.Item label="账号" name="username" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={action.pending}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  )
}
