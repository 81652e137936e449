/**
 * Registry validation: templates (count per language, missing or unknown slots, duplicate and
 * near-duplicate wording within a task, the same template in two tasks), prerequisites (unknown
 * ids, cycles, composite tasks without any), generators, and whether each task's checker accepts
 * the task's own gold outputs.
 */
import { describeError } from '../errors.js'
import { checkOutput } from './checkers.js'
import { GENERATORS, SUPERNI_GENERATOR } from './generators/index.js'
import { makeInstance } from './instance.js'
import type { TaskRegistry } from './registry.js'
import type { TaskSources } from './sources.js'
import { DIMENSIONS, type Dimension, LANGUAGES, type Language } from './task.js'
import { templateSlots } from './template.js'

/** The fewest templates a Galen task needs per language. */
export const MIN_TEMPLATES = 5
/** Character-trigram Jaccard similarity at or above which two templates are near-duplicates. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8

/** One problem found. */
export interface ValidationIssue {
  task: string
  code:
    | 'too-few-templates'
    | 'missing-slot'
    | 'unknown-slot'
    | 'duplicate-template'
    | 'near-duplicate-template'
    | 'shared-template'
    | 'unknown-prerequisite'
    | 'prerequisite-cycle'
    | 'composite-without-prerequisites'
    | 'unknown-generator'
    | 'generator-failed'
    | 'generator-slots'
    | 'checker-rejects-gold'
  message: string
}

/** What `galen tasks validate --json` prints. */
export interface ValidationReport {
  tasks: number
  by_dimension: Record<Dimension, number>
  by_language: Record<Language, number>
  /** The fewest templates of any Galen task in any of its languages. */
  min_templates: number
  errors: ValidationIssue[]
  /** Problems that do not block a build (plain SuperNI tasks with one definition). */
  warnings: ValidationIssue[]
}

/** Options of {@link validateRegistry}. */
export interface ValidateOptions {
  /** Sources for the gold-output check; without them the check is skipped. */
  sources?: TaskSources
  /** Instances generated per task and language for the gold-output check (default 20). */
  samples?: number
  seed?: string | number
}

function normaliseTemplate(template: string): string {
  return template
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\{[a-z0-9_]+\}/g, '{}')
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim()
}

function trigrams(text: string): Set<string> {
  const grams = new Set<string>()
  for (let position = 0; position + 3 <= text.length; position += 1)
    grams.add(text.slice(position, position + 3))
  return grams
}

/** Jaccard similarity of character trigrams of two normalised templates. */
export function templateSimilarity(left: string, right: string): number {
  const first = trigrams(normaliseTemplate(left))
  const second = trigrams(normaliseTemplate(right))
  if (first.size === 0 && second.size === 0) return 1
  let shared = 0
  for (const gram of first) if (second.has(gram)) shared += 1
  return shared / (first.size + second.size - shared)
}

/** Prerequisite cycles, each as a list of task ids (first id repeated at the end). */
export function findCycles(registry: TaskRegistry): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (id: string): void => {
    state.set(id, 'open')
    stack.push(id)
    const task = registry.has(id) ? registry.get(id) : undefined
    for (const next of task?.prerequisites ?? []) {
      if (!registry.has(next)) continue
      const seen = state.get(next)
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (seen === undefined) visit(next)
    }
    stack.pop()
    state.set(id, 'done')
  }
  for (const task of registry.tasks) if (!state.has(task.id)) visit(task.id)
  return cycles
}

/** Validates a registry. */
export function validateRegistry(
  registry: TaskRegistry,
  options: ValidateOptions = {},
): ValidationReport {
  const errors: ValidationIssue[] = []
  const warnings: ValidationIssue[] = []
  const byLanguage = Object.fromEntries(LANGUAGES.map((language) => [language, 0])) as Record<
    Language,
    number
  >
  let minTemplates = Number.POSITIVE_INFINITY
  const templateOwners = new Map<string, string>()
  for (const task of registry.tasks) {
    const issues = task.origin === 'superni' ? warnings : errors
    for (const language of task.languages) {
      byLanguage[language] += 1
      const templates = task.templates[language] ?? []
      if (task.origin === 'galen') minTemplates = Math.min(minTemplates, templates.length)
      if (templates.length < MIN_TEMPLATES) {
        issues.push({
          task: task.id,
          code: 'too-few-templates',
          message: `${task.id}: ${templates.length} ${language} template(s), at least ${MIN_TEMPLATES} needed`,
        })
      }
      const declared = Object.keys(task.slots)
      for (const [position, template] of templates.entries()) {
        const used = templateSlots(template)
        for (const slot of declared) {
          if (!used.includes(slot)) {
            errors.push({
              task: task.id,
              code: 'missing-slot',
              message: `${task.id}: ${language} template ${position + 1} lacks the slot {${slot}}`,
            })
          }
        }
        for (const slot of used) {
          if (!declared.includes(slot)) {
            errors.push({
              task: task.id,
              code: 'unknown-slot',
              message: `${task.id}: ${language} template ${position + 1} uses the undeclared slot {${slot}}`,
            })
          }
        }
        const key = `${language}:${normaliseTemplate(template)}`
        const owner = templateOwners.get(key)
        if (owner !== undefined && owner !== task.id) {
          errors.push({
            task: task.id,
            code: 'shared-template',
            message: `${task.id}: ${language} template ${position + 1} is also a template of "${owner}"`,
          })
        } else templateOwners.set(key, task.id)
        for (let other = 0; other < position; other += 1) {
          const previous = templates[other] as string
          if (normaliseTemplate(previous) === normaliseTemplate(template)) {
            errors.push({
              task: task.id,
              code: 'duplicate-template',
              message: `${task.id}: ${language} templates ${other + 1} and ${position + 1} are the same`,
            })
          } else {
            const similarity = templateSimilarity(previous, template)
            if (similarity >= NEAR_DUPLICATE_SIMILARITY) {
              errors.push({
                task: task.id,
                code: 'near-duplicate-template',
                message: `${task.id}: ${language} templates ${other + 1} and ${position + 1} are near-duplicates (similarity ${similarity.toFixed(2)})`,
              })
            }
          }
        }
      }
    }
    for (const prerequisite of task.prerequisites) {
      if (!registry.has(prerequisite)) {
        errors.push({
          task: task.id,
          code: 'unknown-prerequisite',
          message: `${task.id}: unknown prerequisite "${prerequisite}"`,
        })
      }
    }
    if (task.kind === 'composite' && task.prerequisites.length === 0) {
      errors.push({
        task: task.id,
        code: 'composite-without-prerequisites',
        message: `${task.id}: a composite task must name the atomic tasks it builds on`,
      })
    }
    if (
      task.generator.name !== SUPERNI_GENERATOR &&
      GENERATORS[task.generator.name] === undefined
    ) {
      errors.push({
        task: task.id,
        code: 'unknown-generator',
        message: `${task.id}: unknown generator "${task.generator.name}"`,
      })
      continue
    }
    if (options.sources !== undefined && task.checker.type !== 'judge') {
      checkGold(task.id, registry, options.sources, options, errors)
    }
  }
  for (const cycle of findCycles(registry)) {
    errors.push({
      task: cycle[0] as string,
      code: 'prerequisite-cycle',
      message: `prerequisite cycle: ${cycle.join(' -> ')}`,
    })
  }
  const byDimension = Object.fromEntries(DIMENSIONS.map((name) => [name, 0])) as Record<
    Dimension,
    number
  >
  for (const task of registry.tasks) byDimension[task.dimension] += 1
  return {
    tasks: registry.tasks.length,
    by_dimension: byDimension,
    by_language: byLanguage,
    min_templates: Number.isFinite(minTemplates) ? minTemplates : 0,
    errors,
    warnings,
  }
}

function checkGold(
  id: string,
  registry: TaskRegistry,
  sources: TaskSources,
  options: ValidateOptions,
  errors: ValidationIssue[],
): void {
  const task = registry.get(id)
  const samples = options.samples ?? 20
  const declared = Object.keys(task.slots).sort().join(',')
  for (const language of task.languages) {
    for (let index = 0; index < samples; index += 1) {
      let instance: ReturnType<typeof makeInstance>
      try {
        instance = makeInstance(task, sources, {
          seed: options.seed ?? 'validate',
          index,
          language,
          template: index,
        })
      } catch (error) {
        errors.push({
          task: id,
          code: 'generator-failed',
          message: `${id}: the ${language} generator failed on instance ${index}: ${describeError(error)}`,
        })
        return
      }
      const produced = Object.keys(instance.slots).sort().join(',')
      if (produced !== declared) {
        errors.push({
          task: id,
          code: 'generator-slots',
          message: `${id}: the generator fills {${produced}} but the task declares {${declared}}`,
        })
        return
      }
      const verdict = checkOutput(task.checker, {
        output: instance.output,
        gold: instance.output,
        ...(instance.accepted === undefined ? {} : { accepted: instance.accepted }),
        ...(instance.reference === undefined ? {} : { reference: instance.reference }),
      })
      if (!verdict.pass) {
        errors.push({
          task: id,
          code: 'checker-rejects-gold',
          message: `${id}: the checker rejects the gold output of ${language} instance ${index} ("${instance.output.slice(0, 80)}"): ${verdict.reason}`,
        })
        return
      }
    }
  }
}
