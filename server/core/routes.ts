/** Every route of the API (method, path below /api/v1, auth, use case), in the order the OpenAPI document lists them. */
import type { RouteEntry } from './route'
import { adminRoutes } from './use-cases/admin'
import { authRoutes } from './use-cases/auth'
import { campaignsRoutes } from './use-cases/campaigns'
import { configRoutes } from './use-cases/config'
import { couponsRoutes } from './use-cases/coupons'
import { eventsRoutes } from './use-cases/events'
import { invitesRoutes } from './use-cases/invites'
import { memberRoutes } from './use-cases/member'
import { messagesAdminRoutes, messagesRoutes } from './use-cases/messages'
import { operatorLoginRoutes, operatorRoutes } from './use-cases/operators'
import { membersAdminRoutes } from './use-cases/members-admin'
import { rulesAdminRoutes } from './use-cases/rules-admin'
import { voucherRoutes } from './use-cases/vouchers'
import { ordersRoutes } from './use-cases/orders'
import { pointsRoutes } from './use-cases/points'
import { privacyAdminRoutes, privacyRoutes } from './use-cases/privacy'
import { reportsRoutes } from './use-cases/reports'
import { rewardsRoutes } from './use-cases/rewards'
import { signinRoutes } from './use-cases/signin'
import { tasksRoutes } from './use-cases/tasks'

/**
 * The mini programs' embedded demo has no operator screen (the 运营看板 page is H5's), and their main package has a
 * size budget: their builds leave the operator routes out. TARO_ENV is a build constant there, so the bundler drops
 * the branch and the modules only it uses; everywhere else (H5, the mock server, the production server, Node) they
 * are served.
 */
export const ROUTES: RouteEntry[] = [
  ...authRoutes,
  ...configRoutes,
  ...memberRoutes,
  ...pointsRoutes,
  ...signinRoutes,
  ...tasksRoutes,
  ...eventsRoutes,
  ...campaignsRoutes,
  ...couponsRoutes,
  ...rewardsRoutes,
  ...ordersRoutes,
  ...reportsRoutes,
  ...messagesRoutes,
  ...invitesRoutes,
  ...privacyRoutes,
  ...(process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay' ? [] : [...operatorLoginRoutes, ...adminRoutes, ...operatorRoutes, ...rulesAdminRoutes, ...membersAdminRoutes, ...voucherRoutes, ...privacyAdminRoutes, ...messagesAdminRoutes]),
]
