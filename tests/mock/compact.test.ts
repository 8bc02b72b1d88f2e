/**
 * Storage budget: a member whose history would overflow the app's storage is compacted so that every key stays
 * under 200 KB and the whole under the budget — without changing anything a rule or a page reads: balance,
 * lots, streak, tier, the newest ledger pages, and monthly reports of folded months.
 */
import { createInProcessAdapter } from '../../mock/adapter'
import { createLoyaltyBackend } from '../../mock/app'
import { compactDb, utf8Length } from '../../mock/compact'
import type { LoyaltyDb } from '../../mock/db'
import { EMBEDDED_STORAGE } from '../../mock/embedded'
import { eventOp } from '../../mock/handlers/events'
import { createOrderOp, payOrderOp } from '../../mock/handlers/orders'
import { signinOp } from '../../mock/handlers/signin'
import { memoryPersistence, storagePersistence } from '../../mock/persistence'
import { seedDb } from '../../mock/seed'
import { openTx, registerMember } from '../../mock/state'
import { createApiClient } from '@/api/client'
import { createEndpoints } from '@/api/endpoints'
import { addDays, businessDateOf, startOfBusinessDay } from '@/domain/calendar'
import { seededRng } from '@/domain/context'
import { limitedStore } from './support/storage'

const NOW = Date.parse('2026-05-20T09:30:00+08:00')
const TODAY = businessDateOf(NOW)

/** Three years of near-daily activity for one member, played through the operations. */
function heavyDb(): LoyaltyDb {
  const rng = seededRng(3)
  let db = seedDb(NOW, rng, undefined, { history: false })
  const days = 3 * 365
  const first = addDays(TODAY, -days)
  const reg = registerMember(db, { platform: 'weapp', nickname: '老会员', now: startOfBusinessDay(first) + 9 * 3600_000, config: db.config })
  db = { ...reg.db, loginCodes: { ...reg.db.loginCodes, 'h5:heavy': reg.member.id } }
  for (let k = days; k >= 1; k--) {
    const at = startOfBusinessDay(addDays(TODAY, -k)) + 10 * 3600_000
    const tx = openTx(db, reg.member.id, { now: at, rng, config: db.config }, { write: true })
    eventOp(tx, 'app_open')
    // Gaps in the sign-ins, so old months fold into the archive (the live run is always kept whole).
    if (k % 9 !== 0) signinOp(tx)
    eventOp(tx, 'core_use', `u-${k}`)
    if (k % 30 === 0) payOrderOp(tx, createOrderOp(tx, [{ sku: 'latte', qty: 1 }], undefined, 0).id, 'paid')
    db = tx.finish()
  }
  return db
}

test('a member whose history would overflow is compacted into the budget; nothing a page reads changes', async () => {
  const db = heavyDb()
  expect(utf8Length(JSON.stringify(db))).toBeGreaterThan(EMBEDDED_STORAGE.totalBytes)

  const ask = async (state: LoyaltyDb) => {
    const backend = await createLoyaltyBackend({ persistence: memoryPersistence(state), clock: () => NOW, rng: seededRng(9) })
    let token: string | null = null
    const api = createEndpoints(createApiClient({ baseURL: '/api/v1', adapter: createInProcessAdapter(backend), auth: { getToken: () => token, relogin: async () => null } }))
    token = (await api.login({ platform: 'h5', code: 'heavy' })).token
    const months = (await api.monthlyReport()).availableMonths
    return {
      me: await api.me(),
      summary: await api.pointsSummary(),
      lots: await api.pointsExpiring(),
      page: await api.pointsLedger(null, 20),
      calendar: await api.signinCalendar(),
      tasks: await api.tasks(),
      reports: await Promise.all([months[1], months[6], months[20], months[months.length - 1]].map((m) => api.monthlyReport(m))),
    }
  }
  const before = await ask(db)

  const store = limitedStore()
  const persistence = storagePersistence<LoyaltyDb>(store, { ...EMBEDDED_STORAGE, compact: (d, target) => compactDb(d, target, NOW) })
  await persistence.save(db)
  for (const [k, v] of store.map) expect(Buffer.byteLength(k) + Buffer.byteLength(v)).toBeLessThan(200 * 1024)
  expect(store.bytes()).toBeLessThan(EMBEDDED_STORAGE.totalBytes + 1024)
  const loaded = (await persistence.load())!
  expect(loaded.members[db.loginCodes['h5:heavy']].points.ledger.length).toBeLessThan(db.members[db.loginCodes['h5:heavy']].points.ledger.length)

  const after = await ask(loaded)
  expect(after.me).toEqual({ ...before.me })
  expect(after.summary).toEqual(before.summary)
  expect(after.lots).toEqual(before.lots)
  expect(after.page).toEqual(before.page)
  expect(after.calendar).toEqual(before.calendar)
  expect(after.tasks).toEqual(before.tasks)
  expect(after.reports.map((r) => ({ ...r, availableMonths: [] }))).toEqual(before.reports.map((r) => ({ ...r, availableMonths: [] })))
}, 60_000)

test('compaction never grows the state and keeps every member, login and session that is still valid', () => {
  const db = seedDb(NOW, seededRng(1))
  const small = compactDb(db, 50 * 1024, NOW)
  expect(utf8Length(JSON.stringify(small))).toBeLessThan(utf8Length(JSON.stringify(db)))
  expect(Object.keys(small.members)).toEqual(Object.keys(db.members))
  expect(small.loginCodes).toEqual(db.loginCodes)
  for (const [id, m] of Object.entries(small.members)) expect(m.points.lots.filter((l) => l.remaining > 0)).toEqual(db.members[id].points.lots.filter((l) => l.remaining > 0))
})
