import { openPglite } from '../server/sql/db'
async function main() {
  const db = await openPglite('/work/benchdb2')
  const cols = ['growth', 'spendFen', 'orders', 'activeDays', 'signinDays', 'tasksCompleted', 'shares']
  const snake = (c: string) => c.replace(/[A-Z]/g, (x) => '_' + x.toLowerCase())
  const t0 = performance.now()
  await db.query(`alter table member_days ${cols.map((c) => `add column m_${snake(c)} bigint generated always as (coalesce((metrics->>'${c}')::bigint, 0)) stored`).join(', ')}`)
  console.log('alter', (performance.now() - t0).toFixed(0), 'ms')
  const q1 = `select coalesce((select json_object_agg(to_char(d.business_date, 'YYYY-MM-DD'), d.metrics) from member_days d where d.member_id = $1 and d.business_date >= $2), '{}') as days`
  const q2 = `select (select json_build_object(${cols.map((c) => `'${c}', sum(m_${snake(c)})`).join(', ')}) from member_days d where d.member_id = $1 and d.business_date > $2 and d.business_date < $3) as sums,
     coalesce((select json_object_agg(to_char(d.business_date, 'YYYY-MM-DD'), d.metrics) from member_days d where d.member_id = $1 and d.business_date >= $3), '{}') as days`
  const run = async (name: string, q: string, p: unknown[]) => {
    let res: any
    for (let k = 0; k < 3; k++) {
      const t = performance.now()
      for (let i = 0; i < 100; i++) res = await db.query(q, p as any)
      if (k === 2) console.log(name, ((performance.now() - t) / 100).toFixed(3), 'ms', JSON.stringify(res.rows[0]).slice(0, 200))
    }
  }
  await run('agg', q1, ['mbr-251', '2025-10-24'])
  await run('sums', q2, ['mbr-251', '2025-11-24', '2026-10-01'])
  await run('agg-new', q1, ['mbr-5', '2025-10-24'])
  await run('sums-new', q2, ['mbr-5', '2025-11-24', '2026-10-01'])
  await db.close()
}
main()
