/**
 * @jest-environment jsdom
 */
/**
 * A tier's name is text any operator can publish; the dashboard's tier chart shows it in a tooltip, which ECharts
 * writes as HTML. The name must arrive as text: `<img src=x onerror=…>` as a tier name ran in every admin's console
 * that hovered the chart.
 */
import { tierTooltip } from '../../console/src/lib/chart-text'

// The UMD build (Jest does not transform node_modules' ESM): the same tooltip as the console's tree-shaken one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echarts = require('echarts/dist/echarts.js')

test('a tier name with markup shows in the tier chart’s tooltip as text, not as an element', () => {
  const box = document.createElement('div')
  document.body.appendChild(box)
  const chart = echarts.init(box, undefined, { renderer: 'svg', width: 400, height: 300 })
  const name = '<img src=x id=injected>'
  chart.setOption({
    tooltip: { trigger: 'item', formatter: tierTooltip(new Map([[name, '100.0%']])) },
    series: [{ type: 'pie', label: { show: false }, data: [{ name, value: 5 }] }],
  })
  chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 })
  expect(document.getElementById('injected')).toBeNull()
  expect(document.body.textContent).toContain('<img src=x id=injected>: 5 人 (100.0%)')
  chart.dispose()
})
