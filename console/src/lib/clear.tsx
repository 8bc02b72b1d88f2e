/**
 * The clear buttons of selects and inputs, named in Chinese: antd names a select's "Clear" and an input's by its
 * icon ("close-circle"), whatever the locale — what a screen reader says in a zh-CN console.
 */
import { CloseCircleFilled } from '@ant-design/icons'

/** `<Select allowClear={SELECT_CLEAR}>`: antd's own icon, the button named 清除. */
export const SELECT_CLEAR = { clearIcon: <CloseCircleFilled aria-hidden aria-label={undefined} />, label: '清除' }

/** `<Input allowClear={INPUT_CLEAR}>`: the icon names the button. */
export const INPUT_CLEAR = { clearIcon: <CloseCircleFilled aria-label="清除" /> }
