import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto'

/**
 * Alipay's RSA2 (SHA256withRSA, PKCS#1 v1.5 padding) with node:crypto, and the key formats Alipay's tools hand out.
 *
 * Keys are accepted as
 * - PEM: `-----BEGIN PRIVATE KEY-----` (PKCS#8), `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1),
 *   `-----BEGIN PUBLIC KEY-----` (SPKI), `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1);
 * - bare base64 of the DER, as Alipay's key tool and console show them (one line, no header): PKCS#8 or PKCS#1
 *   for the private key, SPKI ("X.509") or PKCS#1 for the public key;
 * and literal `\n` sequences (a PEM squeezed into one line of an .env file) are turned back into newlines.
 * Only RSA keys are accepted. Error messages never quote the key.
 */

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

function normalise(text: string): string {
  return text.replace(/\\n/g, '\n').trim()
}

function fromBareBase64(text: string, setting: string): Buffer {
  const compact = text.replace(/\s+/g, '')
  if (!BASE64.test(compact)) throw new Error(`${setting} is neither PEM nor base64`)
  return Buffer.from(compact, 'base64')
}

function requireRsa(key: KeyObject, setting: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`${setting} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; RSA2 needs an RSA key`)
  return key
}

export function loadPrivateKey(text: string, setting = 'ALIPAY_PRIVATE_KEY'): KeyObject {
  const value = normalise(text)
  if (!value) throw new Error(`${setting} is empty`)
  if (value.startsWith('-----BEGIN')) {
    try {
      return requireRsa(createPrivateKey(value), setting)
    } catch (e) {
      throw new Error(`${setting} is not a readable PEM private key (${(e as Error).message})`)
    }
  }
  const der = fromBareBase64(value, setting)
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return requireRsa(createPrivateKey({ key: der, format: 'der', type }), setting)
    } catch {
      // try the next encoding
    }
  }
  throw new Error(`${setting} is base64 but neither a PKCS#8 nor a PKCS#1 RSA private key`)
}

export function loadPublicKey(text: string, setting = 'ALIPAY_PUBLIC_KEY'): KeyObject {
  const value = normalise(text)
  if (!value) throw new Error(`${setting} is empty`)
  if (value.startsWith('-----BEGIN')) {
    try {
      const key = createPublicKey(value)
      return requireRsa(key, setting)
    } catch (e) {
      throw new Error(`${setting} is not a readable PEM public key (${(e as Error).message})`)
    }
  }
  const der = fromBareBase64(value, setting)
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      return requireRsa(createPublicKey({ key: der, format: 'der', type }), setting)
    } catch {
      // try the next encoding
    }
  }
  throw new Error(`${setting} is base64 but neither an SPKI nor a PKCS#1 RSA public key`)
}

/**
 * The string Alipay signs for a request: every parameter except `sign` whose value is not empty, sorted by key
 * (code-unit order, which is ASCII order for Alipay's keys), as `k=v` joined with `&`, values NOT URL-encoded.
 */
export function signContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export function rsa2Sign(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64')
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject): boolean {
  if (!signature || !BASE64.test(signature)) return false
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

/**
 * The exact source text of each member value of the top-level JSON object in `text`, by key. Alipay signs the
 * `xxx_response` value exactly as it is written in the body, so it must be cut out of the raw text, never
 * re-serialised (escapes such as `\/` and `\u6210`, key order and number forms would change). Throws on text that
 * is not a single JSON object; a key appearing twice is reported in `duplicates` (JSON.parse keeps the last one,
 * a verifier might check the first: callers refuse such a body).
 */
export function rawMembers(text: string): { members: Map<string, string>; duplicates: Set<string> } {
  JSON.parse(text) // valid JSON, or throw
  let i = 0
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const skipString = () => {
    // text[i] === '"'
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
  }
  const skipValue = () => {
    const c = text[i]
    if (c === '"') return skipString()
    if (c === '{' || c === '[') {
      let depth = 0
      do {
        const d = text[i]
        if (d === '"') {
          skipString()
          continue
        }
        if (d === '{' || d === '[') depth++
        else if (d === '}' || d === ']') depth--
        i++
      } while (depth > 0 && i < text.length)
      return
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i])) i++
  }

  const members = new Map<string, string>()
  const duplicates = new Set<string>()
  ws()
  if (text[i] !== '{') throw new Error('not a JSON object')
  i++
  ws()
  if (text[i] === '}') return { members, duplicates }
  for (;;) {
    ws()
    const keyStart = i
    skipString()
    const key = JSON.parse(text.slice(keyStart, i)) as string
    ws()
    i++ // ':'
    ws()
    const valueStart = i
    skipValue()
    if (members.has(key)) duplicates.add(key)
    members.set(key, text.slice(valueStart, i))
    ws()
    if (text[i] === ',') {
      i++
      continue
    }
    break // '}' (JSON.parse vouched for the syntax)
  }
  return { members, duplicates }
}
