/**
 * Field paths of the rules document, as `validateRulesConfig` writes them (`campaigns[1].lottery.prizes[0].weight`):
 * parsing, immutable get/set, splitting a problem into its path and message, and the message in zh-CN.
 */
import { fmtInstant } from '../../lib/format'

export type Seg = string | number

export function parsePath(path: string): Seg[] {
  const segs: Seg[] = []
  const re = /([^.[\]]+)|\[(\d+)\]/g
  let m: RegExpExecArray | null
  while ((m = re.exec(path))) segs.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return segs
}

export function joinPath(segs: readonly Seg[]): string {
  return segs.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), '')
}

export function getIn(obj: unknown, segs: readonly Seg[]): unknown {
  let cur: unknown = obj
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[s]
  }
  return cur
}

/** A copy of `obj` with `value` at `segs` (intermediate objects / arrays created); `undefined` removes an object key. */
export function setIn<T>(obj: T, segs: readonly Seg[], value: unknown): T {
  if (segs.length === 0) return value as T
  const [head, ...rest] = segs
  const base: unknown = obj ?? (typeof head === 'number' ? [] : {})
  if (Array.isArray(base)) {
    const copy = base.slice()
    copy[head as number] = setIn(copy[head as number], rest, value)
    return copy as T
  }
  const copy = { ...(base as Record<string, unknown>) }
  const next = setIn(copy[head as string], rest, value)
  if (next === undefined) delete copy[head as string]
  else copy[head as string] = next
  return copy as T
}

export interface RuleProblem {
  path: string
  message: string
}

/** `campaigns[3] ("diamond-night")` → `campaigns[3]`: the validator names some items by id after the path. */
export function normalizeProblemPath(path: string): string {
  return path.replace(/\s*\(.*$/, '').trim()
}

/** `"campaigns[1].endsAt: … must be after …"` → {path, message}. */
export function splitProblem(text: string): RuleProblem {
  const i = text.indexOf(': ')
  if (i < 0) return { path: 'config', message: text }
  return { path: normalizeProblemPath(text.slice(0, i)), message: text.slice(i + 2) }
}

/**
 * A value as the message printed it: a cleared field prints nothing (or null); long numbers grouped by their digits
 * as written (never through a double).
 */
const shown = (v: string | undefined) => (!v || v === 'null' || v === 'undefined' ? '（空）' : /^-?\d{5,}$/.test(v) ? v.replace(/\B(?=(\d{3})+$)/g, ',') : v)

/** Which capped award a day cap cuts (`largestCappedAwards` in src/domain/config.ts names it; none: the earning rules'). */
function awardFrom(path: string | undefined): string {
  if (!path) return '行为奖励'
  if (path.startsWith('signin')) return '签到'
  if (path.startsWith('tasks')) return '任务'
  if (path.startsWith('invite')) return '邀请奖励'
  return path
}

const ZH: [RegExp, string | ((...m: string[]) => string)][] = [
  [/^must be a positive integer(?: percent)?(?: \(fen\))?(?: fen amount)?(?: number of days)?, got (.*)$/, (_, v) => `须为正整数（当前：${shown(v)}）`],
  [/^must be a non-negative integer, got (.*)$/, (_, v) => `须为非负整数（当前：${shown(v)}）`],
  [/^must be an integer ≥ (\d+)(?: or null \(unlimited\))?, got (.*)$/, (_, n, v) => `须为不小于 ${n} 的整数（当前：${shown(v)}）`],
  [/^must be an integer fen amount ≥ 0, got (.*)$/, (_, v) => `须为不小于 0 的整数（分）（当前：${shown(v)}）`],
  [/^must be an integer in 1\.\.(\d+), got (.*)$/, (_, n, v) => `须为 1–${n} 的整数（当前：${shown(v)}）`],
  [/^must be an integer between 1 and 10, got (.*)$/, (_, v) => `须为 1–10 的整数（当前：${shown(v)}）`],
  [/^must be an integer percent ≥ 100, got (.*)$/, (_, v) => `须为不小于 100 的整数百分比（当前：${shown(v)}）`],
  [/^must be a non-empty(?: zh-CN)? (?:string|name|title)(?: when set)?$/, '不能为空'],
  [/^must be 1–64 characters without spaces$/, '须为 1–64 个字符，不含空格'],
  [/^must be at most (\d+) characters, got (\d+)$/, (_, max, n) => `最多 ${max} 个字（当前 ${n} 个）`],
  [/^must name where the task is done$/, '请填写“去完成”跳转位置'],
  [/^duplicate [a-z ]+ (?:id )?"(.*)"$/, (_, id) => `ID「${id}」重复`],
  [/^duplicate (?:rank|bonus day|threshold) (.*)$/, (_, v) => `与其他项重复：${v}`],
  [/^(.+) must be after startsAt (.+)$/, '结束时间须晚于开始时间'],
  [/^must be an ISO instant, got "(.*)"$/, '请选择有效的时间'],
  [/^unknown coupon template "(.*)"$/, (_, id) => `优惠券模板「${id}」不存在`],
  [/^must name a coupon template$/, '请选择优惠券模板'],
  [/^unknown task "(.*)"$/, (_, id) => `任务「${id}」不存在`],
  [/^unknown campaign "(.*)"$/, (_, id) => `活动「${id}」不存在`],
  [
    /^must be an? (WeChat|Alipay) keyword like \w+, got (.*)$/,
    (_, platform, v) =>
      `${platform === 'WeChat' ? '须为微信模板关键词，如 thing1、time2' : '须为支付宝模板关键词，如 keyword1、keyword2'}（当前：${shown(v === '""' ? '' : v.replace(/^"|"$/g, ''))}）`,
  ],
  [/^unknown placeholder \{(.*)\}$/, (_, v) => `没有占位 {${v}}：只能用字段说明里列出的占位`],
  [/^unknown tier "(.*)"$/, (_, id) => `等级「${id}」不存在`],
  [/^no tier has rank (.*)$/, (_, r) => `没有排名为 ${shown(r)} 的等级`],
  [/^(\d+) must not exceed maxDrawsPerDay (\d+)$/, (_, a, b) => `每日免费次数 ${a} 不能超过每日最多次数 ${b}`],
  [/^(.*) is below the largest capped single award (\d+)(?: \((.*)\))?$/, (_, a, b, from) => `每日上限 ${shown(a)} 低于${awardFrom(from)}的单次最大受限奖励 ${b}，该奖励每次都会被截断`],
  [/^(.*) is below the day cap (.*)$/, (_, a, b) => `每月上限 ${shown(a)} 低于每日上限 ${shown(b)}`],
  [
    /audience (.*) would have (\d+) campaigns running at once from (\S+) \(with (.*)\); at most (\d+) may overlap per audience$/,
    (_, _a, n, at, w, max) => `自 ${fmtInstant(at)} 起，同一受众将同时进行 ${n} 个活动（与${campaignNames(w)}重叠），最多 ${max} 个`,
  ],
  [/must not claim a guaranteed win/, '不得宣称“100% 中奖”或“必中”'],
  [/^needs at least one prize$/, '至少需要一个奖品'],
  [/^needs at least 2 card kinds$/, '至少需要 2 种卡'],
  [/^needs at least one action$/, '至少选择一种获卡方式'],
  [/must include an action other than "share"/, '须包含“分享”以外的获卡方式（不分享也能集齐）'],
  [/may need (\d+) days, but the campaign spans (\d+) business days/, (_, a, b) => `每天得一张卡最坏需要 ${a} 天集齐，但活动只有 ${b} 个业务日：请降低保底间隔或延长活动`],
  [/^must be '#rrggbb', got "(.*)"$/, (_, v) => `须为 #RRGGBB 格式的颜色（当前：${v}）`],
  [/^a festival campaign needs a theme$/, '节日活动须设置主题'],
  [/^a (lottery|cards|leaderboard) campaign needs \1 rules$/, '请填写该类型活动的玩法规则'],
  [/^only a '(\w+)' campaign may carry/, '该活动类型不能带有此玩法规则'],
  [/^an exclusive campaign needs a 'tier' audience/, '专享活动的受众须为“指定等级及以上”'],
  [/^a 'tier' audience needs an integer rank ≥ 0/, '受众为等级时须选择最低等级'],
  [/^only allowed with kind 'tier'$/, '仅在受众为等级时可设置'],
  [/^(\d+) is beyond topN (\d+)$/, (_, a, b) => `名次 ${a} 超出上榜人数 ${b}`],
  [/^rank (\d+) already has a prize$/, (_, r) => `第 ${r} 名已有奖励`],
  [/^ranks must be positive integers with rankFrom ≤ rankTo/, '名次须为正整数，且起始名次不大于结束名次'],
  [/^needs points or a couponTemplateId$/, '请设置积分或优惠券'],
  [/^a points prize needs a positive integer amount/, '积分奖品须设置正整数积分'],
  [/^an empty prize must not carry points or a coupon$/, '“谢谢参与”类奖品不能带积分或券'],
  [/^must be a business date YYYY-MM-DD/, '须为 YYYY-MM-DD 格式的日期'],
  [/^(.+) is before validity\.from (.+)$/, '结束日期早于开始日期'],
  [/^(\d+) must not exceed minSpendFen (\d+)$/, (_, a, b) => `减免金额 ${a} 分不能超过门槛 ${b} 分`],
  [/^a (?:no_threshold|threshold) coupon needs a positive integer fen (?:amount|threshold)/, '须为正整数金额（分）'],
  [/^a no_threshold coupon cannot have a threshold/, '无门槛券不能设置门槛，请改用“满减券”'],
  [/^a discount coupon needs an integer percent paid between 1 and 99/, '折扣须为 1–99 的整数（90 = 9折）'],
  [/must not be worse than the previous tier's/, '不能比上一等级的折扣更差'],
  [/^(\d+) must be greater than the previous tier's (\d+)/, (_, a, b) => `须大于上一等级的 ${b}（当前：${a}）`],
  [/min (.*?) must be greater than the previous tier's (\S*)/, (_, a, b) => `门槛 ${shown(a)} 须高于上一等级的 ${shown(b)}`],
  [/^the lowest tier must have no requirements/, '最低等级不能设置升级条件（所有会员都持有）'],
  [/^at least one tier is required$/, '至少需要一个等级'],
  [/^must list at most 2 task ids$/, '最多选择 2 个任务'],
  [/^(.*?) must equal (\S+) (.*?)(?: \(.*\))?$/, (_, a, other, c) => `须与${LINKED[other] ?? '关联设置'}一致（此处 ${shown(a)}，那里 ${shown(c)}）`],
  [/^must be an integer (?:between|from) (-?\d+) (?:and|to) (-?\d+), got (.*)$/, (_, a, b, v) => `须为 ${a}–${b} 的整数（当前：${shown(v)}）`],
  [/^must be an integer within ±(\d+), got (.*)$/, (_, n, v) => `须为 ±${n} 以内的整数（当前：${shown(v)}）`],
  [/^must be an integer in (\d+)\.\.(.*), got (.*)$/, (_, a, b, v) => `须为 ${a}–${shown(b)} 的整数（当前：${shown(v)}）`],
  [/^needs at least one day offset$/, '至少需要一个天数'],
  [/^a campaign task must name its campaign$/, '活动任务须选择所属活动'],
  [/^a coupon item names its coupon template$/, '优惠券商品须选择优惠券模板'],
  [/^(\d+)–(\d+) letters, digits, - or _$/, (_, a, b) => `须为 ${a}–${b} 位字母、数字、- 或 _`],
  [/^(\d+)–(\d+) characters$/, (_, a, b) => `须为 ${a}–${b} 个字符`],
  [/^at most (\d+) characters$/, (_, n) => `最多 ${n} 个字符`],
  [/^coupon, gift or service$/, '须为优惠券、实物礼品或到店服务'],
  [/^must be true or false$/, '须为“是”或“否”'],
  [/^must be a string$/, '须为文字'],
  [/^must be one of (.*), got "(.*)"$/, (_, list, v) => `须为以下之一：${list}（当前：${v}）`],
  [/^must be "(.*)" or "(.*)"$/, (_, a, b) => `须为「${a}」或「${b}」`],
  [/^only "(.*)" is supported, got "(.*)"$/, (_, a) => `仅支持「${a}」`],
  [/^unknown (?:metric|kind|source|action|template) "(.*)"$/, (_, v) => `未知的选项「${v}」`],
  [/^malformed \(/, '格式不正确'],
  [/^share rewards are switched on for a mini program without/, '小程序上开启分享奖励须先确认合规开关（微信运营规范 5.1 禁止奖励分享）'],
  [/^missing$/, '缺少此项'],
  [/^required$/, '必填'],
  [/^(\d+) is below the (week|day) limit (\d+)$/, (_, a, _w, b) => `${a} 低于更短周期的上限 ${b}`],
  [/^must be an id of 1 to 64 characters/, '编号须为 1–64 个字符'],
  [/^lists an id twice$/, '编号不能重复'],
  [/^"(.*)" is used twice$/, (_, id) => `ID「${id}」重复`],
  [/^white text on #\w+ has contrast ([\d.]+):1, below ([\d.]+):1/, (_, r, min) => `白色文字在此颜色上的对比度只有 ${r}:1，低于 ${min}:1（WCAG 2.1 AA），请选更深的颜色`],
  [/^#\w+ text on its light tint (#\w+) has contrast ([\d.]+):1, below ([\d.]+):1/, (_, tint, r, min) => `此颜色的文字在它的浅色底 ${tint} 上对比度只有 ${r}:1，低于 ${min}:1（WCAG 2.1 AA），请选更深的颜色`],
  [/^must be a list/, '须为列表'],
  [/^must be a number, got (.*)$/, (_, v) => `须为数字（当前：${shown(v)}）`],
  [/^must be at most (\d+), got (.*)$/, (_, n, v) => `不能超过 ${Number(n).toLocaleString('zh-CN')}（当前：${shown(v)}）`],
  [/^must be an object, got/, '缺少此项或格式不正确'],
  [/^must be a string, got/, '须为文字'],
  [/^must be a boolean, got/, '须为“是”或“否”'],
  [/^says "(.*)" but earlyAccessMinutes is (\d+)$/, (_, a, n) => `写的是「${a}」，但本等级提前参与为 ${n} 分钟：请改为一致`],
  [/^says "(.*)" where the app says "(.*)"$/, (_, a, b) => `写的是「${a}」，会员在等级权益表里看到的是「${b}」：请改为「${b}」`],
  [/^says "(.*)" but freeServicesPerMonth is (\d+)$/, (_, a, n) => (n === '0' ? `写的是「${a}」，但本等级没有每月免费服务：请删去这一行` : `写的是「${a}」，但本等级每月免费服务为 ${n} 次：请改为一致`)],
  [/^says "(.*)" but campaignTaskDoublePoints is off$/, (_, a) => `写的是「${a}」，但本等级未开启活动任务积分翻倍：请删去这一行或开启它`],
  [/^says "(.*)" but discountPercent is (\d+)$/, (_, a, n) => `写的是「${a}」，但本等级折扣为 ${Number(n) / 10} 折：请改为一致`],
]

/** The settings two sections share, by the path of the one a problem names, as the form labels it. */
const LINKED: Record<string, string> = {
  'lifecycle.newcomerDays': '「其他设置 › 新人期」',
  'points.pointValueFen': '「积分与上限 › 1 积分价值」',
}

/** `"a" (春季幸运转盘), "b" (夏日转盘)` → 「春季幸运转盘」「夏日转盘」. */
function campaignNames(list: string): string {
  const names = [...list.matchAll(/"[^"]*" \((.*?)\)(?:, |$)/g)].map((m) => `「${m[1]}」`)
  return names.length > 0 ? names.join('') : list
}

/**
 * The validator's English message in zh-CN where the pattern is known; otherwise said to be wrong, with it. A message
 * with no Latin letter (a field's own 须为 1–100 的整数) is already in words.
 */
export function problemText(message: string): string {
  if (!/[A-Za-z]/.test(message)) return message
  for (const [re, out] of ZH) {
    const m = re.exec(message)
    if (m) return typeof out === 'string' ? out : out(...m)
  }
  return `此项设置不正确（${message}）`
}
