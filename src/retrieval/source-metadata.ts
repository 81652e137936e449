/**
 * The source metadata vocabulary shared by the corpus and the index: material types and authority
 * levels. It lives in retrieval (which the corpus depends on) so that filters can validate it.
 */

/**
 * Kinds of material, from the most to the least formal. The authority rules
 * (`data/authority-rules.json`) map them, with the publisher and other fields, to levels A-E.
 */
export const MATERIAL_TYPES = [
  'guideline',
  'consensus',
  'drug_label',
  'textbook',
  'systematic_review',
  'trial',
  'research_article',
  'encyclopedia',
  'patient_education',
  'qa',
  'web',
] as const

/** One of {@link MATERIAL_TYPES}. */
export type MaterialType = (typeof MATERIAL_TYPES)[number]

/** Authority levels, A (highest: guidelines, consensus, official labels) to E (lowest: web). */
export const AUTHORITY_LEVELS = ['A', 'B', 'C', 'D', 'E'] as const

/** One of {@link AUTHORITY_LEVELS}. */
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number]

/** Whether a value is an authority level. */
export function isAuthorityLevel(value: unknown): value is AuthorityLevel {
  return typeof value === 'string' && (AUTHORITY_LEVELS as readonly string[]).includes(value)
}

/** Whether a value is a material type. */
export function isMaterialType(value: unknown): value is MaterialType {
  return typeof value === 'string' && (MATERIAL_TYPES as readonly string[]).includes(value)
}

/** A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month 01-12, day 01-31). */
export const PARTIAL_DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

/**
 * Converts a partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) to a fractional year, taking the middle
 * of the period when only a year or month is known (`2019` → 2019.5). Returns undefined for
 * anything else.
 */
export function fractionalYear(date: string | undefined): number | undefined {
  if (date === undefined || !PARTIAL_DATE_PATTERN.test(date)) return undefined
  const [year, month, day] = date.split('-').map(Number)
  if (year === undefined) return undefined
  if (month === undefined) return year + 0.5
  if (day === undefined) return year + (month - 0.5) / 12
  return year + (month - 1) / 12 + (day - 0.5) / 365
}

/**
 * The URL when it is safe to render as a link (`http://`, `https://` or `file://`), else the empty
 * string. Indexes built before URL schemes were checked at ingest may still hold `javascript:` or
 * `data:` URLs; every response that carries a source URL passes it through here.
 */
export function safeLinkUrl(url: string): string {
  return /^(?:https?|file):\/\//i.test(url.trim()) ? url.trim() : ''
}
