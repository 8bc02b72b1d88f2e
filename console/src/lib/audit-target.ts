/**
 * What staff type as 操作日志's 对象 → the log's target: a version as they see it (`7`, `#7`) is `rules:7`; a voucher
 * code as printed (`1234-5678-9012`) is its 12 digits; an account's username (`accounts`: username → id) its id; a
 * member, order or adjustment id in any letter case the id; anything else (an account id) as typed. A member id also
 * finds the approvals, rejections and voucher uses that concern the member, and an adjustment id the request that
 * created it as well as its approval or rejection (the server matches them too).
 */
export function auditTarget(typed: string | undefined, accounts: ReadonlyMap<string, string> = new Map()): string | undefined {
  const t = typed?.trim()
  if (!t) return undefined
  // An account as staff know it, by its username (any case), is its id.
  const account = accounts.get(t.toLowerCase())
  if (account) return account
  const version = /^#?(\d{1,9})$/.exec(t)
  if (version) return `rules:${version[1]}`
  // A member, order or adjustment id in any letter case, as member search takes it (MBR-5 is mbr-5).
  if (/^(mbr|ord|adj)-[0-9-]+$/i.test(t)) return t.toLowerCase()
  const digits = t.replace(/[\s-]/g, '')
  return /^\d{12}$/.test(digits) ? digits : t
}
