import '@testing-library/jest-dom'
import { configure } from '@testing-library/react'
import { checkConsoleErrors, recordConsoleErrors } from './console-errors'
import { resetTaroMock } from './taro-mock'

// Pages fetch from the in-process mock: on a loaded 2-core CI machine a render can take over RTL's default
// 1 s. Waiting longer costs nothing when things are fast and keeps the suite from failing on slowness alone.
configure({ asyncUtilTimeout: 4000 })
jest.setTimeout(30_000)

beforeEach(() => recordConsoleErrors())
// Declared after RTL's own afterEach (registered when it was imported above), so it also sees what unmounting logs.
afterEach(() => checkConsoleErrors())
afterEach(() => resetTaroMock())
