/**
 * Lookups in the state's plain-object records by a string a client chose (a token, an Idempotency-Key, an
 * order id, an invite code …). `record[key]` would find `Object.prototype` members for `__proto__`,
 * `constructor` or `toString`; these helpers see own properties only, and writing never touches a prototype.
 */

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key)

/** `record[key]` if it is the record's own property, else undefined. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && hasOwn(record, key) ? record[key] : undefined
}

/** A copy of `record` with `key` set (an own property even for `__proto__`). */
export function withOwn<T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  return { ...record, [key]: value }
}
