/**
 * SPEC §6 / issue 12: every control is a real button or link to assistive technology. A View or Text that
 * handles a tap says what it is — `a11yRole(…)` spread on it (role + H5 keyboard focus, `aria-role` on WeChat)
 * or a `role` — so a screen reader announces it and, on H5, the keyboard reaches it (src/platform/keyboard.h5.ts
 * turns Enter/Space into the tap). The H5 axe audit cannot see this: a div with a click handler is no violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')
/** Taps that are not controls: a sheet's backdrop (the sheet has its close button, and Escape on H5). */
const NOT_CONTROLS = ['src/components/ui/sheet.tsx: sheet-mask']

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.tsx') ? [full] : []
  })
}

/** `file:line <Tag class>` of every View / Text / Image with an onClick and neither a role nor a spread role. */
function unannounced(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const out: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && ['View', 'Text', 'Image'].includes(node.tagName.getText())) {
      const attrs = node.attributes.properties
      const named = (name: string) => attrs.find((a) => ts.isJsxAttribute(a) && a.name.getText() === name)
      const spreadsRole = attrs.some((a) => ts.isJsxSpreadAttribute(a) && /a11yRole\(|buttonWhen\(|DIALOG\b/.test(a.expression.getText()))
      if (named('onClick') && !named('role') && !spreadsRole) {
        const cls = named('className')
        const where = `${path.relative(ROOT, file)}: ${cls?.getText().match(/['`]([\w-]+)/)?.[1] ?? node.tagName.getText()}`
        if (!NOT_CONTROLS.includes(where)) out.push(`${where} (line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

test('every tappable View and Text has a role (button, link, switch …)', () => {
  const files = sources(path.join(ROOT, 'src'))
  expect(files.length).toBeGreaterThan(50)
  expect(files.flatMap(unannounced)).toEqual([])
})

test('the check finds a tappable view without a role', () => {
  const probe = path.join(ROOT, 'tests/compliance/fixtures/tappable.tsx')
  expect(unannounced(probe)).toEqual([expect.stringContaining('tests/compliance/fixtures/tappable.tsx: quiet')])
})
