/**
 * Vouchers at the counter (核销, SPEC §8): `GET /admin/vouchers/{code}` shows what a member's code is for and
 * whether it can be used; `POST /admin/vouchers/{code}/use` marks it used, once — a used, expired or revoked code
 * (a refund lowered the tier that gave it; the member was erased) is refused and says so (mall.ts), and what is not
 * 12 digits (spaces, hyphens and full-width digits aside) is 400 VOUCHER_CODE_INVALID. The owner's row is locked, so
 * two tills scanning one code use it once.
 */
import type { AdminVoucher } from '../../../src/api/contract'
import type { BusinessDate } from '../../../src/domain/calendar'
import { assertVoucherUsable, voucherStatus } from '../../../src/domain/mall'
import { HttpError } from '../http'
import type { Redemption } from '../records'
import type { HandlerArgs, RouteEntry } from '../route'
import { objectBody, pathId } from '../validate'
import { audit, currentOperator } from './operators'

function adminVoucher(r: Redemption & { voucher: NonNullable<Redemption['voucher']> }, nickname: string, today: BusinessDate): AdminVoucher {
  const v = r.voucher
  return { code: v.code, status: voucherStatus(v, today), validTo: v.validTo, usedAt: v.usedAt, itemName: r.itemName, redeemedAt: r.at, member: { id: r.memberId, nickname } }
}

async function redemptionOf(args: HandlerArgs): Promise<Redemption & { voucher: NonNullable<Redemption['voucher']> }> {
  // As the member's screen shows it (1234 5678 9012) or as typed: spaces and hyphens are not part of the code, and a
  // Chinese IME's full-width digits (１２３) are digits.
  const code = pathId(args.params, 'id')
    .replace(/[\s-]/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
  // Something else typed or scanned (a payment code, a link): say so rather than 未找到.
  if (!/^\d{12}$/.test(code)) throw new HttpError(400, 'VOUCHER_CODE_INVALID', '核销码为 12 位数字，请核对后重试')
  const r = await args.work.scope.redemptionByVoucher(code)
  if (!r || !r.voucher) throw new HttpError(404, 'VOUCHER_NOT_FOUND', '核销码不存在，请核对后重试', { code })
  return r as Redemption & { voucher: NonNullable<Redemption['voucher']> }
}

export const voucherRoutes: RouteEntry[] = [
  [
    'GET',
    '/admin/vouchers/:id',
    {
      auth: 'viewer',
      handler: async (args) => {
        const r = await redemptionOf(args)
        const nickname = (await args.work.scope.profiles([r.memberId]))[r.memberId]?.nickname ?? ''
        return { body: { voucher: adminVoucher(r, nickname, args.work.today) } }
      },
    },
  ],
  [
    'POST',
    '/admin/vouchers/:id/use',
    {
      auth: 'operator',
      handler: async (args) => {
        objectBody(args.body)
        const seen = await redemptionOf(args)
        const tx = await args.work.member(seen.memberId, { missing: () => new HttpError(404, 'VOUCHER_NOT_FOUND', '核销码不存在，请核对后重试') })
        const r = await redemptionOf(args)
        assertVoucherUsable(r.voucher, args.work.today)
        const op = await currentOperator(args)
        const used = { ...r, voucher: { ...r.voucher, usedAt: args.work.iso, usedBy: op.username } }
        args.work.redemptions.push(used)
        await audit(args, 'voucher.use', r.voucher.code, { status: 'valid' }, { status: 'used', redemptionId: r.id, memberId: r.memberId })
        return { body: { voucher: adminVoucher(used, tx.member.nickname, args.work.today) } }
      },
    },
  ],
]
