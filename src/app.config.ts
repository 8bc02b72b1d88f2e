const tabs = [
  { pagePath: 'pages/home/index', text: '首页' },
  { pagePath: 'pages/tasks/index', text: '任务' },
  { pagePath: 'pages/me/index', text: '我的' },
]

export default defineAppConfig({
  pages: tabs.map((t) => t.pagePath),
  subPackages: [
    { root: 'packages/member', pages: ['signin/index', 'points/index', 'benefits/index', 'guide/index', 'follow/index', 'profile/index'] },
    { root: 'packages/mall', pages: ['mall/index', 'coupons/index', 'shop/index', 'orders/index'] },
    { root: 'packages/settings', pages: ['settings/index', 'privacy/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '会员中心',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#8f959e',
    selectedColor: '#e8453c',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: tabs,
  },
  // WeChat: personal-data APIs wait for our consent sheet (onNeedPrivacyAuthorization).
  __usePrivacyCheck__: true,
})
