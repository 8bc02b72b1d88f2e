// Each mini-program case boots a compiled bundle and its embedded mock (seeding the demo history): a few seconds
// on an idle 2-core machine, more on a loaded one. Fail on behaviour, not on a slow machine.
jest.setTimeout(60_000)
