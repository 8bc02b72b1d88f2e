/**
 * A coupon template with fixed dates ends; the rules that give it may outlive it (a sign-in bonus, a set of cards
 * claimed after its campaign, a leaderboard settled days after its end). What a rule gives with it stands without
 * the coupon (MemberTx.give), a lottery leaves the prize out, and a settlement that fails for any reason is logged
 * and tried again later — never the failure of the write that carried it (before: every POST of every member and
 * the operator's own rules save answered 422 COUPON_TEMPLATE_EXPIRED for good).
 */
import * as campaignsUseCases from '../../server/core/use-cases/campaigns'
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { defaultRules } from '../../mock/seed'
import * as rulesConfig from '../../src/domain/config'
import { validateRulesConfig, type RulesConfig } from '../../src/domain/config'
import type { CampaignDefinition } from '../../src/domain/campaigns'
import { seededRng } from '../../src/domain/context'
import { RuleError } from '../../src/domain/errors'

const DAY = 86_400_000

/** `saved: 'before'`: a document saved before the validator refused what it holds (the backend takes it unchecked). */
async function setup(nowIso: string, mutate: (r: RulesConfig) => RulesConfig, saved: 'now' | 'before' = 'now') {
  let now = Date.parse(nowIso)
  const config = mutate(defaultRules(now))
  if (saved === 'now') expect(validateRulesConfig(config)).toEqual({ ok: true })
  const unchecked = saved === 'before' ? jest.spyOn(rulesConfig, 'validateRulesConfig').mockReturnValue({ ok: true }) : null
  const logged: string[] = []
  const backend = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => now, rng: seededRng(3), history: false, config })
  unchecked?.mockRestore()
  let n = 0
  const call = async (method: 'GET' | 'POST', path: string, token?: string, body: unknown = {}) =>
    (await backend.handle({
      method,
      path,
      query: {},
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'POST' ? { 'idempotency-key': `k-${++n}` } : {}) },
      rawBody: method === 'GET' ? undefined : JSON.stringify(body),
      logError: (message) => logged.push(message),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers of several routes, read field by field
    })) as { status: number; body: any }
  const login = async (code: string) => (await call('POST', '/auth/login', undefined, { platform: 'h5', code })).body as { token: string; member: { id: string } }
  return { call, login, logged, set: (iso: string) => (now = Date.parse(iso)), advance: (ms: number) => (now += ms) }
}

const fixed = (from: string, to: string) => ({ kind: 'fixed' as const, from, to })

test('the day-7 sign-in after the bonus coupon’s dates ended: the sign-in and its 30 points stand, without the coupon', async () => {
  const t = await setup('2026-11-06T10:00:00+08:00', (r) => ({
    ...r,
    coupons: { ...r.coupons, templates: r.coupons.templates.map((x) => (x.id === 'signin-day7' ? { ...x, validity: fixed('2026-11-01', '2026-11-11') } : x)) },
  }))
  const { token } = await t.login('ended-signin')
  const answers = []
  for (let day = 0; day < 7; day++) {
    answers.push(await t.call('POST', '/signin', token))
    t.advance(DAY)
  }
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200])
  expect(answers[6].body.streak).toBe(7)
  expect(answers[6].body.awarded.bonus).toBe(30)
  expect(answers[6].body.coupon).toBeUndefined()
  const wallet = (await t.call('GET', '/coupons', token)).body
  expect(JSON.stringify(wallet)).not.toContain('signin-day7')
})

test('a lottery prize whose coupon’s dates end before the campaign is refused; one saved before that no longer comes out once they end', async () => {
  const lottery = (r: RulesConfig): RulesConfig => ({
    ...r,
    coupons: { ...r.coupons, templates: [...r.coupons.templates, { id: 'd11', name: '双11 ¥10 券', kind: 'no_threshold' as const, offFen: 1000, validity: fixed('2026-11-01', '2026-11-12'), source: 'campaign' as const }] },
    campaigns: r.campaigns.map((c) =>
      c.id === 'lucky-wheel'
        ? { ...c, lottery: { ...c.lottery!, prizes: [{ id: 'd11', name: '双11 ¥10 券', kind: 'coupon' as const, couponTemplateId: 'd11', weight: 1000, stock: null }, ...c.lottery!.prizes.filter((p) => p.kind === 'empty')] } }
        : c,
    ),
  })
  expect(validateRulesConfig(lottery(defaultRules(Date.parse('2026-11-12T10:00:00+08:00'))))).toMatchObject({
    ok: false,
    problems: [expect.stringMatching(/^campaigns\[\d\]\.lottery\.prizes\[0\]\.couponTemplateId: coupon template "d11" can be issued until 2026-11-12, but the campaign gives it until 2026-11-\d\d;/)],
  })
  const t = await setup('2026-11-12T10:00:00+08:00', lottery, 'before')
  const { token } = await t.login('ended-lottery')
  const before = (await t.call('GET', '/campaigns/lucky-wheel', token)).body.lottery
  expect(before.odds.map((o: { prizeId: string }) => o.prizeId)).toContain('d11')
  t.set('2026-11-13T10:00:00+08:00')
  const after = (await t.call('GET', '/campaigns/lucky-wheel', token)).body.lottery
  expect(after.odds.map((o: { prizeId: string }) => o.prizeId)).not.toContain('d11')
  expect(after.prizes.map((p: { id: string }) => p.id)).not.toContain('d11')
  const draw = await t.call('POST', '/campaigns/lucky-wheel/draw', token)
  expect(draw.status).toBe(200)
  expect(draw.body.prize.kind).toBe('empty')
})

test('a set of cards claimed after the prize coupon’s dates ended: the points are paid, the coupon is not given', async () => {
  const t = await setup('2026-11-24T10:00:00+08:00', (r) => ({
    ...r,
    coupons: { ...r.coupons, templates: r.coupons.templates.map((x) => (x.id === 'festival-spring' ? { ...x, validity: fixed('2026-11-23', '2026-12-07') } : x)) },
  }))
  const { token } = await t.login('ended-cards')
  for (let day = 0; day < 13; day++) {
    await t.call('POST', '/signin', token)
    if ((await t.call('GET', '/campaigns/spring-cards', token)).body.cards.complete) break
    t.advance(DAY)
  }
  expect((await t.call('GET', '/campaigns/spring-cards', token)).body.cards.setPrize.couponName).toEqual(expect.any(String))
  t.set('2026-12-08T10:00:00+08:00') // the day after the campaign (and the coupon's dates) ended
  const detail = (await t.call('GET', '/campaigns/spring-cards', token)).body.cards
  expect(detail.setPrize.couponName).toBeNull()
  const balance = (await t.call('GET', '/points/summary', token)).body.balance
  const claim = await t.call('POST', '/campaigns/spring-cards/cards/claim', token)
  expect(claim.status).toBe(200)
  expect(claim.body.coupon).toBeNull()
  expect(claim.body.points).toBe(detail.setPrize.points)
  expect(claim.body.balance).toBe(balance + detail.setPrize.points)
})

const race = (audience: CampaignDefinition['audience'] = { kind: 'all' }): CampaignDefinition => ({
  id: 'day-race',
  type: 'leaderboard',
  name: '今日积分榜',
  description: '今天赚积分最多的会员得奖',
  startsAt: '2026-11-24T00:00:00+08:00',
  endsAt: '2026-11-25T00:00:00+08:00',
  audience,
  leaderboard: { topN: 3, prizes: [{ rankFrom: 1, rankTo: 3, points: 100, couponTemplateId: 'race-coupon' }] },
})
const withRace = (r: RulesConfig): RulesConfig => ({
  ...r,
  coupons: { ...r.coupons, templates: [...r.coupons.templates, { id: 'race-coupon', name: '排行榜 ¥20 券', kind: 'no_threshold' as const, offFen: 2000, validity: fixed('2026-11-24', '2026-11-25'), source: 'campaign' as const }] },
  campaigns: [...r.campaigns.filter((c) => c.id !== 'lucky-wheel'), race()],
})

test('a leaderboard settled after its prize coupon’s dates ended pays the points without the coupon; the write that settles it succeeds', async () => {
  const t = await setup('2026-11-24T10:00:00+08:00', withRace)
  const { token } = await t.login('ended-race')
  expect((await t.call('POST', '/signin', token)).status).toBe(200)
  t.set('2026-11-26T10:00:00+08:00') // nobody wrote on the 25th: the board settles a day after the coupon's last day
  expect((await t.call('POST', '/signin', token)).status).toBe(200)
  const ledger = (await t.call('GET', '/points/ledger', token)).body.entries
  expect(ledger.filter((e: { ref?: string }) => e.ref === 'leaderboard:day-race:1').map((e: { amount: number }) => e.amount)).toEqual([100])
  expect(JSON.stringify((await t.call('GET', '/coupons', token)).body)).not.toContain('race-coupon')
})

test('a settlement that fails is logged and tried again a minute later, and the writes that carried it succeed', async () => {
  const t = await setup('2026-11-24T10:00:00+08:00', withRace)
  const { token } = await t.login('failed-race')
  expect((await t.call('POST', '/signin', token)).status).toBe(200)
  const settle = jest.spyOn(campaignsUseCases, 'settleLeaderboards').mockRejectedValue(new RuleError('SOMETHING_WRONG', '出错了', 422))
  try {
    t.set('2026-11-25T10:00:00+08:00')
    expect((await t.call('POST', '/signin', token)).status).toBe(200)
    expect((await t.call('POST', '/auth/login', undefined, { platform: 'h5', code: 'another-member' })).status).toBe(200)
    expect(settle).toHaveBeenCalledTimes(1) // the second write did not try again within the minute
    expect(t.logged).toEqual([expect.stringContaining('settling day-race failed')])
  } finally {
    settle.mockRestore()
  }
  t.advance(61_000)
  expect((await t.call('POST', '/events', token, { type: 'app_open' })).status).toBe(200)
  const ledger = (await t.call('GET', '/points/ledger', token)).body.entries
  expect(ledger.some((e: { ref?: string }) => e.ref === 'leaderboard:day-race:1')).toBe(true)
})

test('an invitee coupon whose fixed dates ended: the share card promises it no more, and the accept gives none', async () => {
  let welcome = ''
  const t = await setup('2026-11-24T10:00:00+08:00', (r) => {
    welcome = r.invite.inviteeCouponTemplateId
    return { ...r, coupons: { ...r.coupons, templates: r.coupons.templates.map((x) => (x.id === welcome ? { ...x, validity: fixed('2026-11-01', '2026-11-24') } : x)) } }
  })
  const inviter = await t.login('ended-inviter')
  const before = (await t.call('GET', '/invites', inviter.token)).body
  expect(before.shareTitle).toContain('注册即得')
  t.set('2026-11-25T10:00:00+08:00')
  const after = (await t.call('GET', '/invites', inviter.token)).body
  expect(after.shareTitle).not.toContain('注册即得')
  expect(after.rewardPerInvite.inviteeCoupon).toBe('')
  const friend = await t.login('ended-invitee')
  const accepted = await t.call('POST', '/invites/accept', friend.token, { code: after.code })
  expect(accepted.status).toBe(200)
  expect(accepted.body.coupon).toBeNull()
})
