import { Text, View } from '@tarojs/components'
import type { LeaderboardDetail } from '@/api/contract'
import './leaderboard-list.scss'

/** The ranking: rank, masked nickname (the server masks it), points earned in the campaign. */
export function LeaderboardList({ standings }: { standings: LeaderboardDetail['standings'] }) {
  return (
    <View className='leaderboard' id='leaderboard-list'>
      {standings.length === 0 ? <Text className='muted'>还没有人上榜，快去赚积分吧</Text> : null}
      {standings.map((s) => (
        <View key={s.rank} className={`leaderboard__row${s.rank <= 3 ? ` leaderboard__row--top leaderboard__row--${s.rank}` : ''}`}>
          <Text className='leaderboard__rank'>{s.rank}</Text>
          <Text className='leaderboard__name'>{s.nickname}</Text>
          <Text className='leaderboard__points'>{s.points} 积分</Text>
        </View>
      ))}
    </View>
  )
}
