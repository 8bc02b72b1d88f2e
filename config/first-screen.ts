/**
 * The H5 first screen: what index.html draws before any JavaScript runs, so a first visit's largest paint (the
 * consent sheet's text, SPEC §6 LCP ≤ 1.5 s) does not wait for the app's scripts. It is the consent sheet itself —
 * the same words (src/components/ui/privacy-copy.json), class names and stylesheets (the SCSS below, compiled here
 * and inlined), so it sits exactly where the app's sheet will (tests/e2e/first-screen.test.ts holds them to the
 * same boxes). An inline script shows it only to a visitor who has not agreed yet (the H5 platform keeps consent
 * under the key in src/platform/consent.json), above the tab bar on a tab page — every main-package page is a tab page
 * (app.config.ts). The app removes it as it draws its own sheet (platform/first-screen.h5.ts); until then its
 * buttons are a picture of the sheet and answer nothing (`inert`).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { compile } from 'sass'

const ROOT = path.resolve(__dirname, '..')
// JSON, not a module of src/: Taro compiles only config/ when it loads the build configuration.
const CONSENT_KEY = (JSON.parse(readFileSync(path.join(ROOT, 'src/platform/consent.json'), 'utf8')) as { storageKey: string }).storageKey
const PRIVACY_COPY = JSON.parse(readFileSync(path.join(ROOT, 'src/components/ui/privacy-copy.json'), 'utf8')) as Record<'title' | 'body' | 'link' | 'decline' | 'agree', string>
const STYLES = ['src/app.scss', 'src/components/ui/sheet.scss', 'src/components/ui/privacy-sheet.scss']

/** Taro's H5 px transform for a 750-wide design (1rem = 40 design px) and its tab bar constant (50px). */
function taroH5Units(css: string): string {
  return css.replace(/taro-tabbar-height/g, '50PX').replace(/(\d*\.?\d+)px/g, (_, n: string) => `${Number(n) / 40}rem`)
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const SHOW = `(function(){try{var c=localStorage.getItem(${JSON.stringify(CONSENT_KEY)});if(c&&c.indexOf('accepted')>=0)return}catch(e){}var s=document.getElementById('first-screen');var p=location.hash.replace(/^#\\/?/,'');if(!p||p.indexOf('pages/')===0)s.className+=' first-screen--tab';s.hidden=false})()`

export function firstScreen(): string {
  const css = taroH5Units(STYLES.map((f) => compile(path.join(ROOT, f), { style: 'compressed', loadPaths: [ROOT] }).css).join(''))
  const c = PRIVACY_COPY
  return [
    // Its stylesheet inside it, so removing the first screen removes it too: left in the body after the pages' own
    // stylesheets, its copy of app.scss won over them (`.btn { margin: 0 }` cancelled every button's margin).
    `<div id="first-screen" class="first-screen" hidden inert>`,
    `<style>${css}#first-screen[hidden]{display:none}</style>`,
    `<div class="sheet-mask"><div class="sheet" role="dialog" aria-modal="true" aria-label="${escape(c.title)}"><div class="privacy-sheet">`,
    `<span class="privacy-sheet__title">${escape(c.title)}</span>`,
    `<span class="privacy-sheet__body">${escape(c.body)}</span>`,
    `<span class="privacy-sheet__link">${escape(c.link)}</span>`,
    `<div class="sheet__actions"><div class="btn privacy-sheet__decline">${escape(c.decline)}</div><div class="btn btn--primary privacy-sheet__agree">${escape(c.agree)}</div></div>`,
    `</div></div></div></div>`,
    `<script>${SHOW}</script>`,
  ].join('')
}
