import { redeem, useMallStore } from '@/stores/mall'
import { usePointsStore } from '@/stores/points'
import { useRedemptionsStore } from '@/stores/redemptions'
import { newMemberCode, startTestBackend, type TestBackend } from '../support/backend'
import { requestsSettled } from '../support/requests'

jest.setTimeout(60_000)

const ADDRESS = { name: '张三', phone: '13800138000', address: '上海市徐汇区漕溪北路 88 号' }

let t: TestBackend
beforeEach(async () => {
  t = await startTestBackend('2026-11-24T02:00:00.000Z') // business day 2026-11-24 (Shanghai)
})

async function loadMall() {
  await Promise.all([useMallStore.getState().load(), usePointsStore.getState().loadSummary(), useRedemptionsStore.getState().load()])
}

describe('a gift (实物礼品)', () => {
  test('without an address it is refused and nothing is spent; with one, 兑换记录 shows it waiting to be sent', async () => {
    await t.loginAs('demo')
    await loadMall()
    const tote = useMallStore.getState().items!.find((i) => i.id === 'rw-tote')!
    expect(tote.kind).toBe('gift')
    const balance = usePointsStore.getState().summary!.balance
    expect(balance).toBeGreaterThanOrEqual(tote.pointsPrice)
    const before = useRedemptionsStore.getState().redemptions!

    await expect(redeem('rw-tote')).rejects.toMatchObject({ status: 422, code: 'DELIVERY_REQUIRED' })
    await requestsSettled()
    expect(usePointsStore.getState().summary!.balance).toBe(balance)
    expect(useMallStore.getState().items!.find((i) => i.id === 'rw-tote')).toMatchObject({ stock: tote.stock, redeemedByMe: 0 })
    expect(useRedemptionsStore.getState().redemptions).toEqual(before)

    const res = await redeem('rw-tote', { delivery: ADDRESS })
    expect(res.balance).toBe(balance - tote.pointsPrice)
    // The new line shows at once (the answer carries it) and stays after the refresh it set off.
    const expected = { id: res.redemption.id, itemId: 'rw-tote', itemName: '帆布托特包', points: tote.pointsPrice, voucher: null, delivery: { ...ADDRESS, status: 'pending' } }
    expect(useRedemptionsStore.getState().redemptions![0]).toMatchObject(expected)
    await requestsSettled()
    expect(useRedemptionsStore.getState().redemptions).toHaveLength(before.length + 1)
    expect(useRedemptionsStore.getState().redemptions![0]).toMatchObject(expected)
    expect(usePointsStore.getState().summary!.balance).toBe(res.balance)
    expect(useMallStore.getState().items!.find((i) => i.id === 'rw-tote')).toMatchObject({ stock: tote.stock - 1, redeemedByMe: 1 })
  })

  test('a member without the points is told so, not asked for an address', async () => {
    await t.loginAs(newMemberCode())
    await expect(redeem('rw-tote')).rejects.toMatchObject({ status: 422, code: 'POINTS_INSUFFICIENT' })
  })
})

describe('an in-store item (到店服务)', () => {
  test('gives a 12-digit 核销码, valid 30 business days with today, 可使用 until then and 已过期 after', async () => {
    await t.loginAs('demo')
    await loadMall()
    const res = await redeem('rw-free-drink')
    const voucher = res.redemption.voucher!
    expect(voucher).toEqual({ code: expect.stringMatching(/^\d{12}$/), status: 'valid', validTo: '2026-12-23', usedAt: null })
    expect(res.redemption.delivery).toBeNull()
    await requestsSettled()
    expect(useRedemptionsStore.getState().redemptions![0]).toMatchObject({ id: res.redemption.id, voucher })

    t.advanceDays(29) // 2026-12-23, its last day
    await useRedemptionsStore.getState().load()
    expect(useRedemptionsStore.getState().redemptions![0].voucher!.status).toBe('valid')
    t.advanceDays(1)
    await useRedemptionsStore.getState().load()
    expect(useRedemptionsStore.getState().redemptions![0].voucher).toMatchObject({ code: voucher.code, status: 'expired' })
  })
})
