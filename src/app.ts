import Taro, { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { platform } from '@/platform'
import { installAnnouncer } from '@/platform/announce'
import { installKeyboardActivation } from '@/platform/keyboard'
import { watchPageLoads } from '@/platform/page-loads'
import { watchBusinessDay, watchForeground } from '@/stores/freshness'
// Loaded at launch so the festival theme follows the first app_open whichever page the app opens on.
import '@/stores/campaigns'
import { useLifecycleStore } from '@/stores/lifecycle'
import { useSessionStore } from '@/stores/session'
import { toast } from '@/utils/feedback'
import { ROUTES } from '@/utils/route-paths'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    platform.cacheShell()
    installKeyboardActivation()
    installAnnouncer()
    watchPageLoads()
    if (process.env.TARO_ENV === 'h5') {
      // A link to a page this version does not have (an old share, a typo): Taro's H5 router renders nothing for it —
      // a blank screen on a first visit, the page before it otherwise. The home page opens instead, saying so. (The
      // mini programs show their own page for it.)
      Taro.onPageNotFound(() => void Taro.reLaunch({ url: ROUTES.home }).then(() => toast('页面不存在，已为你打开首页')))
    }
    watchBusinessDay()
    watchForeground()
    const session = useSessionStore.getState()
    session.noteInviteCode(options?.query as Record<string, string> | undefined)
    void session.checkConsent().then((consent) => {
      if (consent === 'accepted') void useLifecycleStore.getState().open()
    })
  })
  return children
}

export default App
