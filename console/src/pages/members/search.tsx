/** 会员: find a member by id, nickname or invite code (`GET /admin/members?q=`). */
import { Alert, Input, Table, Tag } from 'antd'
import { api, SEARCH_LIMIT, type MemberRow } from '../../api'
import { CsvButton } from '../../components/csv-button'
import { PageHeader } from '../../components/page-header'
import { Loadable } from '../../components/page-state'
import { fmtInstant } from '../../lib/format'
import { PLATFORM_LABEL } from '../../lib/labels'
import { useRequest } from '../../lib/hooks'
import { Link, navigate, useRoute } from '../../router'
import { INPUT_CLEAR } from '../../lib/clear'


export default function MembersPage() {
  const route = useRoute()
  const q = route.query.get('q')?.trim() ?? ''
  const result = useRequest(() => api.searchMembers(q), [q], { skip: !q })
  return (
    <>
      <PageHeader
        title="会员"
        sub="按会员 ID、昵称、邀请码、订单号或支付单号查找"
        extra={
          <CsvButton<MemberRow>
            name={`members-${q}`}
            rows={result.data?.members}
            columns={[
              { title: '会员 ID', value: (m) => m.id },
              { title: '昵称', value: (m) => m.nickname },
              { title: '等级', value: (m) => m.tier.name },
              { title: '邀请码', value: (m) => m.inviteCode },
              { title: '平台', value: (m) => PLATFORM_LABEL[m.platform] ?? m.platform },
              { title: '注册时间', value: (m) => fmtInstant(m.registeredAt) },
            ]}
          />
        }
      />
      <Input.Search
        aria-label="搜索会员"
        placeholder="会员 ID / 昵称 / 邀请码 / 订单号 / 支付单号"
        // The server looks up at most 64 characters (a longer query answers 400).
        maxLength={64}
        defaultValue={q}
        key={q}
        enterButton="搜索"
        allowClear={INPUT_CLEAR}
        size="large"
        style={{ maxWidth: 560, marginBottom: 16 }}
        onSearch={(v) => navigate(`/members${v.trim() ? `?q=${encodeURIComponent(v.trim())}` : ''}`)}
      />
      {q ? (
        <Loadable state={result} isEmpty={(d) => d.members.length === 0} emptyText={`没有找到与“${q}”匹配的会员`}>
          {(d) => (
            <>
              {d.more ? <Alert id="search-more" type="info" showIcon style={{ marginBottom: 12, maxWidth: 560 }} title={`匹配的会员不止 ${SEARCH_LIMIT} 位，这里只列出前 ${SEARCH_LIMIT} 位：请输入更完整的昵称，或用会员 ID、邀请码、订单号查找`} /> : null}
              <Table<MemberRow>
                rowKey="id"
                dataSource={d.members}
                scroll={{ x: 'max-content' }}
                pagination={d.members.length > 20 ? { pageSize: 20 } : false}
                columns={[
                  { title: '昵称', key: 'nick', render: (_, m) => <Link to={`/members/${encodeURIComponent(m.id)}`}>{m.nickname || '（未设置昵称）'}</Link> },
                  { title: '会员 ID', dataIndex: 'id', key: 'id' },
                  { title: '等级', key: 'tier', render: (_, m) => <Tag>{m.tier.name}</Tag> },
                  { title: '邀请码', dataIndex: 'inviteCode', key: 'invite' },
                  { title: '平台', key: 'platform', render: (_, m) => PLATFORM_LABEL[m.platform] ?? m.platform },
                  { title: '注册时间', key: 'reg', render: (_, m) => fmtInstant(m.registeredAt) },
                ]}
              />
            </>
          )}
        </Loadable>
      ) : null}
    </>
  )
}
