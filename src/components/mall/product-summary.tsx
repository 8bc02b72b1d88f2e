import { Text, View } from '@tarojs/components'
import type { Product } from '@/api/contract'
import { formatFen } from '@/utils/format'
import './product-summary.scss'

/**
 * A product's name, description and price as three blocks, one under the other — in the shop's list and in its
 * detail sheet. (Texts are inline on every platform: side by side they read as one run, "桂花乌龙清香桂花配高山乌龙¥22",
 * to the eye and to a screen reader alike.)
 */
export function ProductSummary({ product, large = false }: { product: Product; large?: boolean }) {
  return (
    <View className={`product-summary${large ? ' product-summary--large' : ''}`}>
      <Text className='product-summary__name'>{product.name}</Text>
      {product.description ? <Text className='product-summary__desc'>{product.description}</Text> : null}
      <Text className='product-summary__price' aria-label={`价格 ${formatFen(product.priceFen)}`}>
        {formatFen(product.priceFen)}
      </Text>
    </View>
  )
}
