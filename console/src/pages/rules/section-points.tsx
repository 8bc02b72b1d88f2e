import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { GRANT_SOURCES, type EarningRule } from '@/domain/points'
import { Button, Card, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { GRANT_SOURCE } from '../../lib/labels'
import { editor } from './editor-store'
import { F, fieldId, Grid, ProblemsAt, useFields } from './fields'
import { ConfirmPop } from '../../components/confirm-pop'

const PLATFORM_OPTIONS = [
  { value: 'weapp', label: '微信小程序' },
  { value: 'alipay', label: '支付宝小程序' },
  { value: 'h5', label: 'H5' },
]

export function PointsSection() {
  const { draft, readOnly } = useFields()
  const [newKey, setNewKey] = useState('')
  const rules = draft.points?.earningRules ?? {}
  const addRule = () => {
    const key = newKey.trim()
    if (!key || rules[key]) return
    const rule: EarningRule = { points: 10, limits: { day: 1 }, capped: true, reason: '行为奖励' }
    editor.set(`points.earningRules.${key}`, rule)
    setNewKey('')
  }
  return (
    <>
      <Grid>
        <F path="points.caps.dayPoints" label="每日上限（受限来源）" type="int" min={1} unit="积分" />
        <F path="points.caps.monthPoints" label="每月上限（受限来源）" type="int" min={1} unit="积分" />
        <F path="points.pointValueFen" label="1 积分价值" type="int" min={1} unit="分" help="须与“其他设置 › 抵扣”一致" />
        <F path="points.growthPerPoint" label="每积分成长值" type="int" min={0} />
        <F path="points.expiryMonths" label="积分有效期" type="int" min={1} unit="个月" />
        <F path="points.reminderDaysBefore" label="到期提醒（提前天数）" type="intTags" />
      </Grid>
      <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0 10px' }}>
        行为积分规则（会员的行为事件）
      </Typography.Title>
      {Object.keys(rules).map((key) => {
        const p = `points.earningRules.${key}`
        return (
          <Card
            key={key}
            size="small"
            className="list-card"
            id={fieldId(p)}
            data-path={p}
            title={`${rules[key].reason || key}（${key}）`}
            extra={
              readOnly ? null : (
                <ConfirmPop title="确定删除这条规则？" okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={() => editor.set(p, undefined)}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`删除规则 ${key}`} />
                </ConfirmPop>
              )
            }
          >
            <ProblemsAt path={p} />
            <Grid>
              <F path={`${p}.points`} label="积分" type="int" min={0} unit="积分" />
              <F path={`${p}.reason`} label="流水说明" />
              <F path={`${p}.limits.day`} label="每日次数" type="int" min={0} optional placeholder="不限" />
              <F path={`${p}.limits.week`} label="每周次数" type="int" min={0} optional placeholder="不限" />
              <F path={`${p}.limits.month`} label="每月次数" type="int" min={0} optional placeholder="不限" />
              <F path={`${p}.limits.lifetime`} label="累计次数" type="int" min={0} optional placeholder="不限" />
              <F path={`${p}.limits.oncePerRef`} label="同一来源只奖励一次" type="bool" optional />
              <F path={`${p}.capped`} label="计入每日/每月上限" type="bool" />
              <F path={`${p}.shareBased`} label="分享类奖励（合规开关控制）" type="bool" optional />
              <F path={`${p}.platforms`} label="仅在这些平台奖励" type="multi" options={PLATFORM_OPTIONS} placeholder="全部平台" optional />
              <F
                path={`${p}.refs`}
                label="仅奖励这些编号"
                type="tags"
                placeholder={Array.isArray(rules[key].refs) ? '未列出编号：不奖励' : '不限编号'}
                help="列出编号后只奖励这些编号（如进行中的问卷），清空则不奖励任何编号"
              />
            </Grid>
          </Card>
        )
      })}
      {readOnly ? null : (
        <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
          <Input aria-label="新规则的事件类型" placeholder="事件类型，如 review" value={newKey} onChange={(e) => setNewKey(e.target.value.replace(/[^\w]/g, ''))} onPressEnter={addRule} />
          <Button icon={<PlusOutlined />} onClick={addRule} disabled={!newKey.trim() || Boolean(rules[newKey.trim()])}>
            添加规则
          </Button>
        </Space.Compact>
      )}
      <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0 10px' }}>
        积分来源
      </Typography.Title>
      {GRANT_SOURCES.map((s) => {
        const p = `points.grantSources.${s}`
        return (
          <Card key={s} size="small" className="list-card" id={fieldId(p)} data-path={p} title={`${GRANT_SOURCE[s] ?? s}（${s}）`}>
            <ProblemsAt path={p} />
            <Grid>
              <F path={`${p}.capped`} label="计入上限" type="bool" />
              <F path={`${p}.ledgerType`} label="流水类型" type="select" options={[{ value: 'earn', label: '获得 earn' }, { value: 'grant', label: '赠送 grant' }]} />
              <F path={`${p}.growthFromPoints`} label="按积分加成长值" type="bool" />
              <F path={`${p}.uniqueRef`} label="同一来源只奖励一次" type="bool" />
              <F path={`${p}.reason`} label="流水说明" />
            </Grid>
          </Card>
        )
      })}
    </>
  )
}
