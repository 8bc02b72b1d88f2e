/**
 * 操作日志's 对象 filter (console/src/lib/audit-target.ts): what staff type becomes the target the log records —
 * found whatever the letter case of a member id, as member search finds it.
 */
import { auditTarget } from '../../console/src/lib/audit-target'

test('a member or order id in any case, with spaces around, is the id the log records', () => {
  expect(['mbr-5', 'MBR-5', ' Mbr-5 '].map((t) => auditTarget(t))).toEqual(['mbr-5', 'mbr-5', 'mbr-5'])
  expect(auditTarget('ORD-12-3')).toBe('ord-12-3')
})

test('an adjustment id as staff were shown it, in any case, is the id its request and decision are found by', () => {
  expect(['adj-7-1', 'ADJ-7-1', ' Adj-7-1 '].map((t) => auditTarget(t))).toEqual(['adj-7-1', 'adj-7-1', 'adj-7-1'])
})

test('a version, a voucher code as printed and an account by its username', () => {
  expect([auditTarget('7'), auditTarget('#7')]).toEqual(['rules:7', 'rules:7'])
  expect(auditTarget('1234-5678 9012')).toBe('123456789012')
  expect(auditTarget('Ops.Lee', new Map([['ops.lee', 'op-3']]))).toBe('op-3')
  expect([auditTarget(''), auditTarget('  ')]).toEqual([undefined, undefined])
  expect(auditTarget('op-3')).toBe('op-3')
})
