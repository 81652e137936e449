/**
 * Importers for the rollout dumps that RL engines write, turning each line into a Galen
 * {@link RolloutRecord}. The fields read are listed in docs/rl-data.md ("Importing rollouts").
 *
 * - verl (`trainer.rollout_data_dir`, one `<step>.jsonl` per step; and `validation_data_dir`):
 *   `input` (decoded prompt), `output` (decoded response), `score` (summed token-level
 *   score), `step`, `gts` (ground truth, newer versions) and the reward function's extra keys.
 * - OpenRLHF (`openrlhf.cli.batch_inference`: `input`, `output`, `reward`; evaluation sample
 *   dumps: `prompt`, `label`, `reward`, `score`, `datasource`, `eval_index`, no response text).
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { InputError, type SafeParseResult } from '../errors.js'
import { guessRecordKind, type RolloutRecord, safeParseRollout } from './records.js'

/** The rollout formats Galen reads. */
export type RolloutFormat = 'galen' | 'verl' | 'openrlhf'

/** Every rollout format name, for option validation. */
export const ROLLOUT_FORMATS: readonly RolloutFormat[] = ['galen', 'verl', 'openrlhf']

/** How a dump maps onto rollouts. */
export interface ImportSettings {
  /** The format of the input, or `auto` to decide per line (default `auto`). */
  from?: RolloutFormat | 'auto'
  /**
   * verl dumps carry the training `step`, not the epoch: with this many steps per epoch the epoch
   * is `floor((step - 1) / stepsPerEpoch)` (steps count from 1). Without it, no epoch is set.
   */
  stepsPerEpoch?: number
}

/** A stable prompt id for dumps that carry none: the first 16 hex digits of SHA-1(prompt). */
export function promptIdFor(prompt: string): string {
  return createHash('sha1').update(prompt).digest('hex').slice(0, 16)
}

/** Guesses the format of one parsed line, or undefined when it matches none. */
export function detectRolloutFormat(value: unknown): RolloutFormat | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const record = value as Record<string, unknown>
  if ('prompt_id' in record) return 'galen'
  if ('input' in record && 'output' in record && 'score' in record && !('reward' in record)) {
    return 'verl'
  }
  if (('input' in record || 'prompt' in record) && ('reward' in record || 'score' in record)) {
    return 'openrlhf'
  }
  return undefined
}

const verlLineSchema = z.looseObject({
  input: z.string(),
  output: z.string(),
  score: z.number(),
  step: z.number().int().optional(),
  gts: z.unknown().optional(),
})

const VERL_KNOWN = new Set(['input', 'output', 'score', 'step', 'gts', 'uid', 'data_source'])

function fromVerl(
  value: unknown,
  field: string,
  settings: ImportSettings,
): SafeParseResult<RolloutRecord> {
  const parsed = verlLineSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: new InputError(
        `rl-data: ${field} is not a verl rollout dump line: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        { field, value },
      ),
    }
  }
  const line = parsed.data
  const components: Record<string, number> = {}
  const extra: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(line)) {
    if (VERL_KNOWN.has(key)) continue
    if (typeof entry === 'number' && Number.isFinite(entry)) components[key] = entry
    else if (typeof entry === 'boolean') components[key] = entry ? 1 : 0
    else extra[key] = entry
  }
  const uid = typeof line.uid === 'string' && line.uid !== '' ? line.uid : undefined
  const dataSource =
    typeof line.data_source === 'string' && line.data_source !== '' ? line.data_source : undefined
  const record: Record<string, unknown> = {
    prompt_id: uid ?? promptIdFor(line.input),
    prompt: line.input,
    response: line.output,
    reward: line.score,
  }
  if (dataSource !== undefined) {
    record.task = dataSource
    record.data_source = dataSource
  }
  if (line.step !== undefined) {
    record.step = line.step
    if (settings.stepsPerEpoch !== undefined) {
      record.epoch = Math.max(0, Math.floor((line.step - 1) / settings.stepsPerEpoch))
    }
  }
  if (line.gts !== undefined && line.gts !== null) record.ground_truth = line.gts
  if (Object.keys(components).length > 0) record.components = components
  if (Object.keys(extra).length > 0) record.extra = extra
  return safeParseRollout(record, field)
}

const OPENRLHF_KNOWN = new Set([
  'input',
  'prompt',
  'output',
  'response',
  'reward',
  'score',
  'label',
  'datasource',
])

/** Galen's OpenRLHF label is the JSON text `{"task", "ground_truth"}`; read it back when present. */
function readGalenLabel(label: unknown): { task?: string; groundTruth: unknown } | undefined {
  if (typeof label !== 'string' || !label.startsWith('{')) return undefined
  try {
    const parsed = JSON.parse(label) as unknown
    if (parsed === null || typeof parsed !== 'object' || !('ground_truth' in parsed)) {
      return undefined
    }
    const object = parsed as { task?: unknown; ground_truth: unknown }
    return typeof object.task === 'string' && object.task !== ''
      ? { task: object.task, groundTruth: object.ground_truth }
      : { groundTruth: object.ground_truth }
  } catch {
    return undefined
  }
}

function fromOpenRlhf(value: unknown, field: string): SafeParseResult<RolloutRecord> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      error: new InputError(`rl-data: ${field} is not a JSON object`, { field, value }),
    }
  }
  const line = value as Record<string, unknown>
  const prompt = line.input ?? line.prompt
  const response = line.output ?? line.response ?? ''
  const reward = line.reward ?? line.score
  if (typeof prompt !== 'string' && !Array.isArray(prompt)) {
    return {
      ok: false,
      error: new InputError(`rl-data: ${field} has no "input" or "prompt" text`, {
        field: `${field}.input`,
        value: prompt,
      }),
    }
  }
  const record: Record<string, unknown> = {
    prompt_id: promptIdFor(typeof prompt === 'string' ? prompt : JSON.stringify(prompt)),
    prompt,
    response,
    reward,
  }
  const galenLabel = readGalenLabel(line.label)
  if (galenLabel !== undefined) {
    record.ground_truth = galenLabel.groundTruth
    if (galenLabel.task !== undefined) record.task = galenLabel.task
  } else if (line.label !== undefined && line.label !== null) {
    record.ground_truth = line.label
  }
  if (typeof line.datasource === 'string' && line.datasource !== '') {
    record.data_source = line.datasource
    if (record.task === undefined) record.task = line.datasource
  }
  const components: Record<string, number> = {}
  const extra: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(line)) {
    if (OPENRLHF_KNOWN.has(key)) continue
    if (typeof entry === 'number' && Number.isFinite(entry)) components[key] = entry
    else extra[key] = entry
  }
  if (line.reward !== undefined && typeof line.score === 'number') components.score = line.score
  if (Object.keys(components).length > 0) record.components = components
  if (Object.keys(extra).length > 0) record.extra = extra
  return safeParseRollout(record, field)
}

/** `; this looks like a prompt item` when the record is of another kind Galen reads. */
function looksLike(value: unknown): string {
  const kind = guessRecordKind(value)
  if (kind === undefined || kind === 'rollout') return ''
  return kind === 'item'
    ? '; this looks like a prompt item (for rl export, not a rollout)'
    : `; this looks like a ${kind}`
}

/**
 * Turns one parsed JSON line into a rollout record, from the given format or the detected one.
 * Never throws: a line that fits no format comes back as an {@link InputError} naming `field`.
 */
export function normalizeRollout(
  value: unknown,
  settings: ImportSettings = {},
  field = 'rollout',
): SafeParseResult<RolloutRecord> {
  const format =
    settings.from === undefined || settings.from === 'auto'
      ? detectRolloutFormat(value)
      : settings.from
  switch (format) {
    case 'galen':
      return safeParseRollout(value, field)
    case 'verl':
      return fromVerl(value, field, settings)
    case 'openrlhf':
      return fromOpenRlhf(value, field)
    default:
      return {
        ok: false,
        error: new InputError(
          `rl-data: ${field} is not a rollout: expected "prompt_id" (Galen), "input"/"output"/"score" (verl) or "input"/"reward" (OpenRLHF)${looksLike(value)}`,
          { field, value },
        ),
      }
  }
}
