/**
 * The generator interface: a pure function from a seeded random stream, a language and the
 * sources to one instance (slot values, the gold output, and one wrong output used to test that
 * the checker rejects it). Gold outputs come from the structured sources, never from a model.
 */
import type { Random } from '../random.js'
import type { TaskSources } from '../sources.js'
import type { Language } from '../task.js'

/** What a generator receives. */
export interface GeneratorContext {
  random: Random
  language: Language
  sources: TaskSources
  /** The task's `generator.params`. */
  params: Readonly<Record<string, unknown>>
}

/** One generated instance. */
export interface GeneratedInstance {
  slots: Record<string, string>
  /** The gold output. */
  output: string
  /** A plausible wrong output (a perturbation of the gold one) the checker must reject. */
  wrong: string
  /** What checkers need besides the gold output (passages for quote checks). */
  reference?: Record<string, unknown>
}

/** A generator. */
export type Generator = (context: GeneratorContext) => GeneratedInstance

/** Option letters. */
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const

/** Lists options as `A. text` lines. */
export function letteredOptions(options: readonly string[]): string {
  return options.map((option, position) => `${LETTERS[position]}. ${option}`).join('\n')
}

/** Numbers passages as `[1] text` blocks. */
export function numberedBlocks(blocks: readonly string[]): string {
  return blocks.map((block, position) => `[${position + 1}] ${block}`).join('\n\n')
}

/** Yes or no in the language. */
export function yesNo(value: boolean, language: Language): string {
  if (language === 'zh') return value ? '是' : '否'
  return value ? 'yes' : 'no'
}

/** Joins list items the way the language does. */
export function joinList(items: readonly string[], language: Language): string {
  return items.join(language === 'zh' ? '、' : ', ')
}

/** A multiple-choice instance: the answer among distractors, shuffled; gold is the letter. */
export function multipleChoice(
  random: Random,
  answer: string,
  distractors: readonly string[],
): { options: string; output: string; wrong: string } {
  const options = random.shuffle([answer, ...distractors])
  const position = options.indexOf(answer)
  const wrongPosition = (position + 1 + random.below(options.length - 1)) % options.length
  return {
    options: letteredOptions(options),
    output: LETTERS[position] as string,
    wrong: LETTERS[wrongPosition] as string,
  }
}

/** Reads a string parameter with a default. */
export function stringParam(
  params: Readonly<Record<string, unknown>>,
  name: string,
  fallback: string,
): string {
  const value = params[name]
  return typeof value === 'string' ? value : fallback
}
