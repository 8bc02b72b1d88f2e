// Runs in the mini-program runtime before the first render (see mini-aria-plugin.ts): the runtime's own list
// of View/Image/Text attributes must match the compiled template's, or the attribute aliases shift.
import { mergeInternalComponents } from '@tarojs/shared'

var attrs = process.env.TARO_ENV === 'weapp' ? { 'aria-role': "''", 'aria-label': "''" } : { role: "''", 'aria-label': "''" }
mergeInternalComponents({ View: attrs, Image: attrs, Text: attrs })
