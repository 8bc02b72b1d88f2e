/**
 * The policy for a password an operator chooses (creating an account, changing a password), shared by every
 * backend: 10 to 256 characters, not one character repeated, not the account name. The zh-CN message names
 * the rule broken; null when the password is acceptable.
 */
export const MIN_PASSWORD_LENGTH = 10
/** An operator's username: 3 to 64 letters, digits, '.', '_' or '-'. */
export const OPERATOR_USERNAME = /^[A-Za-z0-9._-]{3,64}$/
export const MAX_PASSWORD_LENGTH = 256

export function newPasswordProblem(password: string, accountName?: string): { message: string; detail: string } | null {
  const chars = [...password.normalize('NFC')]
  if (chars.length === 0 || chars.length > MAX_PASSWORD_LENGTH) return { message: '密码不能为空，且不能超过 256 个字符', detail: 'empty or longer than 256 characters' }
  if (chars.length < MIN_PASSWORD_LENGTH) return { message: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, detail: 'too short' }
  if (password.trim().length === 0 || new Set(chars).size === 1) return { message: '密码不能由同一个字符重复组成', detail: 'one repeated character' }
  if (accountName && password.normalize('NFC').toLowerCase() === accountName.normalize('NFC').toLowerCase()) {
    return { message: '密码不能与账号名相同', detail: 'equals the account name' }
  }
  return null
}
