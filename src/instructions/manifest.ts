/**
 * The manifest of a finished build (`galen-instruction-set/1`): counts per task (target, written,
 * share, per language and template), per stage and language, synonym pairs, the checker pass
 * rate, the decontamination report, sources and licences, and each shard's hash. No timestamps,
 * so two builds with one seed are byte-identical.
 */
import { BUILD_FORMAT, type BuildOptions, entryOf, type ShardStats } from './build.js'
import type { TaskTarget } from './plan.js'

/** Builds the manifest object from the shards' counts. */
export function manifest(
  options: BuildOptions,
  targets: readonly TaskTarget[],
  shards: readonly ShardStats[],
) {
  const byTask: Record<string, number> = {}
  const byLanguage: Record<string, number> = {}
  const byTemplate: Record<string, Record<string, number[]>> = {}
  let checked = 0
  let passed = 0
  let unchecked = 0
  let synonyms = 0
  const failed: ShardStats['failed'] = []
  const removed: ShardStats['removed'] = []
  for (const shard of shards) {
    for (const [task, count] of Object.entries(shard.by_task))
      byTask[task] = (byTask[task] ?? 0) + count
    for (const [language, count] of Object.entries(shard.by_language)) {
      byLanguage[language] = (byLanguage[language] ?? 0) + count
    }
    for (const [task, templates] of Object.entries(shard.by_template)) {
      const merged = entryOf(byTemplate, task, () => ({}))
      for (const [language, counts] of Object.entries(templates)) {
        const into = entryOf(merged, language, (): number[] => [])
        for (const [position, count] of counts.entries())
          into[position] = (into[position] ?? 0) + count
      }
    }
    synonyms += shard.synonyms ?? 0
    checked += shard.checked
    passed += shard.passed
    unchecked += shard.unchecked
    failed.push(...shard.failed)
    removed.push(...shard.removed)
  }
  const byStage: Record<string, number> = {}
  for (const target of targets) {
    const key = String(target.stage)
    byStage[key] = (byStage[key] ?? 0) + (byTask[target.task] ?? 0)
  }
  const written = Object.values(byTask).reduce((sum, count) => sum + count, 0)
  const taskSources = new Map<string, { name: string; licence: string; path?: string }>()
  for (const target of targets) {
    for (const source of options.registry.get(target.task).sources)
      taskSources.set(source.name, source)
  }
  const licences = [
    ...new Set([
      ...[...taskSources.values()].map((source) => source.licence),
      ...targets.map((target) => options.registry.get(target.task).licence),
    ]),
  ].sort()
  return {
    format: BUILD_FORMAT,
    n_requested: options.n,
    n_written: written,
    seed: String(options.seed),
    mixture: {
      source: options.mixtureSource ?? 'uniform over the registry',
      ...(options.mixture?.provenance === undefined
        ? {}
        : { provenance: options.mixture.provenance }),
    },
    tasks: targets.map((target) => {
      const task = options.registry.get(target.task)
      const count = byTask[target.task] ?? 0
      return {
        task: target.task,
        dimension: task.dimension,
        group: task.group,
        stage: target.stage,
        ratio: Number(target.ratio.toFixed(6)),
        target: target.target,
        written: count,
        share: written === 0 ? 0 : Number((count / written).toFixed(6)),
        templates: byTemplate[target.task] ?? {},
      }
    }),
    synonym_pairs: { share: options.synonymPairs ?? 0, lines: synonyms },
    by_stage: byStage,
    by_language: byLanguage,
    checker: {
      checked,
      passed,
      unchecked,
      pass_rate: checked === 0 ? null : Number((passed / checked).toFixed(6)),
      failed: failed.slice(0, 100),
      failed_total: failed.length,
    },
    decontamination: {
      enabled: options.decontamination !== undefined,
      ngram: options.decontamination?.n ?? null,
      ngram_zh: options.decontamination?.cjkN ?? null,
      benchmarks: options.decontamination?.stats ?? {},
      notes: options.decontaminationNotes ?? [],
      removed_total: removed.length,
      removed,
    },
    sources: [
      ...options.sources.provenance.map(({ name, licence }) => ({ name, licence })),
      ...[...taskSources.values()].map(({ name, licence }) => ({ name, licence })),
    ],
    licences,
    files: shards.map((shard) => ({ path: shard.file, lines: shard.lines, sha256: shard.sha256 })),
  }
}
