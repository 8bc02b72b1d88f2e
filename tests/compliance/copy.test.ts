/**
 * Member copy (issue 13): every Chinese string the app, the mock and the server can show — string literals,
 * template parts and JSX text, comments aside — uses full-width punctuation (，：；！？（）) next to Chinese
 * characters, never "抽奖,之后", writes dates as 11月12日, never 2026-11-12, and calls the member's code 邀请码
 * (never 好友码, 会员码 or 推荐码). The H5 accessibility audit reads the same off every rendered page; this sweep
 * also covers toasts, sheets and error messages. Dates put into a text at run time are the domain tests' business
 * (monthDayWords / instantWords, with the year when it is not this year's).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')
const DIRS = ['src', 'mock', 'server/core']
const CJK = /[\u4e00-\u9fff]/u
const PROBLEM = /[\u4e00-\u9fff][,:;!?()]|[,:;!?(][\u4e00-\u9fff]|\b\d{4}-\d{2}-\d{2}\b|好友码|会员码|推荐码/u

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : []
  })
}

/** The text of every string literal, template part and JSX text in a file, with its line. */
function texts(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const out: { line: number; text: string }[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) {
      out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

test('Chinese copy uses full-width punctuation and no ISO dates', () => {
  const files = DIRS.flatMap((d) => sources(path.join(ROOT, d)))
  const chinese = files.flatMap((f) => texts(f).filter((t) => CJK.test(t.text)).map((t) => ({ ...t, file: path.relative(ROOT, f) })))
  // The sweep reads what it should: thousands of Chinese strings across the three trees.
  expect(chinese.length).toBeGreaterThan(1000)
  expect(chinese.filter((t) => PROBLEM.test(t.text)).map((t) => `${t.file}:${t.line} ${JSON.stringify(t.text)}`)).toEqual([])
})

test('the sweep catches what it is for', () => {
  expect(['抽奖,之后', '补签 2026-11-12', '(限时)活动', '规则:每日', '请核对好友码'].filter((t) => PROBLEM.test(t))).toHaveLength(5)
  expect(['抽奖，之后', '补签 11月12日', '（限时）活动', '10:00 开始', '9折券（最高减30元）'].filter((t) => PROBLEM.test(t))).toEqual([])
})
