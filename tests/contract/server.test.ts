/**
 * The contract suite against the production server (server/: Fastify on PGlite, test controls on), on a fresh
 * data directory — the same suite as the in-process mock and the mock server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServerProcess, type ServerProcess } from '../server/support/server-process'
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'

const dir = mkdtempSync(path.join(os.tmpdir(), 'server-contract-'))
let server: ServerProcess

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: dir, MOCK_TEST_CONTROLS: '1', RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_MEMBER: '100000' })
}, 120_000)

afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

contractSuite('server (PGlite)', { controls: true, demo: true, operator: false }, () => httpTarget('server (PGlite)', server.url, { controls: true, demo: true, operatorToken: null }))
