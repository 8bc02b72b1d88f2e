import { View } from '@tarojs/components'
import { type PropsWithChildren, useEffect, useRef } from 'react'
import './sheet.scss'

const DIALOG: Record<string, string> = { role: 'dialog', 'aria-modal': 'true' }
const FOCUSABLE = 'button:enabled, [href], input:enabled, textarea:enabled, select:enabled, [tabindex]:not([tabindex="-1"])'

/**
 * H5 keyboard behaviour of a modal sheet (WAI-ARIA dialog pattern): focus moves into it, Tab and Shift+Tab stay
 * inside, Escape closes it when it can be closed, and focus returns where it was. The mini programs have no
 * keyboard focus, so this is H5 only.
 */
function useDialogKeyboard(id: string | undefined, onClose: (() => void) | undefined): void {
  const closeRef = useRef(onClose)
  closeRef.current = onClose
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const root = id ? document.getElementById(id)?.querySelector<HTMLElement>('.sheet') : null
    if (!root) return
    root.setAttribute('tabindex', '-1')
    const before = document.activeElement as HTMLElement | null
    const focusables = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const focusIn = () => {
      if (!root.contains(document.activeElement)) (focusables()[0] ?? root).focus()
    }
    focusIn()
    // The tap that opened the sheet ends with emulated mouse events, which move focus back to the page.
    const late = setTimeout(focusIn, 120)
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && closeRef.current) {
        e.preventDefault()
        closeRef.current()
        return
      }
      if (e.key !== 'Tab') return
      const items = focusables()
      if (!items.length) {
        e.preventDefault()
        root.focus()
        return
      }
      const first = items[0]
      const last = items[items.length - 1]
      const active = document.activeElement as HTMLElement | null
      const inside = !!active && root.contains(active)
      if (e.shiftKey && (!inside || active === first)) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && (!inside || active === last)) {
        e.preventDefault()
        first.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      clearTimeout(late)
      document.removeEventListener('keydown', onKey)
      if (before && typeof before.focus === 'function' && document.contains(before)) before.focus()
    }
  }, [id])
}

/** How long after a sheet opens a tap on its mask is taken for the second tap of the double tap that opened it. */
export const MASK_ARMING_MS = 400

/**
 * A bottom sheet over a dimmed page; tapping the mask (or Escape on H5) calls `onClose` when given (a gate passes
 * none). On H5 it is a modal dialog that keeps keyboard focus inside. A mask tap in its first `MASK_ARMING_MS` is
 * ignored: a quick double tap on 签到 opened the result sheet with the first tap and closed it with the second
 * before it could be read. `label` names the dialog (its title): a screen reader announces it on opening.
 */
export function BottomSheet({ id, onClose, label, children }: PropsWithChildren<{ id?: string; onClose?: () => void; label: string }>) {
  useDialogKeyboard(id, onClose)
  const armed = useRef(false)
  useEffect(() => {
    const t = setTimeout(() => (armed.current = true), MASK_ARMING_MS)
    return () => clearTimeout(t)
  }, [])
  const onMask = onClose ? () => armed.current && onClose() : undefined
  return (
    <View className='sheet-mask' id={id} catchMove onClick={onMask}>
      <View className='sheet' {...DIALOG} aria-label={label} onClick={(e) => e.stopPropagation()}>
        {children}
      </View>
    </View>
  )
}
