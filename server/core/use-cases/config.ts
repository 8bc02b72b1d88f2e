/** `GET /config`: the versioned rules document, brand settings and the per-platform share-reward switch. */
import type { BrandInfo, ConfigResponse } from '../../../src/api/contract'
import type { RulesConfig } from '../../../src/domain/config'
import { shareRewardsAllowed } from '../../../src/domain/points'
import type { RouteEntry } from '../route'
import type { BrandSettings, CoreEnv } from '../tx'

/** Every template with an id for the platform (the mock's demo: the subscription flow without a platform behind it). */
const ANY_TEMPLATE: NonNullable<CoreEnv['sendsTemplate']> = (t, platform) => Boolean(t.platformTemplateIds[platform])

export function brandOf(rules: RulesConfig, settings: BrandSettings, env: Pick<CoreEnv, 'payments' | 'sendsTemplate'> = { payments: 'mock' }): BrandInfo {
  const sends = env.sendsTemplate ?? ANY_TEMPLATE
  const ids: BrandInfo['subscribeTemplateIds'] = { weapp: {}, alipay: {}, h5: {} }
  for (const t of rules.messages.templates) {
    if (sends(t, 'weapp')) ids.weapp[t.id] = t.platformTemplateIds.weapp
    if (sends(t, 'alipay')) ids.alipay[t.id] = t.platformTemplateIds.alipay
  }
  return { name: settings.name, serviceUrl: settings.serviceUrl, shareBaseUrl: settings.shareBaseUrl, subscribeTemplateIds: ids, ...(env.payments === 'none' ? { payments: 'none' as const } : {}) }
}

export const configRoutes: RouteEntry[] = [
  [
    'GET',
    '/config',
    {
      auth: 'none',
      handler: async ({ work }) => {
        const rules = work.rules
        const body: ConfigResponse = {
          version: rules.version,
          rules,
          brand: brandOf(rules, work.env.brand, work.env),
          shareRewards: {
            weapp: shareRewardsAllowed(rules.compliance, 'weapp'),
            alipay: shareRewardsAllowed(rules.compliance, 'alipay'),
            h5: shareRewardsAllowed(rules.compliance, 'h5'),
          },
        }
        return { body }
      },
    },
  ],
]
