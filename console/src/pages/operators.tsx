/**
 * 账号管理 (admin): operator accounts with their role; create one, change a name, role or password, disable or
 * re-enable it. The server refuses changing one's own role or access; the buttons say so before that.
 */
import { App, Button, Form, Input, Modal, Select, Switch, Table, Tag } from 'antd'
import { useState } from 'react'
import { api, type Operator, type OperatorRole } from '../api'
import { CsvButton } from '../components/csv-button'
import { PageHeader } from '../components/page-header'
import { Loadable } from '../components/page-state'
import { fmtInstant } from '../lib/format'
import { useAction, useRequest } from '../lib/hooks'
import { ROLE_LABEL } from '../session'
import { useSession } from '../session-context'

const ROLE_OPTIONS = (Object.keys(ROLE_LABEL) as OperatorRole[]).map((value) => ({ value, label: ROLE_LABEL[value] }))

interface EditValues {
  username?: string
  displayName: string
  role: OperatorRole
  password?: string
  /** The signed-in admin's own password, asked again whenever a password is set. */
  currentPassword?: string
}

export default function OperatorsPage() {
  const { message, modal } = App.useApp()
  const { session } = useSession()
  const list = useRequest(() => api.operators(), [])
  const save = useAction()
  const toggle = useAction()
  // What the dialog edits stays until it has faded out (`afterClose`): closing does not flip its words to 编辑.
  const [editing, setEditing] = useState<Operator | 'new' | null>(null)
  const [shown, setShown] = useState(false)
  const [form] = Form.useForm<EditValues>()

  const open = (o: Operator | 'new') => {
    setEditing(o)
    setShown(true)
    form.setFieldsValue(o === 'new' ? { username: '', displayName: '', role: 'operator', password: '', currentPassword: '' } : { displayName: o.displayName, role: o.role, password: '', currentPassword: '' })
  }
  const submit = async (v: EditValues) => {
    if (!editing) return
    const r =
      editing === 'new'
        ? await save.run(v, (key) => api.createOperator({ username: v.username!.trim(), displayName: v.displayName.trim(), role: v.role, password: v.password!, currentPassword: v.currentPassword ?? '' }, key), { quiet: true })
        : await save.run(
            { id: editing.id, ...v },
            (key) => api.updateOperator(editing.id, { displayName: v.displayName.trim(), ...(editing.id === session.operator.id ? {} : { role: v.role }), ...(v.password ? { password: v.password, currentPassword: v.currentPassword ?? '' } : {}) }, key),
            { quiet: true },
          )
    if (r.ok) {
      message.success(editing === 'new' ? '账号已创建' : '已保存')
      setShown(false)
      list.reload()
      return
    }
    // The server's refusal at the field it is about; anything else as a message.
    const field = r.error.code === 'OPERATOR_EXISTS' ? 'username' : r.error.code === 'PASSWORD_TOO_WEAK' ? 'password' : r.error.code === 'CURRENT_PASSWORD_WRONG' ? 'currentPassword' : null
    if (field) form.setFields([{ name: field, errors: [r.error.message] }])
    else if (r.error.status !== 401) message.error(r.error.message)
  }
  const [toggling, setToggling] = useState<string | null>(null)
  const send = async (o: Operator, disabled: boolean) => {
    setToggling(o.id)
    // A second 停用 from the confirmation as it closes is not sent again (useAction): that call never returns.
    const r = await toggle.run({ id: o.id, disabled }, (key) => api.updateOperator(o.id, { disabled }, key))
    if (r.ok) {
      message.success(disabled ? '已停用' : '已启用')
      list.reload()
    }
  }
  // Turning an account off ends its sessions at once: asked first. Turning one back on is not.
  const setDisabled = (o: Operator, disabled: boolean) => {
    if (!disabled) return void send(o, false)
    modal.confirm({
      title: `停用账号 ${o.displayName || o.username}？`,
      content: '该账号将立即退出登录，且不能再登录，直到重新启用。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => send(o, true),
    })
  }
  const rows = list.data?.operators ?? []
  return (
    <>
      <PageHeader
        title="账号管理"
        sub="只读：查看；运营：编辑规则与会员；管理员：管理账号并审批"
        extra={
          <>
            <CsvButton<Operator>
              name="operators"
              rows={rows}
              columns={[
                { title: 'ID', value: (o) => o.id },
                { title: '账号', value: (o) => o.username },
                { title: '名称', value: (o) => o.displayName },
                { title: '角色', value: (o) => ROLE_LABEL[o.role] },
                { title: '状态', value: (o) => (o.disabled ? '已停用' : '正常') },
                { title: '创建时间', value: (o) => fmtInstant(o.createdAt) },
              ]}
            />
            <Button type="primary" onClick={() => open('new')}>
              新建账号
            </Button>
          </>
        }
      />
      <Loadable state={list}>
        {(d) => (
          <Table<Operator>
            rowKey="id"
            dataSource={d.operators}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: '账号', dataIndex: 'username', key: 'username' },
              // The id the audit log and its 对象 filter name the account by.
              { title: 'ID', dataIndex: 'id', key: 'id' },
              { title: '名称', dataIndex: 'displayName', key: 'name' },
              { title: '角色', key: 'role', render: (_, o) => <Tag color={o.role === 'admin' ? 'red' : o.role === 'operator' ? 'blue' : 'default'}>{ROLE_LABEL[o.role]}</Tag> },
              { title: '创建时间', key: 'createdAt', render: (_, o) => fmtInstant(o.createdAt) },
              {
                title: '启用',
                key: 'enabled',
                render: (_, o) => (
                  <Switch
                    aria-label={`启用 ${o.username}`}
                    checked={!o.disabled}
                    disabled={o.id === session.operator.id}
                    loading={toggle.pending && toggling === o.id}
                    onChange={(on) => setDisabled(o, !on)}
                  />
                ),
              },
              { title: '操作', key: 'edit', render: (_, o) => <Button size="small" onClick={() => open(o)}>编辑</Button> },
            ]}
          />
        )}
      </Loadable>
      <Modal
        title={editing === 'new' ? '新建账号' : `编辑 ${editing?.username ?? ''}`}
        open={shown}
        onCancel={() => setShown(false)}
        afterClose={() => setEditing(null)}
        onOk={() => form.submit()}
        okText="保存"
        cancelText="取消"
        confirmLoading={save.pending}
        destroyOnHidden
        forceRender
      >
        <Form<EditValues> form={form} layout="vertical" onFinish={submit}>
          {editing === 'new' ? (
            <Form.Item label="账号" name="username" rules={[{ required: true, pattern: /^[A-Za-z0-9._-]{3,64}$/, message: '3–64 位字母、数字、点、下划线或连字符' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          ) : null}
          <Form.Item label="名称" name="displayName" rules={[{ required: true, whitespace: true, max: 40, message: '请输入名称（最多 40 字）' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true }]}>
            <Select options={ROLE_OPTIONS} disabled={editing !== 'new' && editing?.id === session.operator.id} />
          </Form.Item>
          <Form.Item
            label={editing === 'new' ? '初始密码' : '新密码（不改请留空）'}
            name="password"
            rules={[
              { required: editing === 'new', min: 10, message: '密码至少 10 位' },
              { max: 256, message: '密码最多 256 位' },
            ]}
            extra={editing === 'new' ? undefined : editing?.id === session.operator.id ? '改密码后，你在其他设备上的登录会退出' : '改密码后，该账号已登录的会话全部退出'}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {/* Whoever sets a password proves they are the admin signed in (a session left open is not enough). */}
          <Form.Item noStyle shouldUpdate={(a, b) => a.password !== b.password}>
            {({ getFieldValue }) =>
              editing === 'new' || getFieldValue('password') ? (
                <Form.Item label="你的当前密码" name="currentPassword" rules={[{ required: true, message: '请输入你的当前密码' }]} extra="设置密码前，请再次输入你自己的登录密码">
                  <Input.Password autoComplete="current-password" />
                </Form.Item>
              ) : null
            }
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
