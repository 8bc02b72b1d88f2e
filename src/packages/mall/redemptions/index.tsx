import { Button, View } from '@tarojs/components'
import { RedemptionList } from '@/components/mall/redemption-list'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { redemptionsView, useRedemptionsStore } from '@/stores/redemptions'
import { useRequest } from '@/stores/request'
import { go } from '@/utils/routes'
import './index.scss'

/** 兑换记录: every redemption of the points mall with its 核销码 and its status, or its delivery. */
function RedemptionsPage() {
  const redemptions = useRedemptionsStore((s) => s.redemptions)
  const savedAt = useRedemptionsStore((s) => s.savedAt)
  const request = useRequest(redemptionsView.key())
  const load = () => useRedemptionsStore.getState().load()
  useSessionLoad(load)

  return (
    <AsyncView request={request} hasData={!!redemptions} savedAt={savedAt} onRetry={load}>
      {redemptions && redemptions.length === 0 ? (
        <View id='redemptions-empty'>
          <EmptyState title='还没有兑换记录' hint='积分可以兑换优惠券、实物礼品和到店服务' />
          <Button className='btn btn--primary redemptions__go' hoverClass='pressed' onClick={() => go('mall')}>
            去积分商城
          </Button>
        </View>
      ) : null}
      {redemptions && redemptions.length > 0 ? <RedemptionList redemptions={redemptions} /> : null}
    </AsyncView>
  )
}

export default definePage('page-redemptions', RedemptionsPage)
