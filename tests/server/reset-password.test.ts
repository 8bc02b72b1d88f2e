/**
 * `npm run server:reset-password`: the way back into the console when an admin's password is lost — the new password
 * is held to the account rules, the account is enabled again, its sessions end, and the audit log says who did it.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { httpRaw } from './support/http'
import { ROOT, startServerProcess } from './support/server-process'

const run = promisify(execFile)
jest.setTimeout(180_000)

test('a lost admin password: the command sets a new one (held to the rules), enables the account and ends its sessions; the audit log says so', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reset-password-'))
  const reset = (username: string, password: string) =>
    run(process.execPath, [require.resolve('tsx/cli'), 'server/reset-password.ts', username], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', DATA_DIR: dir, NEW_PASSWORD: password },
    })
  const login = (url: string, password: string) => httpRaw(url, { method: 'POST', path: '/admin/auth/login', body: { username: 'boss', password } })
  try {
    let server = await startServerProcess({ DATA_DIR: dir, ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'First-Passw0rd-x' })
    const first = await login(server.url, 'First-Passw0rd-x')
    expect(first.status).toBe(200)
    const oldToken = (first.body as { token: string }).token
    await server.stop()

    // Held to every account's rules, and an account that is not there is named: nothing changes.
    await expect(reset('boss', 'boss-boss-1')).rejects.toMatchObject({ stderr: expect.stringMatching(/^reset-password: NEW_PASSWORD: /) })
    await expect(reset('nobody', 'Second-Passw0rd-y')).rejects.toMatchObject({ stderr: expect.stringContaining('reset-password: no console account is named "nobody"') })
    // The account as staff type it, in any case.
    const done = await reset('BOSS', 'Second-Passw0rd-y')
    expect(done.stdout.trim()).toBe('the password of boss (admin) is set; its sessions have ended')

    server = await startServerProcess({ DATA_DIR: dir })
    try {
      expect((await httpRaw(server.url, { method: 'GET', path: '/admin/me', headers: { authorization: `Bearer ${oldToken}` } })).status).toBe(401)
      expect((await login(server.url, 'First-Passw0rd-x')).status).toBe(401)
      const again = await login(server.url, 'Second-Passw0rd-y')
      expect(again.status).toBe(200)
      const token = (again.body as { token: string }).token
      const log = await httpRaw(server.url, { method: 'GET', path: '/admin/audit?limit=5', headers: { authorization: `Bearer ${token}` } })
      const entries = (log.body as { entries: { action: string; operatorName: string; after: { passwordChanged?: boolean } | null }[] }).entries
      expect(entries.find((e) => e.action === 'operator.update')).toMatchObject({ operatorName: '命令行', after: { passwordChanged: true } })
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
