/** The rules editor's sections (left navigation and the editor's tabs); the key is the route `#/rules/<key>`. */
export interface RuleSection {
  key: string
  label: string
  /** Top-level keys of the rules document edited in this section. */
  roots: string[]
}

export const RULE_SECTIONS: RuleSection[] = [
  { key: 'tiers', label: '会员等级', roots: ['tiers'] },
  { key: 'signin', label: '签到', roots: ['signin'] },
  { key: 'points', label: '积分与上限', roots: ['points'] },
  { key: 'tasks', label: '任务', roots: ['tasks'] },
  { key: 'campaigns', label: '活动', roots: ['campaigns'] },
  { key: 'coupons', label: '优惠券模板', roots: ['coupons'] },
  { key: 'mall', label: '积分商城', roots: ['mall'] },
  { key: 'other', label: '其他设置', roots: ['version', 'calendar', 'compliance', 'pricing', 'orders', 'lifecycle', 'invite', 'messages', 'metrics', 'config'] },
]

export function sectionOfPath(path: string): RuleSection {
  const root = path.split(/[.[ ]/)[0]
  return RULE_SECTIONS.find((s) => s.roots.includes(root)) ?? RULE_SECTIONS[RULE_SECTIONS.length - 1]
}
