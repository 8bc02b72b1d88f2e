import type { LotteryDetail } from '@/api/contract'

type Draws = LotteryDetail['draws']

/** Whether the next draw costs more than `balance` (a free one never does). */
export function nextDrawShort(d: Draws, balance: number | undefined): boolean {
  return d.freeLeft === 0 && d.nextDrawCost !== null && balance !== undefined && balance < d.nextDrawCost
}

/** Today's draws in words: "今日免费 1 次" / "再抽一次消耗 20 积分 · 今日还可抽 2 次" / "今日抽奖次数已用完，明天再来". */
export function drawsLeftWords(d: Draws): string {
  if (d.nextDrawCost === null) return '今日抽奖次数已用完，明天再来'
  if (d.freeLeft > 0) return `今日免费 ${d.freeLeft} 次`
  return `再抽一次消耗 ${d.nextDrawCost} 积分 · 今日还可抽 ${d.paidLeft} 次`
}

/** The daily rule: "每天免费 1 次，之后每次 20 积分，每天最多 3 次". */
export function drawRuleWords(d: Draws): string {
  const paid = d.maxPerDay > d.freePerDay ? `，之后每次 ${d.paidCost} 积分` : ''
  return `每天免费 ${d.freePerDay} 次${paid}，每天最多 ${d.maxPerDay} 次`
}
