/**
 * Every page of the app; pages navigate by name, never by string literals scattered around. Without Taro: the server
 * names the page a subscription message opens from here too.
 */
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
