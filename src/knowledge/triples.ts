/**
 * The knowledge-graph model: triples with optional entity types, ids, aliases, source and
 * licence, and the parsing of triples from untrusted values.
 */
import { InputError, type SafeParseResult } from '../errors.js'
import type { WebnlgTriple } from './webnlg.js'

/** Entity kinds the verbaliser words differently; anything else is `entity`. */
export type EntityType =
  | 'disease'
  | 'symptom'
  | 'drug'
  | 'gene'
  | 'procedure'
  | 'test'
  | 'anatomy'
  | 'code'
  | 'category'
  | 'organism'
  | 'entity'

/** One fact of a knowledge graph. */
export interface Triple {
  /** Stable id (given, or `t<line>` on import). */
  id: string
  subject: string
  predicate: string
  object: string
  subjectType?: EntityType
  objectType?: EntityType
  /** Ids of the subject and object in their source vocabularies (`DOID:1234`, `DB00945`). */
  subjectId?: string
  objectId?: string
  /** Other names of the subject and the object. */
  subjectAliases?: string[]
  objectAliases?: string[]
  /** Where the fact comes from, and under which licence. */
  source?: string
  licence?: string
}

const ENTITY_TYPES: ReadonlySet<string> = new Set([
  'disease',
  'symptom',
  'drug',
  'gene',
  'procedure',
  'test',
  'anatomy',
  'code',
  'category',
  'organism',
  'entity',
])

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function optionalString(
  record: Record<string, unknown>,
  key: string,
  field: string,
): string | undefined {
  const value = record[key]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') {
    throw new InputError(
      `knowledge: ${field}.${key} must be a string, got ${JSON.stringify(value)}`,
      {
        field: `${field}.${key}`,
        value,
      },
    )
  }
  return value
}

function optionalAliases(
  record: Record<string, unknown>,
  key: string,
  field: string,
): string[] | undefined {
  const value = record[key]
  if (value === undefined || value === null) return undefined
  const list = typeof value === 'string' ? value.split('|') : value
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new InputError(
      `knowledge: ${field}.${key} must be a list of strings or "a|b", got ${JSON.stringify(value)}`,
      { field: `${field}.${key}`, value },
    )
  }
  const aliases = (list as string[]).map((item) => item.trim()).filter((item) => item !== '')
  return aliases.length === 0 ? undefined : aliases
}

function optionalType(
  record: Record<string, unknown>,
  key: string,
  field: string,
): EntityType | undefined {
  const value = optionalString(record, key, field)
  if (value === undefined) return undefined
  if (!ENTITY_TYPES.has(value)) {
    throw new InputError(
      `knowledge: ${field}.${key} = "${value}" is not a known entity type (${[...ENTITY_TYPES].join(', ')})`,
      { field: `${field}.${key}`, value },
    )
  }
  return value as EntityType
}

/**
 * Reads a triple from an untrusted value: `{ subject, predicate, object, ... }`, a
 * `[subject, predicate, object]` array or a `"subject | predicate | object"` string.
 *
 * @param field - where the value came from, for error messages (`file.jsonl:3`)
 * @param fallbackId - the id used when the value has none
 */
export function safeParseTriple(
  value: unknown,
  field: string,
  fallbackId: string,
): SafeParseResult<Triple> {
  try {
    return { ok: true, value: parseTriple(value, field, fallbackId) }
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error }
    throw error
  }
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      `knowledge: ${field} must be a non-empty string, got ${JSON.stringify(value)}`,
      {
        field,
        value,
      },
    )
  }
  return value.trim()
}

function parseTriple(value: unknown, field: string, fallbackId: string): Triple {
  if (typeof value === 'string') {
    const parts = value.split(' | ')
    if (parts.length < 3) {
      throw new InputError(`knowledge: ${field} "${value}" is not "subject | predicate | object"`, {
        field,
        value,
      })
    }
    return {
      id: fallbackId,
      subject: requiredString(parts[0], `${field}.subject`),
      predicate: requiredString(parts[1], `${field}.predicate`),
      object: requiredString(parts.slice(2).join(' | '), `${field}.object`),
    }
  }
  if (Array.isArray(value)) {
    if (value.length !== 3) {
      throw new InputError(
        `knowledge: ${field} must be [subject, predicate, object], got ${value.length} items`,
        {
          field,
          value,
        },
      )
    }
    return {
      id: fallbackId,
      subject: requiredString(value[0], `${field}[0]`),
      predicate: requiredString(value[1], `${field}[1]`),
      object: requiredString(value[2], `${field}[2]`),
    }
  }
  if (!isRecord(value)) {
    throw new InputError(`knowledge: ${field} must be a triple object, array or string`, {
      field,
      value,
    })
  }
  const id = value.id === undefined ? fallbackId : requiredString(String(value.id), `${field}.id`)
  const triple: Triple = {
    id,
    subject: requiredString(value.subject, `${field}.subject`),
    predicate: requiredString(value.predicate, `${field}.predicate`),
    object: requiredString(value.object, `${field}.object`),
  }
  const subjectType =
    optionalType(value, 'subject_type', field) ?? optionalType(value, 'subjectType', field)
  const objectType =
    optionalType(value, 'object_type', field) ?? optionalType(value, 'objectType', field)
  const subjectId =
    optionalString(value, 'subject_id', field) ?? optionalString(value, 'subjectId', field)
  const objectId =
    optionalString(value, 'object_id', field) ?? optionalString(value, 'objectId', field)
  const subjectAliases =
    optionalAliases(value, 'subject_aliases', field) ??
    optionalAliases(value, 'subjectAliases', field)
  const objectAliases =
    optionalAliases(value, 'object_aliases', field) ??
    optionalAliases(value, 'objectAliases', field)
  const source = optionalString(value, 'source', field)
  const licence = optionalString(value, 'licence', field) ?? optionalString(value, 'license', field)
  if (subjectType !== undefined) triple.subjectType = subjectType
  if (objectType !== undefined) triple.objectType = objectType
  if (subjectId !== undefined) triple.subjectId = subjectId
  if (objectId !== undefined) triple.objectId = objectId
  if (subjectAliases !== undefined) triple.subjectAliases = subjectAliases
  if (objectAliases !== undefined) triple.objectAliases = objectAliases
  if (source !== undefined) triple.source = source
  if (licence !== undefined) triple.licence = licence
  return triple
}

/**
 * Reads a bare `{subject, predicate, object}` (WebNLG shape) from an untrusted value.
 *
 * @throws InputError naming the field when the value is not a triple
 */
export function parseTripleValue(value: unknown, field: string): WebnlgTriple {
  const triple = parseTriple(value, field, '')
  return { subject: triple.subject, predicate: triple.predicate, object: triple.object }
}
