import { defaultRules } from '../mock/seed'
import { seededRng } from '../src/domain/context'
import { createCore } from '../server/core/pipeline'
import { signinOp } from '../server/core/use-cases/signin'
import { playPopulation } from './bench-population'

async function main() {
  const T0 = Date.parse('2026-11-24T10:00:00+08:00')
  const rules = defaultRules(T0)
  let t0 = Date.now()
  const pop = await playPopulation({ now: T0, rules, templates: 3, horizonDays: 30, longDays: Number(process.argv[2] ?? 1750) })
  console.log('played', pop.writes, 'in', Date.now() - t0, 'ms; long', pop.long)
  let now = T0
  const rng = seededRng(5)
  const core = createCore({ storage: pop.storage, clock: () => now, rng, env: { brand: { name: 'x', serviceUrl: 'tel:1', shareBaseUrl: 'https://x/' }, identify: async (p, c) => ({ loginKeys: [`${p}:${c}`] }), newToken: () => `t${rng()}`, sessionTtlMs: 1e9, passwords: { hash: async (p) => p, verify: async () => true }, adjustApprovalAbove: 1000 } as never })
  const fresh = await core.write(now, async (work) => (await work.register({ platform: 'h5' })).member.id)
  const ids = { new: fresh, spender: `mbr-${pop.long.spender}`, hoarder: `mbr-${pop.long.hoarder}` }
  const samples: Record<string, number[]> = { new: [], spender: [], hoarder: [] }
  for (let d = 1; d <= Number(process.argv[3] ?? 40); d++) {
    now = T0 + d * 86_400_000
    for (const [k, id] of Object.entries(ids)) {
      if (process.argv[4] && k !== process.argv[4]) continue
      const a = performance.now()
      await core.write(now, async (work) => { const tx = await work.member(id, { acting: true }); signinOp(tx) })
      if (d > 5) samples[k].push(performance.now() - a)
    }
  }
  for (const [k, v] of Object.entries(samples)) { v.sort((a, b) => a - b); console.log(k, 'median', v[Math.floor(v.length / 2)].toFixed(2), 'ms') }
  const m = await pop.storage.read((s) => s.member(ids.spender))
  console.log('spender doc', JSON.stringify(m).length, 'lots', m!.points.lots.length, Object.entries(m!).map(([k, v]) => [k, JSON.stringify(v)?.length]).sort((a: any, b: any) => b[1] - a[1]).slice(0, 6))
}
main()
