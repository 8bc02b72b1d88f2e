/**
 * H5 keyboard access for controls that are not native ones. Buttons, those of Taro's modal too, are native
 * `<button>`s (button.h5.tsx, dialog.h5.ts); a tappable `<View>` (a11yRole(…, true)) is a div with a role, which
 * answers neither Enter nor Space. This clicks such a control with a button, link, tab or switch role on Enter, and
 * a button, tab or switch on Space, as a native control would. Where the focus is shows (focus.h5.scss).
 */
import './focus.h5.scss'

const ACTIVATE: Record<string, string[]> = { button: ['Enter', ' '], tab: ['Enter', ' '], switch: ['Enter', ' '], link: ['Enter'] }
const NATIVE = new Set(['button', 'a', 'input', 'textarea', 'select'])

export function installKeyboardActivation(doc: Document = document): () => void {
  const onKey = (e: KeyboardEvent) => {
    const el = e.target
    if (!(el instanceof HTMLElement) || NATIVE.has(el.localName) || e.altKey || e.ctrlKey || e.metaKey) return
    if (!ACTIVATE[el.getAttribute('role') ?? '']?.includes(e.key) || el.getAttribute('aria-disabled') === 'true') return
    e.preventDefault()
    el.click()
  }
  doc.addEventListener('keydown', onKey)
  return () => doc.removeEventListener('keydown', onKey)
}
