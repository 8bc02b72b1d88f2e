/**
 * The whole contract suite against the production server on PostgreSQL (server.test.ts runs it on PGlite): the
 * server in a child process with DATABASE_URL on a database of its own (tests/server/support/postgres.ts: the
 * server at DATABASE_URL, or a throw-away cluster from the installed binaries), test controls on. Skipped, with
 * the reason in the test's title, when no PostgreSQL is available.
 */
import { NO_RATE_LIMITS, startServerProcess, type ServerProcess } from '../server/support/server-process'
import { describeWithPostgres, startPostgres, type PostgresDatabase } from '../server/support/postgres'
import { contractSuite } from './contract-suite'
import { httpTarget } from './support/http-target'

/** The first admin, created on an empty database (and again after each reset). */
const OPERATOR = { username: 'ops-admin', password: 'contract-suite-admin-pw' }

describeWithPostgres('server (PostgreSQL)', () => {
  let pg: PostgresDatabase
  let server: ServerProcess

  beforeAll(async () => {
    pg = await startPostgres({ fast: true })
    server = await startServerProcess({ DATABASE_URL: pg.url, MOCK_TEST_CONTROLS: '1', ...NO_RATE_LIMITS, ADMIN_USERNAME: OPERATOR.username, ADMIN_PASSWORD: OPERATOR.password })
  }, 180_000)

  afterAll(async () => {
    await server?.stop()
    await pg?.stop()
  })

  contractSuite('server (PostgreSQL)', { controls: true, demo: true, operator: true }, () =>
    httpTarget('server (PostgreSQL)', server.url, { controls: true, demo: true, operatorToken: null, operator: OPERATOR }),
  )
})
