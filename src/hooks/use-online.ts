import { useSyncExternalStore } from 'react'
import { platform } from '@/platform'

const subscribe = (onChange: () => void) => platform.network.onChange(onChange)
const online = () => platform.network.online()

/** Whether the device has a connection (the platform's network status), re-rendering when it changes. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, online, online)
}
