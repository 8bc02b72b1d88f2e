import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
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
 * Root of every page: applies the campaign theme (page tokens, and the navigation bar each time the page shows)
 * and hosts the privacy consent gate (`gate={false}` only on
 * the privacy notice itself, which the gate links to).
 */
export function PageShell({ id, gate = true, children }: PropsWithChildren<{ id: string; gate?: boolean }>) {
  const theme = useThemeStore((s) => s.theme)
  useThemedNavigationBar()
  return (
    <View id={id} className='page-shell' style={themeStyle(theme)}>
      {children}
      {gate ? <PrivacySheet /> : null}
    </View>
  )
}
