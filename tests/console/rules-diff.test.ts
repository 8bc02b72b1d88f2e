/**
 * The console's field-by-field view of what a rules version changes (查看) and what a rollback undoes (回滚):
 * items matched by id, named by id and name; the server's version number is not a change of the operator's.
 */
import { DEFAULT_RULES_CONFIG } from '../../src/domain/config'
import { changeValue, rulesDiff } from '../../console/src/lib/rules-diff'

const base = structuredClone(DEFAULT_RULES_CONFIG)

test('the same document changes nothing, whatever the server numbered it', () => {
  expect(rulesDiff(base, { ...structuredClone(base), version: base.version + 7 })).toEqual([])
})

test('a prize stock, a renamed campaign, an added and a removed item: one line each, by id and name', () => {
  const next = structuredClone(base)
  const lottery = next.campaigns.find((c) => c.lottery && c.lottery.prizes.some((p) => p.stock !== null))!
  const prize = lottery.lottery!.prizes.find((p) => p.stock !== null)!
  const stockBefore = prize.stock
  prize.stock = (prize.stock ?? 0) + 100
  lottery.name = '新名字'
  const removed = next.mall.items.shift()!
  next.mall.items.push({ id: 'rw-new', name: '新商品', description: '', kind: 'gift', pointsPrice: 100, initialStock: 10, perMemberLimit: 1 })
  next.tiers.levels[1].benefits = ['消费享 9.7 折']
  const changes = rulesDiff(base, next)
  expect(changes).toEqual(
    expect.arrayContaining([
      { path: `campaigns[${lottery.id}（新名字）].name`, before: base.campaigns.find((c) => c.id === lottery.id)!.name, after: '新名字' },
      { path: `campaigns[${lottery.id}（新名字）].lottery.prizes[${prize.id}（${prize.name}）].stock`, before: stockBefore, after: prize.stock },
      { path: `mall.items[${removed.id}（${removed.name}）]`, before: removed, after: undefined },
      { path: 'mall.items[rw-new（新商品）]', before: undefined, after: expect.objectContaining({ id: 'rw-new' }) },
      { path: `tiers.levels[${base.tiers.levels[1].id}（${base.tiers.levels[1].name}）].benefits`, before: base.tiers.levels[1].benefits, after: ['消费享 9.7 折'] },
    ]),
  )
  // The mall's other items did not shift into changes of every field.
  expect(changes).toHaveLength(5)
  expect(changeValue(base.tiers.levels[1].benefits.slice(0, 2))).toBe(base.tiers.levels[1].benefits.slice(0, 2).join('、'))
  expect(changeValue(undefined)).toBe('（无）')
  expect(changeValue({ id: 'rw-new', name: '新商品' })).toBe('rw-new（新商品）（整项）')
})
