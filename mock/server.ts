/**
 * `npm run mock:server`: the mock backend over HTTP, for H5 development against a "real" server, for the
 * contract suite, and as the reference a real backend's team can compare with.
 *
 *   PORT (default 3100)           MOCK_DATA_FILE (default .mock-data.json; state survives restarts)
 *   MOCK_TEST_CONTROLS=1          enables POST /__mock/clock {now: ISO | null}, POST /__mock/reset and POST /__mock/reminders (the reminder sweep at the clock)
 *                                 (the clock takes 2000-01-01 … 2999-12-31 only: test-controls.ts)
 *   MOCK_OPERATOR_TOKEN           bearer token of the operator (GET /admin/*); default `operator-demo-token`
 *   MOCK_RULES_FILE               the operator's rules document (JSON sections of RulesConfig; see rules-file.ts)
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { createLoyaltyBackend } from './app'
import { API_PREFIX, errorResponse, splitTarget, type CoreResponse } from '../server/core/http'
import { bodyText, clientErrorAnswer, createApiServer } from '../server/http/node-server'
import { filePersistence } from './file-persistence'
import type { RulesConfig } from '../src/domain/config'
import { MAX_BODY_BYTES } from '../server/core/limits'
import { loadRulesFile } from './rules-file'
import { reminderSweep } from '../server/core/reminder-sweep'
import { parseClockSetting } from '../server/core/test-controls'

export interface MockServerOptions {
  port?: number
  host?: string
  dataFile: string
  testControls?: boolean
  operatorToken?: string
  maxBodyBytes?: number
  /** The rules document; default: the domain defaults with the demo campaigns. */
  config?: RulesConfig
}

export interface RunningMockServer {
  url: string
  server: Server
  close(): Promise<void>
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
  'Access-Control-Expose-Headers': 'Idempotent-Replay, X-Server-Time',
  'Access-Control-Max-Age': '600',
}

function send(res: ServerResponse, r: CoreResponse): void {
  const body = JSON.stringify(r.body)
  res.writeHead(r.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...CORS_HEADERS, ...r.headers })
  res.end(body)
}

/** Reads the body, refusing more than `limit` bytes without buffering it all. */
function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) tooLarge = true
      else chunks.push(c)
    })
    req.on('end', () => resolve(tooLarge ? 'too-large' : bodyText(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

export async function startMockServer(options: MockServerOptions): Promise<RunningMockServer> {
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES
  let fixedNow: number | null = null
  const clock = () => fixedNow ?? Date.now()
  const backend = await createLoyaltyBackend({
    persistence: filePersistence(options.dataFile),
    clock,
    // Tokens come from this source: real entropy, not a clock-seeded sequence someone could replay.
    rng: () => randomBytes(4).readUInt32BE(0) / 0x100000000,
    operatorToken: options.operatorToken ?? 'operator-demo-token',
    maxBodyBytes,
    config: options.config,
  })
  const sendReminders = reminderSweep(backend.core, backend.storage)

  const server = createApiServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS)
        res.end()
        return
      }
      // The path as sent, as the production server routes it (server/http/app.ts): no `..` resolved, no `%2e` or `\`
      // turned into something else — the core decodes and checks ids.
      const { path: pathname, search } = splitTarget(req.url ?? '/')
      const raw = await readBody(req, maxBodyBytes)
      // A GET's body means nothing (the pipeline ignores it), so its size cannot refuse the GET.
      if (raw === 'too-large' && req.method !== 'GET') {
        send(res, errorResponse(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大'))
        return
      }
      if (pathname.startsWith('/__mock/')) {
        if (!options.testControls || req.method !== 'POST') {
          send(res, errorResponse(404, 'NOT_FOUND', '请求的资源不存在'))
          return
        }
        let body: { now?: unknown } = {}
        try {
          body = raw && raw !== 'too-large' ? JSON.parse(raw) : {}
        } catch {
          send(res, errorResponse(400, 'MALFORMED_JSON', '请求格式不正确'))
          return
        }
        if (pathname === '/__mock/clock') {
          const setting = parseClockSetting(body && typeof body === 'object' ? body.now : undefined)
          if (!setting.ok) {
            send(res, errorResponse(400, 'INVALID_INPUT', setting.message))
            return
          }
          fixedNow = setting.now
          send(res, { status: 200, body: { now: new Date(clock()).toISOString(), frozen: fixedNow !== null } })
          return
        }
        if (pathname === '/__mock/reset') {
          await backend.reset()
          send(res, { status: 200, body: { reset: true } })
          return
        }
        if (pathname === '/__mock/reminders') {
          send(res, { status: 200, body: await sendReminders(clock) })
          return
        }
        send(res, errorResponse(404, 'NOT_FOUND', '请求的资源不存在'))
        return
      }
      if (!pathname.startsWith(API_PREFIX)) {
        send(res, errorResponse(404, 'NOT_FOUND', '请求的资源不存在'))
        return
      }
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
      send(
        res,
        await backend.handle({
          method: req.method ?? 'GET',
          path: pathname.slice(API_PREFIX.length) || '/',
          query: Object.fromEntries(new URLSearchParams(search)),
          headers,
          rawBody: raw === 'too-large' ? undefined : raw,
        }),
      )
    } catch (e) {
      // A client gone mid-body: nobody to answer, nothing wrong here.
      if ((e as { code?: string }).code === 'ECONNRESET') return
      console.error('[mock server]', e)
      if (!res.headersSent) send(res, errorResponse(500, 'INTERNAL', '服务开小差了，请稍后重试'))
    }
  }, CORS_HEADERS)

  server.on('clientError', clientErrorAnswer(CORS_HEADERS))

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

if (require.main === module) {
  const dataFile = path.resolve(process.env.MOCK_DATA_FILE ?? '.mock-data.json')
  let config: RulesConfig | undefined
  try {
    config = process.env.MOCK_RULES_FILE ? loadRulesFile(path.resolve(process.env.MOCK_RULES_FILE), Date.now()) : undefined
  } catch (e) {
    console.error((e as Error).message)
    process.exit(1)
  }
  startMockServer({
    config,
    port: Number(process.env.PORT ?? 3100),
    host: process.env.HOST ?? '0.0.0.0',
    dataFile,
    testControls: process.env.MOCK_TEST_CONTROLS === '1',
    operatorToken: process.env.MOCK_OPERATOR_TOKEN,
  }).then(({ server }) => {
    const { port } = server.address() as AddressInfo
    console.log(`mock backend on http://localhost:${port}${API_PREFIX} (data: ${dataFile}${process.env.MOCK_TEST_CONTROLS === '1' ? ', test controls on' : ''})`)
  })
}
