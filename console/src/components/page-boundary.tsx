import { Component, type ReactNode } from 'react'
import { ErrorState } from './page-state'

/**
 * A page that cannot be drawn — its code could not be fetched (the server down as staff open a page for the first
 * time), or it threw — shows an error with a retry instead of blanking the console. The shell keys it by route, so
 * moving to another page starts afresh. A page whose code failed to load stays failed in this tab (React keeps a
 * lazy import's failure), so the retry reloads the console.
 */
export class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return <ErrorState message="页面加载失败，请检查网络后重试" onRetry={() => window.location.reload()} />
  }
}
