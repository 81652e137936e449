/**
 * The per-item record written as JSON Lines by `run` and `replay`: everything needed to re-score
 * later (the prompt, the raw response, the gold answer) plus how it was scored.
 */
import type { ChatMessage } from '../llm/index.js'
import type { JudgeDimension } from './scoring/judge.js'
import type { NameSetHits, ParseStatus, RankingHits } from './scoring/scored-answer.js'

/** One scored response. Keys are snake_case in the JSON Lines file. */
export interface EvalRecord {
  id: string
  /** 0-based sample index (several when `--samples K` > 1). */
  sample: number
  category?: string
  subject?: string
  /** The messages sent (empty for replays of recorded responses). */
  prompt: ChatMessage[]
  /** The raw response text; null when the call failed. */
  response: string | null
  /** The answer as read (letters or a value); null when unread. */
  parsed: string | null
  status: ParseStatus
  gold: string[]
  correct: boolean
  /** In [0, 1]; equals `correct` for exact scoring. */
  score: number
  reason: string
  method?: string
  /** Token counts reported by the server (null when unknown). */
  tokens: { prompt: number; completion: number } | null
  /** Wall time of the call in milliseconds (null for replays). */
  latency_ms: number | null
  finish_reason?: string
  /** Set when the model call failed (status `error`); such records are retried on resume. */
  error?: string
  /** A reference extraction to compare with (replay `--reference-field`). */
  reference_parsed?: string | null
  /** A reference verdict to compare with (replay `--verdict-field`); null when unreadable. */
  reference_correct?: boolean | null
  /** Calculator tool calls made while answering (`--calculator-tools`). */
  tool_calls?: Array<{ name: string; arguments: string; ok: boolean; result: string }>
  /** Ranked-diagnosis items (rare-disease): rank of the first gold disease and top-k hits. */
  ranking?: RankingHits
  /** Name-set items (CHIP-CDN): the names read from the response and how many are gold names. */
  names?: NameSetHits
  /** Judge details for open-ended items. */
  judge?: {
    overall?: number
    dimensions?: Record<JudgeDimension, number>
    outcomes: Array<{
      judge: string
      status: 'ok' | 'judge_error'
      attempts: number
      reason?: string
    }>
  }
}

/** Narrows an unknown JSON value to a record (checks the fields the summary needs). */
export function isEvalRecord(value: unknown): value is EvalRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.id === 'string' &&
    typeof record.sample === 'number' &&
    typeof record.status === 'string' &&
    typeof record.correct === 'boolean' &&
    typeof record.score === 'number' &&
    Array.isArray(record.gold)
  )
}
