/**
 * `tsx tests/server/support/reconcile-passes.ts <DATA_DIR>` with `{"orders": n, "batch": b, "passes": p}` on stdin:
 * on a fresh PGlite database, `n` orders left unpaid 20 minutes ago, a provider that answers every query "the member
 * is still paying" (USERPAYING), and `p` reconciliation passes of `b` orders each, as the server runs them
 * (server/backend.ts); with `stopAfter`, the first pass is stopped (the server shutting down) after that many; with
 * `payBeforeMinutes`, each order was given that long to pay when placed (its `payBefore`; the rules say 15). Prints
 * the order ids each pass asked about. A child process: PGlite cannot load inside Jest.
 */
import { serverPayments } from '../../../server/backend'
import type { PaymentProvider } from '../../../server/core/payments'
import type { Core } from '../../../server/core/pipeline'
import { openPglite } from '../../../server/sql/db'
import { migrate } from '../../../server/sql/migrate'
import type { RulesConfig } from '../../../src/domain/config'
import { childScript } from './child'

childScript(
  () => openPglite(process.argv[2]),
  async (db, { orders, batch, passes, stopAfter, payBeforeMinutes }: { orders: number; batch: number; passes: number; stopAfter?: number; payBeforeMinutes?: number }) => {
    await migrate(db)
    const now = Date.parse('2026-11-24T02:00:00.000Z')
    for (let i = 1; i <= orders; i++) {
      const createdAt = now - 20 * 60_000 + i * 1000
      const doc = payBeforeMinutes === undefined ? {} : { payBefore: new Date(createdAt + payBeforeMinutes * 60_000).toISOString() }
      await db.query(`insert into orders (member_id, order_id, status, created_at, doc) values ($1, $2, 'pending_payment', $3, $4)`, [`m-${i}`, `ord-${i}-1`, new Date(createdAt), doc])
    }
    let asked: string[] = []
    const stuck = (): never => {
      throw new Error('only queries are expected')
    }
    const provider: PaymentProvider = {
      name: 'wechat',
      tradePrefix: '',
      query: async (outTradeNo) => {
        asked.push(outTradeNo)
        return { paid: false, state: 'USERPAYING' }
      },
      prepay: stuck,
      close: stuck,
      refund: stuck,
      notification: stuck,
      acknowledge: stuck,
    }
    // Nothing is written for a trade still being paid: no core is needed.
    const payments = serverPayments({ core: undefined as unknown as Core, db, provider, now: () => now, batch }, async () => ({ orders: { pendingExpiryMinutes: 15 } }) as RulesConfig)
    const out: string[][] = []
    for (let p = 0; p < passes; p++) {
      asked = []
      await payments.reconcile(() => p === 0 && stopAfter !== undefined && asked.length >= stopAfter)
      out.push(asked)
    }
    return out
  },
)
