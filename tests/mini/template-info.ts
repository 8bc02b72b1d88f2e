/**
 * What the compiled base template (dist/weapp/base.wxml, dist/alipay/base.axml) says about each Taro node-name
 * code `nn`: which tag it renders and whether that element binds `tap` (Taro only binds events on the template
 * variants that need them — `pure-view`/`static-view` bind nothing, `click-view` binds tap only, …). The harness
 * uses this to bubble a tap exactly through the elements the real framework would call `eh` on.
 */
import fs from 'node:fs'
import path from 'node:path'

export type Platform = 'weapp' | 'alipay'

export interface TemplateInfo {
  nn: string
  tag: string
  /** 'bind' bubbles on, 'catch' stops bubbling here, null: the element has no tap handler. */
  tap: 'bind' | 'catch' | null
  /** Every event the element binds to `eh` (weapp: 'tap', 'agreeprivacyauthorization'; alipay: 'tap', 'touchStart'). */
  events: Map<string, 'bind' | 'catch'>
  /** Attribute → key of the Taro node that feeds it (`open-type="{{i.p11}}"` → 'open-type': 'p11'). */
  attrs: Record<string, string>
  /** Renders `{{i.v}}` (a Taro text node). */
  isText: boolean
}

/** `bindtap`/`bind:tap`/`catchtap` (weapp), `onTap`/`catchTap` (alipay) → event name and binding kind. */
function eventBinding(attr: string, platform: Platform): { event: string; kind: 'bind' | 'catch' } | null {
  const m = platform === 'weapp' ? /^(?:capture-|mut-)?(bind|catch):?(.+)$/.exec(attr) : /^(on|catch)([A-Z].*)$/.exec(attr)
  if (!m) return null
  const event = platform === 'weapp' ? m[2] : m[2].charAt(0).toLowerCase() + m[2].slice(1)
  return { event, kind: m[1] === 'catch' ? 'catch' : 'bind' }
}

/** The attributes of the tag that starts at `start` (skipping `{{ … }}` so a `>` inside is harmless). */
function readTag(source: string, start: number): { name: string; attrs: [string, string][] } {
  const nameMatch = /^<([a-zA-Z][\w-]*)/.exec(source.slice(start))
  if (!nameMatch) return { name: '', attrs: [] }
  let i = start + nameMatch[0].length
  let inExpr = false
  let quote = ''
  let text = ''
  while (i < source.length) {
    if (!inExpr && source.startsWith('{{', i)) inExpr = true
    else if (inExpr && source.startsWith('}}', i)) inExpr = false
    const ch = source[i]
    if (!inExpr) {
      if (quote) {
        if (ch === quote) quote = ''
      } else if (ch === '"' || ch === "'") quote = ch
      else if (ch === '>') break
    }
    text += ch
    i++
  }
  const attrs = [...text.matchAll(/([^\s=/]+)\s*=\s*("[^"]*"|'[^']*')/g)].map((m): [string, string] => [m[1], m[2].slice(1, -1)])
  return { name: nameMatch[1], attrs }
}

export function parseBaseTemplate(source: string, platform: Platform): Map<string, TemplateInfo> {
  const infos = new Map<string, TemplateInfo>()
  const templateRe = /<template\s+name="tmpl_(\d+)_([^"]+)"\s*>([\s\S]*?)<\/template>/g
  for (const match of source.matchAll(templateRe)) {
    const [, , nn, body] = match
    if (infos.has(nn) || nn === 'container') continue
    const firstTag = body.search(/<[a-zA-Z]/)
    const { name, attrs } = firstTag === -1 ? { name: '', attrs: [] as [string, string][] } : readTag(body, firstTag)
    const events = new Map<string, 'bind' | 'catch'>()
    const attrKeys: Record<string, string> = {}
    for (const [attr, value] of attrs) {
      const binding = value === 'eh' ? eventBinding(attr, platform) : null
      if (binding) {
        if (events.get(binding.event) !== 'catch') events.set(binding.event, binding.kind)
        continue
      }
      const key = /\{\{[^}]*?\bi\.(\w+)/.exec(value)
      if (key) attrKeys[attr] = key[1]
    }
    const isText = /\{\{\s*i\.v\s*\}\}/.test(body) && (name === '' || name === 'block')
    infos.set(nn, { nn, tag: name || 'block', tap: events.get('tap') ?? null, events, attrs: attrKeys, isText })
  }
  // A focusable control (input, textarea) is an indirection, `<template is="{{xs.c(i, 'tmpl_0_')}}">`, to a
  // variant by its focus state (`33_focus`, `33_blur`) that renders the element: the node is what they render.
  for (const [nn, info] of infos) {
    if (info.tag !== 'template') continue
    const variant = infos.get(`${nn}_blur`) ?? infos.get(`${nn}_focus`)
    if (variant) infos.set(nn, { ...variant, nn })
  }
  return infos
}

export function loadTemplateInfo(distDir: string, platform: Platform): Map<string, TemplateInfo> {
  const file = path.join(distDir, platform === 'weapp' ? 'base.wxml' : 'base.axml')
  if (!fs.existsSync(file)) return new Map()
  return parseBaseTemplate(fs.readFileSync(file, 'utf8'), platform)
}
