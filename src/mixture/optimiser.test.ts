import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors.js'
import {
  createBoxDomain,
  createSimplexDomain,
  isFeasible,
  normalise,
  projectNormalised,
  sampleNormalised,
} from './domain.js'
import { suggest, suggestFromPool } from './optimiser.js'
import { branin, hartmann6, TEST_PROBLEMS } from './problems.js'
import { createRandom } from './random.js'
import { roundRatios } from './study.js'

const FAST = {
  candidates: 200,
  acquisitionStarts: 3,
  acquisitionIterations: 15,
  fitRestarts: 1,
  fitIterations: 30,
}

/** Random feasible bounds for d groups (Σ min ≤ 1 ≤ Σ max). */
const boundsArbitrary = fc
  .integer({ min: 2, max: 6 })
  .chain((d) =>
    fc.array(
      fc.tuple(
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.7, noNaN: true }),
      ),
      { minLength: d, maxLength: d },
    ),
  )
  .map((pairs) =>
    pairs.map(([min, width], index) => ({
      name: `g${index}`,
      min: Math.round(min * 1000) / 1000 / pairs.length,
      max: Math.min(1, Math.round(min * 1000) / 1000 / pairs.length + width),
    })),
  )
  .filter((groups) => groups.reduce((sum, group) => sum + group.max, 0) >= 1)

describe('constrained simplex', () => {
  it('rejects bounds that no mixture can meet, naming the sums', () => {
    expect(() =>
      createSimplexDomain([
        { name: 'a', min: 0.6, max: 0.9 },
        { name: 'b', min: 0.5, max: 0.9 },
      ]),
    ).toThrow(/sum of minimums 1\.1000/)
    expect(() =>
      createSimplexDomain([
        { name: 'a', min: 0, max: 0.3 },
        { name: 'b', min: 0, max: 0.3 },
      ]),
    ).toThrow(InputError)
    expect(() =>
      createSimplexDomain([
        { name: 'a', min: 0.2, max: 0.1 },
        { name: 'b', min: 0, max: 1 },
      ]),
    ).toThrow(/group "a" must satisfy 0 <= min < max <= 1, got \[0\.2, 0\.1\]/)
  })

  it('projects any vector onto the bounded simplex, and a feasible point onto itself', () => {
    fc.assert(
      fc.property(
        boundsArbitrary,
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (groups, raw) => {
          const domain = createSimplexDomain(groups)
          const projected = projectNormalised(domain, raw.slice(0, groups.length))
          const x = domain.lower.map(
            (low, j) => low + (projected[j] as number) * ((domain.upper[j] as number) - low),
          )
          expect(isFeasible(domain, x, 1e-9)).toBe(true)
          const again = projectNormalised(domain, projected)
          for (let j = 0; j < groups.length; j++)
            expect(again[j]).toBeCloseTo(projected[j] as number, 9)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('samples feasible points and rounds ratios to 6 decimals keeping bounds and a sum of exactly 1', () => {
    fc.assert(
      fc.property(boundsArbitrary, fc.integer({ min: 0, max: 1e6 }), (groups, seed) => {
        const domain = createSimplexDomain(groups)
        const random = createRandom(seed)
        const v = sampleNormalised(domain, random)
        const x = domain.lower.map(
          (low, j) => low + (v[j] as number) * ((domain.upper[j] as number) - low),
        )
        expect(isFeasible(domain, x, 1e-9)).toBe(true)
        const rounded = roundRatios(domain, x)
        expect(isFeasible(domain, rounded, 1e-9)).toBe(true)
        for (const value of rounded) expect(Math.round(value * 1e6) / 1e6).toBe(value)
      }),
      { numRuns: 200 },
    )
  })
})

describe('suggest', () => {
  it('keeps every suggestion in bounds, summing to 1 and distinct from all earlier points', () => {
    fc.assert(
      fc.property(
        boundsArbitrary,
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        (groups, observed, batch, seed) => {
          const domain = createSimplexDomain(groups)
          const random = createRandom(`obs:${seed}`)
          const observations = Array.from({ length: observed }, () => {
            const v = sampleNormalised(domain, random)
            const x = domain.lower.map(
              (low, j) => low + (v[j] as number) * ((domain.upper[j] as number) - low),
            )
            return {
              x,
              y:
                x.reduce((sum, value, j) => sum + (value - 1 / (j + 2)) ** 2, 0) +
                0.01 * random.normal(),
            }
          })
          const { suggestions } = suggest({
            domain,
            observations,
            count: batch,
            seed,
            settings: { ...FAST, initialTrials: 4 },
          })
          expect(suggestions).toHaveLength(batch)
          const earlier = observations.map((observation) => normalise(domain, observation.x))
          for (const suggestion of suggestions) {
            expect(isFeasible(domain, suggestion.x, 1e-9)).toBe(true)
            const v = normalise(domain, suggestion.x)
            for (const other of earlier) {
              expect(
                Math.max(...v.map((value, j) => Math.abs(value - (other[j] as number)))),
              ).toBeGreaterThanOrEqual(1e-3)
            }
            earlier.push(v)
          }
        },
      ),
      { numRuns: 12 },
    )
  })

  it('is reproducible: the same inputs and seed give the same suggestions', () => {
    const domain = TEST_PROBLEMS.branin.domain
    const observations = [
      [0, 5],
      [5, 10],
      [-3, 12],
      [8, 2],
    ].map((x) => ({ x, y: branin(x) }))
    const first = suggest({
      domain,
      observations,
      count: 2,
      seed: 'same',
      settings: { ...FAST, initialTrials: 4 },
    })
    const second = suggest({
      domain,
      observations,
      count: 2,
      seed: 'same',
      settings: { ...FAST, initialTrials: 4 },
    })
    expect(second.suggestions).toEqual(first.suggestions)
  })

  it('does not suggest a failed point again and survives constant and duplicated observations', () => {
    const domain = createSimplexDomain([
      { name: 'a', min: 0, max: 1 },
      { name: 'b', min: 0, max: 1 },
    ])
    const observations = [
      { x: [0.2, 0.8], y: 1 },
      { x: [0.2, 0.8], y: 1 },
      { x: [0.7, 0.3], y: 1 },
      { x: [0.5, 0.5], y: 1 },
    ]
    const failed = [[0.9, 0.1]]
    const { suggestions } = suggest({
      domain,
      observations,
      failed,
      count: 3,
      seed: 1,
      settings: { ...FAST, initialTrials: 2 },
    })
    for (const suggestion of suggestions) {
      expect(isFeasible(domain, suggestion.x)).toBe(true)
      expect(Math.abs((suggestion.x[0] as number) - 0.9)).toBeGreaterThan(5e-4)
    }
  })

  it('spreads a batch (kriging believer) instead of repeating the best point', () => {
    const domain = TEST_PROBLEMS.branin.domain
    const random = createRandom('batch')
    const observations = Array.from({ length: 8 }, () => {
      const x = [-5 + 15 * random.next(), 15 * random.next()]
      return { x, y: branin(x) }
    })
    const { suggestions } = suggest({
      domain,
      observations,
      count: 4,
      seed: 2,
      settings: { ...FAST, initialTrials: 4 },
    })
    const points = suggestions.map((suggestion) => normalise(domain, suggestion.x))
    for (let a = 0; a < points.length; a++) {
      for (let b = 0; b < a; b++) {
        const distance = Math.hypot(
          ...(points[a] as number[]).map(
            (value, j) => value - ((points[b] as number[])[j] as number),
          ),
        )
        expect(distance).toBeGreaterThan(0.01)
      }
    }
  })

  it('finds the Branin minimum within 0.05 in 30 evaluations (regression guard, one seed)', () => {
    const problem = TEST_PROBLEMS.branin
    const observations: Array<{ x: number[]; y: number }> = []
    while (observations.length < 30) {
      const { suggestions } = suggest({
        domain: problem.domain,
        observations,
        count: 1,
        seed: 'guard',
        settings: { initialTrials: 5 },
      })
      for (const suggestion of suggestions)
        observations.push({ x: suggestion.x, y: branin(suggestion.x) })
    }
    expect(
      Math.min(...observations.map((observation) => observation.y)) - problem.minimum,
    ).toBeLessThan(0.05)
  })

  it('evaluates Hartmann-6 to its published minimum at the published minimiser', () => {
    expect(hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])).toBeCloseTo(
      -3.32237,
      4,
    )
    expect(branin([Math.PI, 2.275])).toBeCloseTo(0.397887, 5)
  })
})

describe('suggestFromPool', () => {
  it('never picks an observed pool point and picks the obvious best region', () => {
    const domain = createBoxDomain({ lower: [0], upper: [1] })
    const pool = Array.from({ length: 41 }, (_, index) => [index / 40])
    const objective = (x: number): number => (x - 0.73) ** 2
    const observed = [0, 10, 20, 30, 40].map((index) => ({ index, y: objective(index / 40) }))
    const { indices } = suggestFromPool({
      domain,
      pool,
      observed,
      count: 3,
      seed: 3,
      settings: FAST,
    })
    expect(new Set(indices).size).toBe(3)
    for (const index of indices) expect(observed.some((entry) => entry.index === index)).toBe(false)
    expect(Math.abs((pool[indices[0] as number]?.[0] as number) - 0.73)).toBeLessThan(0.1)
  })
})
