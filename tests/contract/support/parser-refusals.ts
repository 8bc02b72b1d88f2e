/**
 * What Node's HTTP layer would answer by itself — a malformed head, an unknown method, headers over 16 KB,
 * CONNECT, an `Expect` it cannot meet —, a path with `..` or `\` in it, a body that is not UTF-8 and an Idempotency-Key
 * sent twice must be the contract's error shape on both servers (the mock server and the production one share
 * server/http/node-server.ts); a request without `Host` is served.
 */
import { STATUS_CODES } from 'node:http'
import { connect } from 'node:net'

/** Writes `head` on a fresh socket and reads until the server closes it. */
function send(root: string, head: string | Buffer): Promise<string> {
  const { port } = new URL(root)
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head))
    let text = ''
    socket.on('data', (d: Buffer) => (text += d.toString()))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

/** A login whose body is not UTF-8 (0xFF 0xFE inside a string): refused, not stored with U+FFFD in its place. */
const badBytes = Buffer.concat([Buffer.from('{"platform":"h5","code":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
const notUtf8 = Buffer.concat([
  Buffer.from(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${badBytes.length}\r\nConnection: close\r\n\r\n`),
  badBytes,
])

export async function expectParserAnswers(root: string): Promise<void> {
  const answers = [
    [await send(root, 'GET /api/v1/config HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n'), 400, 'MALFORMED_REQUEST'],
    [await send(root, 'FOO /api/v1/config HTTP/1.1\r\nHost: x\r\n\r\n'), 405, 'METHOD_NOT_ALLOWED'],
    [await send(root, `GET /api/v1/config HTTP/1.1\r\nHost: x\r\nX-Pad: ${'x'.repeat(20_000)}\r\n\r\n`), 431, 'HEADERS_TOO_LARGE'],
    [await send(root, 'CONNECT /api/v1/member/me HTTP/1.1\r\nHost: x\r\n\r\n'), 405, 'METHOD_NOT_ALLOWED'],
    [await send(root, 'GET /api/v1/config HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nConnection: close\r\n\r\n'), 417, 'EXPECTATION_FAILED'],
    [await send(root, notUtf8), 400, 'MALFORMED_JSON'],
    // Two Idempotency-Keys arrive joined ("a, b"): no key of either request, refused before anything is done.
    [await send(root, 'POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: a\r\nIdempotency-Key: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'), 400, 'INVALID_IDEMPOTENCY_KEY'],
    // The path is routed as sent: `..` is not resolved and `\` is not a `/` (else /tasks/x/../../signin signs in).
    [await send(root, 'GET /api/v1/campaigns/../config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 404, 'NOT_FOUND'],
    [await send(root, 'GET /api/v1\\config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 404, 'NOT_FOUND'],
  ] as const
  for (const [text, status, code] of answers) {
    expect({ code, line: text.split('\r\n')[0] }).toEqual({ code, line: `HTTP/1.1 ${status} ${STATUS_CODES[status]}` })
    expect(text).toMatch(/content-type: application\/json/i)
    expect({ code, body: text.slice(text.indexOf('\r\n\r\n') + 4) }).toEqual({ code, body: expect.stringMatching(/^\{"error":/) })
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) } })
  }
  // HTTP/1.0 clients send no Host; nothing reads it, so the request is answered as any other.
  const hostless = await send(root, 'GET /api/v1/config HTTP/1.1\r\nConnection: close\r\n\r\n')
  expect(hostless.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
}
