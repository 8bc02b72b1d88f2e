/**
 * Rasterises SVG drawings to PNG in the system Chromium (no image library needed): the mini programs' native tab
 * bar takes no SVG, and PNG is the one image format every platform's <image> and CSS background draw alike.
 */
import { launchChromium } from './chromium'

export interface PngJob {
  /** A whole `<svg>` element; it is drawn at `size`×`size` CSS pixels. */
  svg: string
  size: number
  file: string
}

export async function svgToPng(jobs: PngJob[]): Promise<void> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 })
    for (const { svg, size, file } of jobs) {
      await page.setViewportSize({ width: size, height: size })
      await page.setContent(`<body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`)
      await page.locator('svg').screenshot({ path: file, omitBackground: true })
      console.log(file)
    }
  } finally {
    await browser.close()
  }
}
