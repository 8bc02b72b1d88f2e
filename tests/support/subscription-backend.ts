/**
 * A test backend whose brand has configured WeChat and Alipay subscription templates (the defaults have none),
 * with the app running as the given platform — what the 订阅提醒 flow needs to be exercised end to end.
 * Call `restore()` after the test (the platform name is shared module state).
 */
import { api, setApiAdapter } from '@/api/http'
import { seededRng } from '@/domain/context'
import { type PlatformName, platform } from '@/platform'
import { useSessionStore } from '@/stores/session'
import { createInProcessAdapter } from '../../mock/adapter'
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { defaultRules } from '../../mock/seed'
import { DEFAULT_NOW } from './backend'

/** Platform template id of each message template, per platform (what a brand enters in the admin console). */
export const TEMPLATE_IDS = {
  weapp: { points_expiring: 'wx-points-exp', coupon_expiring: 'wx-coupon-exp', signin_reminder: 'wx-signin' },
  alipay: { points_expiring: 'ali-points-exp', coupon_expiring: 'ali-coupon-exp', signin_reminder: 'ali-signin' },
} as const

export async function startSubscriptionBackend(as: PlatformName = 'weapp', nowIso = DEFAULT_NOW) {
  const now = Date.parse(nowIso)
  const rules = defaultRules(now)
  const config = {
    ...rules,
    messages: {
      ...rules.messages,
      templates: rules.messages.templates.map((t) => ({
        ...t,
        platformTemplateIds: {
          weapp: (TEMPLATE_IDS.weapp as Record<string, string>)[t.id] ?? '',
          alipay: (TEMPLATE_IDS.alipay as Record<string, string>)[t.id] ?? '',
        },
      })),
    },
  }
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(7), config, history: false })
  setApiAdapter(createInProcessAdapter(backend))
  await platform.privacy.accept()
  const previousName = platform.name
  const previousSubscribe = platform.subscribeMessages
  platform.name = as
  // WeChat and Alipay have subscription messages; H5 (and the neutral default) do not.
  platform.subscribeMessages = as === 'weapp' || as === 'alipay'
  return {
    backend,
    async loginAs(code: string) {
      const res = await api.login({ platform: as === 'neutral' ? 'h5' : as, code })
      useSessionStore.setState({ consent: 'accepted', token: res.token, memberId: res.member.id })
      return res
    },
    restore() {
      platform.name = previousName
      platform.subscribeMessages = previousSubscribe
    },
  }
}
