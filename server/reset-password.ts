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
import { operatorWire } from './core/use-cases/operators'
import { createSqlStorage } from './sql/sql-storage'

async function resetPassword(username: string, password: string): Promise<string> {
  // Through the storage port, as the console's 修改密码 writes: the account locked, its sessions ended, the audit row.
  const storage = createSqlStorage({ db: await openDatabase(readConfig()), clock: Date.now })
  try {
    // Accounts are matched ignoring case, as the console's sign-in matches them.
    const found = await storage.read((s) => s.operatorByUsername(username))
    if (!found) throw new ConfigError(`no console account is named ${JSON.stringify(username)}`)
    const problem = newPasswordProblem(password, found.username)
    if (problem) throw new ConfigError(`NEW_PASSWORD: ${problem.message} (${problem.detail})`)
    const passwordHash = await hashPassword(password)
    const before = await storage.write(async (scope) => {
      const op = (await scope.lockOperator(found.id)) ?? found
      const next = { ...op, passwordHash, disabledAt: null }
      const now = Date.now()
      return {
        result: op,
        changes: {
          now,
          operators: [next],
          operatorSessionsEnded: [{ operatorId: op.id, except: '' }],
          audit: [
            {
              operatorId: 'cli',
              operatorName: '命令行',
              at: new Date(now).toISOString(),
              action: 'operator.update',
              target: op.id,
              before: operatorWire(op),
              after: { ...operatorWire(next), passwordChanged: true },
            },
          ],
        },
      }
    })
    return `the password of ${before.username} (${before.role}) is set${before.disabledAt ? ', the account enabled again' : ''}; its sessions have ended`
  } finally {
    await storage.close()
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
