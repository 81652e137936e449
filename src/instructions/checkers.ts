/**
 * Checkers: whether an output is right for an instance, given the gold output and the instance's
 * reference. Exact and set match, numbers with a tolerance, JSON schema (Galen's format verifier)
 * with field comparison, required and forbidden words, verbatim quotes, citations, Galen's exam
 * verifier for option letters, and the judge (model-based; not run on gold outputs).
 */
import { safeParseJson } from '../errors.js'
import { checkJsonSchema, verifyExam } from '../verifiers/index.js'
import type { CheckerSpec } from './task.js'

/** A checker's verdict. */
export interface CheckResult {
  pass: boolean
  reason: string
}

/** What a checker sees. */
export interface CheckOptions {
  output: string
  gold: string
  /** Other acceptable outputs (SuperNI lists several). */
  accepted?: readonly string[]
  reference?: Readonly<Record<string, unknown>>
}

/** Folds case, width and spacing so `Yes.` matches `yes` and `3，1，2` matches `3, 1, 2`. */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[，、；]/g, ',')
    .replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',')
    .trim()
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, '')
    .replace(/[.。!！]+$/u, '')
    .trim()
}

function parseJson(text: string): unknown {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '')
  const parsed = safeParseJson(trimmed, 'output')
  return parsed.ok ? parsed.value : undefined
}

/** Items of a list output: a JSON array, or items split on commas, 、, ；, semicolons or lines. */
export function listItems(text: string): string[] | undefined {
  const json = parseJson(text)
  if (Array.isArray(json)) return json.map((item) => normaliseAnswer(String(item)))
  if (json !== undefined && typeof json !== 'string') return undefined
  return text
    .split(/[\n,;，、；]+/)
    .map((item) => normaliseAnswer(item.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '')))
    .filter((item) => item !== '')
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  const first = new Set(left)
  const second = new Set(right)
  if (first.size !== second.size) return false
  for (const item of first) if (!second.has(item)) return false
  return true
}

function citations(text: string): number[] {
  return [...new Set([...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])))].sort(
    (left, right) => left - right,
  )
}

function sameValue(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return sameSet(
      left.map((item) => normaliseAnswer(String(item))),
      right.map((item) => normaliseAnswer(String(item))),
    )
  }
  if (typeof left === 'string' && typeof right === 'string') {
    return normaliseAnswer(left) === normaliseAnswer(right)
  }
  return JSON.stringify(left) === JSON.stringify(right)
}

/**
 * Checks one output.
 *
 * @throws RangeError for a checker kind that cannot run without a model (`judge`) or an unknown
 *   verifier: callers run those through the judge path
 */
export function checkOutput(spec: CheckerSpec, options: CheckOptions): CheckResult {
  const { output, gold } = options
  switch (spec.type) {
    case 'exact': {
      const wanted = [gold, ...(options.accepted ?? [])].map(normaliseAnswer)
      const pass = wanted.includes(normaliseAnswer(output))
      return { pass, reason: pass ? 'matches the gold output' : `expected "${gold}"` }
    }
    case 'set': {
      const got = listItems(output)
      const want = listItems(gold) ?? []
      if (got === undefined) return { pass: false, reason: 'output is not a list' }
      const pass = sameSet(got, want)
      return { pass, reason: pass ? 'same set' : `expected the set ${gold}` }
    }
    case 'number': {
      const match = output.replace(/,(?=\d{3})/g, '').match(/-?\d+(?:\.\d+)?/)
      if (match === null) return { pass: false, reason: 'no number in the output' }
      const value = Number(match[0])
      const target = Number(gold)
      const tolerance = spec.tolerance ?? 0.01
      const pass = Math.abs(value - target) <= Math.max(tolerance * Math.abs(target), 1e-9)
      return {
        pass,
        reason: pass
          ? `${value} is within ${tolerance} of ${target}`
          : `expected ${target}, got ${value}`,
      }
    }
    case 'json-schema': {
      const value = parseJson(output)
      if (value === undefined) return { pass: false, reason: 'output is not JSON' }
      const errors = spec.schema === undefined ? [] : checkJsonSchema(value, spec.schema)
      if (errors.length > 0) return { pass: false, reason: `schema: ${errors[0]}` }
      const goldValue = parseJson(gold)
      for (const field of spec.fields ?? []) {
        const got = (value as Record<string, unknown>)[field]
        const want = (goldValue as Record<string, unknown> | undefined)?.[field]
        if (!sameValue(got, want))
          return { pass: false, reason: `field "${field}" differs from the gold output` }
      }
      return { pass: true, reason: 'valid JSON with the gold fields' }
    }
    case 'contains': {
      const text = normaliseAnswer(output)
      const include = (options.reference?.include as string[] | undefined) ?? [gold]
      const exclude = (options.reference?.exclude as string[] | undefined) ?? []
      const missing = include.find((word) => !text.includes(normaliseAnswer(word)))
      if (missing !== undefined) return { pass: false, reason: `must mention "${missing}"` }
      const present = exclude.find((word) => text.includes(normaliseAnswer(word)))
      if (present !== undefined) return { pass: false, reason: `must not use "${present}"` }
      return { pass: true, reason: 'required words present, forbidden ones absent' }
    }
    case 'quote': {
      const value = parseJson(output) as { passage?: unknown; quote?: unknown } | undefined
      const goldValue = parseJson(gold) as { passage?: unknown } | undefined
      if (value === undefined || typeof value !== 'object' || value === null) {
        return { pass: false, reason: 'output is not a JSON object' }
      }
      if (value.passage !== goldValue?.passage) {
        return { pass: false, reason: `expected passage ${String(goldValue?.passage)}` }
      }
      const passages = (options.reference?.passages as string[] | undefined) ?? []
      const passage = passages[Number(value.passage) - 1] ?? ''
      const quote = typeof value.quote === 'string' ? value.quote.trim() : ''
      const pass = quote.length >= 8 && passage.includes(quote)
      return {
        pass,
        reason: pass
          ? 'right passage, verbatim quote'
          : 'the quote is not verbatim from the passage',
      }
    }
    case 'citation': {
      const want = (options.reference?.citations as number[] | undefined) ?? citations(gold)
      const got = citations(output)
      const pass = got.length > 0 && sameSet(got.map(String), want.map(String))
      return {
        pass,
        reason: pass ? 'cites the right passage' : `expected citations [${want.join('], [')}]`,
      }
    }
    case 'verifier': {
      if (spec.verifier !== 'exam') {
        throw new RangeError(`instructions: unknown verifier "${spec.verifier}" (known: exam)`)
      }
      const result = verifyExam({ response: output, groundTruth: { answer: gold } })
      return { pass: result.score === 1, reason: result.reason }
    }
    case 'judge':
      throw new RangeError('instructions: the judge checker needs a model (use the judge path)')
  }
}
