import { View } from '@tarojs/components'
import { PageShell } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'

export default function SigninPage() {
  return (
    <PageShell id='page-signin'>
      <View>
        <Section title='签到日历'>
          <EmptyState title='暂无签到信息' />
        </Section>
      </View>
    </PageShell>
  )
}
