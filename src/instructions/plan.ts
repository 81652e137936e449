/**
 * The build plan: each task's ratio (uniform, or from a `galen-mixture/1` file), whole-number
 * targets that sum to N (largest remainder), the curriculum stages, and the deterministic order
 * of instances (stage by stage; tasks of a stage interleaved by smooth weighted round robin).
 */
import { InputError } from '../errors.js'
import { type MixtureFile, taskRatios } from '../mixture/index.js'
import { curriculumStages } from './graph.js'
import { type TaskRegistry, UnknownTaskError } from './registry.js'

/** Ratio and target per task. */
export interface TaskTarget {
  task: string
  stage: number
  ratio: number
  target: number
}

/**
 * Task ratios. A mixture group (or a `tasks` key within it) names a task id, a task group, or an
 * ability dimension; a group that names several tasks splits its share evenly over them.
 *
 * @throws InputError for a name that is neither a task, a group nor a dimension (listing them)
 */
export function resolveRatios(registry: TaskRegistry, mixture?: MixtureFile): Map<string, number> {
  const ratios = new Map<string, number>()
  if (mixture === undefined) {
    for (const task of registry.tasks) ratios.set(task.id, 1 / registry.tasks.length)
    return ratios
  }
  const expand = (name: string): string[] => {
    if (registry.has(name)) return [name]
    const inGroup = registry.tasks.filter((task) => task.group === name).map((task) => task.id)
    if (inGroup.length > 0) return inGroup
    const inDimension = registry.tasks
      .filter((task) => task.dimension === name)
      .map((task) => task.id)
    if (inDimension.length > 0) return inDimension
    const groups = [...new Set(registry.tasks.map((task) => task.group))].sort()
    const error = new UnknownTaskError(
      name,
      registry.tasks.map((task) => task.id),
    )
    throw new InputError(
      `instructions: mixture name "${name}" is not a task, a task group (${groups.join(', ')}) or a dimension; ${error.message}`,
      { field: 'mixture.groups', value: name, cause: error },
    )
  }
  for (const [name, share] of Object.entries(taskRatios(mixture))) {
    const ids = expand(name)
    for (const id of ids) ratios.set(id, (ratios.get(id) ?? 0) + share / ids.length)
  }
  return ratios
}

/** Whole-number targets summing to `n` (largest remainder; ties broken by task id). */
export function planTargets(
  registry: TaskRegistry,
  ratios: ReadonlyMap<string, number>,
  n: number,
): TaskTarget[] {
  const stages = curriculumStages(registry)
  const total = [...ratios.values()].reduce((sum, ratio) => sum + ratio, 0)
  const rows = registry.tasks
    .filter((task) => (ratios.get(task.id) ?? 0) > 0)
    .map((task) => {
      const ratio = (ratios.get(task.id) ?? 0) / total
      const exact = ratio * n
      return {
        task: task.id,
        stage: stages.get(task.id) ?? 0,
        ratio,
        target: Math.floor(exact),
        rest: exact - Math.floor(exact),
      }
    })
  let missing = n - rows.reduce((sum, row) => sum + row.target, 0)
  const byRest = [...rows].sort(
    (left, right) => right.rest - left.rest || left.task.localeCompare(right.task),
  )
  for (const row of byRest) {
    if (missing <= 0) break
    row.target += 1
    missing -= 1
  }
  return rows.map(({ task, stage, ratio, target }) => ({ task, stage, ratio, target }))
}

/**
 * Walks the build order: calls `visit(task, indexWithinTask)` for instance positions
 * `from` (inclusive) to `to` (exclusive) of the whole build. Stages come in order; within a
 * stage, smooth weighted round robin interleaves tasks in proportion to their targets.
 * Positions before `from` are stepped through without visiting (cheap), so a resumed build
 * continues exactly where the first one stopped.
 */
export function walkOrder(
  targets: readonly TaskTarget[],
  from: number,
  to: number,
  visit: (task: string, index: number, position: number) => void,
): void {
  const stages = [...new Set(targets.map((target) => target.stage))].sort(
    (left, right) => left - right,
  )
  let position = 0
  for (const stage of stages) {
    const members = targets.filter((target) => target.stage === stage && target.target > 0)
    const total = members.reduce((sum, member) => sum + member.target, 0)
    if (position + total <= from) {
      position += total
      continue
    }
    const current = members.map(() => 0)
    const used = members.map(() => 0)
    for (let step = 0; step < total; step += 1) {
      let best = -1
      for (const [slot, member] of members.entries()) {
        if ((used[slot] as number) >= member.target) continue
        current[slot] = (current[slot] as number) + member.target
        if (best < 0 || (current[slot] as number) > (current[best] as number)) best = slot
      }
      current[best] = (current[best] as number) - total
      const index = used[best] as number
      used[best] = index + 1
      if (position >= from && position < to)
        visit((members[best] as TaskTarget).task, index, position)
      position += 1
      if (position >= to) return
    }
  }
}
