import Taro from '@tarojs/taro'

/**
 * The brand's service entry where a platform has no customer-service conversation of its own: it says what it
 * does — dial the number, open the page, or (where a web page cannot be opened) copy its address.
 */
export function serviceEntryOf(serviceUrl: string, web: 'open' | 'copy'): { label: string; open: () => void } {
  if (serviceUrl.startsWith('tel:')) {
    const phoneNumber = serviceUrl.slice(4)
    return { label: `拨打客服电话 ${phoneNumber}`, open: () => void Taro.makePhoneCall({ phoneNumber }) }
  }
  if (web === 'copy') return { label: '复制客服页面链接', open: () => void Taro.setClipboardData({ data: serviceUrl }) }
  return { label: '打开客服页面', open: () => void (typeof window !== 'undefined' && window.open(serviceUrl, '_blank', 'noopener')) }
}
