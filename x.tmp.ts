import { seededAt } from './tests/mock/support/demo-invariants'
;(async () => {
  for (let i = 0; i < 4; i++) { const t0 = Date.now(); await seededAt('2026-12-02T10:00:00+08:00'); console.log('seed', Date.now() - t0, 'ms') }
})()
