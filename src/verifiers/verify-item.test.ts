import { describe, expect, it } from 'vitest'
import { parseVerifierSettings } from './settings.js'
import { createItemVerifier, parseVerifyItem } from './verify-item.js'

describe('createItemVerifier', () => {
  const verifier = createItemVerifier()

  it('scores a mixed batch, one bad item never failing the rest, with the same keys everywhere', async () => {
    const results = await verifier.verifyBatch([
      { task: 'exam', response: 'The answer is B', ground_truth: { answer: 'B' } },
      {
        task: 'test_ordering',
        response: 'Order an ECG and troponin.',
        ground_truth: { tests: ['ECG', 'troponin'] },
      },
      { task: 'surgery', response: 'x', ground_truth: {} },
      'not an object',
      { task: 'exam', response: 42, ground_truth: { answer: 'A' } },
      { task: 'format', response: '{"a": 1}', ground_truth: { structure: 'json' } },
    ])
    expect(results.map((result) => result.status)).toEqual([
      'ok',
      'ok',
      'error',
      'error',
      'error',
      'ok',
    ])
    expect(results[2]?.reason).toContain('unknown task "surgery"')
    expect(results[4]?.reason).toContain('"response" must be a string')
    const keys = Object.keys(results[0]?.components ?? {})
    expect(keys).toContain('correctness')
    expect(keys).toContain('f1')
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual(['components', 'reason', 'score', 'status'])
      expect(Object.keys(result.components)).toEqual(keys)
    }
    expect(results[0]?.score).toBe(1)
    expect(results[1]?.score).toBeCloseTo(0.95)
  })

  it('combines correctness and format with the configured weights', async () => {
    const settings = parseVerifierSettings({
      weights: { test_ordering: { correctness: 0.5, format: 0.5 } },
    })
    const weighted = createItemVerifier({ settings })
    const [json] = await weighted.verifyBatch([
      {
        task: 'test_ordering',
        response: '{"tests": ["ECG"]}',
        ground_truth: { tests: ['troponin'] },
      },
    ])
    expect(json?.components.correctness).toBe(0)
    expect(json?.score).toBe(0.5)
  })

  it('validates settings and names the key at fault', () => {
    expect(() => parseVerifierSettings({ judge: { mode: 'sometimes' } })).toThrow(
      /verifiers\.judge\.mode/,
    )
    expect(() =>
      parseVerifierSettings({ weights: { exam: { correctness: 0, format: 0 } } }),
    ).toThrow(/must not both be 0/)
  })

  it('accepts groundTruth in camel case too', () => {
    const parsed = parseVerifyItem({ task: 'exam', response: 'A', groundTruth: { answer: 'A' } })
    expect(parsed.ok).toBe(true)
  })
})
