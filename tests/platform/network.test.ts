/**
 * The H5 platform's connection state (src/platform/index.h5.ts): navigator.onLine when the app starts — a reload
 * with no connection starts offline, so the banner shows at once — then the browser's online/offline events.
 */
import type { Platform } from '@/platform/types'

function loadH5Platform(): Platform {
  let platform: Platform | undefined
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    platform = (require('@/platform/index.h5') as { platform: Platform }).platform
  })
  return platform!
}

function setNavigatorOnLine(value: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => value })
}

afterEach(() => setNavigatorOnLine(true))

test('starts from navigator.onLine: offline at start reads offline', () => {
  setNavigatorOnLine(false)
  expect(loadH5Platform().network.online()).toBe(false)
  setNavigatorOnLine(true)
  expect(loadH5Platform().network.online()).toBe(true)
})

test("follows the browser's offline and online events, telling every listener once per change", () => {
  const { network } = loadH5Platform()
  const heard: boolean[] = []
  const stop = network.onChange((online) => heard.push(online))
  window.dispatchEvent(new Event('offline'))
  expect(network.online()).toBe(false)
  window.dispatchEvent(new Event('offline'))
  window.dispatchEvent(new Event('online'))
  expect(network.online()).toBe(true)
  stop()
  window.dispatchEvent(new Event('offline'))
  expect(heard).toEqual([false, true])
})
