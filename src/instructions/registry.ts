/**
 * The task registry: a value holding tasks by id. A miss is a typed error that lists what exists
 * (STYLE.md §9). Registries load from a folder of task files (Galen or plain SuperNI JSON).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError, NotFoundError, safeParseJson } from '../errors.js'
import { DIMENSIONS, type Dimension, type InstructionTask, safeParseTaskFile } from './task.js'

/** The built-in task folder (`data/instructions/tasks` of the package). */
export const BUILTIN_TASK_DIRECTORY = fileURLToPath(
  new URL('../../data/instructions/tasks/', import.meta.url),
)

/** A task id that the registry does not hold; `available` lists the ids it does hold. */
export class UnknownTaskError extends NotFoundError {
  readonly taskId: string
  readonly available: readonly string[]
  constructor(taskId: string, available: readonly string[]) {
    const shown = available.slice(0, 20).join(', ')
    const more = available.length > 20 ? `, ... (${available.length} in all)` : ''
    super(`instructions: unknown task "${taskId}"; the registry holds: ${shown}${more}`)
    this.name = 'UnknownTaskError'
    this.taskId = taskId
    this.available = available
  }
}

/** A set of tasks by id. */
export interface TaskRegistry {
  /** Every task, sorted by id. */
  readonly tasks: readonly InstructionTask[]
  /** @throws UnknownTaskError listing the ids that exist */
  get(id: string): InstructionTask
  has(id: string): boolean
  /** Task counts per dimension (all four dimensions present, zero included). */
  byDimension(): Record<Dimension, number>
}

/**
 * Creates a registry from tasks.
 *
 * @throws InputError when two tasks share an id
 */
export function createTaskRegistry(tasks: readonly InstructionTask[]): TaskRegistry {
  const byId = new Map<string, InstructionTask>()
  for (const task of tasks) {
    const previous = byId.get(task.id)
    if (previous !== undefined) {
      throw new InputError(
        `instructions: task id "${task.id}" appears twice (${previous.path ?? 'code'} and ${task.path ?? 'code'})`,
        { field: 'Galen.id', value: task.id },
      )
    }
    byId.set(task.id, task)
  }
  const sorted = [...byId.values()].sort((left, right) => left.id.localeCompare(right.id))
  const ids = sorted.map((task) => task.id)
  return {
    tasks: sorted,
    get(id) {
      const task = byId.get(id)
      if (task === undefined) throw new UnknownTaskError(id, ids)
      return task
    },
    has: (id) => byId.has(id),
    byDimension() {
      const counts = Object.fromEntries(DIMENSIONS.map((name) => [name, 0])) as Record<
        Dimension,
        number
      >
      for (const task of sorted) counts[task.dimension] += 1
      return counts
    },
  }
}

function jsonFiles(directory: string): string[] {
  const files: string[] = []
  const walk = (folder: string, depth: number): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name)
      const stats = statSync(path)
      if (stats.isDirectory() && depth < 4) walk(path, depth + 1)
      else if (stats.isFile() && name.toLowerCase().endsWith('.json')) files.push(path)
    }
  }
  walk(directory, 0)
  return files
}

/**
 * Loads every `*.json` task file under a folder (recursively, sorted by path).
 *
 * @param directory - the folder (default: the built-in tasks)
 * @throws InputError naming the file and field of the first bad task file
 */
export function loadTaskRegistry(directory: string = BUILTIN_TASK_DIRECTORY): TaskRegistry {
  let files: string[]
  try {
    files = jsonFiles(directory)
  } catch (error) {
    throw new InputError(`instructions: cannot read the task folder "${directory}"`, {
      field: 'registry',
      value: directory,
      cause: error,
    })
  }
  if (files.length === 0) {
    throw new InputError(`instructions: no task files (*.json) under "${directory}"`, {
      field: 'registry',
      value: directory,
    })
  }
  const tasks: InstructionTask[] = []
  for (const file of files) {
    const name = relative(directory, file) || file
    const json = safeParseJson(readFileSync(file, 'utf8'), name)
    if (!json.ok) throw json.error
    const parsed = safeParseTaskFile(json.value, name)
    if (!parsed.ok) throw parsed.error
    tasks.push({ ...parsed.value, path: file })
  }
  return createTaskRegistry(tasks)
}
