import { createNetworkStatus, createStoredPrivacy, memoryStorage, pageAddress, type Platform } from './types'

export * from './types'

const storage = memoryStorage()

/**
 * The neutral default: no platform APIs at all. Used by unit tests and as the reference of the contract;
 * Taro picks `index.weapp.ts`, `index.alipay.ts` or `index.h5.ts` at build time.
 */
export const platform: Platform = {
  name: 'neutral',
  loginCode: async () => 'neutral-device',
  storage,
  sessionStorage: memoryStorage(),
  pay: async (request) => (request.provider === 'mock' ? 'paid' : 'failed'),
  subscribeMessages: false,
  requestSubscribe: async () => ({ accepted: [], supported: false }),
  share: { native: false, copyLink: async () => undefined, appUrl: pageAddress },
  privacy: createStoredPrivacy(storage),
  setTabBadge: () => undefined,
  // Online, unless a test reports otherwise through the listener it is handed.
  network: createNetworkStatus(() => undefined),
  cacheShell: () => undefined,
}
