import { Component, type ReactNode } from 'react'
import { ErrorState } from './state-views'

interface Props {
  children?: ReactNode
  /** Loads the page's data again before it renders anew (the page's own load, never rejecting). */
  onRetry: () => unknown
}

interface State {
  failed: boolean
  retrying: boolean
}

export const RENDER_ERROR_MESSAGE = '页面出了点问题，请重新加载'

/**
 * A render error in a page shows the page's error state with retry instead of a blank page (Taro's own page
 * wrapper renders nothing). Retry loads the page's data again, then renders it anew. The error is reported
 * (console.error) here: Preact, which renders H5, does not report what a boundary caught.
 */
export class PageErrorBoundary extends Component<Props, State> {
  constructor(props: Props) {
    super(props)
    this.state = { failed: false, retrying: false }
  }

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true }
  }

  componentDidCatch(error: unknown): void {
    console.error('页面渲染出错', error)
  }

  render() {
    const { failed, retrying } = this.state
    if (!failed) return this.props.children
    const retry = () => {
      if (this.state.retrying) return
      this.setState({ retrying: true })
      void Promise.resolve(this.props.onRetry()).finally(() => this.setState({ failed: false, retrying: false }))
    }
    // While retrying the button is disabled + loading (ErrorState), so a second tap does nothing.
    return <ErrorState id='page-error' message={RENDER_ERROR_MESSAGE} busy={retrying} onRetry={retry} />
  }
}
