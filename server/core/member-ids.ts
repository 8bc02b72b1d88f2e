/**
 * Member ids are `mbr-<N>`, N the member number the storage hands out (WriteScope.nextMemberNumber). The operator
 * metrics name members by that number (bitsets indexed by it: src/domain/metrics-dashboard.ts).
 */
export function memberIdOf(n: number): string {
  return `mbr-${n}`
}

export function memberNumberOf(id: string): number {
  const m = /^mbr-(\d{1,15})$/.exec(id)
  if (!m) throw new Error(`not a member id: ${JSON.stringify(id)}`)
  return Number(m[1])
}

/** The number a member's record id ends with (`ord-<member>-<n>`: tx.ts memberScopedId; `pl-<n>`, `lot-<n>`); 0 for none. */
export function idNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1)) || 0
}
