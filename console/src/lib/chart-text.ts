/**
 * Text for a chart's tooltip: ECharts writes a tooltip formatter's string as HTML, and what goes in it (a tier's
 * name) is text an operator saved — it must show as text, never run as markup in another operator's console.
 */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The tier chart's tooltip: the tier, its members and the share the table and the CSV say (the server's). */
export function tierTooltip(share: ReadonlyMap<string, string>): (p: { name: string; value: number }) => string {
  return (p) => htmlText(`${p.name}: ${p.value} 人 (${share.get(p.name) ?? ''})`)
}
