/**
 * `npx tsx scripts/make-art.ts`: draws the home shortcuts' icons and the mall's product pictures from their SVG
 * sources (src/assets/art/*.svg, 48-unit drawings) into the PNGs the app ships beside them (96×96: sharp at 2× for
 * the largest place one is shown, 48 CSS px). PNG because every platform draws it — as a CSS background, the mini
 * programs inline it (base64) into their styles. Run after changing a drawing; the PNGs are committed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { svgToPng } from './svg-to-png'

const DIR = path.resolve(__dirname, '..', 'src/assets/art')
const SIZE = 96

svgToPng(
  readdirSync(DIR)
    .filter((name) => name.endsWith('.svg'))
    .map((name) => ({ svg: readFileSync(path.join(DIR, name), 'utf8'), size: SIZE, file: path.join(DIR, name.replace(/\.svg$/, '.png')) })),
).catch((e) => {
  console.error(e)
  process.exit(1)
})
