/**
 * `tsx tests/server/support/working-sets.ts` with DATA_DIR or DATABASE_URL set and `{"playedAt", "instants",
 * "minLots"}` on stdin: seeds the demo as the server does (played in memory, bulk-loaded), then prints, as JSON, every
 * member's working set as the SQL storage loads it at each instant with each least window of lots, next to every live
 * lot and every tier day of the member read straight from the tables (tests/server/lots-window.test.ts). A child
 * process: PGlite cannot load inside Jest.
 */
import { createLoyaltyBackend } from '../../../mock/app'
import { memoryKvPersistence } from '../../../mock/kv-persistence'
import { defaultRules } from '../../../mock/seed'
import { seededRng } from '../../../src/domain/context'
import type { Lot } from '../../../src/domain/points'
import type { MemberRecord } from '../../../server/core/records'
import { bulkLoad } from '../../../server/sql/bulk-load'
import { openPglite, openPostgres } from '../../../server/sql/db'
import { migrate } from '../../../server/sql/migrate'
import { createSqlStorage } from '../../../server/sql/sql-storage'
import { childScript } from './child'

export interface WorkingSetCase {
  id: string
  now: number
  minLots: number
  member: Pick<MemberRecord, 'metricsByDay' | 'metricsCarried'> & { points: Pick<MemberRecord['points'], 'lots' | 'unloaded'> }
}

export interface WorkingSets {
  /** Per member: every lot with points left (FIFO order) and every tier day, straight from the tables. */
  members: Record<string, { live: Lot[]; days: MemberRecord['metricsByDay'] }>
  cases: WorkingSetCase[]
}

childScript(
  () => (process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL, 2) : openPglite(process.env.DATA_DIR!)),
  async (db, { playedAt, instants, minLots }: { playedAt: number; instants: number[]; minLots: number[] }): Promise<WorkingSets> => {
    await migrate(db)
    const played = await createLoyaltyBackend({ persistence: memoryKvPersistence(), clock: () => playedAt, rng: seededRng(7), config: defaultRules(playedAt) })
    await bulkLoad(db, played.storage)
    const ids = (await db.query<{ member_id: string }>('select member_id from members order by member_id')).rows.map((r) => r.member_id)
    const out: WorkingSets = { members: {}, cases: [] }
    for (const id of ids) {
      const live = await db.query<{ doc: Lot }>('select doc from point_lots where member_id = $1 and remaining > 0 order by expires_at, lot_no', [id])
      const days = await db.query<{ d: string; metrics: MemberRecord['metricsByDay'][string] }>(
        "select to_char(business_date, 'YYYY-MM-DD') as d, metrics from member_days where member_id = $1",
        [id],
      )
      out.members[id] = { live: live.rows.map((r) => r.doc), days: Object.fromEntries(days.rows.map((r) => [r.d, r.metrics])) }
    }
    for (const now of instants) {
      for (const least of minLots) {
        const storage = createSqlStorage({ db, clock: () => now, lotsWindowMin: least })
        for (const id of ids) {
          const m = await storage.read((s) => s.member(id))
          if (!m) throw new Error(`no member ${id}`)
          out.cases.push({ id, now, minLots: least, member: { metricsByDay: m.metricsByDay, metricsCarried: m.metricsCarried, points: { lots: m.points.lots, unloaded: m.points.unloaded } } })
        }
      }
    }
    return out
  },
)
