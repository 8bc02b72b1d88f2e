/**
 * webpack loader for @tarojs/components' H5 stylesheet (config/index.ts): removes the base64 `weui` icon font
 * (6.3 KB, 3.3 KB gzip of the first-load JS: Taro injects this sheet from a script). Only Taro's Icon, Checkbox
 * and Radio draw with it, and the app uses none of them (.eslintrc.cjs refuses their import). Taro's toast has
 * a font of its own. Fails the build if the sheet no longer holds the font, so a Taro upgrade is noticed.
 */
module.exports = function stripWeuiFont(source) {
  const out = source.replace(/@font-face\{[^}]*font-family:weui;[^}]*\}/, '')
  if (out === source) this.emitError(new Error('strip-weui-font: no weui @font-face in this stylesheet any more (Taro upgraded?): update or drop the loader'))
  return out
}
