/**
 * A hash router of a few lines (`#/members/m-1?tab=ledger`): the console is served as static files under
 * /console/, and a hash route needs no server fallback for deep links.
 */
import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react'

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

const current = () => window.location.hash.replace(/^#/, '') || '/'

export interface Route {
  path: string
  query: URLSearchParams
  /** Path segments, decoded: `/members/m%201` → ['members', 'm 1']. */
  parts: string[]
}

export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.split('?')
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p)
      } catch {
        return p
      }
    })
  return { path: `/${parts.join('/')}`, query: new URLSearchParams(search), parts }
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, current, current)
  return parseRoute(hash)
}

export function navigate(to: string, replace = false): void {
  const url = `#${to}`
  if (replace) window.location.replace(url)
  else window.location.hash = to
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return
    e.preventDefault()
    navigate(to)
  }
  return (
    <a href={`#${to}`} onClick={onClick} className={className}>
      {children}
    </a>
  )
}
