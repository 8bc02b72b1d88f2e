import { create } from 'zustand'
import { applyNavigationBarTheme, applyTabBarTheme } from '@/platform/chrome'

/** Colours a running campaign applies to every page (festival themes); null = the brand default. */
export interface ThemeColors {
  primary: string
  primarySoft: string
  onPrimary: string
}

interface ThemeState {
  theme: ThemeColors | null
  setTheme: (theme: ThemeColors | null) => void
}

const hex = (n: number) => Math.round(n).toString(16).padStart(2, '0')

/**
 * The page tokens of a campaign colour ('#rrggbb'): the colour itself, a light tint of it for soft
 * backgrounds (12% colour on white) and white or near-black text, whichever reads better on it.
 * null for anything that is not '#rrggbb'.
 */
export function themeColorsFrom(primaryColor: string): ThemeColors | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(primaryColor)) return null
  const rgb = [1, 3, 5].map((i) => parseInt(primaryColor.slice(i, i + 2), 16))
  const soft = rgb.map((c) => hex(255 - (255 - c) * 0.12))
  // Relative luminance (WCAG): light colours (a pale gold) get dark text.
  const lin = rgb.map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  const luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
  return { primary: primaryColor.toLowerCase(), primarySoft: `#${soft.join('')}`, onPrimary: luminance > 0.45 ? '#1f2329' : '#ffffff' }
}

const same = (a: ThemeColors | null, b: ThemeColors | null) =>
  a === b || (!!a && !!b && a.primary === b.primary && a.primarySoft === b.primarySoft && a.onPrimary === b.onPrimary)

export const useThemeStore = create<ThemeState>()((set, get) => ({
  theme: null,
  setTheme: (theme) => {
    // The tab bar is refused from non-tab pages on WeChat, so it is (re)applied on every call; cheap.
    applyTabBarTheme(theme)
    if (same(get().theme, theme)) return
    set({ theme })
    applyNavigationBarTheme(theme)
  },
}))
