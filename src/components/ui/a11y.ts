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
 * An ARIA state (`aria-selected`, `-checked`, `-pressed`, `-disabled`, `-hidden`) as each platform keeps it up to date:
 * a string on H5 — Taro's H5 components write a changed prop to the page only when it is a string, so a boolean stayed
 * at its first value (a tab still "selected" after another was chosen) — and a boolean on the mini programs.
 */
export function ariaState(on: boolean): boolean | string {
  return process.env.TARO_ENV === 'h5' ? String(on) : on
}

/**
 * What a control keeps once it no longer acts (a day made up, a tab bar's arrow at the last month): out of the H5
 * keyboard order. Taro's H5 components turn a dropped `tabIndex` into 0 — an empty stop — so it is set to -1 instead.
 */
export function inert(): Record<string, number> {
  return process.env.TARO_ENV === 'h5' ? { tabIndex: -1 } : {}
}

/**
 * An arrow-like control that acts only sometimes (‹ › of a month switcher): a named button with its tap where it
 * leads somewhere, and nothing a screen reader or the keyboard stops at where it does not.
 */
export function buttonWhen(label: string, onClick: (() => void) | undefined | null): Record<string, unknown> {
  return onClick ? { ...a11yRole('button', true), 'aria-label': label, onClick } : { 'aria-hidden': ariaState(true), ...inert() }
}
