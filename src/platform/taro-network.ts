import Taro from '@tarojs/taro'
import { createNetworkStatus, type NetworkApi } from './types'

/** Alipay's my.getNetworkType says `networkAvailable` (type 'NOTREACHABLE' when there is none); WeChat says type 'none'. */
interface NetworkTypeAnswer {
  networkType?: string
  networkAvailable?: boolean
}

/** The mini programs' connection: asked once, then followed through onNetworkStatusChange. */
export function taroNetwork(): NetworkApi {
  return createNetworkStatus((report) => {
    Taro.onNetworkStatusChange((res) => report(res.isConnected))
    void Promise.resolve()
      .then(() => Taro.getNetworkType())
      .then((res: NetworkTypeAnswer) => report(res.networkAvailable ?? !['none', 'NOTREACHABLE'].includes(String(res.networkType))))
      .catch(() => undefined)
  })
}
