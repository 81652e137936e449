/**
 * A small JSON Schema checker for response formats: `type`, `properties`, `required`,
 * `additionalProperties: false`, `items`, `minItems`, `maxItems`, `enum`, `const`, `minLength`,
 * `maxLength`, `pattern`, `minimum`, `maximum`, `anyOf`. Enough to say "the response is an object
 * with a `diagnoses` list of strings"; not a full validator.
 *
 * Schemas arrive with reward requests, so they are untrusted: `pattern` runs on RE2 semantics
 * (re2js, linear time in the text, no backtracking), never on the backtracking `RegExp` engine,
 * so `^(a+)+$` cannot freeze the server; back-references and look-arounds, which need
 * backtracking, are reported as unsupported. A work budget bounds how many (value, schema)
 * pairs one check may visit and how deep schemas may nest.
 */
import { RE2JS } from 're2js'

/** Limits that keep one check's CPU bounded whatever the schema and value. */
export const JSON_SCHEMA_LIMITS = {
  /** longest `pattern` accepted, in characters */
  maxPatternLength: 1_000,
  /** (value, schema) pairs one check may visit before it gives up */
  maxSteps: 200_000,
  /** deepest schema/value nesting followed */
  maxDepth: 64,
  /** compiled patterns kept for reuse */
  cacheSize: 256,
} as const

type CompiledPattern = { ok: true; pattern: RE2JS } | { ok: false; reason: string }

const patternCache = new Map<string, CompiledPattern>()

/** Compiles a schema pattern with RE2 (cached); the reason says why a pattern is refused. */
function compilePattern(source: string): CompiledPattern {
  const cached = patternCache.get(source)
  if (cached !== undefined) return cached
  let compiled: CompiledPattern
  if (source.length > JSON_SCHEMA_LIMITS.maxPatternLength) {
    compiled = {
      ok: false,
      reason: `is longer than ${JSON_SCHEMA_LIMITS.maxPatternLength} characters`,
    }
  } else {
    try {
      compiled = { ok: true, pattern: RE2JS.compile(source) }
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      compiled = {
        ok: false,
        reason: `is not a supported expression (RE2 syntax: no back-references or look-arounds; ${detail})`,
      }
    }
  }
  if (patternCache.size >= JSON_SCHEMA_LIMITS.cacheSize) {
    const oldest = patternCache.keys().next()
    if (oldest.done !== true) patternCache.delete(oldest.value)
  }
  patternCache.set(source, compiled)
  return compiled
}

/** Whether `text` contains a match of the schema pattern (JSON Schema patterns are unanchored). */
export function schemaPatternMatches(
  source: string,
  text: string,
): { ok: true; matches: boolean } | { ok: false; reason: string } {
  const compiled = compilePattern(source)
  if (!compiled.ok) return compiled
  return { ok: true, matches: compiled.pattern.matcher(text).find() }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function typeMatches(wanted: unknown, actual: string): boolean {
  const list = Array.isArray(wanted) ? wanted : [wanted]
  return list.some((type) => type === actual || (type === 'number' && actual === 'integer'))
}

interface CheckState {
  steps: number
  exhausted: boolean
}

/**
 * Checks a value against a schema; returns the first violations found (empty when valid), each
 * naming the JSON path. CPU is bounded by {@link JSON_SCHEMA_LIMITS}: a schema that needs more work
 * is reported as a violation ("too complex"), never run to the end.
 */
export function checkJsonSchema(value: unknown, schema: unknown, path = '$'): string[] {
  const state: CheckState = { steps: 0, exhausted: false }
  const errors = checkNode(value, schema, path, [], state, 0)
  // an exhausted budget inside an anyOf branch must not read as "this branch passed"
  if (state.exhausted && !errors.some((error) => error.includes(TOO_COMPLEX))) {
    errors.unshift(`${path}: ${TOO_COMPLEX_MESSAGE}`)
  }
  return errors.slice(0, 5)
}

const TOO_COMPLEX = 'schema is too complex to check'
const TOO_COMPLEX_MESSAGE = `${TOO_COMPLEX} (more than ${JSON_SCHEMA_LIMITS.maxSteps} steps or ${JSON_SCHEMA_LIMITS.maxDepth} levels)`

function checkNode(
  value: unknown,
  schema: unknown,
  path: string,
  errors: string[],
  state: CheckState,
  depth: number,
): string[] {
  if (errors.length >= 5 || typeof schema !== 'object' || schema === null) return errors
  if (state.exhausted) return errors
  state.steps += 1
  if (state.steps > JSON_SCHEMA_LIMITS.maxSteps || depth > JSON_SCHEMA_LIMITS.maxDepth) {
    state.exhausted = true
    errors.push(`${path}: ${TOO_COMPLEX_MESSAGE}`)
    return errors
  }
  const rules = schema as Record<string, unknown>
  const actual = typeOf(value)
  if (rules.type !== undefined && !typeMatches(rules.type, actual)) {
    errors.push(`${path} should be ${JSON.stringify(rules.type)}, is ${actual}`)
    return errors
  }
  if (rules.const !== undefined && JSON.stringify(rules.const) !== JSON.stringify(value)) {
    errors.push(`${path} should be ${JSON.stringify(rules.const)}`)
  }
  if (
    Array.isArray(rules.enum) &&
    !rules.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))
  ) {
    errors.push(`${path} should be one of ${JSON.stringify(rules.enum)}`)
  }
  if (Array.isArray(rules.anyOf)) {
    const passes = rules.anyOf.some(
      (option) =>
        checkNode(value, option, path, [], state, depth + 1).length === 0 && !state.exhausted,
    )
    if (!passes) errors.push(`${path} matches none of anyOf`)
  }
  if (actual === 'string') {
    const text = value as string
    if (typeof rules.minLength === 'number' && text.length < rules.minLength)
      errors.push(`${path} is shorter than ${rules.minLength}`)
    if (typeof rules.maxLength === 'number' && text.length > rules.maxLength)
      errors.push(`${path} is longer than ${rules.maxLength}`)
    if (typeof rules.pattern === 'string') {
      const outcome = schemaPatternMatches(rules.pattern, text)
      if (!outcome.ok) {
        errors.push(
          `${path}: schema pattern ${JSON.stringify(rules.pattern.slice(0, 80))} ${outcome.reason}`,
        )
      } else if (!outcome.matches) {
        errors.push(`${path} does not match ${rules.pattern}`)
      }
    }
  }
  if (actual === 'number' || actual === 'integer') {
    const number = value as number
    if (typeof rules.minimum === 'number' && number < rules.minimum)
      errors.push(`${path} is below ${rules.minimum}`)
    if (typeof rules.maximum === 'number' && number > rules.maximum)
      errors.push(`${path} is above ${rules.maximum}`)
  }
  if (actual === 'array') {
    const list = value as unknown[]
    if (typeof rules.minItems === 'number' && list.length < rules.minItems)
      errors.push(`${path} has fewer than ${rules.minItems} items`)
    if (typeof rules.maxItems === 'number' && list.length > rules.maxItems)
      errors.push(`${path} has more than ${rules.maxItems} items`)
    if (rules.items !== undefined) {
      for (let index = 0; index < list.length; index += 1) {
        checkNode(list[index], rules.items, `${path}[${index}]`, errors, state, depth + 1)
      }
    }
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>
    const properties = (
      typeof rules.properties === 'object' && rules.properties !== null ? rules.properties : {}
    ) as Record<string, unknown>
    if (Array.isArray(rules.required)) {
      for (const name of rules.required) {
        if (typeof name === 'string' && !Object.hasOwn(record, name))
          errors.push(`${path}.${name} is required`)
      }
    }
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (Object.hasOwn(record, name))
        checkNode(record[name], propertySchema, `${path}.${name}`, errors, state, depth + 1)
    }
    if (rules.additionalProperties === false) {
      for (const name of Object.keys(record)) {
        if (!Object.hasOwn(properties, name)) errors.push(`${path}.${name} is not allowed`)
      }
    }
  }
  return errors
}
