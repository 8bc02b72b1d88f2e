/**
 * The contract suite against the production server (server/: Fastify on PGlite, test controls on), on a fresh
 * data directory — the same suite as the in-process mock and the mock server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { NO_RATE_LIMITS, startServerProcess, type ServerProcess } from '../server/support/server-process'
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'
import { expectParserAnswers } from './support/parser-refusals'

/** The first admin, created on an empty database (and again after each reset). */
const OPERATOR = { username: 'ops-admin', password: 'contract-suite-admin-pw' }
const OPERATOR_ENV = { ADMIN_USERNAME: OPERATOR.username, ADMIN_PASSWORD: OPERATOR.password }

const dir = mkdtempSync(path.join(os.tmpdir(), 'server-contract-'))
let server: ServerProcess

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: dir, MOCK_TEST_CONTROLS: '1', ...NO_RATE_LIMITS, LOTS_WINDOW_MIN: '4', ...OPERATOR_ENV })
}, 120_000)

afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

contractSuite('server (PGlite)', { controls: true, demo: true, operator: true }, () =>
  httpTarget('server (PGlite)', server.url, { controls: true, demo: true, operatorToken: null, operator: OPERATOR }),
)

test('server (PGlite): what the HTTP parser refuses is answered in the error shape too (malformed head 400, unknown method and CONNECT 405, Expect 417, 431, a body not in UTF-8 400, two Idempotency-Keys 400)', async () => {
  await expectParserAnswers(server.url)
})
