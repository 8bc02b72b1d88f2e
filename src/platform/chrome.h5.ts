import { applyTabBarTheme, type ChromeColors } from './taro-chrome'

export { applyTabBarTheme, type ChromeColors }

/** An H5 page has no navigation bar of its own (the browser draws the top). */
export function applyNavigationBarTheme(_colors: ChromeColors | null): void {}
