/**
 * The policy for a password an operator chooses (creating an account, changing a password), shared by every
 * backend: 10 to 256 characters, not one character repeated, not the account name (nor it repeated or with digits and
 * symbols), not digits and symbols alone,
 * not a run of the alphabet or the keyboard (abcdefghij, qwertyuiop, 1qaz2wsx3edc), not a common word dressed up
 * with digits (Password2026!, admin@123456). These accounts approve points and erase members: the first guesses
 * of anyone trying must fail. The zh-CN message names the rule broken; null when the password is acceptable.
 */
export const MIN_PASSWORD_LENGTH = 10
/** An operator's username: 3 to 64 letters, digits, '.', '_' or '-'. */
export const OPERATOR_USERNAME = /^[A-Za-z0-9._-]{3,64}$/
export const MAX_PASSWORD_LENGTH = 256

/** Keyboard rows and columns, and the alphabet, forwards: a password inside one of them (or its reverse) is a walk. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p', 'zaq1xsw2cde3vfr4bgt5nhy6mju7', '01234567890']
/** The words people put first, whatever digits and symbols follow (their letters alone). */
const COMMON = new Set(['password', 'passwd', 'pass', 'admin', 'administrator', 'root', 'user', 'test', 'guest', 'welcome', 'iloveyou', 'woaini', 'letmein', 'qwerty', 'qwe', 'asd', 'zxc', 'abc', 'qaz', 'qazwsx', 'qazwsxedc', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdef', 'aaa', 'a', 'aa', 'q', 'qq'])

/** Those long enough to be a password's stem (Password, admin…) with a letter or two after it. */
const COMMON_STEMS = [...COMMON].filter((w) => w.length >= 5)

function isWalk(s: string): boolean {
  return s.length >= 4 && RUNS.some((run) => run.includes(s) || run.includes([...s].reverse().join('')))
}

export function newPasswordProblem(password: string, accountName?: string): { message: string; detail: string } | null {
  const chars = [...password.normalize('NFC')]
  if (chars.length === 0 || chars.length > MAX_PASSWORD_LENGTH) return { message: '密码不能为空，且不能超过 256 个字符', detail: 'empty or longer than 256 characters' }
  if (chars.length < MIN_PASSWORD_LENGTH) return { message: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`, detail: 'too short' }
  if (password.trim().length === 0 || new Set(chars).size === 1) return { message: '密码不能由同一个字符重复组成', detail: 'one repeated character' }
  if (accountName && password.normalize('NFC').toLowerCase() === accountName.normalize('NFC').toLowerCase()) {
    return { message: '密码不能与账号名相同', detail: 'equals the account name' }
  }
  // The name repeated, or dressed up with digits and symbols (clerk1clerk1, boss@2026boss): guessed right after it.
  const name = accountName?.normalize('NFKC').toLowerCase() ?? ''
  const folded = password.normalize('NFKC').toLowerCase()
  if (name.length >= 3 && folded.includes(name) && folded.split(name).join('').replace(/[\p{Nd}\p{P}\p{S}\s]/gu, '') === '') {
    return { message: '密码不能由账号名加数字或符号组成', detail: 'the account name with digits or symbols' }
  }
  // Full-width forms as their ASCII (１２３ is 123), then what is left once digits, symbols and spaces go.
  const lower = password.normalize('NFKC').toLowerCase()
  const letters = lower.replace(/[\p{Nd}\p{P}\p{S}\s]/gu, '')
  if (letters === '') return { message: '密码不能只由数字和符号组成，请加入字母或汉字', detail: 'digits and symbols only' }
  if (isWalk(lower.replace(/[\p{P}\p{S}\s]/gu, '')) || (letters.length >= 6 && isWalk(letters))) {
    return { message: '密码不能是连续的字母、数字或键盘顺序', detail: 'a keyboard or alphabet walk' }
  }
  // Letters written as digits or symbols (P@ssw0rd) are read as the letters.
  const spelled = lower.replace(/[@4]/g, 'a').replace(/0/g, 'o').replace(/[1!|]/g, 'i').replace(/3/g, 'e').replace(/[$5]/g, 's').replace(/7/g, 't')
  const words = [letters, spelled.replace(/[\p{Nd}\p{P}\p{S}\s]/gu, '')]
  // A common word, or one with at most two letters more (a year read as letters: 2026 → "o").
  const common = (w: string) => COMMON.has(w) || COMMON_STEMS.some((c) => w.startsWith(c) && w.length - c.length <= 2)
  if (words.some((w) => common(w) || common(w.replace(/i/g, 'l')))) return { message: '密码过于常见，请换一个不容易被猜到的', detail: 'a common word with digits' }
  return null
}
