import { View } from '@tarojs/components'
import { PageShell } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'

export default function HomePage() {
  return (
    <PageShell id='page-home'>
      <View className='home'>
        <Section title='我的会员'>
          <EmptyState title='登录后查看会员等级' hint='同意隐私保护指引后即可使用会员服务' />
        </Section>
        <Section title='积分'>
          <EmptyState title='暂无积分信息' />
        </Section>
        <Section title='每日签到'>
          <EmptyState title='暂无签到信息' />
        </Section>
        <Section title='会员权益'>
          <EmptyState title='暂无权益信息' />
        </Section>
      </View>
    </PageShell>
  )
}
