/**
 * Row shapes of the export formats (pure functions, one record in, one row out). The files are
 * written by `exporters.ts`. Formats are documented in docs/rl-data.md.
 */
import { z } from 'zod'
import type { SafeParseResult } from '../errors.js'
import { InputError } from '../errors.js'
import {
  type ChatMessage,
  type DatasetItem,
  type PreferencePair,
  type Prompt,
  promptMessages,
  promptSchema,
} from './records.js'

/** The export formats. */
export type ExportFormat = 'verl' | 'openrlhf' | 'trl' | 'trl-preference' | 'sft'

/** Every export format, for option validation. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'verl',
  'openrlhf',
  'trl',
  'trl-preference',
  'sft',
]

/** Settings shared by the row builders. */
export interface RowSettings {
  /** System message put before text prompts when they become chat messages. */
  system?: string
  /** Write chat messages even for text prompts (TRL's conversational format). */
  chat?: boolean
  /** verl `extra_info.split` (default `train`). */
  split?: string
}

/** A verl dataset row (the columns of the parquet file). */
export interface VerlRow {
  data_source: string
  prompt: ChatMessage[]
  ability: string
  reward_model: { style: string; ground_truth: string }
  extra_info: {
    split: string
    index: bigint
    id: string
    task: string
    ground_truth_encoding: string
  }
}

/**
 * The ground truth as the text verl passes to reward functions: strings as they are, anything else
 * as JSON (then `extra_info.ground_truth_encoding` is `json`).
 */
export function encodeGroundTruth(groundTruth: unknown): {
  text: string
  encoding: 'text' | 'json'
} {
  if (typeof groundTruth === 'string') return { text: groundTruth, encoding: 'text' }
  return { text: JSON.stringify(groundTruth), encoding: 'json' }
}

/** The verl row of an item (`index` is its position in the output). */
export function toVerlRow(item: DatasetItem, index: number, settings: RowSettings = {}): VerlRow {
  const truth = encodeGroundTruth(item.ground_truth)
  const ability = typeof item.ability === 'string' && item.ability !== '' ? item.ability : item.task
  return {
    data_source: item.data_source ?? `galen/${item.task}`,
    prompt: promptMessages(item.prompt, settings.system),
    ability,
    reward_model: { style: 'rule', ground_truth: truth.text },
    extra_info: {
      split: settings.split ?? 'train',
      index: BigInt(index),
      id: item.id,
      task: item.task,
      ground_truth_encoding: truth.encoding,
    },
  }
}

/**
 * The OpenRLHF row of an item: `input` (text, or chat messages for `--apply_chat_template`) and
 * `label`, the JSON text `{"task", "ground_truth"}` that Galen's reward server reads back.
 */
export function toOpenRlhfRow(item: DatasetItem, settings: RowSettings = {}) {
  const input: Prompt =
    typeof item.prompt === 'string' && !settings.chat && settings.system === undefined
      ? item.prompt
      : promptMessages(item.prompt, settings.system)
  return {
    id: item.id,
    input,
    label: JSON.stringify({ task: item.task, ground_truth: item.ground_truth }),
    datasource: item.data_source ?? item.task,
  }
}

/** A record with a prompt and one response (a rollout, a best-of-N pick, or an SFT item). */
export const completionRecordSchema = z
  .looseObject({
    prompt: promptSchema,
    response: z.string().optional(),
    completion: z.string().optional(),
  })
  .refine((record) => record.response !== undefined || record.completion !== undefined, {
    message: 'needs "response" or "completion"',
  })

/** Validates a prompt-and-response record. */
export function safeParseCompletion(
  value: unknown,
  field: string,
): SafeParseResult<{ prompt: Prompt; text: string }> {
  const parsed = completionRecordSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: new InputError(
        `rl-data: ${field} is not a prompt with a response: ${issue?.path.join('.') || '(record)'}: ${issue?.message ?? ''}`,
        { field, value },
      ),
    }
  }
  return {
    ok: true,
    value: {
      prompt: parsed.data.prompt,
      text: parsed.data.response ?? parsed.data.completion ?? '',
    },
  }
}

function conversational(prompt: Prompt, settings: RowSettings): boolean {
  return typeof prompt !== 'string' || settings.chat === true || settings.system !== undefined
}

/**
 * TRL prompt-completion row: `{ prompt, completion }`, both text, or (chat prompts) the prompt
 * messages and a one-message assistant completion.
 */
export function toTrlRow(record: { prompt: Prompt; text: string }, settings: RowSettings = {}) {
  if (!conversational(record.prompt, settings))
    return { prompt: record.prompt, completion: record.text }
  return {
    prompt: promptMessages(record.prompt, settings.system),
    completion: [{ role: 'assistant', content: record.text }],
  }
}

/**
 * TRL GRPO prompt row of an item (a prompt with a ground truth and no response): `{ prompt, id,
 * task, ground_truth }`, where `ground_truth` is the JSON text `{"task", "ground_truth"}` that
 * Galen's `galen_trl.reward_func` sends to the reward server (one string column, so that
 * `datasets` can load exam and diagnosis rows side by side), and `options` when the item has them.
 */
export function toTrlPromptRow(item: DatasetItem, settings: RowSettings = {}) {
  const label = JSON.stringify({ task: item.task, ground_truth: item.ground_truth })
  const row: Record<string, unknown> = {
    prompt: conversational(item.prompt, settings)
      ? promptMessages(item.prompt, settings.system)
      : item.prompt,
    id: item.id,
    task: item.task,
    ground_truth: label,
  }
  if (item.options !== undefined) row.options = JSON.stringify(item.options)
  return row
}

/** TRL preference row: `{ prompt, chosen, rejected }`, text or conversational like {@link toTrlRow}. */
export function toTrlPreferenceRow(pair: PreferencePair, settings: RowSettings = {}) {
  if (!conversational(pair.prompt, settings)) {
    return { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected }
  }
  return {
    prompt: promptMessages(pair.prompt, settings.system),
    chosen: [{ role: 'assistant', content: pair.chosen }],
    rejected: [{ role: 'assistant', content: pair.rejected }],
  }
}

/** Chat SFT row: `{ messages }`, the prompt messages followed by the assistant response. */
export function toSftRow(record: { prompt: Prompt; text: string }, settings: RowSettings = {}) {
  return {
    messages: [
      ...promptMessages(record.prompt, settings.system),
      { role: 'assistant', content: record.text },
    ],
  }
}
