/**
 * Making one instance of a task: the generator's slot values and gold output, rendered with one
 * of the task's templates. Each instance has its own random stream keyed by (seed, task, index),
 * so builds are deterministic and resumable.
 */
import { NotFoundError } from '../errors.js'
import type { GeneratedInstance } from './generators/generator.js'
import { GENERATORS, SUPERNI_GENERATOR } from './generators/index.js'
import { createRandom } from './random.js'
import type { TaskSources } from './sources.js'
import type { InstructionTask, Language } from './task.js'
import { renderTemplate } from './template.js'

/** One rendered instance. */
export interface TaskInstance {
  task: string
  language: Language
  /** Index of the template used (within the language). */
  template: number
  prompt: string
  output: string
  /** Other acceptable outputs (SuperNI instances). */
  accepted?: string[]
  wrong: string
  slots: Record<string, string>
  reference?: Record<string, unknown>
}

/** Where an instance sits: the seed, its index within the task, its language and template. */
export interface InstancePosition {
  seed: string | number
  index: number
  language: Language
  template: number
}

function superniInstance(
  task: InstructionTask,
  index: number,
): GeneratedInstance & { accepted: string[] } {
  if (task.instances.length === 0) {
    throw new NotFoundError(`instructions: SuperNI task "${task.id}" has no Instances to replay`)
  }
  const instance = task.instances[
    index % task.instances.length
  ] as InstructionTask['instances'][number]
  const [gold = '', ...accepted] = instance.output
  const other = task.instances.find((candidate) => !candidate.output.includes(gold))
  return {
    slots: { input: instance.input },
    output: gold,
    accepted,
    wrong: other?.output[0] ?? `${gold} (not)`,
  }
}

/**
 * Generates and renders one instance.
 *
 * @throws NotFoundError for an unknown generator name
 */
export function makeInstance(
  task: InstructionTask,
  sources: TaskSources,
  position: InstancePosition,
): TaskInstance {
  let generated: GeneratedInstance & { accepted?: string[] }
  if (task.generator.name === SUPERNI_GENERATOR) generated = superniInstance(task, position.index)
  else {
    const generator = GENERATORS[task.generator.name]
    if (generator === undefined) {
      throw new NotFoundError(
        `instructions: task "${task.id}" names the unknown generator "${task.generator.name}"; known: ${[SUPERNI_GENERATOR, ...Object.keys(GENERATORS)].join(', ')}`,
      )
    }
    generated = generator({
      random: createRandom(`${position.seed}/${task.id}/${position.language}/${position.index}`),
      language: position.language,
      sources,
      params: task.generator.params,
    })
  }
  const templates = task.templates[position.language] ?? []
  const template = templates[position.template % Math.max(1, templates.length)] ?? '{input}'
  return {
    task: task.id,
    language: position.language,
    template: position.template % Math.max(1, templates.length),
    prompt: renderTemplate(template, generated.slots),
    output: generated.output,
    ...(generated.accepted === undefined || generated.accepted.length === 0
      ? {}
      : { accepted: generated.accepted }),
    wrong: generated.wrong,
    slots: generated.slots,
    ...(generated.reference === undefined ? {} : { reference: generated.reference }),
  }
}
