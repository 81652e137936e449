/**
 * OpenRLHF's remote reward protocol. The trainer POSTs `{ query, prompts, labels }` (older
 * versions only `query`), where `query[i]` is the decoded prompt plus response *with* the chat
 * template and special tokens, `prompts[i]` the templated prompt and `labels[i]` the dataset's
 * label field (here: the item's task and ground truth as a JSON string). It reads `rewards` (and,
 * when present, `scores` and `extra_logs`, each aligned with `query`).
 */
import { safeParseJson } from '../errors.js'
import type { VerifierResult, VerifierTask } from '../verifiers/index.js'

/** Chat-template markers that open the assistant turn (the last one before the response wins). */
const ASSISTANT_OPENERS = [
  '<|im_start|>assistant\n',
  '<|im_start|>assistant',
  '<|start_header_id|>assistant<|end_header_id|>\n\n',
  '<|start_header_id|>assistant<|end_header_id|>',
  '<｜Assistant｜>',
  '<|Assistant|>',
  '<start_of_turn>model\n',
  '<start_of_turn>model',
  '<|assistant|>\n',
  '<|assistant|>',
  '[/INST]',
  '<|CHATBOT_TOKEN|>',
]

/** Markers that end the assistant turn (each starts with "<"); everything after the first is padding. */
const END_MARKERS = [
  '<|im_end|>',
  '<|endoftext|>',
  '<|eot_id|>',
  '<|end_of_text|>',
  '<｜end▁of▁sentence｜>',
  '<|end▁of▁sentence|>',
  '<end_of_turn>',
  '<|end|>',
  '<|END_OF_TURN_TOKEN|>',
  '</s>',
  '<eos>',
  '<|eos|>',
]

/** Special tokens removed wherever they appear (padding, beginning of sequence). */
const LOOSE_TOKENS =
  /<\|(?:pad|PAD|begin_of_text|fim_pad|dummy[^|]*)\|>|<pad>|<s>|<｜begin▁of▁sentence｜>/g

/**
 * Extracts the response from an OpenRLHF query: drops the prompt (when given and found), the
 * assistant-turn opener, and everything from the first end-of-turn marker on.
 */
export function stripQuery(query: string, prompt: string | undefined): string {
  let response = query
  let promptFound = false
  if (prompt !== undefined && prompt !== '') {
    if (response.startsWith(prompt)) {
      response = response.slice(prompt.length)
      promptFound = true
    } else {
      const at = response.lastIndexOf(prompt)
      if (at >= 0) {
        response = response.slice(at + prompt.length)
        promptFound = true
      }
    }
  }
  if (!promptFound) {
    // Without the prompt, the response starts after the last assistant-turn opener.
    let best = -1
    let bestLength = 0
    for (const opener of ASSISTANT_OPENERS) {
      const at = response.lastIndexOf(opener)
      if (at > best || (at === best && opener.length > bestLength)) {
        best = at
        bestLength = opener.length
      }
    }
    if (best >= 0) response = response.slice(best + bestLength)
  } else {
    // The templated prompt may stop before the assistant opener.
    const trimmed = response.trimStart()
    for (const opener of ASSISTANT_OPENERS) {
      if (trimmed.startsWith(opener)) {
        response = trimmed.slice(opener.length)
        break
      }
    }
  }
  // Every end marker starts with "<": visit the "<" positions in order and stop at the first marker.
  let end = response.length
  for (let at = response.indexOf('<'); at >= 0; at = response.indexOf('<', at + 1)) {
    if (END_MARKERS.some((marker) => response.startsWith(marker, at))) {
      end = at
      break
    }
  }
  response = response.slice(0, end)
  if (response.includes('<')) response = response.replace(LOOSE_TOKENS, '')
  return response
}

/** One OpenRLHF request turned into raw verifier records (or the reason it cannot be). */
export type OpenRlhfRecords = { ok: true; records: unknown[] } | { ok: false; error: string }

function labelRecord(
  label: unknown,
  defaultTask: VerifierTask | undefined,
  index: number,
): Record<string, unknown> | string {
  let value: unknown = label
  if (typeof label === 'string') {
    const trimmed = label.trim()
    if (trimmed.startsWith('{')) {
      const parsed = safeParseJson(trimmed, `labels[${index}]`)
      if (!parsed.ok) return parsed.error.message
      value = parsed.value
    } else if (defaultTask === 'exam' && trimmed !== '') {
      return { task: 'exam', ground_truth: { answer: trimmed } }
    } else {
      return `labels[${index}]: expected a JSON object with "task" and "ground_truth", got "${trimmed.slice(0, 60)}"`
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `labels[${index}]: expected a JSON object with "task" and "ground_truth"`
  }
  const record = value as Record<string, unknown>
  const task = typeof record.task === 'string' ? record.task : defaultTask
  if (task === undefined) return `labels[${index}]: no "task" (and no default task configured)`
  if (record.ground_truth !== undefined || record.groundTruth !== undefined)
    return { ...record, task }
  // A flat label: every field but task/options/prompt is ground truth ({"task":"exam","answer":"C"}).
  const { task: _task, options, prompt, ...groundTruth } = record
  const result: Record<string, unknown> = { task, ground_truth: groundTruth }
  if (options !== undefined) result.options = options
  if (prompt !== undefined) result.prompt = prompt
  return result
}

/**
 * Reads an OpenRLHF request body into verifier records, one per query. A query whose label is
 * missing or malformed becomes a record that the verifier reports as `error`; the batch goes on.
 */
export function readOpenRlhfRequest(body: unknown, defaultTask?: VerifierTask): OpenRlhfRecords {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'get_reward: the body must be a JSON object with "query"' }
  }
  const { query, prompts, labels } = body as {
    query?: unknown
    prompts?: unknown
    labels?: unknown
  }
  if (!Array.isArray(query))
    return { ok: false, error: 'get_reward: "query" must be a list of strings' }
  if (
    prompts !== undefined &&
    prompts !== null &&
    (!Array.isArray(prompts) || prompts.length !== query.length)
  ) {
    return {
      ok: false,
      error: `get_reward: "prompts" must be a list as long as "query" (${query.length})`,
    }
  }
  if (
    labels !== undefined &&
    labels !== null &&
    (!Array.isArray(labels) || labels.length !== query.length)
  ) {
    return {
      ok: false,
      error: `get_reward: "labels" must be a list as long as "query" (${query.length})`,
    }
  }
  const records = query.map((text, index) => {
    if (typeof text !== 'string') return { invalid: `query[${index}] is not a string` }
    const prompt = Array.isArray(prompts) ? prompts[index] : undefined
    const response = stripQuery(text, typeof prompt === 'string' ? prompt : undefined)
    const label = Array.isArray(labels) ? labels[index] : undefined
    if (label === undefined || label === null) {
      return { invalid: `labels[${index}] is missing: send the task and ground truth as the label` }
    }
    const record = labelRecord(label, defaultTask, index)
    if (typeof record === 'string') return { invalid: record }
    return {
      ...record,
      response,
      ...(typeof prompt === 'string' && record.prompt === undefined ? { prompt } : {}),
    }
  })
  return { ok: true, records }
}

/** OpenRLHF's response: `rewards`, `scores` and numeric `extra_logs`, aligned with the query. */
export interface OpenRlhfResponse {
  rewards: number[]
  scores: number[]
  extra_logs: Record<string, number[]>
}

/**
 * Builds the response: `rewards` and `scores` are the composite scores; `extra_logs` holds each
 * component and one 0/1 series per status (`status_ok`, `status_format_error`, ...), so that
 * every key has a value for every item.
 */
export function openRlhfResponse(results: readonly VerifierResult[]): OpenRlhfResponse {
  const rewards = results.map((result) => result.score)
  const extra: Record<string, number[]> = {}
  const componentKeys = new Set<string>()
  for (const result of results)
    for (const key of Object.keys(result.components)) componentKeys.add(key)
  for (const key of [...componentKeys].sort())
    extra[key] = results.map((result) => result.components[key] ?? 0)
  for (const status of ['ok', 'format_error', 'abstain', 'timeout', 'error'] as const) {
    extra[`status_${status}`] = results.map((result) => (result.status === status ? 1 : 0))
  }
  return { rewards, scores: rewards, extra_logs: extra }
}
