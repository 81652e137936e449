/**
 * The evaluation runner: asks a model every item (bounded concurrency; retries and timeouts come
 * from the LLM layer), scores each answer as it arrives and appends its record to the run
 * directory, so a run killed or interrupted at any point resumes without asking finished items
 * again. Aborting (Ctrl-C) stops new requests, drops the in-flight ones and leaves a consistent,
 * resumable directory.
 */

import { join } from 'node:path'
import { InputError } from '../errors.js'
import type { ChatModel, ChatResult } from '../llm/index.js'
import { chatWithCalculators } from './calculator-tools.js'
import { selectExamples } from './few-shot.js'
import { type BenchmarkItem, needsJudge } from './item.js'
import { buildMessages, type PromptStyle } from './prompts.js'
import type { EvalRecord } from './record.js'
import { toRecord } from './replay.js'
import {
  hashSettings,
  openRecordAppender,
  RUN_FILES,
  type RunManifest,
  readManifest,
  recoverRecords,
  writeJsonAtomic,
} from './run-directory.js'
import { judgePanel } from './scoring/judge.js'
import { createScorer } from './scoring/scorer.js'
import { type EvalSummaryFile, summarize } from './summary.js'

/** What decides the questions asked (a resumed run must use the same). */
export interface RunSettings {
  prompt: PromptStyle
  /** Few-shot examples per item (default 0). */
  fewShot: number
  /** Sampling temperature (the report uses 0.6). */
  temperature: number
  maxTokens?: number
  /** Samples per item (default 1). */
  samples: number
  /** Seed of subsampling and few-shot selection. */
  seed: string | number
  scorer: 'strict' | 'lenient'
  /** Offer MedCalc-Bench calculation items their calculator as a tool (one sample only). */
  calculatorTools?: boolean
}

/** Progress of a run. */
export interface RunProgress {
  done: number
  total: number
  correct: number
  unparsed: number
  /** Records reused from an earlier, interrupted run. */
  reused: number
}

/** Options of {@link runEvaluation}. */
export interface RunOptions {
  benchmark: string
  subset?: string
  data?: string
  /** The items to evaluate (already subsampled). */
  items: readonly BenchmarkItem[]
  /** Items before subsampling (recorded in the manifest). */
  population?: number
  model: ChatModel
  /** A description of the model backend for the manifest, for example its URL. */
  backend?: string
  outDir: string
  settings: RunSettings
  /** Concurrent requests (default 8). */
  concurrency?: number
  /** Few-shot pool; default: the benchmark's items not being evaluated. */
  fewShotPool?: readonly BenchmarkItem[]
  /** All items of the benchmark (the default few-shot pool is drawn from those not evaluated). */
  allItems?: readonly BenchmarkItem[]
  /** Judges for open-ended items. */
  judges?: readonly ChatModel[]
  signal?: AbortSignal
  onProgress?: (progress: RunProgress) => void
}

/** The outcome of a run. */
export interface RunResult {
  summary: EvalSummaryFile
  /** Requests sent to the model in this invocation. */
  asked: number
  /** Records reused from the run directory. */
  reused: number
  interrupted: boolean
  outDir: string
}

function settingsRecord(options: RunOptions): Record<string, unknown> {
  const settings = options.settings
  return {
    benchmark: options.benchmark,
    subset: options.subset ?? null,
    model: options.model.model,
    prompt: settings.prompt,
    few_shot: settings.fewShot,
    temperature: settings.temperature,
    max_tokens: settings.maxTokens ?? null,
    samples: settings.samples,
    seed: settings.seed,
    scorer: settings.scorer,
    judges: (options.judges ?? []).map((judge) => judge.model),
    calculator_tools: settings.calculatorTools === true,
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs (or resumes) an evaluation. */
export async function runEvaluation(options: RunOptions): Promise<RunResult> {
  const settings = options.settings
  const samples = Math.max(1, settings.samples)
  const concurrency = Math.max(1, options.concurrency ?? 8)
  const itemIds = options.items.map((item) => item.id)
  const settingsObject = settingsRecord(options)
  const settingsHash = hashSettings(settingsObject)
  const now = new Date().toISOString()
  const existing = readManifest(options.outDir)
  if (existing !== undefined) {
    const sameItems =
      existing.item_ids.length === itemIds.length &&
      existing.item_ids.every((id, index) => id === itemIds[index])
    if (existing.settings_hash !== settingsHash || !sameItems) {
      throw new InputError(
        `eval: run folder "${options.outDir}" holds a run with different ${sameItems ? 'settings' : 'items'}; use another --out or remove it`,
        { field: 'out', value: options.outDir },
      )
    }
  }
  const manifest: RunManifest = {
    format: 'galen-eval-run/1',
    benchmark: options.benchmark,
    model: { name: options.model.model, backend: options.backend ?? options.model.name },
    settings: settingsObject,
    settings_hash: settingsHash,
    item_ids: itemIds,
    population: options.population ?? itemIds.length,
    status: 'running',
    created_at: existing?.created_at ?? now,
    updated_at: now,
  }
  if (options.subset !== undefined) manifest.subset = options.subset
  if (options.data !== undefined) manifest.data = options.data
  const appender = openRecordAppender(options.outDir)
  writeJsonAtomic(join(options.outDir, RUN_FILES.manifest), manifest)

  const wanted = new Set(itemIds)
  const recovered = recoverRecords(options.outDir).records.filter((record) => wanted.has(record.id))
  const latest = new Map<string, EvalRecord>()
  for (const record of recovered) latest.set(`${record.id}\u0000${record.sample}`, record)
  const finished = new Set<string>()
  for (const record of latest.values())
    if (record.status !== 'error') finished.add(`${record.id}\u0000${record.sample}`)
  const isDone = (item: BenchmarkItem): boolean => {
    for (let sample = 0; sample < samples; sample += 1) {
      if (!finished.has(`${item.id}\u0000${sample}`)) return false
    }
    return true
  }
  const pending = options.items.filter((item) => !isDone(item))
  const records = [...latest.values()]

  const progress: RunProgress = {
    done: 0,
    total: options.items.length * samples,
    correct: 0,
    unparsed: 0,
    reused: 0,
  }
  for (const record of latest.values()) {
    if (record.status === 'error') continue
    progress.done += 1
    progress.reused += 1
    if (record.correct) progress.correct += 1
    if (record.status !== 'ok') progress.unparsed += 1
  }
  options.onProgress?.({ ...progress })

  const scorer = createScorer(settings.scorer)
  const pool =
    options.fewShotPool ??
    (options.allItems ?? options.items).filter(
      (item) => settings.fewShot > 0 && !wanted.has(item.id),
    )
  const fallbackPool = options.allItems ?? options.items
  let asked = 0
  let next = 0

  const scoreChoices = async (
    item: BenchmarkItem,
    result: ChatResult,
    messages: EvalRecord['prompt'],
  ): Promise<EvalRecord[]> => {
    const out: EvalRecord[] = []
    for (let sample = 0; sample < samples; sample += 1) {
      const choice = result.choices[sample]
      const text = choice?.text ?? ''
      let record: EvalRecord
      if (needsJudge(item)) {
        const panel = await judgePanel({
          judges: options.judges ?? [],
          item,
          response: text,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })
        record = toRecord(item, sample, text, panel.scored)
        record.judge = {
          outcomes: panel.outcomes.map((outcome) =>
            outcome.status === 'ok'
              ? { judge: outcome.judge, status: outcome.status, attempts: outcome.attempts }
              : {
                  judge: outcome.judge,
                  status: outcome.status,
                  attempts: outcome.attempts,
                  reason: outcome.reason,
                },
          ),
        }
        if (panel.overall !== undefined) record.judge.overall = panel.overall
        if (panel.dimensions !== undefined) record.judge.dimensions = panel.dimensions
      } else {
        record = toRecord(item, sample, text, scorer.score(item, [text]))
      }
      record.prompt = messages
      record.tokens = {
        prompt: Math.round(result.usage.promptTokens / samples),
        completion: Math.round(result.usage.completionTokens / samples),
      }
      record.latency_ms = Math.round(result.latencyMs * 100) / 100
      if (choice !== undefined) record.finish_reason = choice.finishReason
      out.push(record)
    }
    return out
  }

  const processItem = async (item: BenchmarkItem): Promise<void> => {
    const examples =
      settings.fewShot > 0
        ? selectExamples(
            item,
            pool.length >= settings.fewShot ? pool : fallbackPool,
            settings.fewShot,
            settings.seed,
          )
        : []
    const messages = buildMessages(item, settings.prompt, examples)
    let itemRecords: EvalRecord[]
    try {
      asked += 1
      const chatOptions = {
        temperature: settings.temperature,
        ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
        ...(samples > 1 ? { n: samples } : {}),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }
      if (settings.calculatorTools === true && item.kind === 'calculation') {
        const answered = await chatWithCalculators({
          model: options.model,
          item,
          messages,
          chat: chatOptions,
        })
        if (options.signal?.aborted) return
        itemRecords = await scoreChoices(item, answered.result, answered.messages)
        for (const record of itemRecords) record.tool_calls = answered.calls
      } else {
        const result = await options.model.chat({ messages, ...chatOptions })
        if (options.signal?.aborted) return
        itemRecords = await scoreChoices(item, result, messages)
      }
    } catch (error) {
      if (options.signal?.aborted) return
      itemRecords = Array.from({ length: samples }, (_, sample) => {
        const record = toRecord(item, sample, null, {
          parsed: null,
          status: 'error',
          correct: false,
          score: 0,
          reason: `model call failed: ${errorText(error)}`,
        })
        record.prompt = messages
        record.error = errorText(error)
        return record
      })
    }
    if (options.signal?.aborted) return
    appender.append(itemRecords)
    for (const record of itemRecords) {
      records.push(record)
      progress.done += 1
      if (record.correct) progress.correct += 1
      if (record.status !== 'ok') progress.unparsed += 1
    }
    options.onProgress?.({ ...progress })
  }

  const worker = async (): Promise<void> => {
    while (!options.signal?.aborted) {
      const item = pending[next]
      if (item === undefined) return
      next += 1
      await processItem(item)
    }
  }
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, Math.max(1, pending.length)) }, worker),
    )
  } finally {
    appender.close()
  }
  const interrupted = options.signal?.aborted === true
  const summary = summarize(options.benchmark, records)
  const complete = !interrupted && summary.n === progress.total
  writeJsonAtomic(join(options.outDir, RUN_FILES.summary), {
    ...summary,
    complete,
    model: manifest.model,
    settings: settingsObject,
    item_ids: itemIds,
    population: manifest.population,
  })
  writeJsonAtomic(join(options.outDir, RUN_FILES.manifest), {
    ...manifest,
    status: interrupted ? 'interrupted' : 'complete',
    updated_at: new Date().toISOString(),
  })
  return { summary, asked, reused: progress.reused, interrupted, outDir: options.outDir }
}
