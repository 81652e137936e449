/**
 * The opt-in response cache: a SQLite file with one row per (request, sample index), so that a
 * re-run of an evaluation reads every sample back without calling the model. Keys hash the whole
 * request (model name, messages, sampling options, response format, tools, sample index); the
 * caller's signal and timeout are not part of it, nor is the server URL (a re-run against the same
 * model on another port still hits).
 */
import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { BackendError, safeParseJson } from '../errors.js'
import type { ChatOptions, FinishReason, ToolCall } from './chat-model.js'

/** One cached sample. */
export interface CachedSample {
  model: string
  text: string
  toolCalls: ToolCall[]
  finishReason: FinishReason
  promptTokens: number
  completionTokens: number
}

/** A response cache. */
export interface ResponseCache {
  readonly path: string
  get(key: string): CachedSample | undefined
  set(key: string, sample: CachedSample): void
  /** Rows stored. */
  size(): number
  close(): void
}

/** JSON text with object keys sorted, so equal requests hash equally whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The cache key of one sample of a chat request (SHA-256 hex). */
export function chatCacheKey(model: string, options: ChatOptions, sampleIndex: number): string {
  const request = {
    version: 1,
    model: options.model ?? model,
    messages: options.messages,
    temperature: options.temperature,
    topP: options.topP,
    maxTokens: options.maxTokens,
    stop: options.stop,
    seed: options.seed,
    responseFormat: options.responseFormat,
    tools: options.tools,
    toolChoice: options.toolChoice,
    sampleIndex,
  }
  return createHash('sha256').update(stableStringify(request)).digest('hex')
}

const FINISH_REASONS = new Set([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'error',
  'unknown',
])

function readSample(text: string): CachedSample | undefined {
  const parsed = safeParseJson(text, 'cached response')
  if (!parsed.ok) return undefined
  const value = parsed.value as Partial<Record<keyof CachedSample, unknown>>
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.text !== 'string' ||
    typeof value.model !== 'string' ||
    !Array.isArray(value.toolCalls) ||
    typeof value.finishReason !== 'string' ||
    !FINISH_REASONS.has(value.finishReason)
  ) {
    return undefined
  }
  const toolCalls: ToolCall[] = []
  for (const call of value.toolCalls as unknown[]) {
    const entry = call as Partial<Record<keyof ToolCall, unknown>>
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.id !== 'string' ||
      typeof entry.name !== 'string' ||
      typeof entry.arguments !== 'string'
    ) {
      return undefined
    }
    toolCalls.push({ id: entry.id, name: entry.name, arguments: entry.arguments })
  }
  return {
    model: value.model,
    text: value.text,
    toolCalls,
    finishReason: value.finishReason as FinishReason,
    promptTokens: typeof value.promptTokens === 'number' ? value.promptTokens : 0,
    completionTokens: typeof value.completionTokens === 'number' ? value.completionTokens : 0,
  }
}

/**
 * Opens (creating if needed) a response cache file. A row that cannot be read back counts as a
 * miss and is overwritten by the next answer.
 *
 * @throws BackendError when the file cannot be opened as SQLite.
 */
export function openResponseCache(path: string): ResponseCache {
  let database: Database.Database
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    database = new Database(path)
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = NORMAL')
    database.exec(
      'create table if not exists responses (key text primary key, value text not null, created_at integer not null)',
    )
  } catch (error) {
    throw new BackendError(
      `llm: cannot open the response cache "${path}": ${(error as Error).message}`,
      { backend: 'sqlite', cause: error },
    )
  }
  const select = database.prepare<[string], { value: string }>(
    'select value from responses where key = ?',
  )
  const upsert = database.prepare<[string, string, number]>(
    'insert into responses (key, value, created_at) values (?, ?, ?) on conflict(key) do update set value = excluded.value, created_at = excluded.created_at',
  )
  const count = database.prepare<[], { count: number }>('select count(*) as count from responses')
  return {
    path,
    get(key) {
      const row = select.get(key)
      return row === undefined ? undefined : readSample(row.value)
    },
    set(key, sample) {
      upsert.run(key, JSON.stringify(sample), Date.now())
    },
    size: () => count.get()?.count ?? 0,
    close() {
      if (database.open) database.close()
    },
  }
}
