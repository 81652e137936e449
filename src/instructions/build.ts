/**
 * `galen data build`: makes an instruction set from a registry, its sources and a mixture.
 * Deterministic (same inputs and seed, byte-identical files), streaming (one instance in memory
 * at a time, shards written through a small buffer), resumable (finished shards are recorded in
 * `progress.json` with their hash and kept), decontaminated against evaluation sets (rl-data's
 * 13-gram index; removals listed in the manifest), with every gold output run through the task's
 * checker.
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import type { MixtureFile } from '../mixture/index.js'
import type { DecontaminationIndex } from '../rl-data/index.js'
import { findContamination } from '../rl-data/index.js'
import { checkOutput } from './checkers.js'
import { makeInstance } from './instance.js'
import { manifest } from './manifest.js'
import { planTargets, resolveRatios, type TaskTarget, walkOrder } from './plan.js'
import { createRandom } from './random.js'
import type { TaskRegistry } from './registry.js'
import type { TaskSources } from './sources.js'
import type { Language } from './task.js'
import { renderTemplate } from './template.js'

/** The manifest format tag. */
export const BUILD_FORMAT = 'galen-instruction-set/1'

/** One line of a built shard. */
export interface BuiltRecord {
  id: string
  task: string
  stage: number
  dimension: string
  language: Language
  template: number
  prompt: string
  output: string
  accepted?: string[]
  checker: string
  reference?: Record<string, unknown>
}

/** Options of {@link buildInstructionSet}. */
export interface BuildOptions {
  registry: TaskRegistry
  sources: TaskSources
  n: number
  seed: string | number
  out: string
  mixture?: MixtureFile
  /** Where the mixture came from (for the manifest). */
  mixtureSource?: string
  /** Evaluation-set fingerprints; instances sharing an n-gram with them are removed. */
  decontamination?: DecontaminationIndex
  /** Why decontamination is off or partial (for the manifest). */
  decontaminationNotes?: string[]
  /** Instances per shard file (default 50,000). */
  shardSize?: number
  /**
   * Share of instances (0-1, default 0) that also get a "synonymous instruction, same output"
   * twin: the same slots and gold output under the next template of the task. Twins are extra
   * lines (id `...-synonym`, `synonym_of` the original) counted in the manifest, not in N.
   */
  synonymPairs?: number
  /** Keep finished shards of an earlier run with the same inputs (default true). */
  resume?: boolean
  /** Stop after this many shards (tests of resuming). */
  maxShards?: number
  onProgress?: (done: number, total: number) => void
}

/** Counts of one finished shard (kept in progress.json). */
export interface ShardStats {
  file: string
  lines: number
  sha256: string
  by_task: Record<string, number>
  by_language: Record<string, number>
  by_template: Record<string, Record<string, number[]>>
  checked: number
  passed: number
  unchecked: number
  synonyms: number
  failed: Array<{ id: string; reason: string }>
  removed: Array<{
    id: string
    task: string
    benchmarks: Record<string, number>
    matched_ngrams: number
    example: string
  }>
}

/** What a build returns (the manifest's figures). */
export interface BuildResult {
  manifestPath: string
  written: number
  removed: number
  failed: number
  shards: number
  resumedShards: number
  complete: boolean
}

function fingerprint(
  options: BuildOptions,
  targets: readonly TaskTarget[],
  shardSize: number,
): string {
  const hash = createHash('sha256')
  hash.update(
    JSON.stringify({
      n: options.n,
      seed: String(options.seed),
      shardSize,
      targets,
      synonymPairs: options.synonymPairs ?? 0,
    }),
  )
  for (const task of options.registry.tasks) hash.update(JSON.stringify(task))
  hash.update(String(options.sources.corpus.length))
  for (const passage of options.sources.corpus) hash.update(passage.id).update(passage.text)
  const decontamination = options.decontamination
  hash.update(
    JSON.stringify(
      decontamination === undefined
        ? null
        : { n: decontamination.n, cjkN: decontamination.cjkN, stats: decontamination.stats },
    ),
  )
  return hash.digest('hex')
}

interface Progress {
  fingerprint: string
  shards: ShardStats[]
}

function readProgress(path: string): Progress | undefined {
  if (!existsSync(path)) return undefined
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) return undefined
  const value = parsed.value as Partial<Progress>
  if (typeof value.fingerprint !== 'string' || !Array.isArray(value.shards)) return undefined
  return value as Progress
}

/** The value under `key`, created first when absent. */
export function entryOf<T>(record: Record<string, T>, key: string, create: () => T): T {
  const existing = record[key]
  if (existing !== undefined) return existing
  const value = create()
  record[key] = value
  return value
}

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/**
 * Builds the set into `out`: `data/shard-NNNNN.jsonl` files, `manifest.json`, and
 * `progress.json` while a build is unfinished.
 *
 * @throws InputError for n < 1 or an unusable mixture
 */
export function buildInstructionSet(options: BuildOptions): BuildResult {
  if (!Number.isInteger(options.n) || options.n < 1) {
    throw new InputError(`instructions: --n must be a whole number >= 1, got ${options.n}`, {
      field: 'n',
      value: options.n,
    })
  }
  const shardSize = options.shardSize ?? 50_000
  const ratios = resolveRatios(options.registry, options.mixture)
  const targets = planTargets(options.registry, ratios, options.n)
  const stageOf = new Map(targets.map((target) => [target.task, target.stage]))
  const print = fingerprint(options, targets, shardSize)
  mkdirSync(join(options.out, 'data'), { recursive: true })
  const progressPath = join(options.out, 'progress.json')
  const previous = options.resume === false ? undefined : readProgress(progressPath)
  const kept: ShardStats[] = []
  if (previous !== undefined && previous.fingerprint === print) {
    for (const shard of previous.shards) {
      const path = join(options.out, shard.file)
      if (!existsSync(path) || fileHash(path) !== shard.sha256) break
      kept.push(shard)
    }
  }
  const shardCount = Math.ceil(options.n / shardSize)
  const shards: ShardStats[] = [...kept]
  let built = 0
  for (let shard = kept.length; shard < shardCount; shard += 1) {
    if (options.maxShards !== undefined && built >= options.maxShards) break
    shards.push(writeShard(options, targets, stageOf, shard, shardSize))
    built += 1
    writeFileSync(progressPath, `${JSON.stringify({ fingerprint: print, shards }, null, 1)}\n`)
    options.onProgress?.(Math.min(options.n, (shard + 1) * shardSize), options.n)
  }
  const complete = shards.length === shardCount
  const manifestPath = join(options.out, 'manifest.json')
  if (complete) {
    writeFileSync(manifestPath, `${JSON.stringify(manifest(options, targets, shards), null, 2)}\n`)
    rmSync(progressPath, { force: true })
  }
  const sum = (pick: (stats: ShardStats) => number) =>
    shards.reduce((total, stats) => total + pick(stats), 0)
  return {
    manifestPath,
    written: sum((stats) => stats.lines),
    removed: sum((stats) => stats.removed.length),
    failed: sum((stats) => stats.failed.length),
    shards: shards.length,
    resumedShards: kept.length,
    complete,
  }
}

function writeShard(
  options: BuildOptions,
  targets: readonly TaskTarget[],
  stageOf: ReadonlyMap<string, number>,
  shard: number,
  shardSize: number,
): ShardStats {
  const file = `data/shard-${String(shard).padStart(5, '0')}.jsonl`
  const path = join(options.out, file)
  const temporary = `${path}.partial`
  const descriptor = openSync(temporary, 'w')
  const hash = createHash('sha256')
  const stats: ShardStats = {
    file,
    lines: 0,
    sha256: '',
    by_task: {},
    by_language: {},
    by_template: {},
    checked: 0,
    passed: 0,
    unchecked: 0,
    synonyms: 0,
    failed: [],
    removed: [],
  }
  let buffer = ''
  const flush = (): void => {
    if (buffer === '') return
    const bytes = Buffer.from(buffer, 'utf8')
    hash.update(bytes)
    writeSync(descriptor, bytes)
    buffer = ''
  }
  try {
    walkOrder(
      targets,
      shard * shardSize,
      Math.min(options.n, (shard + 1) * shardSize),
      (id, index) => {
        const task = options.registry.get(id)
        const language = task.languages[index % task.languages.length] as Language
        const perLanguage = Math.floor(index / task.languages.length)
        const instance = makeInstance(task, options.sources, {
          seed: options.seed,
          index,
          language,
          template: perLanguage,
        })
        const recordId = `${id}-${index}`
        if (options.decontamination !== undefined) {
          const match = findContamination(
            options.decontamination,
            `${instance.prompt}\n${instance.output}`,
          )
          if (match !== undefined) {
            stats.removed.push({
              id: recordId,
              task: id,
              benchmarks: match.benchmarks,
              matched_ngrams: match.matched_ngrams,
              example: match.example,
            })
            return
          }
        }
        if (task.checker.type === 'judge') stats.unchecked += 1
        else {
          stats.checked += 1
          const verdict = checkOutput(task.checker, {
            output: instance.output,
            gold: instance.output,
            ...(instance.accepted === undefined ? {} : { accepted: instance.accepted }),
            ...(instance.reference === undefined ? {} : { reference: instance.reference }),
          })
          if (!verdict.pass) {
            stats.failed.push({ id: recordId, reason: verdict.reason })
            return
          }
          stats.passed += 1
        }
        const record: BuiltRecord = {
          id: recordId,
          task: id,
          stage: stageOf.get(id) ?? 0,
          dimension: task.dimension,
          language,
          template: instance.template,
          prompt: instance.prompt,
          output: instance.output,
          ...(instance.accepted === undefined ? {} : { accepted: instance.accepted }),
          checker: task.checker.type,
          ...(instance.reference === undefined ? {} : { reference: instance.reference }),
        }
        buffer += `${JSON.stringify(record)}\n`
        const taskTemplates = task.templates[language] ?? []
        if (
          (options.synonymPairs ?? 0) > 0 &&
          taskTemplates.length > 1 &&
          createRandom(`${options.seed}/synonym/${id}/${index}`).next() <
            (options.synonymPairs ?? 0)
        ) {
          const twin = (instance.template + 1) % taskTemplates.length
          buffer += `${JSON.stringify({
            ...record,
            id: `${recordId}-synonym`,
            template: twin,
            prompt: renderTemplate(taskTemplates[twin] as string, instance.slots),
            synonym_of: recordId,
          })}\n`
          stats.synonyms += 1
        }
        if (buffer.length > 1 << 20) flush()
        stats.lines += 1
        stats.by_task[id] = (stats.by_task[id] ?? 0) + 1
        stats.by_language[language] = (stats.by_language[language] ?? 0) + 1
        const templates = entryOf(stats.by_template, id, (): Record<string, number[]> => ({}))
        const counts = entryOf(templates, language, (): number[] => [])
        counts[instance.template] = (counts[instance.template] ?? 0) + 1
      },
    )
    flush()
  } finally {
    closeSync(descriptor)
  }
  renameSync(temporary, path)
  stats.sha256 = hash.digest('hex')
  for (const templates of Object.values(stats.by_template)) {
    for (const [language, counts] of Object.entries(templates)) {
      templates[language] = Array.from(counts, (count) => count ?? 0)
    }
  }
  return stats
}
