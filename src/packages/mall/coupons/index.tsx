import { Text, View } from '@tarojs/components'
import { Button } from '@/platform/button'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { businessDateOf } from '@/domain/calendar'
import type { CouponStatus } from '@/domain/coupons'
import { CouponCard } from '@/components/coupons/coupon-card'
import { AsyncView } from '@/components/ui/async-view'
import { ListFooter } from '@/components/ui/list-footer'
import { definePage } from '@/components/ui/page-shell'
import { Segmented } from '@/components/ui/segmented'
import { EmptyState } from '@/components/ui/state-views'
import { useSessionLoad } from '@/hooks/use-session-load'
import { appNow } from '@/platform/clock'
import { loadConfigIfMissing, useConfigStore } from '@/stores/config'
import { couponPages, couponsView, useCouponsStore } from '@/stores/coupons'
import { useMoreState } from '@/stores/paged'
import { useRequest } from '@/stores/request'
import { formatDate } from '@/utils/format'
import { go } from '@/utils/routes'

const EMPTY: Record<CouponStatus, string> = { available: '暂无可用优惠券', used: '还没有使用过优惠券', expired: '没有已过期的优惠券' }

function CouponsPage() {
  const coupons = useCouponsStore((s) => s.coupons)
  const request = useRequest(couponsView.key())
  const savedAt = useCouponsStore((s) => s.savedAt)
  const [status, setStatus] = useState<CouponStatus>('available')
  const calendar = useConfigStore((s) => s.config?.rules.calendar)
  const today = businessDateOf(appNow(), calendar)
  // A coupon's first day is in the brand's business calendar (the rules).
  const load = () => Promise.all([useCouponsStore.getState().load(), loadConfigIfMissing()])
  useSessionLoad(load)
  // Every available coupon comes at once; the used and the expired ones, which grow with the years, 20 at a time.
  const past = status === 'available' ? null : status
  const { loadingMore, moreFailed } = useMoreState(couponPages[past ?? 'used'])
  const loadMore = () => void (past && useCouponsStore.getState().loadMore(past))
  useReachBottom(loadMore)

  const list = coupons?.[status] ?? []
  return (
    <>
      <Segmented
        id='coupon-tabs'
        value={status}
        onChange={setStatus}
        options={[
          { value: 'available', label: `可使用${coupons ? ` ${coupons.available.length}` : ''}` },
          { value: 'used', label: '已使用' },
          { value: 'expired', label: '已过期' },
        ]}
      />
      <AsyncView request={request} hasData={!!coupons} savedAt={savedAt} onRetry={load}>
        <View id='coupon-list'>
          {list.length === 0 ? <EmptyState title={EMPTY[status]} hint='签到、做任务、积分兑换都能获得优惠券' art='ticket' /> : (
            list.map((c) => (
              <CouponCard key={c.id} coupon={c}>
                {c.status !== 'available' ? null : c.validFrom > today ? (
                  // Checkout refuses a coupon before its first day (COUPON_NOT_YET_VALID): say when it starts instead.
                  <Text className='coupon__upcoming' id={`coupon-upcoming-${c.id}`}>
                    {formatDate(c.validFrom)}起可用
                  </Text>
                ) : (
                  // Coupons are used at checkout: 去使用 opens the shop, where this one is chosen once the goods let it apply.
                  <Button id={`coupon-use-${c.id}`} className='btn btn--small coupon__use' hoverClass='pressed' onClick={() => go('shop', { couponId: c.id })}>
                    去使用
                  </Button>
                )}
              </CouponCard>
            ))
          )}
          {past && list.length > 0 ? (
            <ListFooter id='coupons-footer' complete={coupons!.nextCursor[past] === null} loadingMore={loadingMore} moreFailed={moreFailed} onRetry={loadMore} />
          ) : null}
        </View>
      </AsyncView>
    </>
  )
}

export default definePage('page-coupons', CouponsPage)
