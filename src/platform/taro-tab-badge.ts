import Taro from '@tarojs/taro'

/**
 * The tab bar's number badge through Taro (WeChat, Alipay and Taro's H5 tab bar). The platforms refuse it in
 * some states (no tab bar on the page on top, an app without a tab bar); the in-page badge shows the same count,
 * so a refusal is ignored.
 */
export function setTaroTabBadge(index: number, text: string | null): void {
  const request = text ? Taro.setTabBarBadge({ index, text }) : Taro.removeTabBarBadge({ index })
  void Promise.resolve(request).catch(() => undefined)
}
