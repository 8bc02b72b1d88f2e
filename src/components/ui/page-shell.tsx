import { View } from '@tarojs/components'
import { type PropsWithChildren, useEffect } from 'react'
import { useThemedNavigationBar } from '@/hooks/use-themed-navigation-bar'
import { type ThemeColors, useThemeStore } from '@/stores/theme'
import { PrivacySheet } from './privacy-sheet'
import './page-shell.scss'

/** CSS custom properties of a theme, set on the page root so every token below it follows. */
export function themeStyle(theme: ThemeColors | null): string | undefined {
  if (!theme) return undefined
  return `--color-primary:${theme.primary};--color-primary-soft:${theme.primarySoft};--color-on-primary:${theme.onPrimary};`
}

/**
 * On H5 the page scrolls inside Taro's page container, which a keyboard cannot reach (axe
 * scrollable-region-focusable): make it focusable and name it after the page title.
 */
function useKeyboardScrollable(id: string): void {
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const scroller = document.getElementById(id)?.closest('.taro_page')
    if (!scroller || scroller.hasAttribute('tabindex')) return
    scroller.setAttribute('tabindex', '0')
    scroller.setAttribute('role', 'region')
    scroller.setAttribute('aria-label', document.title || '页面内容')
  }, [id])
}

/**
 * Root of every page: applies the campaign theme (page tokens, and the navigation bar each time the page shows)
 * and hosts the privacy consent gate (`gate={false}` only on
 * the privacy notice itself, which the gate links to).
 */
export function PageShell({ id, gate = true, children }: PropsWithChildren<{ id: string; gate?: boolean }>) {
  const theme = useThemeStore((s) => s.theme)
  useThemedNavigationBar()
  useKeyboardScrollable(id)
  return (
    <View id={id} className='page-shell' style={themeStyle(theme)}>
      {children}
      {gate ? <PrivacySheet /> : null}
    </View>
  )
}
