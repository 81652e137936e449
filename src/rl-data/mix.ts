/**
 * `rl mix`: mixes several JSON Lines datasets by ratios given in a file (for example the report's
 * 3:1 reasoning to general-purpose prompts), with a seed. Each source is counted once, its quota
 * drawn with seeded selection sampling, and the sources are interleaved at random (each next line
 * comes from a source with probability proportional to what it still owes), all streamed.
 */
import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { InputError, safeParseJson } from '../errors.js'
import {
  createLineWriter,
  forEachJsonLine,
  IssueLog,
  type LineIssue,
  readLineBatches,
} from './line-reader.js'
import {
  allocateQuotas,
  largestFeasibleTotal,
  normalizeWeights,
  SelectionSampler,
} from './quotas.js'
import { createRandom, type Random } from './random.js'

/** The ratios file: sources with their ratios, and optionally the total, seed and repeats. */
export const mixSpecSchema = z.object({
  seed: z.union([z.number(), z.string()]).optional(),
  total: z.number().int().positive().optional(),
  allow_repeat: z.boolean().optional(),
  sources: z
    .array(
      z.object({
        name: z.string().min(1).optional(),
        path: z.string().min(1),
        ratio: z.number().nonnegative(),
      }),
    )
    .min(1),
})

/** A parsed ratios file. */
export type MixSpec = z.infer<typeof mixSpecSchema>

/**
 * Reads a ratios file (JSON). Source paths are relative to the file. Names default to the path.
 *
 * @throws InputError naming the field at fault
 */
export function readMixSpec(path: string): MixSpec {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `rl-data: cannot read ratios file "${path}": ${(error as Error).message}`,
      {
        field: 'ratios',
        value: path,
        cause: error,
      },
    )
  }
  const json = safeParseJson(text, `ratios file "${path}"`)
  if (!json.ok) throw json.error
  const parsed = mixSpecSchema.safeParse(json.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const at = issue?.path.join('.') ?? ''
    throw new InputError(`rl-data: ratios file "${path}": ${at}: ${issue?.message ?? 'invalid'}`, {
      field: at,
      value: path,
    })
  }
  const base = dirname(path)
  const names = new Set<string>()
  const sources = parsed.data.sources.map((source) => {
    const name = source.name ?? source.path
    if (names.has(name)) {
      throw new InputError(`rl-data: ratios file "${path}" names source "${name}" twice`, {
        field: 'sources.name',
        value: name,
      })
    }
    names.add(name)
    return {
      ...source,
      name,
      path: isAbsolute(source.path) ? source.path : resolve(base, source.path),
    }
  })
  return { ...parsed.data, sources }
}

/** Per-source outcome. */
export interface MixSourceResult {
  path: string
  available: number
  share: number
  quota: number
  written: number
  /** How many times the whole source was repeated (allow_repeat). */
  repeats: number
  shortfall: number
  malformed: number
}

/** The result of {@link mixDatasets}. */
export interface MixResult {
  total: number
  written: number
  seed: number | string
  sources: Record<string, MixSourceResult>
  issues: LineIssue[]
}

async function* selectedLines(
  path: string,
  valid: Uint8Array,
  fullPasses: number,
  sampled: number,
  available: number,
  random: Random,
): AsyncGenerator<string> {
  for (let pass = 0; pass < fullPasses; pass += 1) {
    for await (const batch of readLineBatches(path)) {
      for (const [line, text] of batch) if (valid[line] === 1) yield text
    }
  }
  if (sampled <= 0) return
  const sampler = new SelectionSampler(sampled, available, random)
  for await (const batch of readLineBatches(path)) {
    for (const [line, text] of batch) if (valid[line] === 1 && sampler.take()) yield text
  }
}

/**
 * Mixes the sources of a ratios file into `out`. The seed comes from `options.seed`, else the
 * file, else 0. With `tag`, each line gets a `mix_source` field naming its source.
 */
export async function mixDatasets(
  spec: MixSpec,
  options: {
    out: string
    seed?: number | string
    total?: number
    tag?: boolean
    onIssue?: (issue: LineIssue) => void
  },
): Promise<MixResult> {
  const seed = options.seed ?? spec.seed ?? 0
  const issues: LineIssue[] = []
  const counted: Array<{
    name: string
    path: string
    ratio: number
    available: number
    valid: Uint8Array
    malformed: number
  }> = []
  for (const source of spec.sources) {
    const name = source.name ?? source.path
    const log = new IssueLog((issue) => {
      const named = { line: issue.line, message: `${name}: ${issue.message}` }
      if (issues.length < 1000) issues.push(named)
      options.onIssue?.(named)
    })
    let valid = new Uint8Array(1 << 16)
    let available = 0
    await forEachJsonLine(
      source.path,
      (value, line) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          log.add(line, `rl-data: line ${line} is not a JSON object`)
          return
        }
        if (line >= valid.length) {
          const grown = new Uint8Array(Math.max(valid.length * 2, line + 1))
          grown.set(valid)
          valid = grown
        }
        valid[line] = 1
        available += 1
      },
      log,
    )
    counted.push({
      name,
      path: source.path,
      ratio: source.ratio,
      available,
      valid,
      malformed: log.count,
    })
  }
  const shares = normalizeWeights(
    Object.fromEntries(counted.map((source) => [source.name, source.ratio])),
  )
  const availableByName = Object.fromEntries(
    counted.map((source) => [source.name, source.available]),
  )
  const total = options.total ?? spec.total ?? largestFeasibleTotal(availableByName, shares)
  const quotas = allocateQuotas(total, shares)
  const random = createRandom(seed)
  const results: Record<string, MixSourceResult> = {}
  const streams: Array<{ name: string; owed: number; iterator: AsyncGenerator<string> }> = []
  for (const source of counted) {
    const quota = quotas[source.name] ?? 0
    let fullPasses = 0
    let sampled = Math.min(quota, source.available)
    if (spec.allow_repeat && source.available > 0 && quota > source.available) {
      fullPasses = Math.floor(quota / source.available)
      sampled = quota - fullPasses * source.available
    }
    const deliver = fullPasses * source.available + sampled
    results[source.name] = {
      path: source.path,
      available: source.available,
      share: shares[source.name] ?? 0,
      quota,
      written: 0,
      repeats: fullPasses,
      shortfall: quota - deliver,
      malformed: source.malformed,
    }
    if (deliver > 0) {
      streams.push({
        name: source.name,
        owed: deliver,
        iterator: selectedLines(
          source.path,
          source.valid,
          fullPasses,
          sampled,
          source.available,
          random,
        ),
      })
    }
  }
  const writer = createLineWriter(options.out)
  let owedTotal = streams.reduce((sum, stream) => sum + stream.owed, 0)
  let sinceFlush = 0
  while (owedTotal > 0) {
    let pick = random.next() * owedTotal
    let chosen = streams[streams.length - 1]
    for (const stream of streams) {
      if (stream.owed <= 0) continue
      if (pick < stream.owed) {
        chosen = stream
        break
      }
      pick -= stream.owed
    }
    if (chosen === undefined) break
    const next = await chosen.iterator.next()
    if (next.done) {
      // the file shrank since it was counted
      throw new InputError(`rl-data: source "${chosen.name}" changed while mixing`, {
        field: 'sources',
        value: chosen.name,
      })
    }
    if (options.tag) {
      const value = JSON.parse(next.value) as Record<string, unknown>
      writer.writeJson({ ...value, mix_source: chosen.name })
    } else writer.writeLine(next.value)
    const result = results[chosen.name]
    if (result !== undefined) result.written += 1
    chosen.owed -= 1
    owedTotal -= 1
    sinceFlush += 1
    if (sinceFlush >= 4096) {
      sinceFlush = 0
      await writer.flush()
    }
  }
  await writer.close()
  for (const stream of streams) await stream.iterator.return(undefined)
  return { total, written: writer.lines, seed, sources: results, issues }
}
