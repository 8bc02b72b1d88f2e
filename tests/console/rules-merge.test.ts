/**
 * 在最新版本上重做我的修改: a draft whose base another operator saved over is merged onto the newer version — what
 * only one side changed is taken from it, items matched by id; where both changed one value, the newer version's
 * stays and the draft's is listed for the operator to enter again.
 */
import { DEFAULT_RULES_CONFIG } from '../../src/domain/config'
import { rebaseDraft } from '../../console/src/lib/rules-merge'

const base = structuredClone(DEFAULT_RULES_CONFIG)

test('changes to different fields: both kept — the draft\'s on top of the newer version, nothing to resolve', () => {
  const draft = structuredClone(base)
  draft.signin.makeup.costPoints += 5
  draft.points.caps.dayPoints += 100
  const latest = structuredClone(base)
  latest.signin.makeup.maxPerMonth += 1
  latest.version += 1
  const r = rebaseDraft(base, draft, latest)
  expect(r.conflicts).toEqual([])
  expect(r.document.signin.makeup).toEqual({ ...base.signin.makeup, costPoints: base.signin.makeup.costPoints + 5, maxPerMonth: base.signin.makeup.maxPerMonth + 1 })
  expect(r.document.points.caps.dayPoints).toBe(base.points.caps.dayPoints + 100)
  expect(r.document.version).toBe(latest.version)
  expect(r.applied.map((c) => c.path).sort()).toEqual(['points.caps.dayPoints', 'signin.makeup.costPoints'])
})

test('items by id: one the draft added is added, one it removed is removed, one the newer version added stays', () => {
  const draft = structuredClone(base)
  const removed = draft.mall.items.shift()!
  draft.mall.items.push({ id: 'rw-mine', name: '我的新商品', description: '', kind: 'gift', pointsPrice: 100, initialStock: 10, perMemberLimit: 1 })
  const latest = structuredClone(base)
  latest.mall.items.push({ id: 'rw-theirs', name: '对方的新商品', description: '', kind: 'gift', pointsPrice: 200, initialStock: 5, perMemberLimit: 1 })
  latest.mall.items[1].pointsPrice += 1
  const r = rebaseDraft(base, draft, latest)
  expect(r.conflicts).toEqual([])
  const ids = r.document.mall.items.map((i) => i.id)
  expect(ids).not.toContain(removed.id)
  expect(ids.slice(-2)).toEqual(['rw-theirs', 'rw-mine'])
  expect(r.document.mall.items.find((i) => i.id === latest.mall.items[1].id)!.pointsPrice).toBe(latest.mall.items[1].pointsPrice)
})

test('one value both changed: the newer version\'s stays, and the draft\'s is listed; an item the draft changed and the other removed too', () => {
  const draft = structuredClone(base)
  draft.signin.makeup.costPoints = 30
  draft.mall.items[0].pointsPrice += 10
  const latest = structuredClone(base)
  latest.signin.makeup.costPoints = 15
  const gone = latest.mall.items.shift()!
  const r = rebaseDraft(base, draft, latest)
  expect(r.document.signin.makeup.costPoints).toBe(15)
  expect(r.document.mall.items.map((i) => i.id)).not.toContain(gone.id)
  expect(r.conflicts).toEqual([
    { path: 'signin.makeup.costPoints', base: base.signin.makeup.costPoints, mine: 30, theirs: 15 },
    { path: `mall.items[${gone.id}（${gone.name}）]`, base: base.mall.items[0], mine: draft.mall.items[0], theirs: undefined },
  ])
  // Both made the same change: no conflict.
  latest.signin.makeup.costPoints = 30
  expect(rebaseDraft(base, draft, latest).conflicts.map((c) => c.path)).toEqual([`mall.items[${gone.id}（${gone.name}）]`])
})
