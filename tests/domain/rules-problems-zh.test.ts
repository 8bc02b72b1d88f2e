/**
 * The console shows every problem `validateRulesConfig` finds at its field, in zh-CN (console/src/pages/rules/paths.ts
 * translates the validator's English by pattern). Every value a form can put in a field of the demo rules — a number
 * cleared, negative, fractional or huge, a text emptied — is tried; each problem must match a pattern (not the
 * generic 此项设置不正确 fallback), and two problems of one field never read the same.
 */
import { validateRulesConfig } from '@/domain/config'
import { problemText, setIn, splitProblem, type Seg } from '../../console/src/pages/rules/paths'
import { defaultRules } from '../../mock/seed'

const base = defaultRules(Date.parse('2026-11-24T02:00:00Z'))

function leaves(v: unknown, path: Seg[], out: { path: Seg[]; value: unknown }[]): { path: Seg[]; value: unknown }[] {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, [...path, i], out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out)
  else out.push({ path, value: v })
  return out
}

test('every problem a form can cause is worded in zh-CN, each once per field', () => {
  const untranslated = new Set<string>()
  const repeated = new Set<string>()
  let tried = 0
  for (const { path, value } of leaves(base, [], [])) {
    const inputs = typeof value === 'number' ? [null, -1, 0, 1.5, 100_000_000] : typeof value === 'string' ? ['', '   '] : []
    for (const input of inputs) {
      tried++
      const r = validateRulesConfig(setIn(base, path, input))
      if (r.ok) continue
      const seen = new Set<string>()
      for (const text of r.problems) {
        const { path: at, message } = splitProblem(text)
        const zh = problemText(message)
        if (zh.startsWith('此项设置不正确')) untranslated.add(text)
        if (seen.has(`${at} ${zh}`)) repeated.add(`${at}: ${zh}`)
        seen.add(`${at} ${zh}`)
      }
    }
  }
  expect(tried).toBeGreaterThan(1000)
  expect([...untranslated]).toEqual([])
  expect([...repeated]).toEqual([])
})

test('a survey id list says what is wrong with it', () => {
  const at = (refs: unknown) => validateRulesConfig(setIn(base, ['points', 'earningRules', 'survey', 'refs'], refs))
  const words = (refs: unknown) => {
    const r = at(refs)
    return r.ok ? [] : r.problems.map((p) => problemText(splitProblem(p).message))
  }
  expect(words(['s-1', ''])).toEqual(['编号须为 1–64 个字符'])
  expect(words(['s-1', 's-1'])).toEqual(['编号不能重复'])
})

test('a cleared field reads as empty, and the words carry the figures', () => {
  expect(problemText('must be an integer from 1 to 3650, got null')).toBe('须为 1–3650 的整数（当前：（空））')
  expect(problemText('must be a non-negative integer, got null')).toBe('须为非负整数（当前：（空））')
  expect(problemText('10 is below the largest capped single award 50 (tasks.definitions)')).toBe('每日上限 10 低于任务的单次最大受限奖励 50，该奖励每次都会被截断')
  expect(problemText('something the table does not know')).toBe('此项设置不正确（something the table does not know）')
})

test('a subscription template keyword of the wrong platform is named in the platform’s words', () => {
  const templates = base.messages.templates.map((t) =>
    t.id === 'tier_upgraded' ? { ...t, weappFields: [{ key: 'Thing 1', value: '{tierName}' }], alipayFields: [{ key: 'thing1', value: '{tierName}' }] } : t,
  )
  const r = validateRulesConfig({ ...base, messages: { ...base.messages, templates } })
  expect(r.ok ? [] : r.problems.map((p) => problemText(splitProblem(p).message))).toEqual([
    '须为微信模板关键词，如 thing1、time2（当前：Thing 1）',
    '须为支付宝模板关键词，如 keyword1、keyword2（当前：thing1）',
  ])
})

test('a campaign overlapping two others names them and says from when', () => {
  // The demo's wheel runs from 2026-11-21 00:00 (Shanghai); three copies of it overlap from its start.
  const wheel = base.campaigns.find((c) => c.type === 'lottery')!
  const copy = (id: string, name: string) => ({ ...wheel, id, name })
  const r = validateRulesConfig({ ...base, campaigns: [copy('w1', '春季转盘'), copy('w2', '夏日转盘'), copy('w3', '秋季转盘')] })
  expect(r.ok).toBe(false)
  const overlap = (r.ok ? [] : r.problems).map(splitProblem).find((p) => p.path === 'campaigns[2]')!
  expect(problemText(overlap.message)).toBe(`自 2026-11-21 00:00 起，同一受众将同时进行 3 个活动（与「春季转盘」「夏日转盘」重叠），最多 2 个`)
})

test('a mall item id used twice, a theme colour too light, and a figure beyond its limit read in zh-CN, figures grouped', () => {
  const items = [...base.mall.items, { ...base.mall.items[0], name: '复制的商品' }]
  const festival = base.campaigns.findIndex((c) => c.theme)
  const campaigns = base.campaigns.map((c, i) => (i === festival ? { ...c, theme: { ...c.theme!, primaryColor: '#e8453c' } } : c))
  const words = (doc: unknown) => {
    const r = validateRulesConfig(doc as typeof base)
    return r.ok ? [] : r.problems.map((p) => problemText(splitProblem(p).message))
  }
  expect(words({ ...base, mall: { ...base.mall, items } })).toEqual([`ID「${base.mall.items[0].id}」重复`])
  expect(words({ ...base, campaigns })).toEqual(['白色文字在此颜色上的对比度只有 3.93:1，低于 4.5:1（WCAG 2.1 AA），请选更深的颜色'])
  expect(problemText('#d7261e text on its light tint #fae5e4 has contrast 4.16:1, below 4.5:1 (WCAG 2.1 AA); choose a darker colour')).toBe(
    '此颜色的文字在它的浅色底 #fae5e4 上对比度只有 4.16:1，低于 4.5:1（WCAG 2.1 AA），请选更深的颜色',
  )
  expect(problemText('must be at most 1000000000, got 10000000000')).toBe('不能超过 1,000,000,000（当前：10,000,000,000）')
})

test('a setting two sections share names the other one, as its form labels it', () => {
  expect(problemText('14 must equal lifecycle.newcomerDays 7')).toBe('须与「其他设置 › 新人期」一致（此处 14，那里 7）')
  expect(problemText('2 must equal points.pointValueFen 1 (one point has one value)')).toBe('须与「积分与上限 › 1 积分价值」一致（此处 2，那里 1）')
})

test('an id or a name of spaces alone is refused at its own field (a blank tier name, an id nothing can refer to)', () => {
  const fields = leaves(base, [], []).filter(({ path }) => ['id', 'name', 'title'].includes(String(path.at(-1))) && ['tiers', 'coupons', 'tasks', 'campaigns', 'mall'].includes(String(path[0])))
  expect(fields.length).toBeGreaterThan(20)
  const accepted: string[] = []
  for (const { path } of fields) {
    const r = validateRulesConfig(setIn(base, path, '   '))
    const at = path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1)
    if (r.ok || !r.problems.some((p) => splitProblem(p).path === at)) accepted.push(at)
  }
  expect(accepted).toEqual([])
  expect(problemText('must be 1–64 characters without spaces')).toBe('须为 1–64 个字符，不含空格')
})

test('every name, title and sentence members read has a length it fits in, refused at its own field in words', () => {
  const isText = (path: (string | number)[]) => {
    const key = String(path.at(-1))
    const parent = String(path.at(-2))
    return ['name', 'title', 'bannerTitle', 'description', 'reason'].includes(key) || parent === 'benefits'
  }
  const fields = leaves(base, [], []).filter(({ path, value }) => typeof value === 'string' && isText(path) && !['mall', 'calendar'].includes(String(path[0])))
  expect(fields.length).toBeGreaterThan(30)
  const accepted: string[] = []
  for (const { path } of fields) {
    const r = validateRulesConfig(setIn(base, path, '会'.repeat(201)))
    const at = path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').slice(1)
    if (r.ok || !r.problems.some((p) => splitProblem(p).path === at)) accepted.push(at)
  }
  expect(accepted).toEqual([])
  // Counted as members see them: 24 characters of four UTF-16 units pass, the 25th is one too many.
  const tier = (name: string) => validateRulesConfig(setIn(base, ['tiers', 'levels', 0, 'name'], name))
  expect(tier('🎉'.repeat(24)).ok).toBe(true)
  const long = tier('🎉'.repeat(25))
  expect(long.ok ? [] : long.problems.map((p) => problemText(splitProblem(p).message))).toEqual(['最多 24 个字（当前 25 个）'])
})
