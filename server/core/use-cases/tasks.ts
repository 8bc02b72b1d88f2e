/** `GET /tasks`, `POST /tasks/{id}/claim`: claims are once per task and period (tasks.ts, 409 `TASK_ALREADY_CLAIMED`). */
import type { EventResponse, TaskClaimResponse } from '../../../src/api/contract'
import type { Coupon } from '../../../src/domain/coupons'
import { performTaskClaim, taskList, type PerformTaskClaimResult } from '../../../src/domain/tasks'
import { objectBody, pathId } from '../validate'
import { taskViews } from '../views'
import type { RouteEntry } from '../route'
import { couponWire, type MemberTx } from '../tx'

/** Claim a completed task: its (capped) points, its coupon, a card where a cards campaign runs. */
export function claimTaskOp(tx: MemberTx, taskId: string): { result: PerformTaskClaimResult; coupon: Coupon | null; card: EventResponse['card'] } {
  const def = tx.rules.tasks.definitions.find((d) => d.id === taskId)
  const result = performTaskClaim({ tasks: tx.member.tasks, points: tx.member.points }, { taskId, ...tx.taskContext() }, tx.ctx)
  tx.member = { ...tx.member, tasks: result.state.tasks, points: result.state.points }
  tx.addGrowth(result.points)
  tx.bumpMetrics(tx.today, { tasksCompleted: 1 })
  const { reward } = result
  const coupon = reward.couponTemplateId
    ? tx.give(reward.couponTemplateId, `task:${reward.taskId}:${reward.period}`, def?.kind === 'newcomer' ? 'newcomer' : 'task')
    : null
  const card = tx.earnCards('task', tx.shareAllowed())
  if (def?.campaignId) tx.log('campaign_complete', { campaignId: def.campaignId })
  tx.upgrade()
  return { result, coupon, card }
}

export const tasksRoutes: RouteEntry[] = [
  ['GET', '/tasks', { auth: 'member', handler: async (args) => ({ body: { tasks: taskViews(await args.me()) } }) }],
  [
    'POST',
    '/tasks/:id/claim',
    {
      auth: 'member',
      handler: async (args) => {
        objectBody(args.body)
        const taskId = pathId(args.params, 'id')
        const tx = await args.me()
        // The claimed task is shown as paid: with the tier it was claimed at, not one its growth lifted the member
        // to (a tier that doubles campaign tasks would show twice the reward).
        const claimedAt = tx.taskContext()
        const { result, coupon, card } = claimTaskOp(tx, taskId)
        const award = result.points
        const views = taskList(tx.member.tasks, claimedAt, tx.ctx)
        const body: TaskClaimResponse = {
          task: views.find((t) => t.id === taskId) ?? views[0],
          awarded: {
            requested: award?.requested ?? 0,
            awarded: award?.awarded ?? 0,
            capped: award?.capped ?? 0,
            cappedBy: award?.cappedBy ?? null,
            growth: award?.growth ?? result.reward.growth ?? 0,
          },
          balance: tx.balance,
          // The collect-cards card the claim earned too (the first, where two cards campaigns run at once): in the
          // toast's words only — the answer has no structured card as a sign-in's has.
          toast: card ? `${result.toast}，获得一张「${card.kindName}」` : result.toast,
        }
        if (coupon) body.coupon = couponWire(coupon, tx.ctx)
        return { body: body }
      },
    },
  ],
]
