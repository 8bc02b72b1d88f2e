/**
 * A table wider than the page scrolls sideways inside `.ant-table-content` / `.ant-table-body`, which a keyboard
 * user cannot reach unless it is focusable (axe: scrollable-region-focusable). Ant Design renders those boxes
 * itself, so they are made focusable wherever they appear.
 */
const SELECTOR = '.ant-table-content, .ant-table-body, pre.json'

export function makeScrollRegionsFocusable(root: HTMLElement = document.body): () => void {
  const fix = () => {
    for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
      if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = 0
    }
  }
  fix()
  const observer = new MutationObserver(fix)
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
