import Taro from '@tarojs/taro'
import { ApiError } from '@/api/errors'
import { announce } from '@/platform/announce'
import { showModal } from '@/platform/dialog'

/** The member-facing words of any failure (ApiErrors carry zh-CN messages from the backend). */
export function errorMessage(e: unknown): string {
  return e instanceof ApiError ? e.message : '出了点问题，请稍后重试'
}

export function toast(title: string): void {
  // icon 'none' allows two lines of text; the success icon cuts titles at 7 characters on WeChat.
  void Taro.showToast({ title, icon: 'none', duration: 2000 })
  announce(title)
}

export function toastError(e: unknown): void {
  toast(errorMessage(e))
}

/** A message too long for a toast (WeChat shows two short lines of one): a dialog with one button. */
export async function inform(title: string, content: string): Promise<void> {
  await showModal({ title, content, showCancel: false, confirmText: '知道了' })
}

/** A confirmation dialog; resolves true when the member confirms. */
export async function confirm(title: string, content: string, confirmText = '确定', cancelText = '取消'): Promise<boolean> {
  return !!(await showModal({ title, content, confirmText, cancelText })).confirm
}
