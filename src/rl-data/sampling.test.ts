import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { mixDatasets, readMixSpec } from './mix.js'
import {
  allocateQuotas,
  largestFeasibleTotal,
  normalizeWeights,
  SelectionSampler,
} from './quotas.js'
import { createRandom } from './random.js'
import { sampleStratified } from './sampling.js'

let folder = ''
let pool = ''

function readLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

function countBy(rows: Array<Record<string, unknown>>, key: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const row of rows) counts[String(row[key])] = (counts[String(row[key])] ?? 0) + 1
  return counts
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'galen-sample-'))
  const rows: string[] = []
  const sizes: Record<string, number> = { exam: 600, diagnosis: 300, drug: 80, other: 20 }
  for (const [task, size] of Object.entries(sizes)) {
    for (let index = 0; index < size; index += 1) {
      rows.push(
        JSON.stringify({
          id: `${task}-${index}`,
          prompt: 'q',
          task,
          ground_truth: 'A',
          labels: { source: index % 2 ? 'emr' : 'exam-bank' },
        }),
      )
    }
  }
  createRandom(1).shuffle(rows)
  rows.push('[1, 2]')
  pool = join(folder, 'pool.jsonl')
  writeFileSync(pool, `${rows.join('\n')}\n`)
})

describe('quotas', () => {
  it('splits a total into whole quotas that add up, largest remainders first', () => {
    expect(allocateQuotas(10, normalizeWeights({ a: 1, b: 1, c: 1 }))).toEqual({ a: 4, b: 3, c: 3 })
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.double({ min: 0.01, max: 5, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (total, weights) => {
          const shares = normalizeWeights(
            Object.fromEntries(weights.map((weight, index) => [`s${index}`, weight])),
          )
          const quotas = allocateQuotas(total, shares)
          expect(Object.values(quotas).reduce((sum, quota) => sum + quota, 0)).toBe(total)
          for (const [name, share] of Object.entries(shares))
            expect(Math.abs((quotas[name] ?? 0) - total * share)).toBeLessThan(1)
        },
      ),
    )
  })

  it('finds the largest total the available counts allow', () => {
    expect(largestFeasibleTotal({ a: 600, b: 80 }, { a: 0.5, b: 0.5 })).toBe(160)
  })

  it('rejects negative weights and all-zero targets', () => {
    expect(() => normalizeWeights({ a: -1 })).toThrow(/weight of "a" must be a number >= 0/)
    expect(() => normalizeWeights({ a: 0 })).toThrow(/at least one weight above 0/)
  })

  it('selection sampling picks exactly k of n, each record about equally often', () => {
    const hits = new Array<number>(10).fill(0)
    const random = createRandom(2)
    for (let round = 0; round < 2000; round += 1) {
      const sampler = new SelectionSampler(3, 10, random)
      let taken = 0
      for (let index = 0; index < 10; index += 1) {
        if (sampler.take()) {
          taken += 1
          hits[index] = (hits[index] ?? 0) + 1
        }
      }
      expect(taken).toBe(3)
    }
    for (const count of hits) expect(Math.abs(count - 600)).toBeLessThan(90)
  })
})

describe('sampleStratified', () => {
  it('meets the target proportions exactly and keeps input order', async () => {
    const out = join(folder, 'balanced.jsonl')
    const result = await sampleStratified(pool, {
      out,
      by: 'task',
      targets: { exam: 0.5, diagnosis: 0.3, drug: 0.2 },
      total: 400,
      seed: 7,
    })
    expect(countBy(readLines(out), 'task')).toEqual({ exam: 200, diagnosis: 120, drug: 80 })
    expect(result).toMatchObject({
      read: 1000,
      selected: 400,
      unlisted: { other: 20 },
      malformed: 1,
    })
    expect(result.strata.drug).toMatchObject({ available: 80, quota: 80, shortfall: 0 })
  })

  it('reports a shortfall when a stratum is too small', async () => {
    const result = await sampleStratified(pool, {
      out: join(folder, 'short.jsonl'),
      by: 'task',
      targets: { exam: 0.5, drug: 0.5 },
      total: 400,
      seed: 7,
    })
    expect(result.strata.drug).toMatchObject({ quota: 200, selected: 80, shortfall: 120 })
    expect(result.selected).toBe(280)
  })

  it('draws the largest sample the targets allow when no total is given', async () => {
    const result = await sampleStratified(pool, {
      out: join(folder, 'max.jsonl'),
      by: 'task',
      targets: { exam: 1, drug: 1 },
      seed: 1,
    })
    expect(result.total).toBe(160)
    expect(result.selected).toBe(160)
  })

  it('stratifies by a dotted label path, and is reproducible for a seed', async () => {
    const first = join(folder, 'by-source-1.jsonl')
    const second = join(folder, 'by-source-2.jsonl')
    const other = join(folder, 'by-source-3.jsonl')
    const options = { by: 'labels.source', targets: { emr: 1, 'exam-bank': 3 }, total: 200 }
    await sampleStratified(pool, { ...options, out: first, seed: 'a' })
    await sampleStratified(pool, { ...options, out: second, seed: 'a' })
    await sampleStratified(pool, { ...options, out: other, seed: 'b' })
    const rows = readLines(first)
    expect(
      countBy(
        rows.map((row) => ({ source: (row.labels as { source: string }).source })),
        'source',
      ),
    ).toEqual({ emr: 50, 'exam-bank': 150 })
    expect(readFileSync(first, 'utf8')).toBe(readFileSync(second, 'utf8'))
    expect(readFileSync(first, 'utf8')).not.toBe(readFileSync(other, 'utf8'))
  })
})

describe('mixDatasets', () => {
  it('mixes sources by the ratios in a file, interleaved, reproducibly for a seed', async () => {
    const reasoning = join(folder, 'reasoning.jsonl')
    const general = join(folder, 'general.jsonl')
    writeFileSync(
      reasoning,
      `${Array.from({ length: 900 }, (_, index) => JSON.stringify({ id: `r${index}`, kind: 'reasoning' })).join('\n')}\n`,
    )
    writeFileSync(
      general,
      `${Array.from({ length: 500 }, (_, index) => JSON.stringify({ id: `g${index}`, kind: 'general' })).join('\n')}\noops\n`,
    )
    const ratios = join(folder, 'ratios.json')
    writeFileSync(
      ratios,
      JSON.stringify({
        seed: 3,
        sources: [
          { name: 'reasoning', path: 'reasoning.jsonl', ratio: 3 },
          { name: 'general', path: 'general.jsonl', ratio: 1 },
        ],
      }),
    )
    const spec = readMixSpec(ratios)
    const out = join(folder, 'mix.jsonl')
    const result = await mixDatasets(spec, { out })
    expect(result.total).toBe(1200)
    expect(result.sources.reasoning).toMatchObject({ available: 900, quota: 900, written: 900 })
    expect(result.sources.general).toMatchObject({
      available: 500,
      quota: 300,
      written: 300,
      malformed: 1,
    })
    const rows = readLines(out)
    expect(countBy(rows, 'kind')).toEqual({ reasoning: 900, general: 300 })
    // interleaved, not in blocks: the first 100 lines hold both kinds
    expect(new Set(rows.slice(0, 100).map((row) => row.kind)).size).toBe(2)
    expect(new Set(rows.map((row) => row.id)).size).toBe(1200)
    const again = join(folder, 'mix2.jsonl')
    await mixDatasets(spec, { out: again })
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'))
  })

  it('repeats a small source when allowed, and tags lines with their source', async () => {
    const small = join(folder, 'small.jsonl')
    writeFileSync(small, `${JSON.stringify({ id: 's0' })}\n${JSON.stringify({ id: 's1' })}\n`)
    const big = join(folder, 'big.jsonl')
    writeFileSync(
      big,
      `${Array.from({ length: 10 }, (_, index) => JSON.stringify({ id: `b${index}` })).join('\n')}\n`,
    )
    const ratios = join(folder, 'repeat.json')
    writeFileSync(
      ratios,
      JSON.stringify({
        total: 10,
        allow_repeat: true,
        sources: [
          { path: 'small.jsonl', ratio: 1 },
          { path: 'big.jsonl', ratio: 1 },
        ],
      }),
    )
    const out = join(folder, 'repeat-mix.jsonl')
    const result = await mixDatasets(readMixSpec(ratios), { out, tag: true, seed: 4 })
    const sources = Object.values(result.sources)
    expect(sources[0]).toMatchObject({ quota: 5, written: 5, repeats: 2, shortfall: 0 })
    const rows = readLines(out)
    expect(rows.filter((row) => String(row.mix_source).endsWith('small.jsonl'))).toHaveLength(5)
  })

  it('names the field at fault in a bad ratios file', () => {
    const bad = join(folder, 'bad.json')
    writeFileSync(bad, JSON.stringify({ sources: [{ path: 'a.jsonl', ratio: -1 }] }))
    expect(() => readMixSpec(bad)).toThrow(/sources\.0\.ratio/)
  })
})
