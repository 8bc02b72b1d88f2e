/**
 * 核销: staff look up a member's redemption voucher by its code — typed on a desktop, or scanned with the camera (the
 * member's voucher shows it as a QR code): the browser's BarcodeDetector where it has one (Chrome on Android and
 * macOS), else jsQR on the video's frames (iPhone Safari, Firefox, desktop Chrome on Linux and Windows; loaded only
 * when the camera opens) — see what it is for and whether it is valid, and mark it used, once (recorded in the audit
 * log). A used or expired voucher says so.
 */
import { CameraOutlined, CheckCircleOutlined, SearchOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Result, Space, Tag, Typography } from 'antd'
import { useCallback, useEffect, useRef, useState } from 'react'
import { type AdminVoucher, api } from '../api'
import { PageHeader } from '../components/page-header'
import { ErrorState } from '../components/page-state'
import { fmtInstant } from '../lib/format'
import { toApiError, useAction } from '../lib/hooks'
import { VOUCHER_STATUS } from '../lib/labels'
import { Link } from '../router'
import { useSession } from '../session-context'
import { INPUT_CLEAR } from '../lib/clear'

interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>
}
type BarcodeDetectorCtor = new (opts: { formats: string[] }) => BarcodeDetectorLike

const hasCamera = () => typeof navigator.mediaDevices?.getUserMedia === 'function'

/** What reads a QR code off the camera's current frame: the browser's own detector, or jsQR on its pixels. */
async function frameReader(): Promise<(video: HTMLVideoElement) => Promise<string | null>> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector
  if (Detector) {
    const detector = new Detector({ formats: ['qr_code', 'code_128', 'ean_13'] })
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null
  }
  const { default: jsQR } = await import('jsqr')
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!
  return async (video) => {
    if (!video.videoWidth) return null
    // At most 640 px wide: enough for a code held up to the camera, and cheap to scan four times a second.
    const scale = Math.min(1, 640 / video.videoWidth)
    canvas.width = Math.round(video.videoWidth * scale)
    canvas.height = Math.round(video.videoHeight * scale)
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null
  }
}

/** A QR code may hold the bare code or a link carrying it (`…?code=XXXX`). */
export function codeFromScan(raw: string): string {
  const text = raw.trim()
  try {
    const u = new URL(text)
    return (u.searchParams.get('code') ?? u.pathname.split('/').filter(Boolean).pop() ?? text).trim()
  } catch {
    return text
  }
}

function Scanner({ open, onClose, onCode }: { open: boolean; onClose: () => void; onCode: (code: string) => void }) {
  const video = useRef<HTMLVideoElement>(null)
  const [error, setError] = useState<string>()
  useEffect(() => {
    if (!open || !hasCamera()) return
    let stream: MediaStream | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const tick = async (read: (v: HTMLVideoElement) => Promise<string | null>) => {
      if (stopped || !video.current) return
      try {
        const found = await read(video.current)
        if (found) {
          onCode(codeFromScan(found))
          return
        }
      } catch {
        // A frame that was not ready yet; try the next one.
      }
      timer = setTimeout(() => void tick(read), 250)
    }
    Promise.all([navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }), frameReader()])
      .then(async ([s, read]) => {
        stream = s
        // Closed while the camera was starting: let it go at once.
        if (stopped || !video.current) return s.getTracks().forEach((t) => t.stop())
        video.current.srcObject = s
        await video.current.play()
        void tick(read)
      })
      .catch(() => setError('无法打开摄像头：请允许使用摄像头，或直接输入核销码'))
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((t) => t.stop())
    }
  }, [open, onCode])
  return (
    <Modal title="扫描核销码" open={open} onCancel={onClose} footer={null} destroyOnHidden>
      {error ? <Alert type="warning" showIcon title={error} /> : <video ref={video} className="voucher-video" muted playsInline aria-label="摄像头取景" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        将会员出示的二维码放入取景框内，识别后自动查询。
      </Typography.Paragraph>
    </Modal>
  )
}

function VoucherCard({ v, onUsed }: { v: AdminVoucher; onUsed: (v: AdminVoucher) => void }) {
  const { can } = useSession()
  const { message, modal } = App.useApp()
  const action = useAction()
  const status = VOUCHER_STATUS[v.status]
  const use = () =>
    modal.confirm({
      title: `确认核销「${v.itemName}」？`,
      content: `会员 ${v.member.nickname}，核销码 ${v.code}。核销后不能撤销。`,
      okText: '确认核销',
      cancelText: '取消',
      onOk: async () => {
        const r = await action.run({ use: v.code }, (key) => api.useVoucher(v.code, key))
        if (r.ok) {
          message.success('核销成功')
          onUsed(r.data.voucher)
        } else {
          // Someone else may have used it meanwhile: show its state now.
          api.voucher(v.code).then(({ voucher }) => onUsed(voucher), () => undefined)
        }
      },
    })
  return (
    <Card style={{ maxWidth: 640 }} data-testid="voucher-card">
      <Flex align="center" gap={12} style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {v.itemName}
        </Typography.Title>
        <Tag color={status?.color} style={{ fontSize: 14, padding: '2px 10px' }} data-testid="voucher-status">
          {status?.label ?? v.status}
        </Tag>
      </Flex>
      {v.status === 'used' ? <Alert type="warning" showIcon title={`该核销码已于 ${fmtInstant(v.usedAt)} 核销，不能重复使用`} style={{ marginBottom: 12 }} /> : null}
      {v.status === 'revoked' ? <Alert type="error" showIcon title="该核销码已作废，不能使用（会员退款后等级调整收回了本月权益，或会员已注销）" style={{ marginBottom: 12 }} /> : null}
      {v.status === 'expired' ? <Alert type="error" showIcon title={`该核销码已于 ${v.validTo} 过期`} style={{ marginBottom: 12 }} /> : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="核销码">
          <Typography.Text code>{v.code}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="会员">
          <Link to={`/members/${encodeURIComponent(v.member.id)}`}>{v.member.nickname || v.member.id}</Link>
        </Descriptions.Item>
        <Descriptions.Item label="兑换时间">{fmtInstant(v.redeemedAt)}</Descriptions.Item>
        <Descriptions.Item label="有效期至">{v.validTo}</Descriptions.Item>
        <Descriptions.Item label="核销时间">{fmtInstant(v.usedAt)}</Descriptions.Item>
      </Descriptions>
      {v.status === 'valid' ? (
        can('operator') ? (
          <Button type="primary" size="large" icon={<CheckCircleOutlined />} onClick={use} loading={action.pending} style={{ marginTop: 8 }}>
            确认核销
          </Button>
        ) : (
          <Typography.Paragraph type="secondary">只读账号不能核销。</Typography.Paragraph>
        )
      ) : null}
    </Card>
  )
}

export default function VouchersPage({ initialCode }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode ?? '')
  const [voucher, setVoucher] = useState<AdminVoucher>()
  // A code that is not there (404) or not a code at all (400) is a fact about what was typed: no retry for those.
  const [error, setError] = useState<{ message: string; title?: string }>()
  const [loading, setLoading] = useState(false)
  const [scanning, setScanning] = useState(false)
  const canScan = hasCamera()
  // Only the last lookup's answer is shown: a slow answer to an earlier code must not put that voucher under this one.
  const seq = useRef(0)
  const lookup = useCallback(async (raw: string) => {
    // Spaces, hyphens and full-width digits (1234 5678 9012 as the member's screen groups it; a Chinese IME) are
    // the server's to read.
    const c = raw.trim()
    if (!c) return
    const mine = ++seq.current
    setLoading(true)
    setError(undefined)
    setVoucher(undefined)
    try {
      const { voucher } = await api.voucher(c)
      if (mine === seq.current) setVoucher(voucher)
    } catch (e) {
      if (mine !== seq.current) return
      const err = toApiError(e)
      if (err.status === 404) setError({ title: '未找到该核销码', message: `未找到核销码 ${c}，请核对后重试` })
      else if (err.status === 400) setError({ title: '核销码格式不正确', message: err.message })
      else setError({ message: err.message })
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])
  // The card's own answer (used, or its state after a refused use) replaces it only while it is still the one shown.
  const onUsed = useCallback((v: AdminVoucher) => setVoucher((shown) => (shown?.code === v.code ? v : shown)), [])
  useEffect(() => {
    if (initialCode) void lookup(initialCode)
  }, [initialCode, lookup])
  const onScanned = useCallback(
    (c: string) => {
      setScanning(false)
      setCode(c)
      void lookup(c)
    },
    [lookup],
  )
  return (
    <>
      <PageHeader title="核销" sub="输入或扫描会员出示的核销码（到店服务、礼品兑换）" />
      <Space.Compact style={{ width: '100%', maxWidth: 560, marginBottom: 16 }} size="large">
        <Input
          aria-label="核销码"
          placeholder="输入核销码"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          onPressEnter={() => lookup(code)}
          autoFocus
          allowClear={INPUT_CLEAR}
          autoComplete="off"
        />
        <Button type="primary" icon={<SearchOutlined />} loading={loading} onClick={() => lookup(code)}>
          查询
        </Button>
        {canScan ? (
          <Button icon={<CameraOutlined />} onClick={() => setScanning(true)}>
            扫码
          </Button>
        ) : null}
      </Space.Compact>
      {error ? (
        error.title ? (
          <Result status="warning" title={error.title} subTitle={error.message} />
        ) : (
          <ErrorState message={error.message} onRetry={() => lookup(code)} />
        )
      ) : null}
      {voucher ? <VoucherCard v={voucher} onUsed={onUsed} /> : null}
      <Scanner open={scanning} onClose={() => setScanning(false)} onCode={onScanned} />
    </>
  )
}
