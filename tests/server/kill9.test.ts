/**
 * Durability of the production server on PGlite and on PostgreSQL: `kill -9` of the whole server process group
 * in the middle of a burst of 500 writes (50 members at once, each logging in, signing in, placing and paying an
 * order — the payment is also the day's 下单 — and sending six events in turn, a review of the order among them), then a restart on the same data directory / database. Every write that was acknowledged
 * (a 2xx received) is there afterwards — the session of each acknowledged login, each acknowledged sign-in in the
 * calendar and the ledger, each acknowledged payment and award in the ledger and the balance — and for every member touched
 * the balance = Σ live lots = the newest ledger entry's balanceAfter ≥ 0, with no day signed twice. At most the
 * one write per member that was in flight at the kill may have landed without its answer.
 *
 * PGlite: the killed server leaves its `server.lock` behind; the restart takes it over (its pid is gone on this host).
 * No test controls: the checks take each write's business date from its own answer, so a burst that crosses
 * midnight in Shanghai is checked as well.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { CreateOrderResponse, ExpiringLots, LedgerEntryWire, LedgerPage, LoginResponse, PayResponse, PointsSummary, SigninResponse } from '@/api/contract'
import type { SigninCalendar } from '@/domain/signin'
import { forEachDatabase } from './support/databases'
import { httpRaw, type RawResponseLike } from './support/http'
import { startServerProcess, type ServerProcess } from './support/server-process'

const MEMBERS = 50
/** The kill comes once this many writes are acknowledged: mid-burst, with writes of every kind in flight. */
const KILL_AFTER_ACKS = 250

type Step =
  | { kind: 'login' }
  | { kind: 'signin' }
  | { kind: 'order' }
  | { kind: 'pay' }
  /** `ofOrder`: the event names the member's order (评价). */
  | { kind: 'event'; type: 'app_open' | 'review' | 'guide_read' | 'follow_account' | 'browse_product'; ofOrder?: true }

interface Outcome {
  step: Step
  /** The 2xx answer, when one arrived. */
  ack: RawResponseLike | null
  /** The order the step was about. */
  orderId: string | null
}

interface MemberRun {
  code: string
  outcomes: Outcome[]
  token: string | null
  memberId: string | null
  orderId: string | null
}

const STEPS: Step[] = [
  { kind: 'login' },
  { kind: 'signin' },
  { kind: 'event', type: 'app_open' },
  { kind: 'order' },
  { kind: 'pay' },
  { kind: 'event', type: 'review', ofOrder: true },
  { kind: 'event', type: 'guide_read' },
  { kind: 'event', type: 'browse_product' },
  { kind: 'event', type: 'follow_account' },
  { kind: 'event', type: 'browse_product' },
]

/** The most ledger entries one write makes: a payment's purchase points and the 下单 it records. */
const IN_FLIGHT_ENTRIES = 2

/** The ledger ref an acknowledged award is recorded under. */
function refOf({ step, ack, orderId }: Outcome & { ack: RawResponseLike }): string | null {
  if (step.kind === 'signin') return `signin:${(ack.body as SigninResponse).calendar.today}`
  if (step.kind === 'pay') return (ack.body as PayResponse).awarded.points > 0 ? orderId : null
  if (step.kind !== 'event') return null
  const awarded = (ack.body as { awarded: { awarded: number } | null }).awarded?.awarded ?? 0
  if (awarded === 0) return null
  // The first open of the day earns under `first_open:<business date>` (the day is in the balance's ledger entry).
  return step.type === 'app_open' ? 'first_open:' : orderId
}

function balanceOf(ack: RawResponseLike): number | null {
  const b = (ack.body as { balance?: unknown }).balance
  if (typeof b === 'number') return b
  const member = (ack.body as { member?: { balance?: number } }).member
  return typeof member?.balance === 'number' ? member.balance : null
}

forEachDatabase('kill -9 during a burst of 500 writes, then a restart', (db) => {
  let server: ServerProcess | null = null
  const env = () => ({ ...db().serverEnv, RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_MEMBER: '1000000', RATE_LIMIT_PER_OPERATOR: '1000000', RATE_LIMIT_CONSOLE_SIGN_IN_PER_IP: '1000000' })

  afterAll(async () => {
    await server?.stop()
  })

  test('every acknowledged write survives; the points invariants hold for every member touched', async () => {
    server = await startServerProcess(env())
    const before = server
    const runs: MemberRun[] = Array.from({ length: MEMBERS }, (_, i) => ({ code: `k9-${randomUUID().slice(0, 8)}-${i}`, outcomes: [], token: null, memberId: null, orderId: null }))
    let acks = 0
    let killing: Promise<void> | null = null

    async function play(run: MemberRun): Promise<void> {
      for (const step of STEPS) {
        const auth: Record<string, string> = run.token ? { authorization: `Bearer ${run.token}`, 'idempotency-key': randomUUID() } : {}
        const outcome: Outcome = { step, ack: null, orderId: step.kind === 'pay' || (step.kind === 'event' && step.ofOrder) ? run.orderId : null }
        run.outcomes.push(outcome)
        const post = (p: string, body: unknown) => httpRaw(before.url, { method: 'POST', path: p, headers: auth, body })
        let res: RawResponseLike
        try {
          if (step.kind === 'login') res = await post('/auth/login', { platform: 'h5', code: run.code })
          else if (step.kind === 'signin') res = await post('/signin', {})
          else if (step.kind === 'order') res = await post('/orders', { items: [{ sku: 'oolong', qty: 1 }], couponId: null })
          else if (step.kind === 'pay') res = await post(`/orders/${run.orderId}/pay`, { result: 'paid' })
          else res = await post('/events', { type: step.type, ...(outcome.orderId ? { ref: outcome.orderId } : {}) })
        } catch {
          return // the server is gone: this write's fate is unknown, and the member sends nothing more
        }
        if (res.status < 200 || res.status > 299) throw new Error(`${step.kind} answered ${res.status} before the kill: ${JSON.stringify(res.body)}`)
        outcome.ack = res
        if (step.kind === 'login') {
          run.token = (res.body as LoginResponse).token
          run.memberId = (res.body as LoginResponse).member.id
        }
        if (step.kind === 'order') run.orderId = (res.body as CreateOrderResponse).order.id
        if (++acks === KILL_AFTER_ACKS) killing = before.kill9()
      }
    }

    await Promise.all(runs.map(play))
    expect(killing).not.toBeNull()
    await killing
    const acknowledged = runs.flatMap((r) => r.outcomes.filter((o) => o.ack))
    const unanswered = runs.flatMap((r) => r.outcomes.filter((o) => !o.ack))
    // The kill landed mid-burst: some writes were answered, some were cut off.
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
    expect(acknowledged.length).toBeLessThan(MEMBERS * STEPS.length)
    expect(unanswered.length).toBeGreaterThan(0)

    if (db().dataDir) {
      // PGlite: the lock of the killed process is still there, naming a pid that is gone.
      const lock = path.join(db().dataDir!, 'server.lock')
      expect(existsSync(lock)).toBe(true)
      const { pid } = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }
      expect(pid).toBeGreaterThan(0)
      // The server's own process (tsx's child) dies with its group; it may take a moment to be reaped.
      const gone = async () => {
        for (let i = 0; i < 100; i++) {
          try {
            process.kill(pid, 0)
          } catch {
            return true
          }
          await new Promise((r) => setTimeout(r, 100))
        }
        return false
      }
      expect(await gone()).toBe(true)
    }

    server = await startServerProcess(env())
    const after = server
    const get = async <T>(token: string, p: string): Promise<T> => {
      const r = await httpRaw(after.url, { method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } })
      expect(r.status).toBe(200)
      return r.body as T
    }

    let checkedAcks = 0
    for (const run of runs) {
      // An acknowledged login's session is still good.
      if (run.token) {
        const me = await get<{ id: string }>(run.token, '/member/me')
        expect(me.id).toBe(run.memberId)
      }
      // Every member touched, acknowledged or not, is checked through a fresh session (same code, same member).
      const again = await httpRaw(after.url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: run.code } })
      expect(again.status).toBe(200)
      const login = again.body as LoginResponse
      if (run.memberId) expect(login.member.id).toBe(run.memberId)
      const token = login.token

      const ledger = await get<LedgerPage>(token, '/points/ledger?limit=100')
      expect(ledger.nextCursor).toBeNull()
      const summary = await get<PointsSummary>(token, '/points/summary')
      const lots = await get<ExpiringLots>(token, '/points/expiring')
      const entries: LedgerEntryWire[] = ledger.entries

      // balance = Σ live lots = the newest entry's balanceAfter ≥ 0
      expect(summary.balance).toBe(lots.lots.reduce((s, l) => s + l.remaining, 0))
      expect(summary.balance).toBe(entries[0]?.balanceAfter ?? 0)
      expect(summary.balance).toBeGreaterThanOrEqual(0)

      // No day signed twice (ledger and calendar).
      const signinRefs = entries.filter((e) => e.ref.startsWith('signin:')).map((e) => e.ref)
      expect(new Set(signinRefs).size).toBe(signinRefs.length)

      let lastAckedBalance = 0
      let ackedEntries = 0
      // The entries each ref should have: the order's purchase points, its 下单 and its 评价 are three under one ref.
      const expected = new Map<string, number>()
      for (const outcome of run.outcomes) {
        const { step, ack } = outcome
        if (!ack) continue
        checkedAcks++
        lastAckedBalance = balanceOf(ack) ?? lastAckedBalance
        const ref = refOf({ ...outcome, ack })
        if (ref === null) continue
        // A payment earns its purchase points and, when it earned more than those, the 下单 it records.
        const paid = ack.body as PayResponse
        const n = step.kind === 'pay' && paid.awarded.points > paid.order.quote.pointsToEarn ? 2 : 1
        ackedEntries += n
        expected.set(ref, (expected.get(ref) ?? 0) + n)
        if (step.kind === 'signin') {
          const date = (ack.body as SigninResponse).calendar.today
          const cal = await get<SigninCalendar>(token, `/signin/calendar?month=${date.slice(0, 7)}`)
          const days = cal.days.map((d) => d.date)
          expect(new Set(days).size).toBe(days.length)
          expect(cal.days.find((d) => d.date === date)?.status).toMatch(/^(signed|today-signed)$/)
        }
      }
      for (const [ref, n] of expected) {
        const found = ref.endsWith(':') ? entries.filter((e) => e.ref.startsWith(ref)).length : entries.filter((e) => e.ref === ref).length
        // Every acknowledged one; more only from the write in flight at the kill (a payment makes two).
        expect({ ref, atLeast: found >= n, inFlightAtMost: found <= n + IN_FLIGHT_ENTRIES }).toEqual({ ref, atLeast: true, inFlightAtMost: true })
      }
      // Points only grow in this burst: what an acknowledged answer reported is there; beyond it, at most the
      // one write that was in flight at the kill.
      expect(summary.balance).toBeGreaterThanOrEqual(lastAckedBalance)
      expect(entries.length - ackedEntries).toBeGreaterThanOrEqual(0)
      expect(entries.length - ackedEntries).toBeLessThanOrEqual(IN_FLIGHT_ENTRIES)
    }
    expect(checkedAcks).toBe(acknowledged.length)
  }, 300_000)
})
