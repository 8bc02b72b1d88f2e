/**
 * antd's Popconfirm, usable from the keyboard: when it opens, focus moves to its confirming button (a keyboard user
 * pressed Enter on a row's 批准 and would otherwise have to tab past the whole table to reach the popup, rendered at
 * the end of the page); Escape closes it; closed any way — Escape, 取消, the action done — focus returns to the
 * button that opened it, while that is still on the page.
 */
import { type ButtonProps, Popconfirm, type PopconfirmProps } from 'antd'
import { useEffect, useId, useRef, useState } from 'react'

export function ConfirmPop({ okButtonProps, onOpenChange, ...props }: Omit<PopconfirmProps, 'open'>) {
  const [open, setOpen] = useState(false)
  const id = useId()
  const opener = useRef<HTMLElement | null>(null)
  const popup = () => document.querySelector<HTMLElement>(`[data-confirm-ok="${CSS.escape(id)}"]`)?.closest<HTMLElement>('.ant-popover') ?? null
  const change = (next: boolean) => {
    if (next) opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null
    else {
      // Focus was in the popup (or nowhere): back to the button that opened it.
      const inPopup = popup()?.contains(document.activeElement) ?? false
      if ((inPopup || document.activeElement === document.body) && opener.current?.isConnected) opener.current.focus()
    }
    setOpen(next)
    onOpenChange?.(next)
  }
  const changeRef = useRef(change)
  changeRef.current = change
  useEffect(() => {
    if (!open) return
    // Once the popup is on the page (it is rendered on first open).
    const t = setTimeout(() => document.querySelector<HTMLElement>(`[data-confirm-ok="${CSS.escape(id)}"]`)?.focus({ preventScroll: true }))
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      e.stopPropagation()
      changeRef.current(false)
    }
    document.addEventListener('keydown', onKey, true)
    return () => {
      clearTimeout(t)
      document.removeEventListener('keydown', onKey, true)
    }
  }, [open, id])
  return <Popconfirm {...props} open={open} onOpenChange={change} okButtonProps={{ ...okButtonProps, 'data-confirm-ok': id } as ButtonProps} />
}
