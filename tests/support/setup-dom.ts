import '@testing-library/jest-dom'
import { configure } from '@testing-library/react'
import { resetTaroMock } from './taro-mock'

// Pages fetch from the in-process mock: on a loaded 2-core CI machine a render can take over RTL's default
// 1 s. Waiting longer costs nothing when things are fast and keeps the suite from failing on slowness alone.
configure({ asyncUtilTimeout: 4000 })
jest.setTimeout(30_000)

afterEach(() => resetTaroMock())
