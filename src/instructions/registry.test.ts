import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { renderGraphSvg, renderGraphText, stageLists } from './graph.js'
import {
  BUILTIN_TASK_DIRECTORY,
  createTaskRegistry,
  loadTaskRegistry,
  UnknownTaskError,
} from './registry.js'
import { loadTaskSources } from './sources.js'
import { type InstructionTask, safeParseTaskFile } from './task.js'
import { templateSimilarity, validateRegistry } from './validate.js'

const builtin = loadTaskRegistry()
const sources = loadTaskSources()

function builtinTask(id: string): InstructionTask {
  return structuredClone(builtin.get(id))
}

describe('the built-in registry', () => {
  it('has at least 40 tasks in zh and en over four dimensions, 5+ templates each, and no errors', () => {
    const report = validateRegistry(builtin, { sources, samples: 10 })
    expect(report.errors).toEqual([])
    expect(report.tasks).toBeGreaterThanOrEqual(40)
    expect(Object.values(report.by_dimension).every((count) => count > 0)).toBe(true)
    expect(report.by_language.en).toBe(report.tasks)
    expect(report.by_language.zh).toBe(report.tasks)
    expect(report.min_templates).toBeGreaterThanOrEqual(5)
  })

  it('puts atomic tasks before the composite tasks built on them', () => {
    const stages = stageLists(builtin)
    expect(stages.length).toBeGreaterThanOrEqual(2)
    for (const id of stages[0] ?? []) expect(builtin.get(id).prerequisites).toEqual([])
    const text = renderGraphText(builtin)
    expect(text).toContain('stage 1')
    expect(text).toContain('rag-with-distractors [knowledge-application]  <- relevance-extraction')
    expect(renderGraphSvg(builtin)).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/)
  })

  it('names the tasks it holds when asked for one it does not', () => {
    expect(() => builtin.get('no-such-task')).toThrow(UnknownTaskError)
    try {
      builtin.get('no-such-task')
    } catch (error) {
      expect((error as UnknownTaskError).available).toContain('drug-class')
      expect((error as Error).message).toMatch(/unknown task "no-such-task"; the registry holds: /)
    }
  })
})

describe('validation', () => {
  it('reports a template that lacks a declared slot and one that uses an undeclared slot', () => {
    const task = builtinTask('drug-class')
    task.templates.en = [...(task.templates.en ?? [])]
    task.templates.en[0] = 'Which class is this drug in?'
    task.templates.en[1] = 'Class of {drug} given {dose}?'
    const codes = validateRegistry(createTaskRegistry([task])).errors.map((issue) => issue.code)
    expect(codes).toContain('missing-slot')
    expect(codes).toContain('unknown-slot')
  })

  it('reports duplicate and near-duplicate templates', () => {
    const task = builtinTask('drug-class')
    const first = task.templates.en?.[0] as string
    task.templates.en = [
      first,
      first,
      `${first} `.replace('only', 'alone'),
      ...(task.templates.en ?? []).slice(1),
    ]
    const codes = validateRegistry(createTaskRegistry([task])).errors.map((issue) => issue.code)
    expect(codes).toContain('duplicate-template')
    expect(codes).toContain('near-duplicate-template')
    expect(
      templateSimilarity('Give the class of {drug}.', 'List three side effects of {drug}.'),
    ).toBeLessThan(0.5)
  })

  it('reports a prerequisite cycle', () => {
    const first = builtinTask('drug-class')
    const second = builtinTask('false-premise-detection')
    first.prerequisites = ['false-premise-detection']
    const errors = validateRegistry(createTaskRegistry([first, second])).errors
    expect(errors.map((issue) => issue.message)).toContain(
      'prerequisite cycle: drug-class -> false-premise-detection -> drug-class',
    )
  })

  it("reports a checker that rejects the task's own gold outputs", () => {
    const task = builtinTask('bmi-calculation')
    task.checker = { type: 'set' }
    task.output = 'json'
    const report = validateRegistry(createTaskRegistry([task]), { sources, samples: 3 })
    expect(report.errors.map((issue) => issue.code)).toContain('checker-rejects-gold')
  })

  it('rejects a task file with a bad field, naming the field', () => {
    const file = JSON.parse(readFileSync(join(BUILTIN_TASK_DIRECTORY, 'drug-class.json'), 'utf8'))
    file.Galen.dimension = 'memory'
    const parsed = safeParseTaskFile(file, 'drug-class.json')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error.message).toMatch(/drug-class.json field "Galen.dimension"/)
  })

  it('loads a user folder with a new task and reports its problems', () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-tasks-'))
    const file = JSON.parse(readFileSync(join(BUILTIN_TASK_DIRECTORY, 'drug-class.json'), 'utf8'))
    file.Galen.id = 'drug-class-copy'
    file.Galen.prerequisites = ['missing-task']
    writeFileSync(join(folder, 'copy.json'), JSON.stringify(file))
    const registry = loadTaskRegistry(folder)
    const codes = validateRegistry(registry).errors.map((issue) => issue.code)
    expect(codes).toContain('unknown-prerequisite')
  })
})

describe.skipIf(!hasSharedData('instructions/superni/tasks'))(
  'Super-NaturalInstructions files',
  () => {
    it('load as they are and replay their instances under exact match', () => {
      const folder = sharedDataPath('instructions/superni/tasks')
      const registry = loadTaskRegistry(folder)
      expect(registry.tasks.length).toBe(3)
      const task = registry.get('task1451-drug-dose-extraction')
      expect(task.origin).toBe('superni')
      expect(task.instances.length).toBe(10)
      const report = validateRegistry(registry, { sources, samples: 10 })
      expect(report.errors).toEqual([])
      expect(report.warnings.map((issue) => issue.code)).toContain('too-few-templates')
    })

    it('mix with Galen tasks in one registry', () => {
      const folder = mkdtempSync(join(tmpdir(), 'galen-tasks-mixed-'))
      mkdirSync(join(folder, 'superni'))
      const name = 'task1645_medical_question_pair_dataset_text_classification.first10.json'
      writeFileSync(
        join(folder, 'superni', name),
        readFileSync(sharedDataPath(`instructions/superni/tasks/${name}`)),
      )
      writeFileSync(
        join(folder, 'drug-class.json'),
        readFileSync(join(BUILTIN_TASK_DIRECTORY, 'drug-class.json')),
      )
      const registry = loadTaskRegistry(folder)
      expect(registry.tasks.map((task) => task.origin).sort()).toEqual(['galen', 'superni'])
    })
  },
)
