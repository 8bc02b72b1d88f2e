/** `GET /config`: the versioned rules document, brand settings and the per-platform share-reward switch. */
import type { BrandInfo, ConfigResponse } from '../../../src/api/contract'
import type { RulesConfig } from '../../../src/domain/config'
import { templateFields, type MessagePlatform, type MessageTemplateConfig } from '../../../src/domain/messages'
import { shareRewardsAllowed } from '../../../src/domain/points'
import type { RouteEntry } from '../route'
import type { BrandSettings, CoreEnv } from '../tx'

/** Whether members on `platform` are asked to subscribe to the template (CoreEnv.messagePlatform). */
function asked(t: MessageTemplateConfig, platform: MessagePlatform, env: Pick<CoreEnv, 'messagePlatform'>): boolean {
  if (!t.platformTemplateIds[platform]) return false
  // The mock's demo asks for every template with an id: the flow, with no platform behind it.
  if (env.messagePlatform === undefined) return true
  return env.messagePlatform === platform && templateFields(t, platform).length > 0
}

export function brandOf(rules: RulesConfig, settings: BrandSettings, env: Pick<CoreEnv, 'payments' | 'messagePlatform'> = { payments: 'mock' }): BrandInfo {
  const ids: BrandInfo['subscribeTemplateIds'] = { weapp: {}, alipay: {}, h5: {} }
  for (const t of rules.messages.templates) {
    if (asked(t, 'weapp', env)) ids.weapp[t.id] = t.platformTemplateIds.weapp
    if (asked(t, 'alipay', env)) ids.alipay[t.id] = t.platformTemplateIds.alipay
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
