import { View } from '@tarojs/components'
import { type PropsWithChildren, useEffect, useRef } from 'react'
import './sheet.scss'

const DIALOG: Record<string, string> = { role: 'dialog', 'aria-modal': 'true' }
const FOCUSABLE = 'button, [href], input, textarea, select, [tabindex]:not([tabindex="-1"])'

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
    // Taro's H5 <Button> is a custom element outside the tab order: inside a modal it must be reachable.
    const activate = (e: KeyboardEvent) => {
      if ((e.key === 'Enter' || e.key === ' ') && e.target instanceof HTMLElement && e.target.localName === 'taro-button-core') {
        e.preventDefault()
        e.target.click()
      }
    }
    for (const button of root.querySelectorAll<HTMLElement>('taro-button-core:not([tabindex])')) {
      button.setAttribute('tabindex', '0')
      if (!button.hasAttribute('role')) button.setAttribute('role', 'button')
    }
    root.addEventListener('keydown', activate)
    const before = document.activeElement as HTMLElement | null
    const focusables = () => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled'))
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
      root.removeEventListener('keydown', activate)
      if (before && typeof before.focus === 'function' && document.contains(before)) before.focus()
    }
  }, [id])
}

/**
 * A bottom sheet over a dimmed page; tapping the mask (or Escape on H5) calls `onClose` when given (a gate passes
 * none). On H5 it is a modal dialog that keeps keyboard focus inside.
 */
export function BottomSheet({ id, onClose, label, children }: PropsWithChildren<{ id?: string; onClose?: () => void; label?: string }>) {
  useDialogKeyboard(id, onClose)
  return (
    <View className='sheet-mask' id={id} catchMove onClick={onClose}>
      <View className='sheet' {...DIALOG} aria-label={label} onClick={(e) => e.stopPropagation()}>
        {children}
      </View>
    </View>
  )
}
