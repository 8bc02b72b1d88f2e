/** Every route of the mock API (method, path below /api/v1, auth, handler), in the order the OpenAPI document lists them. */
import { adminRoutes } from './handlers/admin'
import { authRoutes } from './handlers/auth'
import { campaignsRoutes } from './handlers/campaigns'
import { configRoutes } from './handlers/config'
import { couponsRoutes } from './handlers/coupons'
import { eventsRoutes } from './handlers/events'
import { invitesRoutes } from './handlers/invites'
import { memberRoutes } from './handlers/member'
import { messagesRoutes } from './handlers/messages'
import { ordersRoutes } from './handlers/orders'
import { pointsRoutes } from './handlers/points'
import { privacyRoutes } from './handlers/privacy'
import { reportsRoutes } from './handlers/reports'
import { rewardsRoutes } from './handlers/rewards'
import { signinRoutes } from './handlers/signin'
import { tasksRoutes } from './handlers/tasks'
import type { RouteEntry } from './state'

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
  ...adminRoutes,
]
