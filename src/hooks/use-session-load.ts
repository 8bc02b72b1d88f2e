import { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { useSessionStore } from '@/stores/session'

/**
 * Loads a page's data every time it is shown, again right after the member accepts the privacy notice
 * (before that the stores answer CONSENT_REQUIRED), and on pull-down refresh.
 */
export function useSessionLoad(load: () => unknown): void {
  const latest = useRef(load)
  latest.current = load
  const consent = useSessionStore((s) => s.consent)
  const previous = useRef(consent)
  useEffect(() => {
    if (consent === 'accepted' && (previous.current === 'required' || previous.current === 'declined')) void latest.current()
    previous.current = consent
  }, [consent])
  useDidShow(() => void latest.current())
  usePullDownRefresh(() => {
    void Promise.resolve(latest.current()).finally(() => Taro.stopPullDownRefresh())
  })
}
