/** The operator's rules document (MOCK_RULES_FILE): sections replace the defaults, a bad document is refused. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createLoyaltyBackend } from '../../mock/app'
import { memoryKvPersistence } from '../../mock/kv-persistence'
import { loadRulesFile } from '../../mock/rules-file'
import { DEFAULT_RULES_CONFIG } from '@/domain/config'
import { seededRng } from '@/domain/context'
import type { CampaignsResponse, LoginResponse } from '@/api/contract'

const EXAMPLE = path.resolve(__dirname, '../../mock/rules.example.json')
const NOW = Date.parse('2027-09-11T12:00:00+08:00')

function tempFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rules-')), 'rules.json')
  writeFileSync(file, content)
  return file
}

test('the example document replaces the campaigns and keeps every other section at its default', () => {
  const rules = loadRulesFile(EXAMPLE, NOW)
  expect(rules.version).toBe(2)
  expect(rules.campaigns.map((c) => c.id)).toEqual(['midautumn-2027', 'midautumn-wheel', 'diamond-preview'])
  expect(rules.signin).toEqual(DEFAULT_RULES_CONFIG.signin)
  expect(rules.tiers).toEqual(DEFAULT_RULES_CONFIG.tiers)
})

test('a backend running the example shows its festival theme, multiplier and lottery to a new member', async () => {
  const backend = await createLoyaltyBackend({
    persistence: memoryKvPersistence(),
    clock: () => NOW,
    rng: seededRng(7),
    config: loadRulesFile(EXAMPLE, NOW),
    history: false,
  })
  const login = await backend.handle({ method: 'POST', path: '/auth/login', query: {}, headers: { 'idempotency-key': 'k1', 'content-type': 'application/json' }, rawBody: JSON.stringify({ platform: 'h5', code: 'fresh-member' }) })
  const { token } = login.body as LoginResponse
  const res = await backend.handle({ method: 'GET', path: '/campaigns', query: {}, headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  const body = res.body as CampaignsResponse
  // The diamond-only event is exclusive: a normal member does not see it at all.
  expect(body.campaigns.map((c) => [c.id, c.status, c.canEnter])).toEqual([
    ['midautumn-2027', 'running', true],
    ['midautumn-wheel', 'running', true],
  ])
  expect(body.theme).toMatchObject({ key: 'midautumn', primaryColor: '#8f5500' })
  expect(body.campaigns[0].signinMultiplier).toBe(2)
})

test('a document that breaks a rule is refused with every problem named', () => {
  const file = tempFile(
    JSON.stringify({
      signin: { ...DEFAULT_RULES_CONFIG.signin, makeup: { costPoints: -5, maxPerMonth: 3, scope: "current-month" } },
      campaigns: [{ id: 'x', type: 'lottery', name: '抽奖', description: '', startsAt: '2027-01-02T00:00:00+08:00', endsAt: '2027-01-01T00:00:00+08:00', audience: { kind: 'all' } }],
    }),
  )
  expect(() => loadRulesFile(file, NOW)).toThrow(/invalid[\s\S]*signin[\s\S]*campaigns/)
})

test('unknown sections and malformed JSON are refused, naming the file', () => {
  expect(() => loadRulesFile(tempFile('{"campaings": []}'), NOW)).toThrow(/unknown section\(s\) campaings/)
  expect(() => loadRulesFile(tempFile('{"campaigns": ['), NOW)).toThrow(/rules file .*rules\.json/)
  expect(() => loadRulesFile(tempFile('[]'), NOW)).toThrow(/expected a JSON object/)
})
