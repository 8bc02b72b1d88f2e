/**
 * Rules versions (SPEC §8, src/domain/rules-versions.ts): exactly one version in force at any instant, and the
 * odds and stock of a running lottery or cards campaign change only by an admin's decision.
 */
import type { RulesConfig } from '@/domain/config'
import { assertCalendarUnchanged, assertHeldTiersKept, assertRunningCampaignsUnchanged, assertSettledLeaderboardsKept, lockedCampaignChanges, runningLockableCampaigns, templatesOfCampaigns, versionInForce, versionStatus } from '@/domain/rules-versions'
import { defaultRules } from '../../mock/seed'

const at = (iso: string) => Date.parse(iso)
const v = (versionNo: number, effectiveAt: string, cancelledAt: string | null = null) => ({ versionNo, effectiveAt, cancelledAt })

describe('the version in force', () => {
  const versions = [v(1, '2026-01-01T00:00:00Z'), v(2, '2026-03-10T03:00:00Z'), v(3, '2026-03-10T03:00:00Z'), v(4, '2026-04-01T00:00:00Z', '2026-03-20T00:00:00Z'), v(5, '2026-05-01T00:00:00Z')]
  test('the latest-starting one not cancelled; a tie goes to the higher number; a cancelled one never', () => {
    expect(versionInForce(versions, at('2026-03-10T02:59:59.999Z'))?.versionNo).toBe(1)
    expect(versionInForce(versions, at('2026-03-10T03:00:00Z'))?.versionNo).toBe(3)
    expect(versionInForce(versions, at('2026-04-15T00:00:00Z'))?.versionNo).toBe(3)
    expect(versionInForce(versions, at('2026-05-01T00:00:00Z'))?.versionNo).toBe(5)
  })
  test('before any version starts, the earliest; with none, nothing', () => {
    expect(versionInForce([v(7, '2030-01-01T00:00:00Z'), v(6, '2029-01-01T00:00:00Z')], at('2026-01-01T00:00:00Z'))?.versionNo).toBe(6)
    expect(versionInForce([], 0)).toBeUndefined()
  })
  test('each version says what it is now', () => {
    const now = at('2026-04-15T00:00:00Z')
    const inForce = versionInForce(versions, now)
    expect(versions.map((x) => versionStatus(x, inForce, now))).toEqual(['past', 'past', 'current', 'cancelled', 'scheduled'])
  })
})

describe('a running campaign’s odds and stock', () => {
  const NOW = at('2026-11-24T02:00:00Z')
  const before = defaultRules(NOW)
  const running = before.campaigns.filter((c) => (c.type === 'lottery' || c.type === 'cards') && Date.parse(c.startsAt) <= NOW && NOW < Date.parse(c.endsAt))
  const edit = (id: string, change: (c: RulesConfig['campaigns'][number]) => RulesConfig['campaigns'][number]): RulesConfig => ({
    ...before,
    campaigns: before.campaigns.map((c) => (c.id === id ? change(c) : c)),
  })

  test('the demo runs a lottery and a cards campaign at this instant', () => {
    expect(running.map((c) => c.type).sort()).toEqual(expect.arrayContaining(['cards', 'lottery']))
  })

  test('weights, stock, card weights, a removed prize or a removed campaign are locked; names and texts are not', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const cards = running.find((c) => c.type === 'cards')!
    const prizes = lottery.lottery!.prizes
    const locked = (r: RulesConfig) => lockedCampaignChanges(before, r, NOW)
    expect(locked(edit(lottery.id, (c) => ({ ...c, lottery: { ...c.lottery!, prizes: prizes.map((p, i) => (i === 0 ? { ...p, weight: p.weight + 1 } : p)) } })))).toEqual([lottery.id])
    expect(locked(edit(lottery.id, (c) => ({ ...c, lottery: { ...c.lottery!, prizes: prizes.map((p, i) => (i === 0 ? { ...p, stock: (p.stock ?? 100) + 1 } : p)) } })))).toEqual([lottery.id])
    expect(locked(edit(lottery.id, (c) => ({ ...c, lottery: { ...c.lottery!, prizes: prizes.slice(1) } })))).toEqual([lottery.id])
    expect(locked(edit(cards.id, (c) => ({ ...c, cards: { ...c.cards!, kinds: c.cards!.kinds.map((k, i) => (i === 0 ? { ...k, rarityWeight: k.rarityWeight + 1 } : k)) } })))).toEqual([cards.id])
    expect(locked({ ...before, campaigns: before.campaigns.filter((c) => c.id !== cards.id) })).toEqual([cards.id])
    expect(locked(edit(lottery.id, (c) => ({ ...c, name: `${c.name}（改名）`, lottery: { ...c.lottery!, prizes: prizes.map((p) => ({ ...p, name: `${p.name}！` })) } })))).toEqual([])
    expect(locked(edit(cards.id, (c) => ({ ...c, description: '新的说明', cards: { ...c.cards!, kinds: c.cards!.kinds.map((k) => ({ ...k, name: `${k.name}卡` })) } })))).toEqual([])
  })

  test('a running campaign put back to upcoming or ended now is locked too: else its odds could change in a few saves (pause or stop, edit, resume)', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const later = new Date(NOW + 10 * 86_400_000).toISOString()
    const paused = edit(lottery.id, (c) => ({ ...c, startsAt: later, endsAt: new Date(NOW + 20 * 86_400_000).toISOString() }))
    expect(lockedCampaignChanges(before, paused, NOW)).toEqual([lottery.id])
    expect(() => assertRunningCampaignsUnchanged(before, paused, NOW, false)).toThrow(expect.objectContaining({ code: 'RUNNING_CAMPAIGN_LOCKED', message: expect.stringContaining('暂停、提前结束') }))
    expect(() => assertRunningCampaignsUnchanged(before, paused, NOW, true)).not.toThrow()
    const stopped = edit(lottery.id, (c) => ({ ...c, endsAt: new Date(NOW - 60_000).toISOString() }))
    expect(lockedCampaignChanges(before, stopped, NOW)).toEqual([lottery.id])
    // Its end moved to a later instant, or an earlier one still to come, is the operator's (it runs on till then).
    expect(lockedCampaignChanges(before, edit(lottery.id, (c) => ({ ...c, endsAt: new Date(NOW + 60_000).toISOString() })), NOW)).toEqual([])
    expect(lockedCampaignChanges(before, edit(lottery.id, (c) => ({ ...c, endsAt: new Date(Date.parse(c.endsAt) + 86_400_000).toISOString() })), NOW)).toEqual([])
  })

  test('a running lottery’s odds include the tiers’ win weights: changing one is locked while a lottery runs, free when none does', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const heavier: RulesConfig = { ...before, tiers: { ...before.tiers, levels: before.tiers.levels.map((t, i) => (i === 2 ? { ...t, lotteryWeightPercent: t.lotteryWeightPercent * 5 } : t)) } }
    expect(lockedCampaignChanges(before, heavier, NOW)).toContain(lottery.id)
    expect(() => assertRunningCampaignsUnchanged(before, heavier, NOW, false)).toThrow(expect.objectContaining({ code: 'RUNNING_CAMPAIGN_LOCKED' }))
    expect(() => assertRunningCampaignsUnchanged(before, heavier, NOW, true)).not.toThrow()
    // The tier's discount is not part of any odds.
    const cheaper: RulesConfig = { ...before, tiers: { ...before.tiers, levels: before.tiers.levels.map((t, i) => (i === 2 ? { ...t, discountPercent: 90 } : t)) } }
    expect(lockedCampaignChanges(before, cheaper, NOW)).toEqual([])
    const noLottery: RulesConfig = { ...before, campaigns: before.campaigns.filter((c) => c.type !== 'lottery') }
    expect(lockedCampaignChanges(noLottery, { ...heavier, campaigns: noLottery.campaigns }, NOW)).toEqual([])
  })

  test('who plays a running campaign is locked too: its audience, and the tiers’ requirements that decide a lottery’s weights', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const cards = running.find((c) => c.type === 'cards')!
    // Gold for everyone: every member would draw at gold's weight.
    const easyGold: RulesConfig = { ...before, tiers: { ...before.tiers, levels: before.tiers.levels.map((t) => (t.id === 'gold' ? { ...t, requirements: [] } : t)) } }
    expect(lockedCampaignChanges(before, easyGold, NOW)).toContain(lottery.id)
    expect(() => assertRunningCampaignsUnchanged(before, easyGold, NOW, false)).toThrow(expect.objectContaining({ code: 'RUNNING_CAMPAIGN_LOCKED' }))
    expect(() => assertRunningCampaignsUnchanged(before, easyGold, NOW, true)).not.toThrow()
    // A campaign opened to members it was not for (or closed to those playing it).
    const forDiamonds = edit(cards.id, (c) => ({ ...c, audience: { kind: 'tier', minTierRank: 3 } }))
    expect(lockedCampaignChanges(before, forDiamonds, NOW)).toEqual([cards.id])
    // A tier's requirements do not touch an all-member cards campaign's play.
    expect(lockedCampaignChanges({ ...before, campaigns: [cards] }, { ...easyGold, campaigns: [cards] }, NOW)).toEqual([])
  })

  test('a priority lottery has begun when its earliest tier may enter (early access), not only at its start', () => {
    const early = Math.max(...before.tiers.levels.map((t) => t.earlyAccessMinutes))
    expect(early).toBeGreaterThan(0)
    const opens = Date.parse('2026-12-01T12:00:00Z')
    const vip = { ...running.find((c) => c.type === 'lottery')!, id: 'vip-draw', priority: true, startsAt: new Date(opens).toISOString(), endsAt: new Date(opens + 86_400_000).toISOString() }
    const withVip: RulesConfig = { ...before, campaigns: [...before.campaigns, vip] }
    const reweighted: RulesConfig = {
      ...withVip,
      campaigns: withVip.campaigns.map((c) => (c.id === vip.id ? { ...c, lottery: { ...c.lottery!, prizes: c.lottery!.prizes.map((p, i) => (i === 0 ? { ...p, weight: p.weight + 7 } : p)) } } : c)),
    }
    expect(lockedCampaignChanges(withVip, reweighted, opens - early * 60_000)).toContain(vip.id)
    expect(lockedCampaignChanges(withVip, reweighted, opens - early * 60_000 - 1)).not.toContain(vip.id)
    // Without priority the start is when it begins for everyone.
    const plain: RulesConfig = { ...withVip, campaigns: withVip.campaigns.map((c) => (c.id === vip.id ? { ...c, priority: false } : c)) }
    expect(lockedCampaignChanges(plain, { ...reweighted, campaigns: reweighted.campaigns.map((c) => (c.id === vip.id ? { ...c, priority: false } : c)) }, opens - 60_000)).not.toContain(vip.id)
  })

  test('what the prizes give is locked too: a lottery prize’s points, the cards’ set prize, a leaderboard’s prize table', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const cards = running.find((c) => c.type === 'cards')!
    const board = before.campaigns.find((c) => c.type === 'leaderboard')!
    const locked = (r: RulesConfig, at = NOW) => lockedCampaignChanges(before, r, at)
    const prizes = lottery.lottery!.prizes
    const pointsPrize = prizes.findIndex((p) => p.kind === 'points')
    expect(pointsPrize).toBeGreaterThanOrEqual(0)
    expect(locked(edit(lottery.id, (c) => ({ ...c, lottery: { ...c.lottery!, prizes: prizes.map((p, i) => (i === pointsPrize ? { ...p, points: (p.points ?? 0) + 1 } : p)) } })))).toEqual([lottery.id])
    expect(locked(edit(cards.id, (c) => ({ ...c, cards: { ...c.cards!, setPrize: { ...c.cards!.setPrize, points: c.cards!.setPrize.points + 1 } } })))).toEqual([cards.id])
    const midRace = Date.parse(board.startsAt) + 86_400_000
    const richer = edit(board.id, (c) => ({ ...c, leaderboard: { ...c.leaderboard!, prizes: c.leaderboard!.prizes.map((p, i) => (i === 0 ? { ...p, points: (p.points ?? 0) + 500 } : p)) } }))
    expect(locked(richer, midRace)).toEqual([board.id])
    // Before it starts and after it ends (staying ended) it is the operator's to change.
    expect(locked(richer, Date.parse(board.startsAt) - 1)).toEqual([])
    expect(locked(richer, Date.parse(board.endsAt))).toEqual([])
  })

  test('so are the coupon templates the prizes issue — their terms, not their names; a template no running prize issues is free', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const cards = running.find((c) => c.type === 'cards')!
    const issued = templatesOfCampaigns(runningLockableCampaigns(before, NOW))
    const prizeTemplate = lottery.lottery!.prizes.find((p) => p.couponTemplateId)!.couponTemplateId!
    expect(issued.get(prizeTemplate)).toContain(lottery.name)
    expect(issued.get(cards.cards!.setPrize.couponTemplateId!)).toContain(cards.name)
    const withTemplate = (id: string, change: (t: RulesConfig['coupons']['templates'][number]) => object): RulesConfig => ({
      ...before,
      coupons: { ...before.coupons, templates: before.coupons.templates.map((t) => (t.id === id ? ({ ...change(t) } as typeof t) : t)) },
    })
    const locked = (r: RulesConfig) => lockedCampaignChanges(before, r, NOW)
    expect(locked(withTemplate(prizeTemplate, (t) => ({ ...t, offFen: 500_000 })))).toEqual([lottery.id])
    expect(locked(withTemplate(prizeTemplate, (t) => ({ ...t, validity: { kind: 'days', days: 365 } })))).toEqual([lottery.id])
    expect(locked(withTemplate(prizeTemplate, (t) => ({ ...t, name: `${t.name}（新）` })))).toEqual([])
    // Listed in another order, the templates are the same prizes.
    expect(locked({ ...before, coupons: { ...before.coupons, templates: [...before.coupons.templates].reverse() } })).toEqual([])
    const free = before.coupons.templates.find((t) => !issued.has(t.id))!
    expect(locked(withTemplate(free.id, (t) => ({ ...t, offFen: 1 })))).toEqual([])
  })

  test('an ended campaign reopened with other odds is locked like a running one', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const end = Date.parse(lottery.endsAt)
    const reopened = edit(lottery.id, (c) => ({
      ...c,
      endsAt: new Date(end + 30 * 86_400_000).toISOString(),
      lottery: { ...c.lottery!, prizes: c.lottery!.prizes.map((p, i) => (i === 0 ? { ...p, weight: p.weight + 1 } : p)) },
    }))
    expect(lockedCampaignChanges(before, reopened, end + 60_000)).toEqual([lottery.id])
    // Reopened as it was: the same odds, nothing to decide.
    const extended = edit(lottery.id, (c) => ({ ...c, endsAt: new Date(end + 30 * 86_400_000).toISOString() }))
    expect(lockedCampaignChanges(before, extended, end + 60_000)).toEqual([])
  })

  test('an operator is refused with the campaign named; an admin is not; a campaign not running is free to change', () => {
    const lottery = running.find((c) => c.type === 'lottery')!
    const changed = edit(lottery.id, (c) => ({ ...c, lottery: { ...c.lottery!, prizes: c.lottery!.prizes.map((p, i) => (i === 0 ? { ...p, weight: p.weight + 1 } : p)) } }))
    expect(() => assertRunningCampaignsUnchanged(before, changed, NOW, false)).toThrow(expect.objectContaining({ code: 'RUNNING_CAMPAIGN_LOCKED', status: 403, message: expect.stringContaining(lottery.name) }))
    expect(() => assertRunningCampaignsUnchanged(before, changed, NOW, true)).not.toThrow()
    // After it ends, the same change is nobody's to refuse.
    expect(lockedCampaignChanges(before, changed, Date.parse(lottery.endsAt))).toEqual([])
  })
})

test('the business time zone moves by an admin’s decision alone; the rest of the calendar section is the same document', () => {
  const before = defaultRules(at('2026-11-24T02:00:00Z'))
  const moved = { ...before, calendar: { offsetMinutes: 540 } }
  expect(() => assertCalendarUnchanged(before, moved, false)).toThrow(expect.objectContaining({ code: 'CALENDAR_ADMIN_ONLY', status: 403 }))
  expect(() => assertCalendarUnchanged(before, moved, true)).not.toThrow()
  expect(() => assertCalendarUnchanged(before, { ...before, calendar: { ...before.calendar } }, false)).not.toThrow()
})

test('a tier members hold stays: earned, or held for a time through the day the version takes effect; a lapsed hold does not count', () => {
  const before = defaultRules(Date.parse('2026-11-24T02:00:00Z'))
  const [lowest, second, ...rest] = before.tiers.levels
  const top = rest[rest.length - 1]
  const without = (id: string): RulesConfig => ({ ...before, tiers: { ...before.tiers, levels: before.tiers.levels.filter((t) => t.id !== id) } })
  const day = '2026-12-01'
  const earned = { sources: { earned: { tierId: second.id } }, members: 3 }
  const paid = (until: string) => ({ sources: { earned: { tierId: lowest.id }, paid: { tierId: top.id, until } }, members: 2 })
  const refusal = (after: RulesConfig, held: Parameters<typeof assertHeldTiersKept>[2]) => {
    try {
      assertHeldTiersKept(before, after, held, day)
      return null
    } catch (e) {
      return { code: (e as { code: string }).code, status: (e as { status: number }).status, details: (e as { details: unknown }).details }
    }
  }
  expect(refusal(without(second.id), [earned])).toEqual({ code: 'RULES_TIER_IN_USE', status: 409, details: { tiers: [{ id: second.id, name: second.name, members: 3 }] } })
  expect(refusal(without(top.id), [earned, paid(day)])).toEqual({ code: 'RULES_TIER_IN_USE', status: 409, details: { tiers: [{ id: top.id, name: top.name, members: 2 }] } })
  // Two at once are named together, in the plural.
  const withoutBoth: RulesConfig = { ...before, tiers: { ...before.tiers, levels: before.tiers.levels.filter((t) => t.id !== second.id && t.id !== top.id) } }
  expect(() => assertHeldTiersKept(before, withoutBoth, [earned, paid(day)], day)).toThrow(
    `「${second.name}」还有 3 位会员，「${top.name}」还有 2 位会员，不能删除这些等级：可修改它们的名称、门槛和权益`,
  )
  expect(() => assertHeldTiersKept(before, without(second.id), [earned], day)).toThrow(`「${second.name}」还有 3 位会员，不能删除该等级：可修改它的名称、门槛和权益`)
  // Lapsed the day before it takes effect, or held by nobody: it may go.
  expect(refusal(without(top.id), [earned, paid('2026-11-30')])).toBeNull()
  expect(refusal(without(top.id), [earned])).toBeNull()
  // Scheduled for later, nobody holding it now proves nothing about then: a drop takes effect at once.
  expect(() => assertHeldTiersKept(before, without(top.id), [earned], day, true)).toThrow(expect.objectContaining({ code: 'RULES_TIER_DROP_SCHEDULED', status: 409 }))
  expect(() => assertHeldTiersKept(before, before, [earned], day, true)).not.toThrow()
})

test('a settled leaderboard keeps its dates and prizes; a version changing nothing of it passes, even one the board was edited in before', () => {
  const before = defaultRules(Date.parse('2026-11-24T02:00:00Z'))
  const board = before.campaigns.find((c) => c.type === 'leaderboard')!
  const after = (change: (c: typeof board) => typeof board): RulesConfig => ({ ...before, campaigns: before.campaigns.map((c) => (c.id === board.id ? change(c) : c)) })
  const later = Date.parse(board.endsAt) + 86_400_000
  const moved = (c: typeof board) => ({ ...c, startsAt: new Date(later).toISOString(), endsAt: new Date(later + 7 * 86_400_000).toISOString() })
  const settled = [{ campaignId: board.id, campaign: board }]
  const refusal = (b: RulesConfig, a: RulesConfig) => {
    try {
      assertSettledLeaderboardsKept(settled, b, a, later)
      return null
    } catch (e) {
      return (e as { code: string }).code
    }
  }
  // Reopened for another run under its id (which would never be paid): refused. Renamed or dropped: fine.
  expect(refusal(before, after(moved))).toBe('LEADERBOARD_SETTLED')
  expect(refusal(before, after((c) => ({ ...c, name: `${c.name}（已结束）` })))).toBeNull()
  expect(refusal(before, { ...before, campaigns: before.campaigns.filter((c) => c.id !== board.id) })).toBeNull()
  // Moved before this rule existed: the next save that leaves it as it stands is not refused.
  expect(refusal(after(moved), after(moved))).toBeNull()
})
