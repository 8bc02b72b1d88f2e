import type { RulesVersion } from '../api'

/**
 * The version in force just before `v` took (or takes) effect: the latest other one, not cancelled, effective before
 * it. A cancelled one never took effect: what it changed is against the one it was saved on — of the versions saved
 * before it, not one saved later (a rollback since would show its author's changes as if undone).
 */
export function predecessorOf(v: RulesVersion, all: RulesVersion[]): RulesVersion | undefined {
  const order = (x: RulesVersion, y: RulesVersion) => Date.parse(x.effectiveAt) - Date.parse(y.effectiveAt) || x.versionNo - y.versionNo
  const known = v.status === 'cancelled' ? all.filter((x) => x.versionNo < v.versionNo) : all
  return known.filter((x) => x.status !== 'cancelled' && order(x, v) < 0).sort((x, y) => order(y, x))[0]
}
