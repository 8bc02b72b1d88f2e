/**
 * The operator's rules document for the mock server (`MOCK_RULES_FILE`): a JSON object with any top-level
 * sections of `RulesConfig` (src/domain/config.ts). Each section given replaces the default section whole
 * (`campaigns` replaces the demo campaigns); sections left out keep the defaults. The result must pass
 * `validateRulesConfig`, or the server refuses to start and lists every problem.
 */
import { readFileSync } from 'node:fs'
import { validateRulesConfig, type RulesConfig } from '../src/domain/config'
import { defaultRules } from './seed'

/** The document in `file` over `base` (default: the mock's rules with the demo campaigns around `now`). */
export function loadRulesFile(file: string, now: number, base: RulesConfig = defaultRules(now)): RulesConfig {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`rules file ${file}: ${(e as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`rules file ${file}: expected a JSON object with sections of RulesConfig`)
  }
  const defaults = base
  const unknown = Object.keys(parsed).filter((k) => !(k in defaults))
  if (unknown.length) throw new Error(`rules file ${file}: unknown section(s) ${unknown.join(', ')}`)
  const rules = { ...defaults, ...parsed } as RulesConfig
  const check = validateRulesConfig(rules)
  if (!check.ok) throw new Error(`rules file ${file} is invalid:\n${check.problems.join('\n')}`)
  return rules
}
