import { Alert } from 'antd'
import type { MallItem } from '../../api'
import { F, Grid, ListBlock, nextId, useFields } from './fields'
import { couponOptions, REWARD_KIND_LABELS, REWARD_KIND_OPTIONS } from './options'
import { stockWords, useStockGiven } from './stock-given'

/** What each kind of item gives a member who redeems it (the help under 类型). */
const REWARD_KIND_HELP: Record<string, string> = {
  coupon: '兑换后优惠券直接发到会员的「我的券」',
  gift: '兑换时会员填写收货地址，由运营发货',
  service: '兑换后生成核销码，到店出示核销',
}

/** The points mall's items, when the backend keeps them in the rules document (`mall.items`). */
export function MallSection() {
  const { draft } = useFields()
  const given = useStockGiven()
  if (!draft.mall || !Array.isArray(draft.mall.items)) {
    return <Alert type="info" showIcon title="当前规则版本不包含积分商城配置" description="积分商城的商品由后端单独管理；后端在规则文档中提供 mall 配置后即可在此编辑。" />
  }
  return (
    <>
      <Grid>
        <F path="mall.voucherValidDays" label="核销码有效期" type="int" min={1} max={3650} unit="天（含兑换当天）" help="到店服务兑换后发放的核销码" />
      </Grid>
      <ListBlock<MallItem>
        path="mall.items"
        title="积分商城商品"
        addLabel="添加商品"
        itemTitle={(it) => `${it.name || '未命名'} · ${REWARD_KIND_LABELS[it.kind] ?? it.kind}`}
        make={(items) => ({ id: nextId('rw', items.map((x) => x.id)), name: '新商品', description: '', kind: 'gift', pointsPrice: 100, initialStock: 100, perMemberLimit: 1 })}
        render={(i, p) => (
          <Grid>
            <F path={`${p}.id`} label="商品 ID" />
            <F path={`${p}.name`} label="名称（会员可见）" />
            <F path={`${p}.kind`} label="类型" type="select" options={REWARD_KIND_OPTIONS} help={REWARD_KIND_HELP[draft.mall!.items[i]?.kind ?? '']} />
            <F path={`${p}.pointsPrice`} label="所需积分" type="int" min={1} unit="积分" />
            <F
              path={`${p}.initialStock`}
              label="库存"
              type="int"
              min={0}
              help={stockWords('总数量，含已兑出的：调高即补货', draft.mall?.items[i]?.initialStock, given && (given.rewards[draft.mall?.items[i]?.id ?? ''] ?? 0))}
            />
            <F path={`${p}.perMemberLimit`} label="每人限兑" type="int" min={1} unit="次" />
            {draft.mall?.items[i]?.kind === 'coupon' ? <F path={`${p}.couponTemplateId`} label="兑换的优惠券" type="select" options={couponOptions(draft)} /> : null}
            <F path={`${p}.description`} label="说明（会员可见）" type="textarea" wide />
          </Grid>
        )}
      />
    </>
  )
}
