import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, NotFoundError } from '../errors.js'
import { analyseStudy } from './analysis.js'
import { safeParseMixtureFile, taskRatios } from './mixture-file.js'
import { parseObjective, readRunSummary, scoreObjective } from './objective.js'
import { renderStudyHtml } from './report.js'
import { anyOf, expectedImprovementBelow, maxTrials, noImprovement } from './stop.js'
import {
  bestTrial,
  createStudy,
  observeTrial,
  readStudy,
  suggestTrials,
  trialVector,
  writeStudy,
} from './study.js'

const groups = [
  { name: 'exam', min: 0.1, max: 0.6 },
  { name: 'dialogue', min: 0.05, max: 0.5 },
  { name: 'safety', min: 0.05, max: 0.4 },
]

describe('study file', () => {
  it('round-trips through an atomic write and leaves no temporary file behind', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-'))
    const path = join(folder, 'study.json')
    const study = createStudy({ name: 'demo', groups, seed: 's1' })
    suggestTrials(study, { count: 2 })
    writeStudy(path, study)
    expect(readdirSync(folder)).toEqual(['study.json'])
    const again = readStudy(path)
    expect(again.trials).toEqual(study.trials)
    expect(again.groups).toEqual(groups)
  })

  it('names the field of a malformed study and reports a missing one as not found', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-'))
    const path = join(folder, 'bad.json')
    const study = createStudy({ name: 'demo', groups })
    writeFileSync(path, JSON.stringify({ ...study, initial_trials: -1 }))
    expect(() => readStudy(path)).toThrow(/field "initial_trials"/)
    expect(() => readStudy(join(folder, 'missing.json'))).toThrow(NotFoundError)
  })

  it('records values and failures, and picks the best in the study direction', () => {
    const study = createStudy({
      name: 'demo',
      groups,
      objective: { direction: 'minimize', terms: [] },
    })
    const trials = suggestTrials(study, { count: 3 })
    for (const trial of trials) {
      const x = trialVector(study, trial)
      expect(x.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12)
    }
    observeTrial(study, 1, { status: 'complete', value: 2 })
    observeTrial(study, 2, { status: 'complete', value: 1.5 })
    observeTrial(study, 3, { status: 'failed', reason: 'out of memory' })
    expect(bestTrial(study)?.id).toBe(2)
    expect(study.trials[2]?.status).toBe('failed')
    expect(() => observeTrial(study, 9, { status: 'complete', value: 1 })).toThrow(/has no trial 9/)
    expect(() => observeTrial(study, 1, { status: 'complete', value: Number.NaN })).toThrow(
      InputError,
    )
  })

  it('analyses a study and renders a self-contained report with a trace plot', () => {
    const study = createStudy({ name: 'demo', groups, seed: 'report', stop: { max_trials: 6 } })
    for (let round = 0; round < 6; round++) {
      const [trial] = suggestTrials(study, { count: 1 })
      if (trial === undefined) throw new Error('no trial')
      const x = trialVector(study, trial)
      observeTrial(study, trial.id, {
        status: 'complete',
        value: 0.5 + 0.3 * (x[0] as number) - 0.2 * (x[2] as number),
      })
    }
    const analysis = analyseStudy(study)
    expect(analysis.trials).toEqual({ total: 6, complete: 6, pending: 0, failed: 0 })
    expect(analysis.stop?.rule).toBe('max_trials')
    expect(analysis.model?.effects.map((effect) => effect.group)).toEqual([
      'exam',
      'dialogue',
      'safety',
    ])
    const exam = analysis.model?.effects[0]?.per_tenth ?? 0
    const safety = analysis.model?.effects[2]?.per_tenth ?? 0
    expect(exam).toBeGreaterThan(safety)
    const html = renderStudyHtml(study, analysis)
    expect(html).toContain('<svg')
    expect(html).toContain('aria-label="objective value per trial and best so far"')
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/)
  })
})

describe('stopping rules', () => {
  it('fire as predicates and combine with anyOf (first rule wins)', () => {
    const progress = { trials: 12, values: [3, 2, 2.05, 2.01, 2] }
    expect(maxTrials(12)(progress)?.rule).toBe('max_trials')
    expect(maxTrials(13)(progress)).toBeUndefined()
    expect(noImprovement({ trials: 3, tolerance: 0 })(progress)?.rule).toBe('no_improvement')
    expect(noImprovement({ trials: 4, tolerance: 0 })(progress)).toBeUndefined()
    expect(expectedImprovementBelow(0.01)({ ...progress, expectedImprovement: 0.001 })?.rule).toBe(
      'expected_improvement',
    )
    expect(anyOf(maxTrials(99), noImprovement({ trials: 3, tolerance: 0 }))(progress)?.rule).toBe(
      'no_improvement',
    )
  })
})

describe('objective from eval summaries', () => {
  function runFolder(
    benchmark: string,
    accuracy: number,
    byCategory: Record<string, number> = {},
  ): string {
    const folder = mkdtempSync(join(tmpdir(), 'galen-mix-run-'))
    mkdirSync(folder, { recursive: true })
    const statistics = (value: number) => ({
      n: 10,
      correct: value * 10,
      accuracy: value,
      ci95: [0, 1],
      unparsed: 0,
    })
    writeFileSync(
      join(folder, 'summary.json'),
      JSON.stringify({
        benchmark,
        n: 10,
        correct: accuracy * 10,
        accuracy,
        ci95: [0, 1],
        unparsed: 0,
        by_category: Object.fromEntries(
          Object.entries(byCategory).map(([name, value]) => [name, statistics(value)]),
        ),
        by_subject: {},
      }),
    )
    return folder
  }

  it('computes the weighted mean of benchmark and category accuracies', () => {
    const objective = parseObjective({
      terms: [
        { benchmark: 'medqa', weight: 2 },
        { benchmark: 'cmexam', category: 'pharmacology', weight: 1 },
      ],
    })
    const runs = [runFolder('medqa', 0.6), runFolder('cmexam', 0.5, { pharmacology: 0.9 })].map(
      readRunSummary,
    )
    const scored = scoreObjective(objective, runs)
    expect(scored.value).toBeCloseTo((2 * 0.6 + 0.9) / 3, 12)
    expect(scored.terms.map((term) => term.accuracy)).toEqual([0.6, 0.9])
  })

  it('names what is missing: a term without a run, a missing category, a bad objective field', () => {
    const objective = parseObjective({
      terms: [{ benchmark: 'medqa', category: 'step1', weight: 1 }],
    })
    expect(() => scoreObjective(objective, [readRunSummary(runFolder('pubmedqa', 0.5))])).toThrow(
      /"medqa" matches 0/,
    )
    expect(() => scoreObjective(objective, [readRunSummary(runFolder('medqa', 0.5))])).toThrow(
      /no category "step1"/,
    )
    expect(() => parseObjective({ terms: [{ benchmark: 'medqa', weight: -1 }] })).toThrow(
      /field "terms.0.weight"/,
    )
    expect(() => readRunSummary(mkdtempSync(join(tmpdir(), 'galen-mix-empty-')))).toThrow(
      /no summary.json/,
    )
  })
})

describe('mixture file', () => {
  it('accepts group ratios with task splits and gives each task its effective ratio', () => {
    const parsed = safeParseMixtureFile({
      format: 'galen-mixture/1',
      groups: [
        { name: 'exam', ratio: 0.6, tasks: { 'medqa-mcq': 0.5, 'cmexam-mcq': 0.5 } },
        { name: 'dialogue', ratio: 0.4 },
      ],
    })
    expect(parsed.ok).toBe(true)
    if (parsed.ok)
      expect(taskRatios(parsed.value)).toEqual({
        'medqa-mcq': 0.3,
        'cmexam-mcq': 0.3,
        dialogue: 0.4,
      })
  })

  it('rejects ratios that do not sum to 1 and task shares that do not, naming the field', () => {
    const bad = safeParseMixtureFile({
      format: 'galen-mixture/1',
      groups: [{ name: 'a', ratio: 0.5 }],
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('sum to 0.5')
    const tasks = safeParseMixtureFile({
      format: 'galen-mixture/1',
      groups: [{ name: 'a', ratio: 1, tasks: { t: 0.7 } }],
    })
    expect(tasks.ok).toBe(false)
    if (!tasks.ok) expect(tasks.error.field).toBe('groups.0.tasks')
  })
})
