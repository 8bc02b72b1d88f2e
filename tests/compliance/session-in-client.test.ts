/**
 * The member session is ensured in one place, the API client (src/api/client.ts, wired in src/stores/session.ts):
 * store actions and pages only call endpoints. The one other reader is the launch (src/stores/lifecycle.ts), which
 * must know whether this launch registered a new member before its first request.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(name) ? [full] : []
  })
}

test('no store action, component or page opens the session itself', () => {
  const callers = sources(path.join(ROOT, 'src'))
    .filter((file) => /\bensureSession\(\)/.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
  expect(callers.sort()).toEqual(['src/api/client.ts', 'src/api/http.ts', 'src/stores/lifecycle.ts', 'src/stores/session.ts'])
  // In the session store: the client's hook and the action's own definition, nothing else.
  const session = readFileSync(path.join(ROOT, 'src/stores/session.ts'), 'utf8')
  expect(session).toContain('ensureSession: () => get().ensureSession()')
})
