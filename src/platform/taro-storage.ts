import Taro from '@tarojs/taro'
import { assertStorable, type KeyValueStorage } from './types'

/** Taro's synchronous storage, normalised: missing keys are `null`, oversized values are refused. */
export const taroStorage: KeyValueStorage = {
  getItem(key) {
    const value: unknown = Taro.getStorageSync(key)
    return typeof value === 'string' && value !== '' ? value : null
  },
  setItem(key, value) {
    assertStorable(key, value)
    Taro.setStorageSync(key, value)
  },
  removeItem(key) {
    Taro.removeStorageSync(key)
  },
}
