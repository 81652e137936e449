/**
 * How entities look in text and how text entities are compared with graph entities: DBpedia-style
 * names lose their underscores, quoted literals their quotes; comparison ignores case, white space
 * and the first letter's capitalisation.
 */
import type { Language } from './predicates.js'

/** The text form of an entity name: `Aarhus_Airport` → `Aarhus Airport`, `"1.8"` → `1.8`. */
export function displayEntity(name: string): string {
  let value = name.trim()
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
  if (!/\s/.test(value) && value.includes('_')) value = value.replace(/_+/g, ' ')
  return value.trim()
}

/** The comparison key of an entity name (after {@link displayEntity}). */
export function entityKey(name: string): string {
  return displayEntity(name).replace(/\s+/g, ' ').toLowerCase()
}

/** Upper-cases the first letter (English sentence start); leaves other scripts alone. */
export function capitalize(text: string): string {
  const first = text.charAt(0)
  return first.toUpperCase() === first ? text : `${first.toUpperCase()}${text.slice(1)}`
}

/** Joins list items: `A, B and C` in English, `A、B和C` in Chinese. */
export function joinList(items: readonly string[], language: Language): string {
  if (items.length <= 1) return items[0] ?? ''
  const conjunction = language === 'zh' ? '和' : ' and '
  const separator = language === 'zh' ? '、' : ', '
  return `${items.slice(0, -1).join(separator)}${conjunction}${items[items.length - 1]}`
}

/** Splits a list written by {@link joinList}. */
export function splitList(text: string, language: Language): string[] {
  const parts = language === 'zh' ? text.split(/、|和/) : text.split(/, | and /)
  return parts.map((part) => part.trim())
}

/** Whether items can be joined into a list that {@link splitList} reads back unchanged. */
export function isListSafe(items: readonly string[], language: Language): boolean {
  const unsafe = language === 'zh' ? /、|和/ : /,| and /
  return items.every((item) => item !== '' && !unsafe.test(item))
}
