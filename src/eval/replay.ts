/**
 * Replay: scores recorded responses without calling a model. Responses come from a JSON Lines
 * file (or a CSV with a header) joined to the benchmark's items by an id field; the response
 * field may hold a string or a list of strings (MIRAGE stores lists).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../errors.js'
import type { ChatModel } from '../llm/index.js'
import { nullPythonNonFinite, topLevelElementLines } from './benchmarks/json-array-rows.js'
import { isRecord, parseJsonFile, parseJsonLinesText, readText } from './benchmarks/load-helpers.js'
import { type ConversationMode, conversationText, readConversation } from './conversation.js'
import { parseCsvWithHeader } from './csv.js'
import { type BenchmarkItem, type LoadIssue, needsJudge } from './item.js'
import type { EvalRecord } from './record.js'
import { hashSettings, RUN_FILES, type RunManifest, writeJsonAtomic } from './run-directory.js'
import { judgePanel } from './scoring/judge.js'
import type { ScoredAnswer } from './scoring/scored-answer.js'
import type { ResponseScorer } from './scoring/scorer.js'
import { type EvalSummaryFile, summarize } from './summary.js'

/** A recorded response joined by id. */
export interface RecordedResponse {
  line: number
  responses: string[]
  reference?: string | null
  /** Someone else's verdict on this response (true = correct), when a verdict field is given. */
  verdict?: boolean | null
}

/** Options of {@link readRecordedResponses}. */
export interface ReadResponsesOptions {
  path: string
  /** Field holding the item id (default `id`). */
  idField?: string
  /** Field holding the response text or list of texts (default `response`). */
  responseField?: string
  /** Field holding someone else's extracted answer, to compare with ours. */
  referenceField?: string
  /** Field holding someone else's verdict (Correct/Incorrect, true/false, 1/0), to compare. */
  verdictField?: string
  /**
   * How a response field holding a recorded consultation (a list of `{role, content}` turns, as
   * DISC-MedLLM's dialogue files) becomes the response text (default `transcript`).
   */
  conversation?: ConversationMode
}

const TRUE_WORDS = new Set(['correct', 'true', '1', 'yes'])
const FALSE_WORDS = new Set(['incorrect', 'false', '0', 'no', 'wrong'])

function readVerdict(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  const text = String(value ?? '')
    .trim()
    .toLowerCase()
  if (TRUE_WORDS.has(text)) return true
  if (FALSE_WORDS.has(text)) return false
  return null
}

function responseTexts(value: unknown, mode: ConversationMode): string[] | undefined {
  if (typeof value === 'string') return [value]
  const turns = readConversation(value)
  if (turns !== undefined) return [conversationText(turns, mode)]
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)]
  if (value === null) return []
  return undefined
}

/**
 * Reads recorded responses keyed by id from JSON Lines, one JSON array of records, or a CSV with
 * a header; malformed lines and duplicate ids become issues (numbered by the line a record
 * starts on).
 */
export async function readRecordedResponses(
  options: ReadResponsesOptions,
): Promise<{ responses: Map<string, RecordedResponse>; issues: LoadIssue[] }> {
  const idField = options.idField ?? 'id'
  const responseField = options.responseField ?? 'response'
  const text = await readText(options.path, 'responses')
  const issues: LoadIssue[] = []
  const rows: Array<{ line: number; value: Record<string, unknown> }> = []
  if (options.path.toLowerCase().endsWith('.csv')) {
    const parsed = parseCsvWithHeader(text)
    if (!parsed.header.includes(idField) || !parsed.header.includes(responseField)) {
      throw new InputError(
        `eval: responses CSV "${options.path}" lacks the column "${parsed.header.includes(idField) ? responseField : idField}"`,
        { field: parsed.header.includes(idField) ? 'response-field' : 'id-field' },
      )
    }
    for (const row of parsed.rows) rows.push({ line: row.line, value: row.values })
  } else if (/^\uFEFF?\s*\[/.test(text)) {
    // One JSON array of records (CNMLEQA's recorded answers, Huatuo100's model outputs).
    const body = text.replace(/^\uFEFF/, '')
    const value = parseJsonFile(nullPythonNonFinite(body), options.path, 'responses')
    const lines = topLevelElementLines(body)
    if (Array.isArray(value)) {
      value.forEach((entry: unknown, index) => {
        const line = lines[index] ?? index + 1
        if (isRecord(entry)) rows.push({ line, value: entry })
        else
          issues.push({ line, field: '(row)', message: `record ${index + 1} is not a JSON object` })
      })
    }
  } else {
    const parsed = parseJsonLinesText(text)
    issues.push(...parsed.issues)
    for (const { line, value } of parsed.values) {
      if (isRecord(value)) rows.push({ line, value })
      else issues.push({ line, field: '(row)', message: 'line is not a JSON object' })
    }
  }
  const responses = new Map<string, RecordedResponse>()
  for (const { line, value } of rows) {
    const rawId = value[idField]
    if (typeof rawId !== 'string' && typeof rawId !== 'number') {
      issues.push({
        line,
        field: idField,
        message: `no "${idField}" (string or number) on this line`,
      })
      continue
    }
    const id = String(rawId).trim()
    const texts = responseTexts(value[responseField], options.conversation ?? 'transcript')
    if (texts === undefined) {
      issues.push({
        line,
        field: responseField,
        message: `"${responseField}" must be a string, a list of strings or a list of {role, content} turns`,
      })
      continue
    }
    if (responses.has(id)) {
      issues.push({ line, field: idField, message: `duplicate id "${id}" (the first one is kept)` })
      continue
    }
    const entry: RecordedResponse = { line, responses: texts }
    if (options.referenceField !== undefined) {
      const reference = value[options.referenceField]
      entry.reference =
        typeof reference === 'string' && reference.trim() !== '' ? reference.trim() : null
    }
    if (options.verdictField !== undefined) entry.verdict = readVerdict(value[options.verdictField])
    responses.set(id, entry)
  }
  return { responses, issues }
}

/** Options of {@link replayResponses}. */
export interface ReplayOptions {
  items: readonly BenchmarkItem[]
  responses: ReadonlyMap<string, RecordedResponse>
  scorer: ResponseScorer
  /** Judges for open-ended items. */
  judges?: readonly ChatModel[]
}

/** What a replay produced. */
export interface ReplayResult {
  records: EvalRecord[]
  /** Item ids without a recorded response (recorded as errors, counted wrong). */
  missing: string[]
  /** Response ids that match no item (ignored). */
  unmatched: string[]
}

/** Builds the record of one scored response. */
export function toRecord(
  item: BenchmarkItem,
  sample: number,
  response: string | null,
  scored: ScoredAnswer,
): EvalRecord {
  const record: EvalRecord = {
    id: item.id,
    sample,
    prompt: [],
    response,
    parsed: scored.parsed,
    status: scored.status,
    gold: item.gold,
    correct: scored.correct,
    score: scored.score,
    reason: scored.reason,
    tokens: null,
    latency_ms: null,
  }
  if (item.category !== undefined) record.category = item.category
  if (item.subject !== undefined) record.subject = item.subject
  if (scored.method !== undefined) record.method = scored.method
  if (scored.ranking !== undefined) record.ranking = scored.ranking
  // A name-set item's failed call or missing response still counts its gold names as missed.
  if (scored.names !== undefined) record.names = scored.names
  else if (item.normalization !== undefined) record.names = { predicted: [], matched: 0 }
  return record
}

/** Scores recorded responses item by item (in sorted id order when the scorer needs it). */
export async function replayResponses(options: ReplayOptions): Promise<ReplayResult> {
  const items = options.scorer.ordered
    ? [...options.items].sort((left, right) =>
        left.id < right.id ? -1 : left.id > right.id ? 1 : 0,
      )
    : options.items
  const records: EvalRecord[] = []
  const missing: string[] = []
  const seen = new Set<string>()
  for (const item of items) {
    seen.add(item.id)
    const recorded = options.responses.get(item.id)
    if (recorded === undefined) {
      missing.push(item.id)
      const record = toRecord(item, 0, null, {
        parsed: null,
        status: 'error',
        correct: false,
        score: 0,
        reason: 'no recorded response',
      })
      record.error = 'no recorded response'
      records.push(record)
      continue
    }
    let scored: ScoredAnswer
    let judgeDetails: EvalRecord['judge'] | undefined
    const text = recorded.responses[0] ?? ''
    if (needsJudge(item) && options.judges !== undefined && options.judges.length > 0) {
      const panel = await judgePanel({ judges: options.judges, item, response: text })
      scored = panel.scored
      judgeDetails = {
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
      if (panel.overall !== undefined) judgeDetails.overall = panel.overall
      if (panel.dimensions !== undefined) judgeDetails.dimensions = panel.dimensions
    } else {
      scored = options.scorer.score(item, recorded.responses)
    }
    const record = toRecord(item, 0, recorded.responses.length === 0 ? null : text, scored)
    if (judgeDetails !== undefined) record.judge = judgeDetails
    if (recorded.reference !== undefined) record.reference_parsed = recorded.reference
    if (recorded.verdict !== undefined) record.reference_correct = recorded.verdict
    records.push(record)
  }
  const unmatched = [...options.responses.keys()].filter((id) => !seen.has(id))
  return { records, missing, unmatched }
}

/** Options of {@link saveReplay}. */
export interface SaveReplayOptions {
  outDir: string
  benchmark: string
  subset?: string
  data?: string
  /** The model that wrote the responses (shown in reports). */
  modelName: string
  responsesPath: string
  scorer: string
  records: readonly EvalRecord[]
}

/**
 * Writes a replay as a run folder (`run.json`, `records.jsonl`, `summary.json`) so that
 * `galen eval report` can compare it with live runs. Overwrites an earlier replay there.
 */
export function saveReplay(options: SaveReplayOptions): EvalSummaryFile {
  mkdirSync(options.outDir, { recursive: true })
  const now = new Date().toISOString()
  const settings = {
    benchmark: options.benchmark,
    subset: options.subset ?? null,
    scorer: options.scorer,
    responses: options.responsesPath,
  }
  const manifest: RunManifest = {
    format: 'galen-eval-run/1',
    benchmark: options.benchmark,
    model: { name: options.modelName, backend: `replay:${options.responsesPath}` },
    settings,
    settings_hash: hashSettings(settings),
    item_ids: [...new Set(options.records.map((record) => record.id))],
    population: new Set(options.records.map((record) => record.id)).size,
    status: 'complete',
    created_at: now,
    updated_at: now,
  }
  if (options.subset !== undefined) manifest.subset = options.subset
  if (options.data !== undefined) manifest.data = options.data
  const label =
    options.subset === undefined ? options.benchmark : `${options.benchmark}/${options.subset}`
  const summary = summarize(label, options.records)
  writeFileSync(
    join(options.outDir, RUN_FILES.records),
    options.records.map((record) => `${JSON.stringify(record)}\n`).join(''),
  )
  writeJsonAtomic(join(options.outDir, RUN_FILES.summary), {
    ...summary,
    complete: true,
    model: manifest.model,
    settings,
  })
  writeJsonAtomic(join(options.outDir, RUN_FILES.manifest), manifest)
  return summary
}
