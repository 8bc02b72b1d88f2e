import { Text, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { type ComponentType, type PropsWithChildren, useEffect, useLayoutEffect, useRef, useState } from 'react'
import { type PageReload, PageReloadContext } from '@/hooks/use-session-load'
import { useOnline } from '@/hooks/use-online'
import { useThemedNavigationBar } from '@/hooks/use-themed-navigation-bar'
import { dismissFirstScreen } from '@/platform/first-screen'
import { useSessionStore } from '@/stores/session'
import { type ThemeColors, useThemeStore } from '@/stores/theme'
import { go, isTabPage } from '@/utils/routes'
import { a11yRole } from './a11y'
import { PageErrorBoundary } from './error-boundary'
import { PrivacySheet } from './privacy-sheet'
import { NetworkBanner } from './state-views'
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
 * H5: a secondary page opened directly (a shared link, a bookmark, a reload) is the only page of the app's stack,
 * and the browser's back leaves the app. Such a page gets a 返回首页 link. WeChat and Alipay draw their own home
 * button in the navigation bar for a first page that is not the home page, so they need none.
 */
function useOpenedAlone(): boolean {
  const [alone, setAlone] = useState(false)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const pages = Taro.getCurrentPages()
    const path = Taro.getCurrentInstance().router?.path ?? ''
    setAlone(pages.length <= 1 && path !== '' && !isTabPage(path))
  }, [])
  return alone
}

/** 返回首页: a link in the keyboard order (Enter follows it: platform/keyboard.h5.ts), drawn only on H5. */
function HomeLink() {
  return (
    <View id='back-home' className='page-shell__home' hoverClass='pressed' onClick={() => go('home')} {...a11yRole('link', true)}>
      <Text>‹ 返回首页</Text>
    </View>
  )
}

/**
 * Root of every page: applies the campaign theme (page tokens, and the navigation bar each time the page shows),
 * shows the offline banner while the device has no connection, catches a render error of the page with its error
 * state and retry (the page's own load, registered by useSessionLoad), and hosts the privacy consent gate
 * (`gate={false}` only on the privacy notice itself, which the gate links to, and the operator's dashboard).
 */
export function PageShell({ id, gate = true, children }: PropsWithChildren<{ id: string; gate?: boolean }>) {
  const theme = useThemeStore((s) => s.theme)
  const consentKnown = useSessionStore((s) => s.consent !== 'unknown')
  // The H5 first screen (index.html's consent sheet) gives way once the app draws its own, or a page without one.
  useLayoutEffect(() => {
    if (consentKnown || !gate) dismissFirstScreen()
  }, [consentKnown, gate])
  const reload = useRef<PageReload['current']>(null)
  useThemedNavigationBar()
  useKeyboardScrollable(id)
  const alone = useOpenedAlone()
  const online = useOnline()
  return (
    <View id={id} className='page-shell' style={themeStyle(theme)}>
      {online ? null : <NetworkBanner />}
      {alone ? <HomeLink /> : null}
      <PageReloadContext.Provider value={reload}>
        <PageErrorBoundary onRetry={() => reload.current?.()}>{children}</PageErrorBoundary>
      </PageReloadContext.Provider>
      {gate ? <PrivacySheet /> : null}
    </View>
  )
}

/**
 * A page: its content inside the shell, so everything the page component does — its store reads and its render —
 * is under the shell's error boundary. `export default definePage('page-x', XPage)`.
 */
export function definePage(id: string, Content: ComponentType, options: { gate?: boolean } = {}): ComponentType {
  function Page() {
    // The page a share card or link opened, with the inviter's code (useSessionStore noteInviteCode).
    useLoad((query) => useSessionStore.getState().noteInviteCode(query))
    return (
      <PageShell id={id} gate={options.gate}>
        <Content />
      </PageShell>
    )
  }
  return Page
}
