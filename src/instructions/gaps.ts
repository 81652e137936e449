/**
 * The problem-driven loop (QuarkMed report, Figure 2): read evaluation runs, find categories and
 * subjects that score well below their run, map them to task groups of the registry, and propose
 * a mixture delta with the reasons. Applying the delta to a mixture gives a new `galen-mixture/1`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { InputError, safeParseJson } from '../errors.js'
import { MIXTURE_FORMAT, type MixtureFile } from '../mixture/index.js'
import type { TaskRegistry } from './registry.js'

/** The delta file format tag. */
export const MIXTURE_DELTA_FORMAT = 'galen-mixture-delta/1'

/**
 * Words in a category or subject name → the task groups that train it. Checked in order; the
 * first matching rule wins. Names are matched case-insensitively.
 */
export const GAP_RULES: ReadonlyArray<{ pattern: RegExp; groups: readonly string[]; why: string }> =
  [
    {
      pattern: /pharm|drug|medication|药/i,
      groups: ['terminology', 'safety'],
      why: 'drug knowledge',
    },
    {
      pattern: /calc|lab|physical|risk|severity|dosage|date|score|formula|计算|检验/i,
      groups: ['calculation'],
      why: 'clinical calculation',
    },
    {
      pattern: /diagnos|clinical|medicine|internal|诊断|内科|临床/i,
      groups: ['clinical-reasoning', 'classification'],
      why: 'clinical reasoning',
    },
    {
      pattern: /evidence|research|pubmed|epidemiolog|biostat|statistic|循证|统计/i,
      groups: ['evidence'],
      why: 'reading evidence',
    },
    { pattern: /safety|ethic|harm|伦理|安全/i, groups: ['safety'], why: 'safety' },
    { pattern: /term|nomenclat|abbreviat|术语/i, groups: ['terminology'], why: 'terminology' },
  ]

const groupSchema = z
  .object({ n: z.number(), accuracy: z.number().nullable().optional() })
  .passthrough()
const summarySchema = z
  .object({
    benchmark: z.string(),
    n: z.number(),
    accuracy: z.number().nullable(),
    by_category: z.record(z.string(), groupSchema).default({}),
    by_subject: z.record(z.string(), groupSchema).default({}),
  })
  .passthrough()

/** One weak group found in a run. */
export interface WeakGroup {
  run: string
  benchmark: string
  kind: 'category' | 'subject'
  name: string
  n: number
  accuracy: number
  run_accuracy: number
  /** Task groups it maps to (empty when no rule matches). */
  groups: string[]
}

/** One change of the delta. */
export interface MixtureChange {
  group: string
  /** Added to the group's ratio before renormalising. */
  add: number
  reasons: string[]
}

/** What `galen data gaps` writes. */
export interface MixtureDelta {
  format: typeof MIXTURE_DELTA_FORMAT
  changes: MixtureChange[]
  weak: WeakGroup[]
  /** Weak groups no rule maps to a task group (add tasks for them). */
  unmapped: WeakGroup[]
}

/** Options of {@link findGaps}. */
export interface GapOptions {
  registry: TaskRegistry
  runs: readonly string[]
  /** A group is weak when its accuracy is this far below its run's (default 0.1). */
  margin?: number
  /** Groups with fewer items are ignored (default 10). */
  minItems?: number
  /** Total ratio added over all changes (default 0.1). */
  step?: number
}

function readSummary(run: string) {
  const path = join(run, 'summary.json')
  if (!existsSync(path)) {
    throw new InputError(
      `instructions: "${run}" has no summary.json (is it a galen eval run folder?)`,
      {
        field: 'eval',
        value: run,
      },
    )
  }
  const json = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!json.ok) throw json.error
  const parsed = summarySchema.safeParse(json.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new InputError(
      `instructions: ${path} field "${issue?.path.join('.')}": ${issue?.message}`,
      {
        field: issue?.path.join('.') ?? 'summary',
        value: path,
      },
    )
  }
  return parsed.data
}

/**
 * Finds weak categories and subjects and turns them into a mixture delta: each weak group adds
 * to the task groups its name maps to, in proportion to its accuracy gap × items.
 *
 * @throws InputError for a run folder without a readable summary.json
 */
export function findGaps(options: GapOptions): MixtureDelta {
  const margin = options.margin ?? 0.1
  const minItems = options.minItems ?? 10
  const step = options.step ?? 0.1
  const known = new Set(options.registry.tasks.map((task) => task.group))
  const weak: WeakGroup[] = []
  for (const run of options.runs) {
    const summary = readSummary(run)
    const runAccuracy = summary.accuracy ?? 0
    const kinds: Array<['category' | 'subject', Record<string, z.infer<typeof groupSchema>>]> = [
      ['category', summary.by_category],
      ['subject', summary.by_subject],
    ]
    for (const [kind, groups] of kinds) {
      for (const [name, stats] of Object.entries(groups).sort(([left], [right]) =>
        left.localeCompare(right),
      )) {
        const accuracy = stats.accuracy ?? null
        if (accuracy === null || stats.n < minItems || accuracy > runAccuracy - margin) continue
        const rule = GAP_RULES.find((candidate) => candidate.pattern.test(name))
        weak.push({
          run,
          benchmark: summary.benchmark,
          kind,
          name,
          n: stats.n,
          accuracy,
          run_accuracy: runAccuracy,
          groups: (rule?.groups ?? []).filter((group) => known.has(group)),
        })
      }
    }
  }
  const weights = new Map<string, { weight: number; reasons: string[] }>()
  for (const entry of weak) {
    const share =
      ((entry.run_accuracy - entry.accuracy) * entry.n) / Math.max(1, entry.groups.length)
    for (const group of entry.groups) {
      const current = weights.get(group) ?? { weight: 0, reasons: [] }
      current.weight += share
      current.reasons.push(
        `${entry.benchmark} ${entry.kind} "${entry.name}": accuracy ${entry.accuracy.toFixed(3)} vs ${entry.run_accuracy.toFixed(3)} over the run (${entry.n} items)`,
      )
      weights.set(group, current)
    }
  }
  const total = [...weights.values()].reduce((sum, entry) => sum + entry.weight, 0)
  const changes = [...weights.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([group, entry]) => ({
      group,
      add: total === 0 ? 0 : Number(((step * entry.weight) / total).toFixed(6)),
      reasons: entry.reasons,
    }))
  return {
    format: MIXTURE_DELTA_FORMAT,
    changes,
    weak: weak.filter((entry) => entry.groups.length > 0),
    unmapped: weak.filter((entry) => entry.groups.length === 0),
  }
}

/**
 * Applies a delta to a mixture (default: uniform over the registry's task groups): adds each
 * change to its group and renormalises to 1. Task splits inside groups are kept.
 */
export function applyMixtureDelta(
  registry: TaskRegistry,
  delta: MixtureDelta,
  base?: MixtureFile,
): MixtureFile {
  const groups =
    base?.groups.map((group) => ({ ...group })) ??
    [...new Set(registry.tasks.map((task) => task.group))]
      .sort()
      .map((name, _position, all) => ({ name, ratio: 1 / all.length }))
  for (const change of delta.changes) {
    const group = groups.find((entry) => entry.name === change.group)
    if (group === undefined) groups.push({ name: change.group, ratio: change.add })
    else group.ratio += change.add
  }
  const total = groups.reduce((sum, group) => sum + group.ratio, 0)
  const rounded = groups.map((group) => ({
    ...group,
    ratio: Number((group.ratio / total).toFixed(6)),
  }))
  // Put the rounding remainder on the largest group so the ratios sum to 1 exactly.
  const remainder = 1 - rounded.reduce((sum, group) => sum + group.ratio, 0)
  const largest = rounded.reduce((best, group) => (group.ratio > best.ratio ? group : best))
  largest.ratio = Number((largest.ratio + remainder).toFixed(6))
  return {
    format: MIXTURE_FORMAT,
    groups: rounded,
    ...(base?.provenance === undefined ? {} : { provenance: base.provenance }),
  }
}
