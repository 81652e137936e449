/**
 * Authority levels A-E assigned by editable rules: a JSON file lists rules in order, each with
 * conditions on the material type, publisher, URL, title, tags, language and age of a document;
 * the first rule whose conditions all hold gives the level and the reason. The default rules live
 * in `data/authority-rules.json`.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { ConfigError, InputError, safeParseJson } from '../errors.js'
import {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  fractionalYear,
  MATERIAL_TYPES,
} from '../retrieval/source-metadata.js'
import type { GalenDocument } from './document.js'

const regexText = z.string().refine(
  (text) => {
    try {
      new RegExp(text, 'iu')
      return true
    } catch {
      return false
    }
  },
  { message: 'not a valid regular expression' },
)

const ruleSchema = z
  .object({
    name: z.string().min(1),
    when: z
      .object({
        materialType: z.array(z.enum(MATERIAL_TYPES)).min(1).optional(),
        /** Regular expression (case-insensitive) on the publisher. */
        publisher: regexText.optional(),
        /** Regular expression (case-insensitive) on the URL. */
        url: regexText.optional(),
        /** Regular expression (case-insensitive) on the title. */
        title: regexText.optional(),
        /** Any of these tags. */
        tags: z.array(z.string()).min(1).optional(),
        language: z.array(z.string()).min(1).optional(),
        /** Published (or last updated) more than this many years ago. */
        olderThanYears: z.number().positive().optional(),
        /** Published (or last updated) at most this many years ago. */
        newerThanYears: z.number().positive().optional(),
      })
      .strict(),
    level: z.enum(AUTHORITY_LEVELS),
    reason: z.string().min(1),
  })
  .strict()

const rulesFileSchema = z
  .object({
    version: z.literal(1),
    description: z.string().optional(),
    default: z.object({ level: z.enum(AUTHORITY_LEVELS), reason: z.string().min(1) }).strict(),
    rules: z.array(ruleSchema),
  })
  .strict()

/** A rules file, as parsed. */
export type AuthorityRules = z.infer<typeof rulesFileSchema>

/** The level given to a document and why. */
export interface AuthorityAssignment {
  level: AuthorityLevel
  /** `given by the source` or `rule "<name>": <reason>`. */
  reason: string
  /** The rule that matched, if any. */
  rule?: string
}

/** The path of the default rules file shipped with Galen. */
export const DEFAULT_AUTHORITY_RULES_PATH = fileURLToPath(
  new URL('../../data/authority-rules.json', import.meta.url),
)

/**
 * Validates a parsed rules object. The error names the first field at fault.
 *
 * @throws ConfigError when the rules are invalid
 */
export function parseAuthorityRules(value: unknown, where = 'authority rules'): AuthorityRules {
  const parsed = rulesFileSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.map(String).join('.') || '(root)'
  throw new ConfigError(`authority: ${where}: field "${field}" is invalid: ${issue?.message}`, {
    key: field,
  })
}

/**
 * Reads a rules file (default: Galen's `data/authority-rules.json`).
 *
 * @throws ConfigError when the file is missing, not JSON or not valid rules
 */
export function loadAuthorityRules(path: string = DEFAULT_AUTHORITY_RULES_PATH): AuthorityRules {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(
      `authority: cannot read rules file "${path}": ${(error as Error).message}`,
    )
  }
  const json = safeParseJson(text, path)
  if (!json.ok) throw new ConfigError(`authority: ${json.error.message}`)
  return parseAuthorityRules(json.value, `"${path}"`)
}

type Compiled = AuthorityRules['rules'][number] & {
  patterns: { publisher?: RegExp; url?: RegExp; title?: RegExp }
}

/**
 * Creates the assigner of a rule set: a function from a document to its level and reason.
 *
 * A document's own `authority` field is a claim, not a fact: by default the rules decide, and the
 * claim can only lower the level (a forum post calling itself "A" stays where the rules put it;
 * a source that asks to be ranked lower is). Only when the ingest was told to trust the source
 * (`trustDocumentAuthority`, for a curated collection such as the project's demonstration
 * corpus) does the claim replace the rules.
 *
 * @param options.now - reference date for the age conditions, as a fractional year (default now)
 * @param options.trustDocumentAuthority - let a document's own level stand (default false)
 * @example
 * const assign = createAuthorityAssigner(loadAuthorityRules())
 * assign(document) // { level: 'A', reason: 'rule "recognised-guideline": ...' }
 */
export function createAuthorityAssigner(
  rules: AuthorityRules,
  options: { now?: number; trustDocumentAuthority?: boolean } = {},
): (document: GalenDocument) => AuthorityAssignment {
  const compiled: Compiled[] = rules.rules.map((rule) => {
    const patterns: Compiled['patterns'] = {}
    if (rule.when.publisher !== undefined)
      patterns.publisher = new RegExp(rule.when.publisher, 'iu')
    if (rule.when.url !== undefined) patterns.url = new RegExp(rule.when.url, 'iu')
    if (rule.when.title !== undefined) patterns.title = new RegExp(rule.when.title, 'iu')
    return { ...rule, patterns }
  })
  const now = options.now ?? new Date().getUTCFullYear() + new Date().getUTCMonth() / 12
  const byRules = (document: GalenDocument): AuthorityAssignment => {
    const year = fractionalYear(document.updated) ?? fractionalYear(document.published)
    const age = year === undefined ? undefined : now - year
    for (const rule of compiled) {
      const when = rule.when
      if (when.materialType !== undefined && !when.materialType.includes(document.materialType))
        continue
      if (
        rule.patterns.publisher !== undefined &&
        !rule.patterns.publisher.test(document.publisher)
      )
        continue
      if (rule.patterns.url !== undefined && !rule.patterns.url.test(document.url)) continue
      if (rule.patterns.title !== undefined && !rule.patterns.title.test(document.title)) continue
      if (when.tags !== undefined && !when.tags.some((tag) => document.tags?.includes(tag)))
        continue
      if (when.language !== undefined && !when.language.includes(document.language)) continue
      if (when.olderThanYears !== undefined && (age === undefined || age <= when.olderThanYears))
        continue
      if (when.newerThanYears !== undefined && (age === undefined || age > when.newerThanYears))
        continue
      return { level: rule.level, reason: `rule "${rule.name}": ${rule.reason}`, rule: rule.name }
    }
    return { level: rules.default.level, reason: `default: ${rules.default.reason}` }
  }
  return (document) => {
    const claimed = document.authority
    if (claimed === undefined) return byRules(document)
    if (options.trustDocumentAuthority === true) {
      return { level: claimed, reason: 'given by the source record (trusted source)' }
    }
    const ruled = byRules(document)
    if (AUTHORITY_LEVELS.indexOf(claimed) > AUTHORITY_LEVELS.indexOf(ruled.level)) {
      return {
        ...ruled,
        level: claimed,
        reason: `lowered to ${claimed} by the source record; ${ruled.reason}`,
      }
    }
    if (claimed === ruled.level) return ruled
    return {
      ...ruled,
      reason: `${ruled.reason} (the record's own claim of ${claimed} is not trusted; ingest with trustDocumentAuthority to accept it)`,
    }
  }
}

/** Validates an authority level given on the command line or in a request. */
export function parseAuthorityLevel(value: string, field = 'authority'): AuthorityLevel {
  const upper = value.trim().toUpperCase()
  const level = AUTHORITY_LEVELS.find((candidate) => candidate === upper)
  if (level === undefined) {
    throw new InputError(`authority: ${field} "${value}" must be one of A, B, C, D, E`, {
      field,
      value,
    })
  }
  return level
}
