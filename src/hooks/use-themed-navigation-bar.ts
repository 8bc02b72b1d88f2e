import { useDidShow } from '@tarojs/taro'
import { applyNavigationBarTheme } from '@/platform/chrome'
import { useThemeStore } from '@/stores/theme'

/**
 * The navigation bar belongs to each page on mini programs: a page calling this takes the festival colour (or
 * the default, once the festival is over) whenever it shows. The tab bar follows the theme store by itself.
 */
export function useThemedNavigationBar(): void {
  useDidShow(() => applyNavigationBarTheme(useThemeStore.getState().theme))
}
