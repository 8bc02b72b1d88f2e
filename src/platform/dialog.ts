import Taro from '@tarojs/taro'

/**
 * Taro's confirmation dialog, every caller's way to open one (confirm() in src/utils/feedback.ts, the demo's
 * cashier). The mini programs draw their own native dialog; on H5 `dialog.h5.ts` also makes it a modal dialog for
 * the keyboard and screen readers.
 */
export function showModal(options: Taro.showModal.Option): Promise<Taro.showModal.SuccessCallbackResult> {
  return Taro.showModal(options)
}
