/**
 * What a person can see of a text: without spaces and format characters (U+200B zero-width space, U+200D joiner,
 * U+FEFF …). A name, a reason or an address made of nothing visible is blank, whatever its length.
 */
export function visibleText(text: string): string {
  return text.replace(/[\s\p{Cf}]/gu, '')
}
