import { View } from '@tarojs/components'
import { PageShell } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'

export default function TasksPage() {
  return (
    <PageShell id='page-tasks'>
      <View className='tasks'>
        <Section title='每日任务'>
          <EmptyState title='暂无任务' />
        </Section>
        <Section title='热门活动'>
          <EmptyState title='暂无进行中的活动' />
        </Section>
      </View>
    </PageShell>
  )
}
