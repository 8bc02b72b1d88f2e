import { Text, View } from '@tarojs/components'
import type { OperatorMetrics } from '@/api/contract'
import './charts.scss'

type Rate = OperatorMetrics['paidMemberRate']

/** Bar length of a rate, in percent of the track (0 when the rate is undefined). */
const widthOf = (rate: Rate | null): number => (rate?.basisPoints == null ? 0 : Math.min(100, rate.basisPoints / 100))

export interface Kpi {
  id: string
  label: string
  value: string | number
  hint?: string
}

/** Headline numbers, two per row. */
export function KpiGrid({ items }: { items: Kpi[] }) {
  return (
    <View className='kpis'>
      {items.map((k) => (
        <View key={k.id} className='kpi'>
          <Text className='muted'>{k.label}</Text>
          <Text className='kpi__value' id={k.id}>
            {k.value}
          </Text>
          {k.hint ? <Text className='kpi__hint'>{k.hint}</Text> : null}
        </View>
      ))}
    </View>
  )
}

/**
 * Vertical bars drawn with views (DAU per day). Labels under the first, middle and last bars. A `partial` bar (a day
 * still under way) is drawn muted: not a day that fell short.
 */
export function ColumnChart({ id, data }: { id: string; data: { key: string; label: string; value: number; partial?: boolean }[] }) {
  const max = Math.max(1, ...data.map((d) => d.value))
  const labelled = new Set([0, Math.floor((data.length - 1) / 2), data.length - 1])
  return (
    <View className='columns' id={id}>
      <View className='columns__plot'>
        <Text className='columns__max'>{max}</Text>
        {data.map((d) => (
          <View key={d.key} className='columns__slot' id={`${id}-${d.key}`} aria-label={`${d.label} ${d.value}`}>
            <View className={`columns__bar${d.partial ? ' columns__bar--partial' : ''}`} style={`height:${(d.value / max) * 100}%`} />
          </View>
        ))}
      </View>
      <View className='columns__axis'>
        {data.map((d, i) => (
          <Text key={d.key} className='columns__tick'>
            {labelled.has(i) ? d.label : ''}
          </Text>
        ))}
      </View>
    </View>
  )
}

export interface RateRow {
  key: string
  label: string
  rate: Rate | null
}

/** Horizontal bars, one per rate, with the percentage and the counts behind it. */
export function RateBars({ id, rows, tone = 'primary' }: { id: string; rows: RateRow[]; tone?: 'primary' | 'accent' }) {
  return (
    <View className='rates' id={id}>
      {rows.map((r) => (
        <View key={r.key} className='rate' id={`${id}-${r.key}`}>
          <View className='rate__head'>
            <Text>{r.label}</Text>
            <Text className='rate__value'>
              {r.rate ? r.rate.percent : '—'}
              {r.rate && r.rate.denominator > 0 ? <Text className='muted'>{` (${r.rate.numerator}/${r.rate.denominator})`}</Text> : null}
            </Text>
          </View>
          <View className='rate__track'>
            <View className={`rate__fill rate__fill--${tone}`} style={`width:${widthOf(r.rate)}%`} />
          </View>
        </View>
      ))}
    </View>
  )
}

export interface PairedRow {
  key: string
  label: string
  a: Rate | null
  b: Rate | null
}

/** Two bars per row (members vs non-members), with a legend. */
export function PairedRateBars({ id, rows, legend }: { id: string; rows: PairedRow[]; legend: [string, string] }) {
  return (
    <View className='paired' id={id}>
      <View className='paired__legend'>
        <View className='paired__key paired__key--a' />
        <Text className='muted'>{legend[0]}</Text>
        <View className='paired__key paired__key--b' />
        <Text className='muted'>{legend[1]}</Text>
      </View>
      {rows.map((r) => (
        <View key={r.key} className='paired__row' id={`${id}-${r.key}`}>
          <Text className='paired__label'>{r.label}</Text>
          <View className='paired__bars'>
            {(['a', 'b'] as const).map((side) => (
              <View key={side} className='paired__line'>
                <View className='paired__track'>
                  <View className={`paired__fill paired__fill--${side}`} style={`width:${widthOf(r[side])}%`} />
                </View>
                <Text className='paired__value'>{r[side]?.percent ?? '—'}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
