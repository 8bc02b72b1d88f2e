// Suites here boot the mock backend (seeding the demo history) or a compiled mini-program bundle: a few seconds
// on an idle 2-core machine, more on a loaded one. Fail on behaviour, not on a slow machine.
jest.setTimeout(60_000)
