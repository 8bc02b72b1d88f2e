/**
 * `NEW_PASSWORD=… npm run server:reset-password -- USERNAME`: the way back into the console when an admin's password
 * is lost (ADMIN_USERNAME / ADMIN_PASSWORD only create the first admin of an empty database). It writes to the
 * server's database — the same DATA_DIR or DATABASE_URL; on PGlite with the server stopped, as the directory is
 * locked — and gives the account the new password, held to every account's rules (server/core/password-policy.ts),
 * enables it again if it was disabled, ends its sessions and records the step in the audit log (`operator.update`,
 * by 命令行). The password comes from the environment, not the command line, to stay out of the shell's history.
 */
import { hashPassword } from './auth/passwords'
import { openDatabase } from './backend'
import { ConfigError, readConfig } from './config'
import { newPasswordProblem } from './core/password-policy'

interface OperatorRow {
  operator_id: string
  username: string
  display_name: string
  role: string
  created_at: string
  disabled_at: string | null
}

const wire = (o: OperatorRow, disabled: boolean) => ({
  id: o.operator_id,
  username: o.username,
  displayName: o.display_name,
  role: o.role,
  disabled,
  createdAt: new Date(o.created_at).toISOString(),
})

async function resetPassword(username: string, password: string): Promise<string> {
  const db = await openDatabase(readConfig())
  try {
    // Accounts are matched ignoring case, as the console's sign-in matches them.
    const found = await db.query<OperatorRow>(
      'select operator_id, username, display_name, role, created_at, disabled_at from operators where lower(username) = lower($1)',
      [username],
    )
    const op = found.rows[0]
    if (!op) throw new ConfigError(`no console account is named ${JSON.stringify(username)}`)
    const problem = newPasswordProblem(password, op.username)
    if (problem) throw new ConfigError(`NEW_PASSWORD: ${problem.message} (${problem.detail})`)
    const hash = await hashPassword(password)
    const now = Date.now()
    await db.transaction(async (q) => {
      await q.query('update operators set password_hash = $2, disabled_at = null where operator_id = $1', [op.operator_id, hash])
      // Sessions count time in epoch milliseconds (as every write's `now`).
      await q.query('update sessions set revoked_at = $2 where operator_id = $1 and revoked_at is null', [op.operator_id, now])
      await q.query('insert into audit_log (operator_id, operator_name, at, action, target, before, after) values ($1, $2, $3, $4, $5, $6, $7)', [
        'cli',
        '命令行',
        new Date(now).toISOString(),
        'operator.update',
        op.operator_id,
        JSON.stringify(wire(op, op.disabled_at !== null)),
        JSON.stringify({ ...wire(op, false), passwordChanged: true }),
      ])
    })
    return `the password of ${op.username} (${op.role}) is set${op.disabled_at ? ', the account enabled again' : ''}; its sessions have ended`
  } finally {
    await db.close()
  }
}

const [username] = process.argv.slice(2)
const password = process.env.NEW_PASSWORD
if (!username || !password) {
  console.error('usage: NEW_PASSWORD=… npm run server:reset-password -- USERNAME')
  process.exit(2)
}
resetPassword(username, password).then(
  (done) => console.log(done),
  (e: unknown) => {
    console.error(e instanceof ConfigError ? `reset-password: ${e.message}` : e)
    process.exit(1)
  },
)
