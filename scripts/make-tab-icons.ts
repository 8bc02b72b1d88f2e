/**
 * `npx tsx scripts/make-tab-icons.ts`: draws the tab bar icons (SVG) and saves them as the 81×81 PNGs the
 * mini programs' native tab bar needs (it takes no SVG). Run after changing a shape or a colour; the PNGs are
 * committed under src/assets/tab/.
 */
import path from 'node:path'
import { svgToPng } from './svg-to-png'

const SIZE = 81
// The tab bar's text colours (app.config.ts): the muted text and primary tokens, ≥ 4.5:1 on white.
const COLORS = { normal: '#646a73', active: '#c8372e' }

const ICONS: Record<string, string> = {
  home: '<path d="M12 38 40.5 14 69 38" fill="none" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/><path d="M20 34v30h14V48h13v16h14V34" fill="none" stroke-width="6" stroke-linejoin="round"/>',
  tasks: '<rect x="16" y="12" width="49" height="58" rx="8" fill="none" stroke-width="6"/><path d="M27 33l6 6 11-12M27 53h27" fill="none" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>',
  me: '<circle cx="40.5" cy="29" r="13" fill="none" stroke-width="6"/><path d="M15 69c2-14 12-21 25.5-21S64 55 66 69" fill="none" stroke-width="6" stroke-linecap="round"/>',
}

svgToPng(
  Object.entries(ICONS).flatMap(([name, shape]) =>
    Object.entries(COLORS).map(([state, color]) => ({
      svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 81 81" stroke="${color}">${shape}</svg>`,
      size: SIZE,
      file: path.resolve(__dirname, '..', 'src/assets/tab', `${name}${state === 'active' ? '-active' : ''}.png`),
    })),
  ),
).catch((e) => {
  console.error(e)
  process.exit(1)
})
