/**
 * Whose a bearer token is, for the per-member and per-operator rate limits (app.ts): the budget is the member's or
 * the operator's, not the session's, so signing in again (a new token) does not buy a fresh one. A session's owner
 * never changes, so an answer is kept — at most `capacity` tokens, the least recently used go first — and the
 * sessions table is read once per token and process, not per request. A token no session has (or a revoked one:
 * the core answers 401 either way) is not kept, and is limited as a key of its own.
 */
export class SessionOwners {
  private readonly owners = new Map<string, string>()

  constructor(
    /** The owner of the session with this token hash (e.g. `mbr-1`, an operator's id), or null when there is none. */
    private readonly find: (tokenHash: string) => Promise<string | null>,
    private readonly capacity = 10_000,
  ) {}

  /** The owner of the session with this token hash, or null when there is none (or it cannot be read now). */
  async of(tokenHash: string): Promise<string | null> {
    const known = this.owners.get(tokenHash)
    if (known !== undefined) {
      // Most recently used last: the first key is the one to evict.
      this.owners.delete(tokenHash)
      this.owners.set(tokenHash, known)
      return known
    }
    // A database that cannot answer now: the request is limited by its token, and the core answers it 503.
    const owner = await this.find(tokenHash).catch(() => null)
    if (owner === null) return null
    this.owners.set(tokenHash, owner)
    if (this.owners.size > this.capacity) this.owners.delete(this.owners.keys().next().value!)
    return owner
  }
}
