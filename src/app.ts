import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { useSessionStore } from '@/stores/session'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void useSessionStore.getState().checkConsent()
  })
  return children
}

export default App
