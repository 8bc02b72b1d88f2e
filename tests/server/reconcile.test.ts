/**
 * The reconciliation of lapsed unpaid orders (server/payments/settle.ts) goes through them a batch at a time and
 * goes on where the last pass stopped: trades the provider keeps answering "still paying" (or not at all) never hold
 * back, pass after pass, the orders placed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runScript } from './support/databases'

test('orders stuck at the provider do not hold back the ones after them: each pass goes on from the last, then starts over', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reconcile-'))
  try {
    const passes = await runScript<string[][]>('tests/server/support/reconcile-passes.ts', { orders: 5, batch: 2, passes: 4 }, { args: [path.join(dir, 'db')] })
    expect(passes).toEqual([['ord-1-1', 'ord-2-1'], ['ord-3-1', 'ord-4-1'], ['ord-5-1'], ['ord-1-1', 'ord-2-1']])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
