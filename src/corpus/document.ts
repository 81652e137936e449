/**
 * Galen's document model: one source document (a guideline, a drug label, an abstract, a web page)
 * with the metadata a citation needs. Every loader produces {@link GalenDocument}s, and Galen's own
 * JSON Lines format is one such object per line.
 */
import { z } from 'zod'
import { InputError, type SafeParseResult } from '../errors.js'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  MATERIAL_TYPES,
  type MaterialType,
  PARTIAL_DATE_PATTERN,
} from '../retrieval/source-metadata.js'

export type { AuthorityLevel, MaterialType }
export { AUTHORITY_LEVELS, MATERIAL_TYPES, PARTIAL_DATE_PATTERN }

const partialDate = z
  .string()
  .regex(PARTIAL_DATE_PATTERN, 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD')

/**
 * The zod schema of a document. Unknown keys are rejected so that a misspelt field
 * (`materialtype`) is an error rather than silently lost.
 */
export const documentSchema = z
  .object({
    /** Stable identifier, unique in an index, for example `demo-hypertension-nice-ng136`. */
    id: z.string().trim().min(1).max(300),
    title: z.string().trim().min(1),
    /** The full text (plain text or Markdown; headings `#` guide the chunker). */
    text: z.string().min(1),
    /** The organisation or journal that published it, for example `NICE` or `FDA`. */
    publisher: z.string().trim().min(1),
    /**
     * Where the source can be read: `https://...`, or `file://...` for local files. Other
     * schemes (`javascript:`, `data:`, ...) are refused: the URL is rendered as a link.
     */
    url: z
      .string()
      .trim()
      .min(1)
      .refine((url) => /^(?:https?|file):\/\//i.test(url), {
        message: 'expected an http(s):// or file:// URL',
      }),
    materialType: z.enum(MATERIAL_TYPES),
    /** Publication date: `YYYY-MM-DD` or `YYYY` (also `YYYY-MM`); omit only when unknown. */
    published: partialDate.optional(),
    /** Date of the last revision, when known. */
    updated: partialDate.optional(),
    /** BCP 47 language tag, for example `en`, `fr`, `pt-BR`. */
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'expected a language tag such as "en"'),
    /** The human-readable source citation, for example `NICE guideline NG136 (2019, updated 2023)`. */
    citation: z.string().trim().min(1),
    /** An explicit authority level; when absent the authority rules assign one. */
    authority: z.enum(AUTHORITY_LEVELS).optional(),
    tags: z.array(z.string().trim().min(1)).optional(),
    /** True for material written by the Galen project for demonstration, not clinical use. */
    demonstration: z.boolean().optional(),
  })
  .strict()

/** A source document in Galen's schema (the output of every loader). */
export type GalenDocument = z.infer<typeof documentSchema>

/**
 * Validates an untrusted value (a parsed JSON line, a request body) as a {@link GalenDocument}.
 * Never throws: the error names the first offending field and its value.
 *
 * @param value - the value to check
 * @param where - where it came from, used in the message, for example `docs.jsonl line 12`
 */
export function safeParseDocument(
  value: unknown,
  where = 'document',
): SafeParseResult<GalenDocument> {
  const parsed = documentSchema.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  const path = issue?.path.map(String).join('.') ?? ''
  const field = path === '' ? where : path
  const offending = path === '' ? value : valueAt(value, issue?.path ?? [])
  const shown = offending === undefined ? 'missing' : `"${preview(offending)}"`
  return {
    ok: false,
    error: new InputError(
      `corpus: ${where}: field "${field}" is invalid (${shown}): ${issue?.message ?? 'invalid document'}`,
      { field, value: offending },
    ),
  }
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = value
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return text.length > 60 ? `${text.slice(0, 60)}...` : text
}
