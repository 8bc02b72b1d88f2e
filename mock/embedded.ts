/**
 * The app's default transport (no `TARO_APP_API_BASE` at build time): the mock backend in-process, its state
 * in the app's own storage. This is a composition root, so it owns the real clock and entropy; everything it
 * builds receives them.
 */
import { type AxiosAdapter, AxiosError } from 'axios'
import { errorResponse } from '../server/core/http'
import { clockInRange } from '../server/core/limits'
import { createInProcessAdapter, type InProcessBackend } from './adapter'
import { createLoyaltyBackend, type LoyaltyBackend } from './app'
import { StorageCorrupted, storageKvPersistence, type KeyValueStore } from './kv-persistence'

/**
 * Storage budget (SPEC §6: ≤ 1 MB in all, no key over 200 KB), with headroom for the app's own keys and for a
 * commit's journal, which holds a second copy of what one write changes until it lands.
 */
export const EMBEDDED_STORAGE = { budgetBytes: 760 * 1024, chunkBytes: 180 * 1024, prefix: 'kv' }

export interface EmbeddedOptions {
  /**
   * The device's connection (the platform's). Offline, every request fails as the network transports fail — no
   * answer, axios' ERR_NETWORK — so the demo shows what a member of a real deployment sees (the offline banner, a
   * write's error toast with its retry) and nothing changes, instead of a task claim "succeeding" with no network.
   */
  online?: () => boolean
  /** Epoch milliseconds (default: the device's clock); tests pin it, so nothing they check depends on today. */
  clock?: () => number
}

/** The device's clock is the demo's: one reset to 1970 (or set centuries ahead) is told so, and nothing is played. */
const WRONG_CLOCK = errorResponse(503, 'CLOCK_OUT_OF_RANGE', '手机时间不正确，请在系统设置中校准日期和时间后重试')
/** Part of the stored demo cannot be read: said so, never shown without it (a lower balance, missing history). */
const CORRUPTED = errorResponse(503, 'STORAGE_CORRUPTED', '本机保存的演示数据已损坏，无法读取。请清除本应用的缓存（浏览器中为本站数据）后重新打开')

export function createEmbeddedAdapter(storage: KeyValueStore, options: EmbeddedOptions = {}): AxiosAdapter {
  const online = options.online ?? (() => true)
  const clock = options.clock ?? (() => Date.now())
  // Created at once when the clock allows (the first launch plays the demo's history while the consent sheet is
  // read), else at the first request it allows; a creation that failed is tried again by the next request.
  let created: Promise<LoyaltyBackend> | null = null
  const loyalty = () =>
    (created ??= createLoyaltyBackend({
      persistence: storageKvPersistence(storage, { prefix: EMBEDDED_STORAGE.prefix, chunkBytes: EMBEDDED_STORAGE.chunkBytes }),
      budgetBytes: EMBEDDED_STORAGE.budgetBytes,
      clock,
      rng: Math.random,
    }).catch((e: unknown) => {
      created = null
      throw e
    }))
  if (clockInRange(clock())) void loyalty().catch(() => undefined)
  const device: InProcessBackend = {
    handle: async (req) => {
      if (!clockInRange(clock())) return WRONG_CLOCK
      try {
        return await (await loyalty()).handle(req)
      } catch (e) {
        if (e instanceof StorageCorrupted) return CORRUPTED
        throw e
      }
    },
  }
  const backend = createInProcessAdapter(device)
  return (config) => (online() ? backend(config) : Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, null)))
}
