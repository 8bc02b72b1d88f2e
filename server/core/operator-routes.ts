/**
 * The operator routes (operator login, `/admin/*`): served by H5's embedded demo, the mock server, the production
 * server and Node. The mini programs' embedded demo has no operator screen (the 运营看板 page is H5's) and their
 * main package has a size budget: their builds swap this module for no-operator-routes.ts (config/index.ts), so
 * not one module only these routes use — the dashboard's figures and their bitsets, the rules and member
 * administration — is bundled there.
 */
import type { RouteEntry } from './route'
import { adminRoutes } from './use-cases/admin'
import { messagesAdminRoutes } from './use-cases/messages'
import { membersAdminRoutes } from './use-cases/members-admin'
import { operatorLoginRoutes, operatorRoutes } from './use-cases/operators'
import { privacyAdminRoutes } from './use-cases/privacy-admin'
import { rulesAdminRoutes } from './use-cases/rules-admin'
import { voucherRoutes } from './use-cases/vouchers'

export const OPERATOR_ROUTES: RouteEntry[] = [
  ...operatorLoginRoutes,
  ...adminRoutes,
  ...operatorRoutes,
  ...rulesAdminRoutes,
  ...membersAdminRoutes,
  ...voucherRoutes,
  ...privacyAdminRoutes,
  ...messagesAdminRoutes,
]
