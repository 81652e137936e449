import { describe, expect, it } from 'vitest'
import { verifyFormat } from './format.js'
import { checkJsonSchema, JSON_SCHEMA_LIMITS, schemaPatternMatches } from './json-schema.js'

describe('checkJsonSchema patterns (untrusted, linear time)', () => {
  it('matches unanchored like JSON Schema and honours anchors', () => {
    expect(checkJsonSchema('code: I10', { type: 'string', pattern: 'I\\d\\d' })).toEqual([])
    expect(checkJsonSchema('code: I10', { type: 'string', pattern: '^I\\d\\d$' })).toEqual([
      '$ does not match ^I\\d\\d$',
    ])
    expect(checkJsonSchema('高血压', { type: 'string', pattern: '^\\p{Han}+$' })).toEqual([])
  })

  it('answers the catastrophic pattern ^(a+)+$ at once on a long non-matching string', () => {
    const started = performance.now()
    const errors = checkJsonSchema(`${'a'.repeat(50_000)}b`, { type: 'string', pattern: '^(a+)+$' })
    const elapsed = performance.now() - started
    expect(errors).toEqual(['$ does not match ^(a+)+$'])
    // the backtracking engine needs longer than the age of the universe here; RE2 is linear
    expect(elapsed).toBeLessThan(2_000)
  })

  it('refuses back-references and look-arounds with a reason instead of running them', () => {
    const [error] = checkJsonSchema('aa', { type: 'string', pattern: '(a)\\1' })
    expect(error).toMatch(/^\$: schema pattern "\(a\)\\\\1" is not a supported expression/)
    expect(schemaPatternMatches('(?=a)a', 'a').ok).toBe(false)
  })

  it('refuses an over-long pattern', () => {
    const pattern = 'a'.repeat(JSON_SCHEMA_LIMITS.maxPatternLength + 1)
    expect(checkJsonSchema('a', { type: 'string', pattern })[0]).toMatch(/is longer than 1000/)
  })

  it('stops a schema whose work would explode and says so', () => {
    // anyOf nested 40 deep with two failing recursive branches each: 2^40 visits unbudgeted
    let schema: Record<string, unknown> = { type: 'string' }
    for (let level = 0; level < 40; level += 1) {
      schema = { anyOf: [schema, schema] }
    }
    const started = performance.now()
    const errors = checkJsonSchema(true, schema)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(errors.length).toBeGreaterThan(0)
  })

  it('stops at the depth limit on a deeply nested value', () => {
    let value: unknown = 'leaf'
    let schema: Record<string, unknown> = { type: 'string' }
    for (let level = 0; level < 200; level += 1) {
      value = [value]
      schema = { type: 'array', items: schema }
    }
    expect(checkJsonSchema(value, schema).join(' ')).toMatch(/too complex/)
  })

  it('does not treat inherited names such as "constructor" as present properties', () => {
    expect(checkJsonSchema({}, { type: 'object', required: ['constructor', 'toString'] })).toEqual([
      '$.constructor is required',
      '$.toString is required',
    ])
  })

  it('keeps the reward format verifier responsive on a ReDoS item', () => {
    const started = performance.now()
    const result = verifyFormat({
      response: JSON.stringify({ answer: `${'a'.repeat(37)}!` }),
      groundTruth: {
        structure: 'json',
        schema: {
          type: 'object',
          properties: { answer: { type: 'string', pattern: '^(a+)+$' } },
        },
      },
    })
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(result.components.schema).toBe(0)
  })
})
