/**
 * The role attribute each platform's screen reader reads: `role` on H5 (ARIA) and Alipay, `aria-role` on
 * WeChat (an `aria-role` on H5 would be an invalid ARIA attribute). Spread it on a View or Image. `focusable`
 * also puts the control in the H5 keyboard order (the mini programs have none).
 */
export function a11yRole(role: string, focusable = false): Record<string, string | number> {
  if (process.env.TARO_ENV === 'weapp') return { 'aria-role': role }
  return focusable && process.env.TARO_ENV === 'h5' ? { role, tabIndex: 0 } : { role }
}

/**
 * An arrow-like control that acts only sometimes (‹ › of a month switcher): a named button with its tap where it
 * leads somewhere, and nothing a screen reader stops at where it does not.
 */
export function buttonWhen(label: string, onClick: (() => void) | undefined | null): Record<string, unknown> {
  return onClick ? { ...a11yRole('button', true), 'aria-label': label, onClick } : { 'aria-hidden': true }
}
