import Taro from '@tarojs/taro'
import { ROUTES, type RouteName } from './route-paths'

export { ROUTES, type RouteName }

const TABS: ReadonlySet<string> = new Set([ROUTES.home, ROUTES.tasks, ROUTES.me])

/** Whether a page path ('pages/home/index', '/pages/home/index?x=1') is a tab page. */
export function isTabPage(path: string): boolean {
  const bare = path.split('?')[0]
  return TABS.has(bare.startsWith('/') ? bare : `/${bare}`)
}

/** WeChat and Alipay keep at most 10 pages: an 11th navigateTo fails, and the tap would do nothing. */
const MAX_PAGES = 10

/** The page being opened: the same page again meanwhile (a double tap on a shortcut) opens nothing more. */
let opening: string | null = null
/** Longest a page may take to open before the same tap counts again (a navigation that never answers). */
const OPENING_MS = 3000

export function go(name: RouteName, query?: Record<string, string>): void {
  const url = ROUTES[name]
  if (TABS.has(url)) {
    void Taro.switchTab({ url })
    return
  }
  const target = url + (query ? `?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '')
  if (opening === target) return
  opening = target
  const opened = () => {
    if (opening === target) opening = null
    clearTimeout(timer)
  }
  const timer = setTimeout(opened, OPENING_MS)
  // A full stack: the page takes this one's place (H5's history has no such limit).
  const open = process.env.TARO_ENV !== 'h5' && Taro.getCurrentPages().length >= MAX_PAGES ? Taro.redirectTo : Taro.navigateTo
  Promise.resolve(open({ url: target })).then(opened, opened)
}

/** Opens `name` in this page's place (the page shown was the wrong one for what it was asked to show). */
export function replaceWith(name: RouteName, query?: Record<string, string>): void {
  const url = ROUTES[name]
  if (TABS.has(url)) {
    void Taro.switchTab({ url })
    return
  }
  void Taro.redirectTo({ url: url + (query ? `?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '') })
}

/**
 * Back to the page before; a page opened on its own (H5: a shared link, a reload) goes to `fallback` instead —
 * Taro's H5 navigateBack on a one-page stack is `history.go(0)`, which reloads the page.
 */
export function back(fallback: RouteName): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else go(fallback)
}

/** Where a task's "去完成" button leads (task `action` keys come from the rules config). */
const TASK_ACTIONS: Record<string, RouteName> = {
  order: 'shop',
  mall: 'shop',
  guide: 'guide',
  follow: 'follow',
  profile: 'profile',
  home: 'home',
  signin: 'signin',
  points: 'points',
  invite: 'invite',
}

export function taskActionRoute(action: string): RouteName {
  return TASK_ACTIONS[action] ?? 'home'
}
