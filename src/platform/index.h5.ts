import Taro from '@tarojs/taro'
import { mockCashier } from './mock-cashier'
import { taroStorage } from './taro-storage'
import { createStoredPrivacy, type Platform, uuidV4 } from './types'

export * from './types'

const DEVICE_CODE_KEY = 'h5-device-code'

export const platform: Platform = {
  name: 'h5',
  // A browser has no platform login; a code kept per browser identifies the visitor to the backend.
  async loginCode() {
    let code = taroStorage.getItem(DEVICE_CODE_KEY)
    if (!code) {
      code = `h5-${uuidV4()}`
      taroStorage.setItem(DEVICE_CODE_KEY, code)
    }
    return code
  },
  storage: taroStorage,
  pay: mockCashier,
  requestSubscribe: async () => ({ accepted: [], supported: false }),
  share: {
    native: false,
    async copyLink(url) {
      await Taro.setClipboardData({ data: url })
    },
  },
  privacy: createStoredPrivacy(taroStorage),
}
