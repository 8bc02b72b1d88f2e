import { createContext, useContext } from 'react'

/** The page's load (what `useSessionLoad` runs on show), for the page shell's error boundary to retry with. */
export interface PageReload {
  current: (() => unknown) | null
}

export const PageReloadContext = createContext<PageReload | null>(null)

/** Registers `load` as what the page shell runs when the member taps 重新加载 after a render error. */
export function useRegisterPageReload(load: () => unknown): void {
  const reload = useContext(PageReloadContext)
  // Set during render: a page that throws on its first render has still said how to load it.
  if (reload) reload.current = load
}
