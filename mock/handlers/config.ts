/** `GET /config`: the versioned rules document, brand settings and the per-platform share-reward switch. */
import type { ConfigResponse } from '../../src/api/contract'
import { shareRewardsAllowed } from '../../src/domain/points'
import { rulesOf, type RouteEntry } from '../state'

export const configRoutes: RouteEntry[] = [
  [
    'GET',
    '/config',
    {
      auth: 'none',
      handler: ({ db, env }) => {
        const rules = rulesOf(db, env)
        const body: ConfigResponse = {
          version: rules.version,
          rules,
          brand: db.brand,
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
