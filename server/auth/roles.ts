/**
 * Operator roles (SPEC §7), each including the ones before it:
 * - `viewer` reads the admin dashboard and reports;
 * - `operator` also changes members and campaigns (adjust points, issue coupons, …);
 * - `admin` also manages operator accounts and the rules configuration.
 * Which route needs which role is the server's decision; this only orders them.
 */
export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const
export type OperatorRole = (typeof OPERATOR_ROLES)[number]

export function isOperatorRole(value: unknown): value is OperatorRole {
  return (OPERATOR_ROLES as readonly unknown[]).includes(value)
}

/** True when an operator with role `actual` may do what needs `required`. */
export function hasRole(actual: OperatorRole, required: OperatorRole): boolean {
  return OPERATOR_ROLES.indexOf(actual) >= OPERATOR_ROLES.indexOf(required)
}
