/**
 * Rules versions for the console (SPEC §8):
 *   GET  /admin/rules                         the version in force and every version, newest first
 *   GET  /admin/rules/versions/{n}            one version with its document
 *   POST /admin/rules/versions                {document, note, effectiveAt?} → a new version, now or scheduled
 *   POST /admin/rules/versions/{n}/restore    {note, effectiveAt?} → a new version with version n's document
 *   POST /admin/rules/versions/{n}/cancel     a scheduled version withdrawn before it takes effect (an admin's: by an admin)
 * A saved document is checked whole (`validateRulesConfig`: 422 `RULES_INVALID` with the problems by field) and
 * gets the next `version` number, so every client notices the change. A change of a running campaign's odds or
 * stock is an admin's decision (rules-versions.ts). Every write is in the audit log.
 */
import type { RulesVersionResponse, RulesVersionsResponse, RulesVersionWire } from '../../../src/api/contract'
import { businessDateOf, parseInstant, parseStrictInstant, toIso } from '../../../src/domain/calendar'
import { DEFAULT_RULES_CONFIG, validateRulesConfig, type RulesConfig } from '../../../src/domain/config'
import {
  assertCalendarUnchanged,
  assertHeldTiersKept,
  assertRunningCampaignsUnchanged,
  assertSettledLeaderboardsKept,
  problemsByField,
  RULES_SCHEDULE_HORIZON_MS,
  versionInForce,
  versionStatus,
} from '../../../src/domain/rules-versions'
import { HttpError } from '../http'
import type { OperatorRecord, OperatorRole, RulesVersionRecord } from '../records'
import type { HandlerArgs, RouteEntry } from '../route'
import { clientInstant, field, invalid, objectBody, optionalInt, optionalString, pathId, requiredText } from '../validate'
import { audit, currentOperator, operatorNames } from './operators'

const SECTIONS = Object.keys(DEFAULT_RULES_CONFIG) as (keyof RulesConfig)[]

/** What an admin scheduled (odds of a running campaign, the time zone …) only an admin withdraws. */
function adminOnlyCancel(v: RulesVersionRecord, askerRole: OperatorRole, operators: readonly OperatorRecord[]): boolean {
  return askerRole !== 'admin' && operators.find((o) => o.username === v.createdBy)?.role === 'admin'
}

type Wire = (v: RulesVersionRecord, all: RulesVersionRecord[], now: number) => RulesVersionWire

/**
 * Versions as the asking operator sees them: who made each by the name the console shows operators by, and
 * `cancellable` when the cancel route would accept theirs.
 */
async function wireFor(args: HandlerArgs): Promise<Wire> {
  // The role authenticate() found on the account just now (a role changed since sign-in applies at once).
  const role = args.session?.operatorRole ?? 'viewer'
  const operators = await args.work.scope.operators()
  const name = operatorNames(operators)
  return (v, all, now) => {
    const status = versionStatus(v, versionInForce(all, now), now)
    const cancelledBy = v.cancelledBy ?? null
    return {
      ...v,
      createdByName: name(v.createdBy),
      cancelledBy,
      cancelledByName: cancelledBy === null ? null : name(cancelledBy),
      status,
      // A version with another scheduled after it is cancelled after that one (successorOf): no button that would answer 409.
      cancellable: status === 'scheduled' && role !== 'viewer' && !adminOnlyCancel(v, role, operators) && !successorOf(v, all),
    }
  }
}

function versionNumber(args: HandlerArgs): number {
  const raw = pathId(args.params, 'id')
  if (!/^\d{1,12}$/.test(raw)) throw new HttpError(404, 'RULES_VERSION_NOT_FOUND', '规则版本不存在', { id: raw })
  return Number(raw)
}

async function findVersion(args: HandlerArgs, no: number): Promise<{ version: RulesVersionRecord; all: RulesVersionRecord[] }> {
  const all = await args.work.scope.rulesVersions()
  const version = all.find((v) => v.versionNo === no)
  if (!version) throw new HttpError(404, 'RULES_VERSION_NOT_FOUND', '规则版本不存在', { id: String(no) })
  return { version, all }
}

/** A body's `document`, an object (400 before anything else in the body: the contract's first required field). */
function documentOf(body: unknown): object {
  const raw = field(objectBody(body), 'document')
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('document', 'must be an object')
  return raw
}

/** A whole document with every section, or 422 with what is missing or wrong. */
function checkedDocument(raw: object): RulesConfig {
  const doc = raw as Record<string, unknown>
  const problems: string[] = []
  for (const key of SECTIONS) {
    const expected = DEFAULT_RULES_CONFIG[key]
    const value = doc[key]
    const ok = Array.isArray(expected) ? Array.isArray(value) : typeof value === typeof expected && value !== null && !Array.isArray(value)
    if (!ok) problems.push(`${key}: missing or not ${Array.isArray(expected) ? 'a list' : typeof expected === 'object' ? 'an object' : `a ${typeof expected}`}`)
  }
  for (const key of Object.keys(doc)) if (!SECTIONS.includes(key as keyof RulesConfig)) problems.push(`${key}: not a section of the rules`)
  if (problems.length === 0) {
    const v = validateRulesConfig(doc as unknown as RulesConfig)
    if (!v.ok) problems.push(...v.problems)
  }
  if (problems.length > 0) throw new HttpError(422, 'RULES_INVALID', '规则有误，请按提示修改后再保存', { problems: problemsByField(problems) })
  return doc as unknown as RulesConfig
}

/** When the version takes effect: now, or a later instant. */
function effectiveAtOf(body: Record<string, unknown>, now: number): number {
  const raw = optionalString(body, 'effectiveAt', { max: 40 })
  if (raw === undefined) return now
  // Strict: a date that does not exist (2月30日) is refused, not read as another day.
  const at = parseStrictInstant(raw)
  clientInstant(at, 'effectiveAt') // 400 for what is not an instant, or is one past year 9999
  if (at < now) throw new HttpError(422, 'RULES_EFFECTIVE_IN_PAST', '生效时间不能早于现在', { effectiveAt: raw })
  const latest = now + RULES_SCHEDULE_HORIZON_MS
  if (at > latest) throw new HttpError(422, 'RULES_EFFECTIVE_TOO_FAR', '生效时间不能晚于一年之后', { effectiveAt: raw, latest: toIso(latest) })
  return at
}

/** Top-level sections whose content differs (what the audit log says changed). */
function changedSections(before: RulesConfig, after: RulesConfig): string[] {
  return SECTIONS.filter((k) => k !== 'version' && JSON.stringify(before[k]) !== JSON.stringify(after[k]))
}

/** The console's way of writing an instant: 2026-12-06 23:00 (business time). */
function consoleInstant(args: HandlerArgs): (iso: string) => string {
  const calendar = args.work.rules.calendar
  return (iso) => {
    const t = parseInstant(iso)
    const local = new Date(t + calendar.offsetMinutes * 60_000).toISOString()
    return `${businessDateOf(t, calendar)} ${local.slice(11, 16)}`
  }
}

/**
 * The live version that takes over from `v` (later, or at its instant and saved after it). It was saved on top of
 * `v` — a save may not be scheduled before a pending version (RULES_LATER_VERSION_PENDING) — so its document carries
 * `v`'s changes, and it was checked against `v`: withdrawing `v` alone would still bring them in with it.
 */
function successorOf(v: RulesVersionRecord, all: readonly RulesVersionRecord[]): RulesVersionRecord | undefined {
  const t = parseInstant(v.effectiveAt)
  const after = (x: RulesVersionRecord) => parseInstant(x.effectiveAt) > t || (parseInstant(x.effectiveAt) === t && x.versionNo > v.versionNo)
  return all.filter((x) => x.cancelledAt === null && after(x)).sort((a, b) => parseInstant(a.effectiveAt) - parseInstant(b.effectiveAt) || a.versionNo - b.versionNo)[0]
}

/**
 * A new version never silently undoes another operator's work:
 * - a version saved after the newest one the editor had seen (`baseVersionNo`, sent by the console) that is in force
 *   by `at` would be replaced by a document without its changes: 409 RULES_BASE_OUTDATED, rebase on the latest;
 * - a version scheduled after `at` would replace this one when its time comes: 409 RULES_LATER_VERSION_PENDING,
 *   cancel it (or schedule this one after it) first.
 */
function assertNothingOverwritten(
  all: readonly RulesVersionRecord[],
  at: number,
  baseVersionNo: number | undefined,
  when: (iso: string) => string,
  mayCancel: (v: RulesVersionRecord) => boolean,
  name: (username: string) => string,
): void {
  const live = all.filter((v) => v.cancelledAt === null)
  if (baseVersionNo !== undefined) {
    const since = live.filter((v) => v.versionNo > baseVersionNo && parseInstant(v.effectiveAt) <= at).sort((a, b) => b.versionNo - a.versionNo)[0]
    if (since) {
      // Saved before the editor began, too (a scheduled version the draft did not start from): no "while you edited".
      throw new HttpError(409, 'RULES_BASE_OUTDATED', `${name(since.createdBy)} 保存了版本 #${since.versionNo}（${since.note}），你编辑的版本里没有它的修改，请基于最新版本重新修改`, {
        baseVersionNo,
        versionNo: since.versionNo,
      })
    }
  }
  const later = live.filter((v) => parseInstant(v.effectiveAt) > at).sort((a, b) => parseInstant(a.effectiveAt) - parseInstant(b.effectiveAt))[0]
  if (later) {
    // Advice the operator can follow: one an admin scheduled only an admin cancels; a draft that did not start from
    // it cannot simply follow it (that would drop its changes: RULES_BASE_OUTDATED), it is edited from it.
    const first = mayCancel(later) ? '请先取消该版本' : '该版本由管理员安排，请联系管理员取消'
    const then = baseVersionNo !== undefined && baseVersionNo < later.versionNo ? '或载入该版本，在它的基础上修改并把生效时间定在它之后' : '或把生效时间定在它之后'
    throw new HttpError(409, 'RULES_LATER_VERSION_PENDING', `版本 #${later.versionNo} 将于 ${when(later.effectiveAt)} 生效，届时会覆盖本次修改；${first}，${then}`, {
      versionNo: later.versionNo,
      effectiveAt: later.effectiveAt,
    })
  }
}

/**
 * A publication's note, instant and base version, from its body: checked before anything is looked up. `immediate`:
 * saved to take effect now (no `effectiveAt`).
 */
function publication(args: HandlerArgs): { note: string; at: number; immediate: boolean; baseVersionNo: number | undefined } {
  const body = objectBody(args.body)
  return {
    note: requiredText(body, 'note', 200),
    at: effectiveAtOf(body, args.work.ctx.now),
    immediate: body.effectiveAt === undefined,
    baseVersionNo: optionalInt(body, 'baseVersionNo', 1, 1e9),
  }
}

/** Saves "now" this close together are concurrent: two requests, or two servers, whose clocks read apart. */
const CONCURRENT_SAVES_MS = 5_000

/**
 * When a save "now" takes effect: now, or with a version another save "now" (in force from the instant it was saved)
 * committed first whose clock read a few milliseconds later — numbered after it, this one replaces it (or is refused
 * as RULES_BASE_OUTDATED), instead of being saved behind it and told to cancel a version already in force. A version
 * scheduled, however soon, is not one: a save before it is told so (RULES_LATER_VERSION_PENDING).
 */
function immediateInstant(all: readonly RulesVersionRecord[], now: number): number {
  let at = now
  for (const v of all) {
    const t = parseInstant(v.effectiveAt)
    if (v.cancelledAt === null && v.createdAt === v.effectiveAt && t > at && t <= now + CONCURRENT_SAVES_MS) at = t
  }
  return at
}

/** Saves `document` as the next version (save and restore). */
async function publish(
  args: HandlerArgs,
  { note, at: asked, immediate, baseVersionNo }: ReturnType<typeof publication>,
  document: RulesConfig,
  action: 'rules.publish' | 'rules.restore',
  restoredFrom: number | null,
): Promise<{ status: number; body: { version: RulesVersionWire } }> {
  const now = args.work.ctx.now
  const op = await currentOperator(args)
  const all = await args.work.scope.rulesVersions()
  const at = immediate ? immediateInstant(all, asked) : asked
  const when = consoleInstant(args)
  // The version the editor started from is one that was saved (a higher number would skip the check below).
  if (baseVersionNo !== undefined && !all.some((v) => v.versionNo === baseVersionNo)) throw invalid('baseVersionNo', 'not a saved version')
  const operators = await args.work.scope.operators()
  assertNothingOverwritten(all, at, baseVersionNo, when, (v) => !adminOnlyCancel(v, op.role, operators), operatorNames(operators))
  const replaced = versionInForce(all, at)
  const before = replaced ? await args.work.scope.rulesDocument(replaced.versionNo) : null
  const next: RulesConfig = { ...document, version: Math.max(0, ...all.map((v) => v.rulesVersion)) + 1 }
  if (before) {
    assertRunningCampaignsUnchanged(before, next, at, op.role === 'admin')
    assertCalendarUnchanged(before, next, op.role === 'admin')
    assertHeldTiersKept(before, next, await args.work.scope.tierSourceCounts(), businessDateOf(at, next.calendar), !immediate && at > now)
  }
  assertSettledLeaderboardsKept(await args.work.scope.settledLeaderboards(), before, next, at)
  const record: RulesVersionRecord = {
    versionNo: Math.max(0, ...all.map((v) => v.versionNo)) + 1,
    note,
    createdBy: op.username,
    createdAt: args.work.iso,
    effectiveAt: toIso(at),
    cancelledAt: null,
    rulesVersion: next.version,
  }
  args.work.rulesVersions.push({ ...record, document: next })
  await audit(args, action, `rules:${record.versionNo}`, replaced ? { versionNo: replaced.versionNo } : null, {
    versionNo: record.versionNo,
    note,
    effectiveAt: record.effectiveAt,
    changed: before ? changedSections(before, next) : SECTIONS,
    ...(restoredFrom !== null ? { restoredFrom } : {}),
  })
  // Saved now, it is in force (at the instant of the concurrent save it follows, a few milliseconds ahead).
  return { status: 201, body: { version: (await wireFor(args))(record, [...all, record], immediate ? at : now) } }
}

export const rulesAdminRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/rules',
    {
      auth: 'viewer',
      handler: async (args) => {
        const { work } = args
        const all = await work.scope.rulesVersions()
        const current = versionInForce(all, work.ctx.now)
        if (!current) throw new Error('no rules version')
        const wire = await wireFor(args)
        const body: RulesVersionsResponse = { current: wire(current, all, work.ctx.now), versions: all.map((v) => wire(v, all, work.ctx.now)) }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/admin/rules/versions',
    {
      auth: 'operator',
      publishesRules: true,
      handler: async (args) => {
        const document = documentOf(args.body)
        return publish(args, publication(args), checkedDocument(document), 'rules.publish', null)
      },
    },
  ],
  [
    'GET',
    '/admin/rules/versions/:id',
    {
      auth: 'viewer',
      handler: async (args) => {
        const { version, all } = await findVersion(args, versionNumber(args))
        const document = await args.work.scope.rulesDocument(version.versionNo)
        if (!document) throw new HttpError(404, 'RULES_VERSION_NOT_FOUND', '规则版本不存在', { id: String(version.versionNo) })
        const body: RulesVersionResponse = { version: (await wireFor(args))(version, all, args.work.ctx.now), document }
        return { body }
      },
    },
  ],
  [
    'POST',
    '/admin/rules/versions/:id/restore',
    {
      auth: 'operator',
      publishesRules: true,
      handler: async (args) => {
        const input = publication(args)
        const { version } = await findVersion(args, versionNumber(args))
        const document = await args.work.scope.rulesDocument(version.versionNo)
        if (!document) throw new HttpError(404, 'RULES_VERSION_NOT_FOUND', '规则版本不存在', { id: String(version.versionNo) })
        // An old document is checked again: rules added since may make it invalid (e.g. a campaign's dates).
        return publish(args, input, checkedDocument(document), 'rules.restore', version.versionNo)
      },
    },
  ],
  [
    'POST',
    '/admin/rules/versions/:id/cancel',
    {
      auth: 'operator',
      handler: async (args) => {
        objectBody(args.body)
        const now = args.work.ctx.now
        const { version, all } = await findVersion(args, versionNumber(args))
        const status = versionStatus(version, versionInForce(all, now), now)
        if (status !== 'scheduled') {
          throw new HttpError(409, 'RULES_VERSION_NOT_SCHEDULED', '只能取消尚未生效的规则版本', { status })
        }
        const op = await currentOperator(args)
        if (adminOnlyCancel(version, op.role, await args.work.scope.operators())) {
          throw new HttpError(403, 'RULES_CANCEL_ADMIN_ONLY', '该版本由管理员安排，只能由管理员取消', { createdBy: version.createdBy })
        }
        const successor = successorOf(version, all)
        if (successor) {
          const when = consoleInstant(args)
          throw new HttpError(409, 'RULES_LATER_VERSION_PENDING', `版本 #${successor.versionNo} 将于 ${when(successor.effectiveAt)} 生效，它是在本版本基础上保存的，包含本版本的修改；请先取消版本 #${successor.versionNo}`, {
            versionNo: successor.versionNo,
            effectiveAt: successor.effectiveAt,
          })
        }
        const cancelled: RulesVersionRecord = { ...version, cancelledAt: args.work.iso, cancelledBy: op.username }
        args.work.rulesCancelled.push({ versionNo: version.versionNo, at: args.work.iso, by: op.username })
        await audit(args, 'rules.cancel', `rules:${version.versionNo}`, { status: 'scheduled' }, { status: 'cancelled' })
        return { body: { version: (await wireFor(args))(cancelled, all.map((v) => (v.versionNo === version.versionNo ? cancelled : v)), now) } }
      },
    },
  ],
]
