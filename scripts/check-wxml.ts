/**
 * `npx tsx scripts/check-wxml.ts [distDir]` — compile a WeChat build (default dist/weapp) with WeChat's own
 * compilers from the `miniprogram-compiler` package: `wcc` for every .wxml (with the .wxs modules it uses) and
 * `wcsc` for every .wxss. Exits 1 and prints `file: message` for each compiler error, and for references the
 * compilers do not check themselves (a missing `<import>`/`<include>`/`<wxs src>` target, a `usingComponents`
 * entry without its files).
 *
 * Why not the package's JS wrappers (`wxmlToJs`/`wxssToJs`)? They stop at the first wcc error, `wxssToJs`
 * *returns* its Error instead of throwing (a broken .wxss would pass silently), and they keep a 1 MB stdout
 * buffer. So this script drives the binaries directly, the same way the wrappers do (`-d -cc`, `-db -pc`).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface CompileProblem {
  /** Path relative to the dist directory (or the compiler name when the message names no file). */
  file: string
  tool: 'wcc' | 'wcsc' | 'refs'
  message: string
}

export interface CheckResult {
  ok: boolean
  problems: CompileProblem[]
  counts: { wxml: number; wxs: number; wxss: number }
}

interface Compilers {
  wcc: string
  wcsc: string
}

const MAX_BUFFER = 256 * 1024 * 1024

function binaryDir(): string {
  const pkgDir = path.dirname(require.resolve('miniprogram-compiler/package.json'))
  const platformDir = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux'
  return path.join(pkgDir, 'bin', platformDir)
}

/**
 * npm (v11 here) runs no install scripts and tarballs may drop the mode bits, so the binaries can arrive
 * without the run bit. Set it in place; when node_modules is read-only, run a private executable copy.
 */
export function ensureExecutable(file: string): string {
  if (process.platform === 'win32') return file
  const mode = fs.statSync(file).mode
  if ((mode & 0o111) === 0o111) return file
  try {
    fs.chmodSync(file, mode | 0o755)
    return file
  } catch {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-compiler-'))
    const copy = path.join(dir, path.basename(file))
    fs.copyFileSync(file, copy)
    fs.chmodSync(copy, 0o755)
    return copy
  }
}

export function locateCompilers(): Compilers {
  const dir = binaryDir()
  const exe = process.platform === 'win32' ? '.exe' : ''
  return { wcc: ensureExecutable(path.join(dir, `wcc${exe}`)), wcsc: ensureExecutable(path.join(dir, `wcsc${exe}`)) }
}

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, root, out)
    else out.push(path.relative(root, full).split(path.sep).join('/'))
  }
  return out.sort()
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return null
  }
}

/** Resolve a WXML/JSON reference: `/x` is relative to the dist root, anything else to the referring file. */
function resolveRef(distDir: string, fromFile: string, ref: string): string {
  const base = ref.startsWith('/') ? distDir : path.dirname(path.join(distDir, fromFile))
  const abs = path.join(base, ref.startsWith('/') ? ref.slice(1) : ref)
  return path.relative(distDir, abs).split(path.sep).join('/')
}

const TAG_SRC = /<(import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>/g

function checkReferences(distDir: string, files: string[]): CompileProblem[] {
  const problems: CompileProblem[] = []
  const present = new Set(files)
  for (const file of files.filter((f) => f.endsWith('.wxml'))) {
    const source = fs.readFileSync(path.join(distDir, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '')
    for (const match of source.matchAll(TAG_SRC)) {
      const [, tag, ref] = match
      if (ref.includes('{{')) continue
      let target = resolveRef(distDir, file, ref)
      if (tag !== 'wxs' && !target.endsWith('.wxml')) target += '.wxml'
      if (!present.has(target)) {
        problems.push({ file, tool: 'refs', message: `<${tag} src="${ref}"> points at ${target}, which does not exist` })
      }
    }
  }
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const json = readJson(path.join(distDir, file))
    const using = json?.usingComponents
    if (!using || typeof using !== 'object') continue
    for (const [name, ref] of Object.entries(using as Record<string, string>)) {
      if (typeof ref !== 'string' || ref.startsWith('plugin://') || ref.startsWith('plugin-private://')) continue
      const target = resolveRef(distDir, file, ref)
      const missing = ['.js', '.json', '.wxml'].filter((ext) => !present.has(target + ext))
      if (missing.length > 0) {
        problems.push({ file, tool: 'refs', message: `usingComponents "${name}": ${target} lacks ${missing.join(', ')}` })
      }
    }
  }
  return problems
}

interface RunResult {
  status: number | null
  stderr: string
  error?: Error
}

function run(bin: string, args: string[], cwd: string): RunResult {
  const res = spawnSync(bin, args, { cwd, maxBuffer: MAX_BUFFER })
  return { status: res.status, stderr: (res.stderr?.toString() ?? '').trim(), error: res.error }
}

/** The compilers prefix messages with `file:line:col` (wcc) or `file(line:col)` (wcsc); keep them whole. */
function problemsFromOutput(tool: 'wcc' | 'wcsc', output: string, fallbackFile: string, known: string[]): CompileProblem[] {
  const lines = output
    .split('\n')
    .map((l) => l.replace(/^ERR:\s*/, '').trim())
    .filter((l) => l !== '' && !/^error file count:/.test(l))
  if (lines.length === 0) return [{ file: fallbackFile, tool, message: 'compiler failed without a message' }]
  return lines.map((line) => {
    const named = known.find((f) => line.startsWith(`${f}:`) || line.startsWith(`${f}(`) || line.includes(`\`${f}\``))
    return { file: named ?? fallbackFile, tool, message: line }
  })
}

/**
 * wcc's `-cc` argument lists, for every page/component with usingComponents, its wxml path, the number of
 * custom tags and their names — exactly what the devtools (and the package's wrapper) pass.
 */
function componentArgs(distDir: string, wxml: string[]): string {
  const parts: string[] = []
  let count = 0
  for (const file of wxml) {
    const json = readJson(path.join(distDir, file.replace(/\.wxml$/, '.json')))
    const using = json?.usingComponents
    if (!using || typeof using !== 'object') continue
    const names = Object.keys(using)
    parts.push(file, String(names.length), ...names)
    count++
  }
  return [String(count), ...parts].join(' ')
}

export function checkWeappDist(distDir: string, compilers: Compilers = locateCompilers()): CheckResult {
  if (!fs.existsSync(distDir)) throw new Error(`${distDir} does not exist — build it first (taro build --type weapp)`)
  const files = walk(distDir)
  const wxml = files.filter((f) => f.endsWith('.wxml'))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  const wxssFiles = files.filter((f) => f.endsWith('.wxss'))
  if (wxml.length === 0) {
    return { ok: false, problems: [{ file: '.', tool: 'wcc', message: `no .wxml files in ${distDir} — is the weapp build complete?` }], counts: { wxml: 0, wxs: wxs.length, wxss: wxssFiles.length } }
  }
  const problems: CompileProblem[] = checkReferences(distDir, files)
  const seen = new Set(problems.map((p) => p.message))
  const add = (list: CompileProblem[]) => {
    for (const p of list) {
      if (seen.has(p.message)) continue
      seen.add(p.message)
      problems.push(p)
    }
  }
  const known = [...wxml, ...wxs, ...wxssFiles]

  // One wcc run per file so every broken file is reported (wcc stops at its first error). The .wxs modules
  // go along because wcc only resolves `<wxs src>` against the files on its command line.
  for (const file of wxml) {
    const res = run(compilers.wcc, ['-d', file, ...wxs], distDir)
    if (res.error) throw res.error
    if (res.status !== 0) add(problemsFromOutput('wcc', res.stderr, file, known))
  }
  // Then the whole project at once, as the devtools compile it (custom components, imports across files).
  const whole = run(compilers.wcc, ['-d', '-cc', componentArgs(distDir, wxml), ...wxml, ...wxs, '-gn', '$gwx'], distDir)
  if (whole.error) throw whole.error
  if (whole.status !== 0) add(problemsFromOutput('wcc', whole.stderr, 'wcc', known))

  if (wxssFiles.length > 0) {
    // Page/component stylesheets (those with a .json next to them) first, their count in -pc, like the devtools.
    const isComponent = (f: string) => fs.existsSync(path.join(distDir, f.replace(/\.wxss$/, '.json')))
    const ordered = [...wxssFiles.filter(isComponent), ...wxssFiles.filter((f) => !isComponent(f))]
    const res = run(compilers.wcsc, ['-db', '-pc', String(wxssFiles.filter(isComponent).length), ...ordered], distDir)
    if (res.error) throw res.error
    if (res.status !== 0) add(problemsFromOutput('wcsc', res.stderr, 'wcsc', known))
  }

  return { ok: problems.length === 0, problems, counts: { wxml: wxml.length, wxs: wxs.length, wxss: wxssFiles.length } }
}

function main(): void {
  const distDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'weapp'))
  let result: CheckResult
  try {
    result = checkWeappDist(distDir)
  } catch (err) {
    console.error(`check-wxml: ${(err as Error).message}`)
    process.exit(1)
  }
  const { counts } = result
  if (!result.ok) {
    for (const p of result.problems) console.error(`✗ ${p.file} [${p.tool}] ${p.message}`)
    console.error(`check-wxml: ${result.problems.length} problem(s) in ${distDir}`)
    process.exit(1)
  }
  console.log(`check-wxml: ${counts.wxml} wxml (+${counts.wxs} wxs) and ${counts.wxss} wxss compile cleanly with wcc/wcsc (${distDir})`)
}

if (require.main === module) main()
