// Icons are PNGs drawn by scripts/make-tab-icons.ts (native tab bars take no SVG).
const tab = (page: string, text: string, icon: string) => ({
  pagePath: `pages/${page}/index`,
  text,
  iconPath: `assets/tab/${icon}.png`,
  selectedIconPath: `assets/tab/${icon}-active.png`,
})
const tabs = [tab('home', '首页', 'home'), tab('tasks', '任务', 'tasks'), tab('me', '我的', 'me')]

export default defineAppConfig({
  pages: tabs.map((t) => t.pagePath),
  subPackages: [
    { root: 'packages/member', pages: ['signin/index', 'points/index', 'benefits/index', 'report/index', 'guide/index', 'follow/index', 'profile/index'] },
    { root: 'packages/mall', pages: ['mall/index', 'coupons/index', 'shop/index', 'orders/index', 'redemptions/index'] },
    { root: 'packages/campaign', pages: ['list/index', 'lottery/index', 'cards/index', 'leaderboard/index', 'invite/index'] },
    { root: 'packages/settings', pages: ['settings/index', 'messages/index', 'privacy/index'] },
    // The operator dashboard is a web page for staff, not part of the mini programs.
    ...(process.env.TARO_ENV === 'h5' ? [{ root: 'packages/admin', pages: ['dashboard/index'] }] : []),
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#646a73',
    selectedColor: '#c8372e',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: tabs,
  },
  // WeChat: personal-data APIs wait for our consent sheet (onNeedPrivacyAuthorization).
  __usePrivacyCheck__: true,
  // Startup: fetch the sign-in and points subpackage while home shows (the first tap from home goes there), and
  // on WeChat inject only the components a page renders.
  preloadRule: { 'pages/home/index': { network: 'all', packages: ['packages/member'] } },
  ...(process.env.TARO_ENV === 'weapp' ? { lazyCodeLoading: 'requiredComponents' } : {}),
})
