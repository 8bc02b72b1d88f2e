/**
 * H5 keyboard access for every control, app-wide. Taro's H5 `<Button>` is a custom element (`taro-button-core`)
 * outside the tab order and not announced as a button, and a tappable `<View>` (a11yRole(…, true)) is a div:
 * neither answers Enter or Space. This puts each Taro button in the tab order as a button (out of it while
 * disabled — Taro reflects `disabled={false}` as `disabled="false"`) and clicks any non-native control with a
 * button, link, tab or switch role on Enter, and a button, tab or switch on Space, as a native control would.
 * Where the focus is shows (focus.h5.scss).
 */
import './focus.h5.scss'

const BUTTON = 'taro-button-core'
const ACTIVATE: Record<string, string[]> = { button: ['Enter', ' '], tab: ['Enter', ' '], switch: ['Enter', ' '], link: ['Enter'] }
const NATIVE = new Set(['button', 'a', 'input', 'textarea', 'select'])

function isDisabled(el: Element): boolean {
  const v = el.getAttribute('disabled')
  return v !== null && v !== 'false'
}

/** Writes an attribute only when it changes (every button added to the page passes here). */
function set(el: Element, name: string, value: string | null): void {
  if (el.getAttribute(name) === value) return
  if (value === null) el.removeAttribute(name)
  else el.setAttribute(name, value)
}

function prepare(el: Element): void {
  if (!el.hasAttribute('role')) el.setAttribute('role', 'button')
  const disabled = isDisabled(el)
  set(el, 'tabindex', disabled ? '-1' : '0')
  set(el, 'aria-disabled', disabled ? 'true' : null)
}

function prepareWithin(node: Node): void {
  if (!(node instanceof Element)) return
  if (node.localName === BUTTON) prepare(node)
  for (const el of node.querySelectorAll(BUTTON)) prepare(el)
}

export function installKeyboardActivation(doc: Document = document): () => void {
  prepareWithin(doc.body)
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if ((r.target as Element).localName === BUTTON) prepare(r.target as Element)
      } else r.addedNodes.forEach(prepareWithin)
    }
  })
  observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] })
  const onKey = (e: KeyboardEvent) => {
    const el = e.target
    if (!(el instanceof HTMLElement) || NATIVE.has(el.localName) || e.altKey || e.ctrlKey || e.metaKey) return
    if (!ACTIVATE[el.getAttribute('role') ?? '']?.includes(e.key) || el.getAttribute('aria-disabled') === 'true') return
    e.preventDefault()
    el.click()
  }
  doc.addEventListener('keydown', onKey)
  return () => {
    observer.disconnect()
    doc.removeEventListener('keydown', onKey)
  }
}
