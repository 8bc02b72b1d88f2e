import { useEffect, useRef, useState } from 'react'
import type { ButtonProps } from './button'
import './button.h5.scss'

/** How long the pressed look stays after the finger lifts, as Taro's and the mini programs' buttons do. */
const HOVER_STAY_MS = 70

/**
 * H5: a native `<button type="button">` — in the tab order, pressed by Enter and Space, left out of both while
 * disabled, announced as a button — styled as Taro's web component was (button.h5.scss). While `loading` it shows
 * a spinner, says it is busy and ignores taps, but keeps the focus even when also disabled (aria-disabled instead):
 * a natively disabled button drops it to the page, so the keyboard user who pressed 撤回同意 would lose their place
 * while it waits, and the confirmation could not give it back.
 */
export function Button({ className, hoverClass, disabled = false, loading = false, onClick, children, ...attributes }: ButtonProps) {
  const [pressed, setPressed] = useState(false)
  const release = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(release.current), [])
  const hover = !!hoverClass && hoverClass !== 'none' && !disabled && !loading
  const press = (down: boolean) => {
    clearTimeout(release.current)
    if (down) setPressed(hover)
    else if (pressed) release.current = setTimeout(() => setPressed(false), HOVER_STAY_MS)
  }
  const classes = ['ui-button', className, pressed && hover ? hoverClass : ''].filter(Boolean).join(' ')
  return (
    <button
      {...attributes}
      type='button'
      className={classes}
      disabled={disabled && !loading}
      aria-disabled={loading || undefined}
      aria-busy={loading || undefined}
      onClick={loading ? undefined : onClick}
      onTouchStart={() => press(true)}
      onTouchEnd={() => press(false)}
      onTouchCancel={() => press(false)}
    >
      {loading && <span className='ui-button__spinner' aria-hidden='true' />}
      {children}
    </button>
  )
}
