/** Loading, empty and error-with-retry states, the same on every page. */
import { Button, Empty, Result, Skeleton, Spin } from 'antd'
import type { ReactNode } from 'react'
import type { RequestState } from '../lib/hooks'

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Result
      status="warning"
      title="加载失败"
      subTitle={message}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  )
}

export function EmptyState({ text = '暂无数据' }: { text?: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />
}

/** Renders `children(data)` once loaded; a skeleton before, the error with a retry button after a failure. */
export function Loadable<T>({
  state,
  children,
  isEmpty,
  emptyText,
  rows = 6,
}: {
  state: RequestState<T>
  children: (data: T) => ReactNode
  isEmpty?: (data: T) => boolean
  emptyText?: string
  rows?: number
}) {
  if (state.error && !state.loading) return <ErrorState message={state.error.message} onRetry={state.reload} />
  if (state.data === undefined) return <Skeleton active paragraph={{ rows }} />
  // Another query's answer stays on screen while this one loads (no jump to a skeleton), dimmed and marked busy so it
  // is not read as the answer to the new one.
  return (
    <Spin spinning={state.loading} delay={150}>
      {isEmpty?.(state.data) ? <EmptyState text={emptyText} /> : children(state.data)}
    </Spin>
  )
}
