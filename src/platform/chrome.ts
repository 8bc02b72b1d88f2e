/**
 * Festival colours for the platform's own chrome (tab bar, navigation bar). This neutral default (tests) does
 * nothing; `chrome.weapp.ts` / `chrome.alipay.ts` call the mini-program APIs, `chrome.h5.ts` recolours Taro's
 * web tab bar (an H5 page has no navigation bar of its own).
 */
import type { ChromeColors } from './taro-chrome'

export type { ChromeColors }

export function applyTabBarTheme(_colors: ChromeColors | null): void {}

export function applyNavigationBarTheme(_colors: ChromeColors | null): void {}
