import { createStoredPrivacy, type KeyValueStorage, type Platform, assertStorable } from './types'

export * from './types'

/**
 * The neutral default: no platform APIs at all. Used by unit tests and as the reference of the contract;
 * Taro picks `index.weapp.ts`, `index.alipay.ts` or `index.h5.ts` at build time.
 */
function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>()
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      assertStorable(key, value)
      map.set(key, value)
    },
    removeItem: (key) => void map.delete(key),
  }
}

const storage = memoryStorage()

export const platform: Platform = {
  name: 'neutral',
  loginCode: async () => 'neutral-device',
  storage,
  pay: async (request) => (request.provider === 'mock' ? 'paid' : 'failed'),
  requestSubscribe: async () => ({ accepted: [], supported: false }),
  share: { native: false, copyLink: async () => undefined },
  privacy: createStoredPrivacy(storage),
}
