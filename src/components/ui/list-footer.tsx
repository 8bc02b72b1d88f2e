import { Text } from '@tarojs/components'
import { a11yRole } from './a11y'
import './list-footer.scss'

export interface ListFooterProps {
  id: string
  /** The last page is loaded. */
  complete: boolean
  /** What the footer says once everything is loaded. */
  endText?: string
  loadingMore: boolean
  /** The last next-page load failed: the footer offers it again instead of waiting for a scroll. */
  moreFailed: boolean
  onRetry?: () => void
}

/** The foot of a list loaded page by page (useReachBottom loads the next): what comes next, or a retry. */
export function ListFooter({ id, complete, endText = '没有更多了', loadingMore, moreFailed, onRetry }: ListFooterProps) {
  if (!complete && !loadingMore && moreFailed) {
    return (
      <Text className='list-footer link' id={id} onClick={onRetry} {...a11yRole('button', true)}>
        加载失败，点击重试
      </Text>
    )
  }
  return (
    <Text className='list-footer muted' id={id}>
      {complete ? endText : loadingMore ? '加载中…' : '上滑加载更多'}
    </Text>
  )
}
