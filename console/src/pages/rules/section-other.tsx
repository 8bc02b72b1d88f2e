import { Card, Table, Typography } from 'antd'
import { api, type MessageDeliveryRow } from '../../api'
import { CsvButton } from '../../components/csv-button'
import { Loadable } from '../../components/page-state'
import { useRequest } from '../../lib/hooks'
import { PLATFORM_LABEL } from '../../lib/labels'
import type { ReactNode } from 'react'
import { useSession } from '../../session-context'
import { COMMON_MESSAGE_FIELDS, MESSAGE_FIELDS, type MessageTemplateConfig } from '@/domain/messages'
import { F, Grid, ListBlock, ProblemsAt, useFields } from './fields'
import { couponOptions } from './options'

function Part({ title, children, path }: { title: string; children: ReactNode; path: string }) {
  return (
    <section data-path={path}>
      <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0 10px' }}>
        {title}
      </Typography.Title>
      <ProblemsAt path={path} />
      {children}
    </section>
  )
}

export function OtherSection() {
  const { draft } = useFields()
  const { can } = useSession()
  return (
    <>
      <ProblemsAt path="config" />
      <Part title="版本与业务日历" path="calendar">
        <Grid>
          <F path="version" label="规则版本号" type="int" min={1} help="保存时自动递增" disabled />
          <F
            path="calendar.offsetMinutes"
            label="业务时区偏移"
            type="int"
            min={-840}
            max={840}
            unit="分钟"
            disabled={!can('admin')}
            help={can('admin') ? '480 = UTC+8（北京时间）。修改会改变所有会员的业务日' : '480 = UTC+8（北京时间）。只有管理员可以修改'}
          />
        </Grid>
      </Part>
      <Part title="合规：分享奖励开关（微信、支付宝禁止诱导分享，默认仅 H5 开启）" path="compliance">
        <Grid>
          <F path="compliance.shareRewards.h5" label="H5 分享奖励" type="bool" />
          <F path="compliance.shareRewards.weapp" label="微信小程序分享奖励" type="bool" help="微信运营规范禁止" />
          <F path="compliance.shareRewards.alipay" label="支付宝小程序分享奖励" type="bool" />
          <F path="compliance.allowShareRewardsOnMiniPrograms" label="允许小程序分享奖励（需法务确认）" type="bool" />
        </Grid>
      </Part>
      <Part title="下单与积分抵扣" path="pricing">
        <Grid>
          <F path="pricing.pointValueFen" label="1 积分抵扣" type="int" min={1} unit="分" />
          <F path="pricing.maxOffsetPercent" label="最多抵扣订单" type="int" min={0} max={100} unit="%" />
          <F path="pricing.minBalanceToOffset" label="余额满多少可抵扣" type="int" min={0} unit="积分" />
          <F path="pricing.pointsPerYuanPaid" label="每实付 ¥1 得积分" type="int" min={0} />
          <F path="pricing.growthPerYuanPaid" label="每实付 ¥1 得成长值" type="int" min={0} />
        </Grid>
      </Part>
      <Part title="订单：退款与待支付" path="orders">
        <Grid>
          <F path="orders.refundWindowDays" label="可申请退款" type="int" min={0} max={365} unit="天内（支付次日起算）" help="0 = 仅限支付当天；付费会员始终不可退款" />
          <F path="orders.pendingExpiryMinutes" label="待支付订单保留" type="int" min={1} max={1440} unit="分钟" help="超时自动取消，退回优惠券和积分" />
        </Grid>
      </Part>
      <Part title="会员生命周期" path="lifecycle">
        <Grid>
          <F path="lifecycle.newcomerDays" label="新人期" type="int" min={1} unit="天" />
          <F path="lifecycle.dormantAfterDays" label="沉睡判定" type="int" min={1} unit="天未访问" />
          <F path="lifecycle.winbackCouponTemplateId" label="召回券" type="select" options={couponOptions(draft)} />
        </Grid>
      </Part>
      <Part title="邀请有礼" path="invite">
        <Grid>
          <F path="invite.inviterPoints" label="邀请人得积分" type="int" min={0} unit="积分" />
          <F path="invite.inviterGrowth" label="邀请人得成长值" type="int" min={0} />
          <F path="invite.inviteeCouponTemplateId" label="被邀请人得券" type="select" options={couponOptions(draft)} />
          <F path="invite.acceptWithinHours" label="注册后多久内接受邀请" type="int" min={1} unit="小时" />
        </Grid>
      </Part>
      <Part title="订阅消息" path="messages">
        <Grid>
          <F path="messages.maxSendsPerWeek" label="每人每周期最多发送" type="int" min={0} unit="条" />
          <F path="messages.windowDays" label="周期" type="int" min={1} unit="天" />
          <F path="messages.signinReminderHour" label="签到提醒时间" type="int" min={0} max={23} unit="点" optional placeholder="20" help="昨天签到、今天还没签的订阅会员，在这个时间后收到一次提醒" />
          <F path="messages.campaignReminderHours" label="活动开始前提醒" type="int" min={1} max={168} unit="小时" optional placeholder="24" help="活动对该会员开放前多久通知订阅会员（每个活动一次）" />
        </Grid>
        <DeliveryReport />
        <MessageTemplates />
      </Part>
      <Part title="数据看板口径" path="metrics">
        <Grid>
          <F path="metrics.retainedActiveDayValueFen" label="留存活跃一天的价值" type="int" min={0} unit="分" help="ROI 的分子" />
          <F path="metrics.retentionDays" label="留存观察日" type="intTags" />
          <F path="metrics.liftWindowDays" label="活动留存对比窗口" type="int" min={1} unit="天" />
          <F path="metrics.mauWindowDays" label="MAU 窗口" type="int" min={1} unit="天" />
        </Grid>
      </Part>
    </>
  )
}

/**
 * Each message's title and the platforms' subscription templates: the template id from the WeChat / Alipay console
 * (members are asked to subscribe only to templates with an id) and what each keyword of either template says.
 */
function MessageTemplates() {
  const { draft } = useFields()
  return (
    <ListBlock<MessageTemplateConfig>
      path="messages.templates"
      title="消息模板"
      fixed
      itemTitle={(t) => `${t.title || '未命名'}（${t.id}）`}
      make={() => draft.messages.templates[0]}
      render={(i, tp) => {
        const id = draft.messages.templates[i]?.id
        const placeholders = [...COMMON_MESSAGE_FIELDS, ...(id ? MESSAGE_FIELDS[id] ?? [] : [])].map((x) => `{${x}}`).join(' ')
        return (
          <>
            <Grid>
              <F path={`${tp}.title`} label="标题（消息中心）" />
              <F path={`${tp}.platformTemplateIds.weapp`} label="微信订阅模板 ID" placeholder="未配置" help="填写后会员可在小程序订阅；须同时填写下方字段才能下发" />
              <F path={`${tp}.platformTemplateIds.alipay`} label="支付宝订阅模板 ID" placeholder="未配置" help="填写后会员可在小程序订阅；须同时填写下方字段才能下发" />
            </Grid>
            <TemplateFields
              path={`${tp}.weappFields`}
              title={`微信模板字段（可用占位：${placeholders}）`}
              firstKey={(n) => `thing${n}`}
              keyHelp="与微信模板一致，如 thing1、time2"
              valueHelp="thing 类最多 20 字，超出部分以…截断"
            />
            <TemplateFields
              path={`${tp}.alipayFields`}
              title={`支付宝模板字段（可用占位：${placeholders}）`}
              firstKey={(n) => `keyword${n}`}
              keyHelp="按支付宝模板的关键词顺序：keyword1、keyword2 …"
              valueHelp="消息全部字段合计不超过 2048 字"
            />
          </>
        )
      }}
    />
  )
}

/** What each keyword of one platform's template says (`weappFields` / `alipayFields`). */
function TemplateFields(props: { path: string; title: string; firstKey: (n: number) => string; keyHelp: string; valueHelp: string }) {
  return (
    <ListBlock<{ key: string; value: string }>
      path={props.path}
      title={<span style={{ fontSize: 13 }}>{props.title}</span>}
      addLabel="添加字段"
      itemTitle={(f) => f.key || '新字段'}
      make={(items) => ({ key: props.firstKey(items.length + 1), value: '{title}' })}
      render={(_, fp) => (
        <Grid>
          <F path={`${fp}.key`} label="关键词" help={props.keyHelp} />
          <F path={`${fp}.value`} label="内容" wide help={props.valueHelp} />
        </Grid>
      )}
    />
  )
}

/** How the subscription messages of the last 7 days fared (GET /admin/message-delivery): what a template's settings did. */
function DeliveryReport() {
  const report = useRequest(() => api.messageDelivery(), [])
  return (
    <Card
      size="small"
      title={`订阅消息发送情况（近 7 天${report.data?.platform ? `，发往${PLATFORM_LABEL[report.data.platform]}` : ''}）`}
      style={{ marginBottom: 16 }}
      id="message-delivery"
      extra={
        report.data?.delivering ? (
          <CsvButton<MessageDeliveryRow>
            name="message-delivery"
            rows={report.data.templates}
            columns={[
              { title: '消息', value: (t) => t.title },
              { title: '模板', value: (t) => t.template },
              { title: '已发送', value: (t) => t.sent },
              { title: '待发送', value: (t) => t.pending },
              { title: '失败', value: (t) => t.failed },
              { title: '最近失败原因', value: (t) => t.lastError ?? '' },
            ]}
          />
        ) : null
      }
    >
      <Loadable state={report} rows={2}>
        {(r) =>
          !r.delivering ? (
            <Typography.Text type="secondary">当前后端不下发订阅消息（需技术人员为后端接入微信或支付宝登录），会员只在消息中心看到提醒。</Typography.Text>
          ) : (
            <Table
              size="small"
              rowKey="template"
              pagination={false}
              locale={{ emptyText: '近 7 天没有订阅消息' }}
              dataSource={r.templates}
              columns={[
                { title: '消息', dataIndex: 'title' },
                { title: '已发送', dataIndex: 'sent', align: 'right' },
                { title: '待发送', dataIndex: 'pending', align: 'right' },
                { title: '失败', dataIndex: 'failed', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
                { title: '最近失败原因', dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
              ]}
            />
          )
        }
      </Loadable>
    </Card>
  )
}
