import type { SigninCaps } from '@/components/signin/signin-rules'
import { useConfigStore } from '@/stores/config'
import { usePointsStore } from '@/stores/points'

/**
 * What the points caps leave of today's sign-in depends on (todaysSigninPoints, signinCapNote): the caps as the points
 * summary last told them and whether the rules cap sign-in points; null until both are loaded.
 */
export function useSigninCaps(): SigninCaps | null {
  const caps = usePointsStore((s) => s.summary?.caps)
  const capped = useConfigStore((s) => s.config?.rules.points.grantSources.signin?.capped)
  return caps && capped !== undefined ? { caps, capped } : null
}
