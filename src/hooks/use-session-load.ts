import { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { createContext, useContext, useEffect, useRef } from 'react'
import { platform } from '@/platform'
import { useSessionStore } from '@/stores/session'

/** The page's load, for the page shell's error boundary to retry with (PageShell provides it). */
export interface PageReload {
  current: (() => unknown) | null
}

export const PageReloadContext = createContext<PageReload | null>(null)

/**
 * Loads a page's data every time it is shown, again right after the member accepts the privacy notice
 * (before that the API client answers CONSENT_REQUIRED), when the connection comes back, on pull-down refresh,
 * and when the member retries after a render error (the page shell's error boundary).
 */
export function useSessionLoad(load: () => unknown): void {
  const latest = useRef(load)
  latest.current = load
  // Set during render: a page that throws on its first render has still said how to load it.
  const reload = useContext(PageReloadContext)
  if (reload) reload.current = () => latest.current()
  const consent = useSessionStore((s) => s.consent)
  const previous = useRef(consent)
  useEffect(() => {
    if (consent === 'accepted' && (previous.current === 'required' || previous.current === 'declined')) void latest.current()
    previous.current = consent
  }, [consent])
  // Only the page on show loads when the connection returns; a page under it loads when it shows again.
  const shown = useRef(true)
  useEffect(() => platform.network.onChange((online) => (online && shown.current ? void latest.current() : undefined)), [])
  useDidHide(() => {
    shown.current = false
  })
  useDidShow(() => {
    shown.current = true
    void latest.current()
  })
  usePullDownRefresh(() => {
    void Promise.resolve(latest.current()).finally(() => Taro.stopPullDownRefresh())
  })
}
