/** Stands in for operator-routes.ts in the mini-program builds (config/index.ts swaps it in): no operator routes. */
import type { RouteEntry } from './route'

export const OPERATOR_ROUTES: RouteEntry[] = []
