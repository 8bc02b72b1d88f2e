/**
 * The server draws a new member's invite code at random: a code is not computed from the member's number (the
 * demo's `inviteCodeFor`, public in the app's own code), so a shared code does not name the member behind it, nor
 * do codes count the members. It still resolves: the code accepts an invite and is found in the console.
 */
import { randomUUID } from 'node:crypto'
import type { InvitesResponse, LoginResponse } from '@/api/contract'
import { CODE_ALPHABET, inviteCodeFor } from '@/domain/invites'
import { forEachDatabase } from './support/databases'
import { httpRaw } from './support/http'
import { NO_RATE_LIMITS, startPinnedServer, type ServerProcess } from './support/server-process'

forEachDatabase(
  'invite codes',
  (db) => {
    let server: ServerProcess | null = null
    afterAll(async () => {
      await server?.stop()
    })

    test('a new member’s code is random — not the demo’s function of their id — and resolves for an invite', async () => {
      server = await startPinnedServer({ ...db().serverEnv, ...NO_RATE_LIMITS })
      const url = server.url
      const login = async () => (await httpRaw(url, { method: 'POST', path: '/auth/login', body: { platform: 'h5', code: `ic-${randomUUID()}` } })).body as LoginResponse
      const members = [await login(), await login(), await login()]
      const codes = members.map((m) => m.member.inviteCode)
      for (const [i, m] of members.entries()) {
        expect(codes[i]).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`))
        expect(codes[i]).not.toBe(inviteCodeFor(m.member.id))
      }
      expect(new Set(codes).size).toBe(3)
      const inviter = members[0]
      const shown = (await httpRaw(url, { method: 'GET', path: '/invites', headers: { authorization: `Bearer ${inviter.token}` } })).body as InvitesResponse
      expect(shown.code).toBe(codes[0])
      const invitee = await login()
      const accepted = await httpRaw(url, { method: 'POST', path: '/invites/accept', headers: { authorization: `Bearer ${invitee.token}`, 'idempotency-key': randomUUID() }, body: { code: codes[0].toLowerCase() } })
      expect(accepted.status).toBe(200)
    }, 120_000)
  },
  ['pglite'],
)
