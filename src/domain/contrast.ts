/**
 * WCAG 2.1 contrast of '#rrggbb' colours. A campaign theme's primary colour is shown as a fill under white
 * text and as text on its own light tint (the app's primary-soft token), so both must reach AA (4.5:1).
 */

/** AA for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5
/** The soft tint the app derives from a theme colour for light backgrounds: this much colour on white. */
export const SOFT_TINT_SHARE = 0.12

function channels(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** (lighter + 0.05) / (darker + 0.05), from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** The light tint of a colour: `share` of it on white, '#rrggbb'. */
export function softTintOf(hex: string, share = SOFT_TINT_SHARE): string {
  return `#${channels(hex)
    .map((c) => Math.round(255 - (255 - c) * share).toString(16).padStart(2, '0'))
    .join('')}`
}
