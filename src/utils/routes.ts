import Taro from '@tarojs/taro'

/** Every page of the app; pages navigate by name, never by string literals scattered around. */
export const ROUTES = {
  home: '/pages/home/index',
  tasks: '/pages/tasks/index',
  me: '/pages/me/index',
  signin: '/packages/member/signin/index',
  points: '/packages/member/points/index',
  benefits: '/packages/member/benefits/index',
  report: '/packages/member/report/index',
  guide: '/packages/member/guide/index',
  profile: '/packages/member/profile/index',
  follow: '/packages/member/follow/index',
  mall: '/packages/mall/mall/index',
  coupons: '/packages/mall/coupons/index',
  shop: '/packages/mall/shop/index',
  orders: '/packages/mall/orders/index',
  redemptions: '/packages/mall/redemptions/index',
  campaigns: '/packages/campaign/list/index',
  lottery: '/packages/campaign/lottery/index',
  cards: '/packages/campaign/cards/index',
  leaderboard: '/packages/campaign/leaderboard/index',
  invite: '/packages/campaign/invite/index',
  settings: '/packages/settings/settings/index',
  messages: '/packages/settings/messages/index',
  admin: '/packages/admin/dashboard/index',
  privacy: '/packages/settings/privacy/index',
} as const

export type RouteName = keyof typeof ROUTES

const TABS: ReadonlySet<string> = new Set([ROUTES.home, ROUTES.tasks, ROUTES.me])

/** Whether a page path ('pages/home/index', '/pages/home/index?x=1') is a tab page. */
export function isTabPage(path: string): boolean {
  const bare = path.split('?')[0]
  return TABS.has(bare.startsWith('/') ? bare : `/${bare}`)
}

export function go(name: RouteName, query?: Record<string, string>): void {
  const url = ROUTES[name]
  if (TABS.has(url)) {
    void Taro.switchTab({ url })
    return
  }
  const qs = query ? `?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''
  void Taro.navigateTo({ url: url + qs })
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
