import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { safeParseMixtureFile } from '../mixture/index.js'
import { applyMixtureDelta, findGaps } from './gaps.js'
import { loadTaskRegistry } from './registry.js'

const registry = loadTaskRegistry()

function run(summary: unknown): string {
  const folder = mkdtempSync(join(tmpdir(), 'galen-gaps-'))
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'summary.json'), JSON.stringify(summary))
  return folder
}

describe('galen data gaps', () => {
  const medcalc = run({
    benchmark: 'medcalc-bench',
    n: 200,
    accuracy: 0.6,
    by_category: {
      lab: { n: 80, accuracy: 0.4 },
      risk: { n: 60, accuracy: 0.75 },
      physical: { n: 5, accuracy: 0 },
    },
    by_subject: {},
  })
  const medmcqa = run({
    benchmark: 'medmcqa',
    n: 300,
    accuracy: 0.7,
    by_category: {},
    by_subject: {
      Pharmacology: { n: 50, accuracy: 0.5 },
      Anatomy: { n: 40, accuracy: 0.45 },
      Medicine: { n: 60, accuracy: 0.72 },
    },
  })

  it('finds weak groups, maps them to task groups with reasons, and lists the unmapped', () => {
    const delta = findGaps({ registry, runs: [medcalc, medmcqa] })
    expect(delta.weak.map((entry) => entry.name)).toEqual(['lab', 'Pharmacology'])
    expect(delta.unmapped.map((entry) => entry.name)).toEqual(['Anatomy'])
    expect(delta.changes.map((change) => change.group)).toEqual([
      'calculation',
      'safety',
      'terminology',
    ])
    // lab: gap 0.2 x 80 = 16; Pharmacology: 0.2 x 50 / 2 groups = 5 each; step 0.1 split 16:5:5.
    expect(delta.changes.map((change) => change.add)).toEqual([0.061538, 0.019231, 0.019231])
    expect(delta.changes[0]?.reasons[0]).toBe(
      'medcalc-bench category "lab": accuracy 0.400 vs 0.600 over the run (80 items)',
    )
  })

  it('applies the delta to a uniform mixture, giving a valid galen-mixture/1 file', () => {
    const delta = findGaps({ registry, runs: [medcalc, medmcqa] })
    const mixture = applyMixtureDelta(registry, delta)
    expect(safeParseMixtureFile(mixture).ok).toBe(true)
    const ratio = (name: string) => mixture.groups.find((group) => group.name === name)?.ratio ?? 0
    expect(ratio('calculation')).toBeGreaterThan(ratio('evidence'))
  })

  it('names a folder without summary.json', () => {
    expect(() =>
      findGaps({ registry, runs: [mkdtempSync(join(tmpdir(), 'galen-empty-'))] }),
    ).toThrow(/has no summary.json/)
  })
})
