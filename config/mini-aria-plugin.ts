/**
 * Lets `<View>` and `<Image>` carry the mini programs' accessibility attributes into the compiled templates.
 * Taro 4.2's templates list each component's attributes and drop the rest, and neither list has them:
 * WeChat's screen reader reads `aria-role` and `aria-label`, Alipay's `role` and `aria-label`.
 * (What @tarojs/plugin-inject does, without the dependency.)
 */
import path from 'node:path'
import type { IPluginContext } from '@tarojs/service'

const ARIA: Record<string, Record<string, string>> = {
  weapp: { 'aria-role': "''", 'aria-label': "''" },
  alipay: { role: "''", 'aria-label': "''" },
}

export default (ctx: IPluginContext) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform: { runtimePath?: string | string[]; template?: { mergeComponents(ctx: IPluginContext, patch: Record<string, Record<string, string>>): void } }) {
      const attrs = ARIA[process.env.TARO_ENV ?? '']
      if (!attrs || !platform.template) return
      // The template (build time) and the runtime's attribute aliases (mini-aria-runtime.js) get the same patch.
      platform.template.mergeComponents(ctx, { View: attrs, Image: attrs, Text: attrs })
      const runtime = platform.runtimePath ?? []
      platform.runtimePath = [...(Array.isArray(runtime) ? runtime : [runtime]), path.resolve(__dirname, 'mini-aria-runtime.js')]
    },
  })
}
