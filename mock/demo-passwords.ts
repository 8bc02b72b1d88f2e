/**
 * Operator passwords on the mock: a salted SHA-256 (`sha256$<salt>$<hex>`), computable in a browser and in a
 * mini program (no scrypt there). Good enough for a demo whose one account's password is printed in the README;
 * the production server hashes with scrypt (server/auth/passwords.ts).
 */
import type { Rng } from '../src/domain/context'
import type { CoreEnv } from '../server/core/tx'
import { sha256Hex } from '../server/core/sha256'

const digest = (salt: string, password: string) => sha256Hex(`${salt}:${password.normalize('NFC')}`)

export function demoPasswordHash(password: string, salt: string): string {
  return `sha256$${salt}$${digest(salt, password)}`
}

export function demoPasswords(rng: Rng): CoreEnv['passwords'] {
  return {
    hash: async (password) => demoPasswordHash(password, Math.floor(rng() * 0x100000000).toString(16).padStart(8, '0')),
    async verify(password, hash) {
      const [kind, salt, hex] = (hash ?? 'sha256$none$').split('$')
      const computed = digest(salt ?? '', password)
      return hash !== null && kind === 'sha256' && computed === hex
    },
  }
}
