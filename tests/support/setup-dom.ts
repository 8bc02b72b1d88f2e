import '@testing-library/jest-dom'
import { resetTaroMock } from './taro-mock'

afterEach(() => resetTaroMock())
