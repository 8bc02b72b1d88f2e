import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { platform } from '@/platform'
import { installKeyboardActivation } from '@/platform/keyboard'
import { watchPageLoads } from '@/platform/page-loads'
import { watchBusinessDay, watchForeground } from '@/stores/freshness'
// Loaded at launch so the festival theme follows the first app_open whichever page the app opens on.
import '@/stores/campaigns'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import './app.scss'

/** An invite link / share card opens the app with `?inviteCode=…`; kept until the member registers. */
function inviteCodeOf(query: Record<string, string> | undefined): string | null {
  const code = query?.inviteCode
  return code && /^[A-Za-z0-9]{4,16}$/.test(code) ? code : null
}

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    platform.cacheShell()
    installKeyboardActivation()
    watchPageLoads()
    watchBusinessDay()
    watchForeground()
    const session = useSessionStore.getState()
    const code = inviteCodeOf(options?.query as Record<string, string> | undefined)
    if (code && !session.token) session.setPendingInviteCode(code)
    void session.checkConsent().then((consent) => {
      if (consent === 'accepted') void useLifecycleStore.getState().open()
    })
  })
  return children
}

export default App
