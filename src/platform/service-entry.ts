import Taro from '@tarojs/taro'

/**
 * The brand's service entry where a platform has no customer-service conversation of its own: it says what it
 * does — dial the number, open the page, or (where a web page cannot be opened) copy its address.
 */
export function serviceEntryOf(serviceUrl: string, web: 'open' | 'copy'): { label: string; open: () => void } {
  if (serviceUrl.startsWith('tel:')) {
    const phoneNumber = serviceUrl.slice(4)
    // A member who closes the dialer changed their mind: nothing to report (and no unhandled rejection).
    return { label: `拨打客服电话 ${phoneNumber}`, open: () => void Taro.makePhoneCall({ phoneNumber }).catch(() => undefined) }
  }
  if (web === 'copy') {
    const copy = () =>
      Taro.setClipboardData({ data: serviceUrl }).then(
        () => Taro.showToast({ title: '客服页面链接已复制，请在浏览器中打开', icon: 'none' }),
        () => Taro.showToast({ title: '复制失败，请重试', icon: 'none' }),
      )
    return { label: '复制客服页面链接', open: () => void copy() }
  }
  return { label: '打开客服页面', open: () => void (typeof window !== 'undefined' && window.open(serviceUrl, '_blank', 'noopener')) }
}
