/**
 * The reconciliation of lapsed unpaid orders (server/payments/settle.ts) goes through them a batch at a time and
 * goes on where the last pass stopped: trades the provider keeps answering "still paying" (or not at all) never hold
 * back, pass after pass, the orders placed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runScript } from './support/databases'

async function passes(input: { orders: number; batch: number; passes: number; stopAfter?: number; payBeforeMinutes?: number }): Promise<string[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reconcile-'))
  try {
    return await runScript<string[][]>('tests/server/support/reconcile-passes.ts', input, { args: [path.join(dir, 'db')] })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('orders stuck at the provider do not hold back the ones after them: each pass goes on from the last, then starts over', async () => {
  expect(await passes({ orders: 5, batch: 2, passes: 4 })).toEqual([['ord-1-1', 'ord-2-1'], ['ord-3-1', 'ord-4-1'], ['ord-5-1'], ['ord-1-1', 'ord-2-1']])
})

test('a pass stopped half-way (the server shutting down) is taken up where it stopped', async () => {
  expect(await passes({ orders: 5, batch: 2, passes: 2, stopAfter: 1 })).toEqual([['ord-1-1'], ['ord-2-1', 'ord-3-1']])
})

test('an order lapses at the time it was given when placed: one given an hour is not asked after 20 minutes, though the rules now say 15', async () => {
  expect(await passes({ orders: 2, batch: 5, passes: 1, payBeforeMinutes: 60 })).toEqual([[]])
  expect(await passes({ orders: 2, batch: 5, passes: 1, payBeforeMinutes: 15 })).toEqual([['ord-1-1', 'ord-2-1']])
})
