import { View } from '@tarojs/components'
import { PageShell } from '@/components/ui/page-shell'
import { Section } from '@/components/ui/section'
import { EmptyState } from '@/components/ui/state-views'

export default function MePage() {
  return (
    <PageShell id='page-me'>
      <View className='me'>
        <Section title='我的'>
          <EmptyState title='登录后查看你的积分、优惠券和订单' />
        </Section>
      </View>
    </PageShell>
  )
}
