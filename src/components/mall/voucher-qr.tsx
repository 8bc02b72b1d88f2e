import { Image } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'
import { a11yRole } from '@/components/ui/a11y'
import { formatVoucherCode } from '@/utils/format'
import './voucher-qr.scss'

/**
 * A 核销码 as a QR code image for the counter's scanner (the console's 核销 page reads it). Drawn in JavaScript as a
 * GIF data URL by qrcode-generator — no canvas, the same image on H5 and both mini programs; twelve digits in
 * numeric mode are the smallest QR version (21×21 modules), error correction M.
 */
export function voucherQrDataUrl(code: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(code, 'Numeric')
  qr.make()
  // 6 px a module and the 4-module quiet zone a scanner needs.
  return qr.createDataURL(6, 24)
}

export function VoucherQr({ code, id, className }: { code: string; id?: string; className?: string }) {
  // Drawn once per code, not on every render of 兑换记录.
  const src = useMemo(() => voucherQrDataUrl(code), [code])
  return (
    <Image
      id={id}
      className={`voucher-qr ${className ?? ''}`}
      src={src}
      // Square picture, square box: the default scaleToFill draws it whole (Taro H5's aspectFit places the <img>
      // absolutely with no left, so a centred parent pushed half of it out of the box).
      mode='scaleToFill'
      {...a11yRole('img')}
      aria-label={`核销二维码，核销码 ${formatVoucherCode(code)}`}
      // H5 draws an <img> inside the labelled element: the label is said once, the inner picture has no words of its own.
      {...(process.env.TARO_ENV === 'h5' ? { nativeProps: { alt: '' } } : {})}
    />
  )
}
