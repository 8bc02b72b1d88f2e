import Taro from '@tarojs/taro'

/** The colours a themed campaign gives the platform's own chrome; null = the app's defaults (app.config.ts). */
export interface ChromeColors {
  primary: string
  onPrimary: string
}

/** The defaults of app.config.ts, restored when a festival ends. */
const DEFAULT_TAB_BAR = { color: '#646a73', selectedColor: '#c8372e', backgroundColor: '#ffffff', borderStyle: 'white' as const }
const DEFAULT_NAVIGATION_BAR = { frontColor: '#000000', backgroundColor: '#ffffff' }

/**
 * The tab bar is one for the whole app. WeChat refuses the call while a non-tab page is on top; the next
 * theme load on a tab page applies it, so a refusal is ignored.
 */
export function applyTabBarTheme(colors: ChromeColors | null): void {
  void Promise.resolve()
    .then(() => Taro.setTabBarStyle({ ...DEFAULT_TAB_BAR, selectedColor: colors?.primary ?? DEFAULT_TAB_BAR.selectedColor }))
    .catch(() => undefined)
}

/** The navigation bar belongs to the page on top: pages call this when they show. */
export function applyNavigationBarTheme(colors: ChromeColors | null): void {
  // The platforms accept only black or white titles.
  const bar = colors ? { frontColor: colors.onPrimary === '#ffffff' ? '#ffffff' : '#000000', backgroundColor: colors.primary } : DEFAULT_NAVIGATION_BAR
  void Promise.resolve()
    .then(() => Taro.setNavigationBarColor(bar as Taro.setNavigationBarColor.Option))
    .catch(() => undefined)
}
