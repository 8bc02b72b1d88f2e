/** Every route of the API (method, path below /api/v1, auth, use case), in the order the OpenAPI document lists them. */
import { OPERATOR_ROUTES } from './operator-routes'
import type { RouteEntry } from './route'
import { authRoutes } from './use-cases/auth'
import { campaignsRoutes } from './use-cases/campaigns'
import { configRoutes } from './use-cases/config'
import { couponsRoutes } from './use-cases/coupons'
import { eventsRoutes } from './use-cases/events'
import { invitesRoutes } from './use-cases/invites'
import { memberRoutes } from './use-cases/member'
import { messagesRoutes } from './use-cases/messages'
import { ordersRoutes } from './use-cases/orders'
import { pointsRoutes } from './use-cases/points'
import { privacyRoutes } from './use-cases/privacy'
import { reportsRoutes } from './use-cases/reports'
import { rewardsRoutes } from './use-cases/rewards'
import { signinRoutes } from './use-cases/signin'
import { tasksRoutes } from './use-cases/tasks'

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
  // Left out of the mini programs' builds (operator-routes.ts).
  ...OPERATOR_ROUTES,
]
