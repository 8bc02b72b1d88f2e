/**
 * What 调整积分 holds against the API before it sends: an amount as typed (the field keeps the text, never a double
 * that rounds 20 digits).
 */
import { fmtPoints } from './format'

/** The largest adjustment one request may make (the API's own bound, mock/openapi.yaml). */
export const MAX_ADJUST = 10_000_000

/**
 * The amount field's text (InputNumber in stringMode) as whole points from 1 to MAX_ADJUST, or why not. Only digits
 * typed are a whole number: 1e3 or 2.5 are not; 20 digits are too large, said with the bound, never read as
 * 12345678901234567000.
 */
export function adjustAmount(typed: string | number | null | undefined): { points: number } | { problem: string } {
  const text = typed === null || typed === undefined ? '' : String(typed).trim()
  if (text === '') return { problem: '请输入积分数' }
  if (!/^-?\d+$/.test(text) || /^-|^0+$/.test(text)) return { problem: `请输入 1–${fmtPoints(MAX_ADJUST)} 的整数` }
  // Digits alone: more of them than the bound has, or more than it, is too large (no double read of a long one).
  const digits = text.replace(/^0+/, '')
  if (digits.length > String(MAX_ADJUST).length || Number(digits) > MAX_ADJUST) return { problem: `单次最多调整 ${fmtPoints(MAX_ADJUST)} 积分` }
  return { points: Number(digits) }
}
