/**
 * H5: a page whose code cannot be fetched — a tap on 我的 or 积分商城 with the network gone. Taro's router has moved
 * the address already, the page's import rejects with nobody to catch it, and the old page stays on screen with
 * nothing said. This says so and offers 重试 (the address is the page asked for: a reload opens it, from the
 * shell cache or the network) or 返回 (back to the page on screen). A member who went back already (the browser's
 * or the phone's back) is on that page: 返回 then only closes the dialog, never goes back once more out of the app.
 */
import { showModal } from './dialog'

const CHUNK_FAILED = /^Loading (CSS )?chunk \S+ failed/

let asking = false

function isChunkLoadError(reason: unknown): boolean {
  return reason instanceof Error && (reason.name === 'ChunkLoadError' || CHUNK_FAILED.test(reason.message))
}

export function watchPageLoads(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (!isChunkLoadError(event.reason)) return
    event.preventDefault()
    // Both the script and the stylesheet of a page may fail: one question.
    if (asking) return
    asking = true
    const failed = window.location.href
    void showModal({ title: '页面加载失败', content: '网络不给力，页面没有打开，请检查网络后重试', confirmText: '重试', cancelText: '返回' }).then(({ confirm }) => {
      asking = false
      if (confirm) window.location.reload()
      else if (window.location.href === failed) window.history.back()
    })
  })
}
