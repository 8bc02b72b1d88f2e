/** `GET /config`: the versioned rules document, brand settings and the per-platform share-reward switch. */
import type { BrandInfo, ConfigResponse } from '../../../src/api/contract'
import type { RulesConfig } from '../../../src/domain/config'
import { shareRewardsAllowed } from '../../../src/domain/points'
import type { RouteEntry } from '../route'
import type { BrandSettings, CoreEnv } from '../tx'

export function brandOf(rules: RulesConfig, settings: BrandSettings, payments: CoreEnv['payments'] = 'mock'): BrandInfo {
  const ids: BrandInfo['subscribeTemplateIds'] = { weapp: {}, alipay: {}, h5: {} }
  for (const t of rules.messages.templates) {
    if (t.platformTemplateIds.weapp) ids.weapp[t.id] = t.platformTemplateIds.weapp
    if (t.platformTemplateIds.alipay) ids.alipay[t.id] = t.platformTemplateIds.alipay
  }
  return { name: settings.name, serviceUrl: settings.serviceUrl, shareBaseUrl: settings.shareBaseUrl, subscribeTemplateIds: ids, ...(payments === 'none' ? { payments } : {}) }
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
          brand: brandOf(rules, work.env.brand, work.env.payments),
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
