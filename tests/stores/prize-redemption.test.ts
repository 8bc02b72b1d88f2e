/**
 * A physical lottery prize's line of 兑换记录 (src/stores/redemptions.ts) follows the draw's answer: the answer's
 * `redemption` proves the rewards tag changed (tagsInAnswer), so a 兑换记录 already loaded takes the line at once
 * and keeps it after the refresh. (Its own file: the draw's store brings the launch's app_open with it, whose
 * first-open award would move the balances the mall's tests compare.)
 */
import { draw } from '@/stores/campaign-detail'
import { useRedemptionsStore } from '@/stores/redemptions'
import { defaultRules } from '../../mock/seed'
import { newMemberCode, startTestBackend } from '../support/backend'
import { requestsSettled } from '../support/requests'

const NOW = '2026-11-24T02:00:00.000Z'

describe('a physical lottery prize (实物奖品)', () => {
  test('won while 兑换记录 is loaded: its line joins the list from the draw’s answer, waiting for an address', async () => {
    const rules = defaultRules(Date.parse(NOW))
    const cupOnly = rules.campaigns.map((c) =>
      c.id === 'lucky-wheel' ? { ...c, lottery: { ...c.lottery!, prizes: [{ id: 'gift-cup', name: '品牌保温杯', kind: 'physical' as const, weight: 1, stock: 20 }] } } : c,
    )
    const t = await startTestBackend(NOW, { config: { ...rules, campaigns: cupOnly } })
    await t.loginAs(newMemberCode())
    await useRedemptionsStore.getState().load()
    expect(useRedemptionsStore.getState().redemptions).toEqual([])

    const res = await draw('lucky-wheel')
    expect(res.redemption).toMatchObject({ itemName: '品牌保温杯', delivery: null })
    // No load asked for: the answer proves 兑换记录 changed (tag rewards), and the refresh it set off keeps the line.
    expect(useRedemptionsStore.getState().redemptions).toEqual([expect.objectContaining({ id: res.redemption!.id, points: 0, delivery: null })])
    await requestsSettled()
    expect(useRedemptionsStore.getState().redemptions).toEqual([expect.objectContaining({ id: res.redemption!.id, itemName: '品牌保温杯', delivery: null })])
  })
})
