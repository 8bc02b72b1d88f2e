import { Text, View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import { CONSENT_REQUIRED } from '@/api/errors'
import { useOnline } from '@/hooks/use-online'
import type { RequestState } from '@/stores/request'
import { formatInstant } from '@/utils/format'
import { EmptyState, ErrorState, OfflineBanner, Skeleton } from './state-views'
import { a11yRole } from '@/components/ui/a11y'

export interface AsyncViewProps {
  request: RequestState
  /** Whether there is data to show (fresh or last-known). */
  hasData: boolean
  onRetry: () => void
  /** When the data shown was fetched, for the offline banner. */
  savedAt?: string | null
  skeleton?: ReactNode
}

/**
 * The four states every page has: skeleton on first load, error with retry when nothing can be shown (a campaign
 * that is not there at all, without a retry),
 * last-known data under an offline banner when the network is down, and the content.
 */
export function AsyncView({ request, hasData, onRetry, savedAt, skeleton, children }: PropsWithChildren<AsyncViewProps>) {
  const error = request.error
  // With no connection at all the page shell's banner says so already; this one is for a backend out of reach.
  const online = useOnline()
  if (error?.code === CONSENT_REQUIRED) return <EmptyState id='consent-required' title='会员服务未开启' hint={error.message} />
  if (!hasData) {
    // A campaign not there (taken down, or outside this member's audience): no retry can bring it. (Any other 404 —
    // a gateway mid-deploy, an app newer than its server — may pass: it keeps its retry.)
    if (request.status === 'error' && error?.code === 'CAMPAIGN_NOT_FOUND') return <EmptyState id='not-found' title='活动不存在' hint={error.message === '活动不存在' ? '活动可能已结束或下线，看看其他正在进行的活动吧' : error.message} />
    if (request.status === 'error' && error) return <ErrorState message={error.message} onRetry={onRetry} />
    return <>{skeleton ?? <Skeleton />}</>
  }
  return (
    <>
      {request.status === 'error' && error?.isNetwork && online ? <OfflineBanner savedAt={savedAt ? formatInstant(savedAt) : undefined} onRetry={onRetry} /> : null}
      {request.status === 'error' && error && !error.isNetwork ? (
        <View className='refresh-error' id='refresh-error' onClick={onRetry} {...a11yRole('button', true)}>
          <Text>刷新失败：{error.message}（点击重试）</Text>
        </View>
      ) : null}
      {children}
    </>
  )
}
