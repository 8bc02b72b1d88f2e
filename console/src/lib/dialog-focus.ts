/**
 * A dialog that opens puts focus on its first field, where staff start typing (调整积分's amount, a reply, a
 * tracking number). Ant Design's own focus lock puts it on the first focusable element, the × close button: an
 * Enter meant for the form closed the dialog, and a screen reader announced 关闭 first. Focus coming into a dialog
 * from outside it (the dialog opening, or focus pulled back in) onto its close button goes on to the first field of
 * its body; a dialog without fields keeps Ant Design's choice, and Tab / Shift+Tab inside a dialog are untouched.
 */
const FIELD = [
  'input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"]):not([disabled])',
  'textarea:not([disabled])',
  '[role="combobox"]:not([aria-disabled="true"])',
].join(', ')

/** The first field of the dialog around `close` that can take focus (laid out: not in a collapsed section). */
function firstField(close: HTMLElement): HTMLElement | null {
  const body = close.closest('.ant-modal')?.querySelector('.ant-modal-body')
  if (!body) return null
  for (const el of body.querySelectorAll<HTMLElement>(FIELD)) if (el.getClientRects().length > 0) return el
  return null
}

export function focusFirstFieldOfDialogs(root: Document = document): () => void {
  const onFocusIn = (e: FocusEvent) => {
    const close = e.target instanceof HTMLElement && e.target.matches('.ant-modal-close') ? e.target : null
    if (!close) return
    const from = e.relatedTarget instanceof Node ? e.relatedTarget : null
    // Moving within the dialog (Shift+Tab from its first field, Tab round from its last button) is the user's own.
    if (from && close.closest('.ant-modal')?.contains(from)) return
    firstField(close)?.focus({ preventScroll: true })
  }
  root.addEventListener('focusin', onFocusIn)
  return () => root.removeEventListener('focusin', onFocusIn)
}
