/**
 * Structured replies: parsing a choice's text as JSON and validating it against the requested
 * JSON schema (Ajv, draft-07 vocabulary, unknown keywords ignored). Model output is untrusted, so
 * nothing here throws for a bad reply; the problem is reported in `jsonError`.
 */
import AjvModule, { type ValidateFunction } from 'ajv'
import { safeParseJson } from '../errors.js'
import type { ResponseFormat } from './chat-model.js'

const Ajv = AjvModule.default
const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false })
const compiled = new Map<string, ValidateFunction | string>()
const MAX_COMPILED = 256

function validatorFor(schema: Record<string, unknown>): ValidateFunction | string {
  const key = JSON.stringify(schema)
  const known = compiled.get(key)
  if (known !== undefined) return known
  let validator: ValidateFunction | string
  try {
    validator = ajv.compile(schema)
  } catch (error) {
    validator = `the schema itself is invalid: ${(error as Error).message}`
  }
  if (compiled.size >= MAX_COMPILED) compiled.clear()
  compiled.set(key, validator)
  return validator
}

/**
 * Validates a value against a JSON schema. Compiled validators are cached by schema text.
 *
 * @returns `{ ok: true }`, or `{ ok: false, error }` with a one-line reason such as
 *   `$.dose must be number`.
 */
export function validateJsonSchema(
  schema: Record<string, unknown>,
  value: unknown,
): { ok: true } | { ok: false; error: string } {
  const validator = validatorFor(schema)
  if (typeof validator === 'string') return { ok: false, error: validator }
  if (validator(value)) return { ok: true }
  const first = validator.errors?.[0]
  if (first === undefined) return { ok: false, error: 'does not match the schema' }
  const where = `$${first.instancePath.replace(/\//g, '.')}`
  return { ok: false, error: `${where} ${first.message ?? 'does not match the schema'}` }
}

/** Strips a Markdown code fence around a JSON reply, as small models often add one. */
function unfence(text: string): string {
  const trimmed = text.trim()
  const fenced = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i.exec(trimmed)
  return fenced?.[1] ?? trimmed
}

/**
 * Parses a reply for a JSON response format. Returns `{}` for text formats, `{ json }` when the text
 * parses (and matches the schema of a `json_schema` format), else `{ jsonError }`.
 */
export function parseStructuredReply(
  text: string,
  format: ResponseFormat | undefined,
): { json?: unknown; jsonError?: string } {
  if (format === undefined || format.type === 'text') return {}
  const parsed = safeParseJson(unfence(text), 'reply')
  if (!parsed.ok) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}...` : text
    return { jsonError: `reply is not valid JSON: "${preview}"` }
  }
  if (format.type === 'json_schema') {
    const checked = validateJsonSchema(format.schema, parsed.value)
    if (!checked.ok)
      return { jsonError: `reply does not match schema "${format.name}": ${checked.error}` }
  }
  return { json: parsed.value }
}
