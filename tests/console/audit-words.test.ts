/**
 * 操作日志 says what an entry changed in words (console/src/lib/audit-words.ts): known fields by their zh-CN names,
 * statuses, roles, signed amounts, business-time instants and the rules sections a version changed; anything it
 * does not know stays visible as recorded.
 */
import { auditLines, auditWords } from '../../console/src/lib/audit-words'
import { approverColumns, decisionWords } from '../../console/src/lib/labels'

test('an adjustment approved: its status, the balance and the member', () => {
  expect(auditWords('adjustment.approve', { status: 'pending' })).toBe('状态：待审批')
  expect(auditWords('adjustment.approve', { status: 'applied', balance: 1290, memberId: 'mbr-7' })).toBe('状态：已生效；积分余额：1290；会员：mbr-7')
})

test('a points adjustment: the nested record with a signed amount and its times in business time (UTC+8)', () => {
  const after = {
    adjustment: { id: 'adj-7-1', amount: -50, reason: '重复发放', status: 'applied', requestedAt: '2026-12-04T04:30:00.000Z', decidedBy: null },
    balance: 70,
  }
  expect(auditLines('member.adjust', after)).toEqual(['积分调整：（编号 adj-7-1，积分 -50，原因 重复发放，状态 已生效，申请时间 2026-12-04 12:30:00，审批人 —）', '积分余额：70'])
  expect(auditWords('member.adjust', { adjustment: { amount: 200 } })).toBe('积分调整：（积分 +200）')
})

test('a rules version: its number, when it takes effect and the sections it changed, in the editor’s order', () => {
  const after = { versionNo: 8, note: '双十二', effectiveAt: '2026-12-11T16:00:00.000Z', changed: ['campaigns', 'calendar', 'tiers', 'compliance'], restoredFrom: 5 }
  expect(auditLines('rules.restore', after)).toEqual(['版本：#8', '备注：双十二', '生效时间：2026-12-12 00:00:00', '修改部分：会员等级、活动、其他设置', '恢复自版本：#5'])
})

test('pending means 待发货 for a delivery; roles, flags and unknown fields read as staff expect', () => {
  expect(auditWords('delivery.update', { redemptionId: 'rd-3-1', status: 'pending' })).toBe('兑换记录：rd-3-1；状态：待发货')
  expect(auditWords('operator.update', { role: 'viewer', disabled: true })).toBe('角色：只读；已停用：是')
  expect(auditWords('operator.update', { somethingNew: 'x' })).toBe('somethingNew：x')
  expect(auditLines('operator.logout', null)).toEqual([])
})

test('who decided an adjustment: one within the day’s amount reads 无需审批, never as approved by whoever asked for it', () => {
  const asked = { requestedBy: 'ops1', decidedAt: '2026-12-04T04:30:00.000Z' }
  expect(decisionWords({ ...asked, status: 'applied', decidedBy: 'ops1' })).toBe('无需审批（未超额度）')
  expect(decisionWords({ ...asked, status: 'applied', decidedBy: 'boss' })).toBe('boss · 2026-12-04 12:30')
  expect(decisionWords({ ...asked, status: 'rejected', decidedBy: 'boss' })).toBe('boss · 2026-12-04 12:30')
  expect(decisionWords({ ...asked, status: 'pending', decidedBy: null, decidedAt: null })).toBe('')
  // The approvals export says the same in its 审批人 / 审批时间 columns.
  expect(approverColumns({ ...asked, status: 'applied', decidedBy: 'ops1' })).toEqual({ approver: '无需审批（未超额度）', decidedAt: '' })
  expect(approverColumns({ ...asked, status: 'applied', decidedBy: 'boss' })).toEqual({ approver: 'boss', decidedAt: '2026-12-04 12:30' })
  expect(approverColumns({ ...asked, status: 'pending', decidedBy: null, decidedAt: null })).toEqual({ approver: '', decidedAt: '—' })
})

test('an adjustment applied within the day’s amount reads 无需审批 in the log, never as approved by whoever asked for it', () => {
  const at = '2026-12-04T04:30:00.000Z'
  const asked = { id: 'adj-7-1', amount: 50, reason: '补偿', status: 'applied', requestedBy: 'ops1', requestedAt: at }
  expect(auditLines('member.adjust', { adjustment: { ...asked, decidedBy: 'ops1', decidedAt: at }, balance: 70 })).toEqual([
    '积分调整：（编号 adj-7-1，积分 +50，原因 补偿，状态 已生效，申请人 ops1，申请时间 2026-12-04 12:30:00，审批 无需审批（未超额度））',
    '积分余额：70',
  ])
  // One waiting for approval, or decided by another admin, still names who decided and when.
  expect(auditWords('member.adjust', { adjustment: { ...asked, status: 'pending', decidedBy: null, decidedAt: null } })).toContain('审批人 —')
  expect(auditWords('member.adjust', { adjustment: { ...asked, decidedBy: 'boss', decidedAt: at } })).toContain('审批人 boss，审批时间 2026-12-04 12:30:00')
})
