import { View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import type { RedemptionWire } from '@/api/contract'
import { DeliverySheet } from '@/components/mall/delivery-sheet'
import { RedemptionList } from '@/components/mall/redemption-list'
import { AsyncView } from '@/components/ui/async-view'
import { definePage } from '@/components/ui/page-shell'
import { ListFooter } from '@/components/ui/list-footer'
import { EmptyState } from '@/components/ui/state-views'
import { useAction } from '@/hooks/use-action'
import { useSessionLoad } from '@/hooks/use-session-load'
import { useMoreState } from '@/stores/paged'
import { giveDeliveryAddress, redemptionPages, useRedemptionsStore } from '@/stores/redemptions'
import { useRequest } from '@/stores/request'
import { toast } from '@/utils/feedback'
import { go } from '@/utils/routes'
import './index.scss'

/**
 * 兑换记录: every redemption of the points mall with its 核销码 and its status, or its delivery; and the physical
 * prizes won in draws, whose address is given here.
 */
function RedemptionsPage() {
  const redemptions = useRedemptionsStore((s) => s.redemptions)
  const savedAt = useRedemptionsStore((s) => s.savedAt)
  const request = useRequest(redemptionPages.view.key())
  const giving = useAction(giveDeliveryAddress)
  const [addressFor, setAddressFor] = useState<RedemptionWire | null>(null)
  const complete = useRedemptionsStore((s) => s.complete)
  const { loadingMore, moreFailed } = useMoreState(redemptionPages)
  const load = () => useRedemptionsStore.getState().load()
  const loadMore = () => void useRedemptionsStore.getState().loadMore()
  useSessionLoad(load)
  useReachBottom(loadMore)

  return (
    <AsyncView request={request} hasData={!!redemptions} savedAt={savedAt} onRetry={load}>
      {redemptions && redemptions.length === 0 ? (
        <View id='redemptions-empty'>
          <EmptyState title='还没有兑换记录' hint='积分可以兑换优惠券、实物礼品和到店服务' art='bag' />
          <Button className='btn btn--primary redemptions__go' hoverClass='pressed' onClick={() => go('mall')}>
            去积分商城
          </Button>
        </View>
      ) : null}
      {redemptions && redemptions.length > 0 ? (
        <>
          <RedemptionList redemptions={redemptions} busy={giving.busy} onGiveAddress={setAddressFor} />
          <ListFooter id='redemptions-footer' complete={complete} loadingMore={loadingMore} moreFailed={moreFailed} onRetry={loadMore} />
        </>
      ) : null}
      {addressFor ? (
        <DeliverySheet
          intro={`「${addressFor.itemName}」将寄到这里，提交后不能自行修改`}
          submitLabel='提交地址'
          busy={giving.busy}
          onSubmit={(address) =>
            giving.run(
              () => giveDeliveryAddress(addressFor.id, address),
              () => {
                setAddressFor(null)
                toast('收货地址已提交，我们会尽快发货')
              },
            )
          }
          onClose={() => setAddressFor(null)}
        />
      ) : null}
    </AsyncView>
  )
}

export default definePage('page-redemptions', RedemptionsPage)
