/**
 * The records this capability reads and writes: rollouts (one sampled response with its reward),
 * dataset items (a prompt with the reward server's ground truth) and preference pairs. Each has a
 * zod schema and a `safeParse*` function that never throws.
 */
import { z } from 'zod'
import { InputError, type SafeParseResult } from '../errors.js'

/** One chat message, as verl, TRL and OpenRLHF (with a chat template) expect. */
export const chatMessageSchema = z.object({ role: z.string().min(1), content: z.string() })

/** A chat message: `{ role, content }`. */
export type ChatMessage = z.infer<typeof chatMessageSchema>

/** A prompt: plain text or a non-empty list of chat messages. */
export const promptSchema = z.union([z.string(), z.array(chatMessageSchema).min(1)])

/** A prompt: plain text or chat messages. */
export type Prompt = z.infer<typeof promptSchema>

const identifierSchema = z
  .union([z.string().min(1), z.number().int()])
  .transform((value) => String(value))

/**
 * A rollout: one response sampled for a prompt, with its reward. Rollouts that share a
 * `prompt_id` (and an `epoch`, when given) form a GRPO group. Unknown keys are kept.
 */
export const rolloutRecordSchema = z.looseObject({
  prompt_id: identifierSchema,
  prompt: promptSchema,
  response: z.string(),
  reward: z.number(),
  task: z.string().min(1).optional(),
  epoch: z.number().int().nonnegative().optional(),
  components: z.record(z.string(), z.number()).optional(),
  ground_truth: z.unknown().optional(),
  data_source: z.string().min(1).optional(),
})

/** A rollout record (see {@link rolloutRecordSchema}). */
export type RolloutRecord = z.infer<typeof rolloutRecordSchema>

/**
 * A dataset item: what an RL engine trains on. `ground_truth` is what Galen's reward server
 * compares the response with, so exported data and rewards agree. Unknown keys (for example
 * `specialty` or `source`, used for stratified sampling) are kept.
 */
export const datasetItemSchema = z.looseObject({
  id: identifierSchema,
  prompt: promptSchema,
  task: z.string().min(1),
  ground_truth: z.unknown().refine((value) => value !== undefined, 'ground_truth is required'),
  data_source: z.string().min(1).optional(),
})

/** A dataset item (see {@link datasetItemSchema}). */
export type DatasetItem = z.infer<typeof datasetItemSchema>

/** A preference pair: a better (`chosen`) and a worse (`rejected`) response to one prompt. */
export const preferencePairSchema = z.looseObject({
  prompt_id: identifierSchema.optional(),
  prompt: promptSchema,
  chosen: z.string(),
  rejected: z.string(),
  chosen_reward: z.number().optional(),
  rejected_reward: z.number().optional(),
  task: z.string().optional(),
})

/** A preference pair (see {@link preferencePairSchema}). */
export type PreferencePair = z.infer<typeof preferencePairSchema>

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.length === 0 ? '(record)' : issue.path.join('.')
      return `${path}: ${issue.message}`
    })
    .join('; ')
}

/** The kinds of record this capability reads. */
export type RecordKind = 'rollout' | 'item' | 'preference pair'

const EXPECTED: Record<RecordKind, string> = {
  rollout: 'rollouts with prompt_id, prompt, response and reward',
  item: 'prompt items with id, task, prompt and ground_truth',
  'preference pair': 'preference pairs with prompt, chosen and rejected',
}

/**
 * Which kind of record a value looks like, from its keys alone (`chosen` and `rejected`: a pair;
 * `response` and `reward`: a rollout; `ground_truth` without `response`: an item), or undefined.
 * Used to say what a file holds when a command expected another kind.
 */
export function guessRecordKind(value: unknown): RecordKind | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const has = (key: string): boolean => Object.hasOwn(value, key)
  if (has('chosen') && has('rejected')) return 'preference pair'
  if (has('response') && has('reward')) return 'rollout'
  if (has('ground_truth') && has('prompt') && !has('response')) return 'item'
  return undefined
}

/** `expected prompt items with ...; these look like rollouts` when the kinds differ. */
function kindHint(kind: RecordKind, value: unknown): string {
  const guessed = guessRecordKind(value)
  if (guessed === undefined || guessed === kind) return ''
  return ` (expected ${EXPECTED[kind]}; this looks like ${guessed === 'item' ? 'an' : 'a'} ${guessed})`
}

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  kind: RecordKind,
  field: string,
): SafeParseResult<T> {
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }
  const first = result.error.issues[0]
  const at =
    first === undefined || first.path.length === 0 ? field : `${field}.${first.path.join('.')}`
  return {
    ok: false,
    error: new InputError(
      `rl-data: ${field} is not a valid ${kind}${kindHint(kind, value)}: ${describeIssues(result.error)}`,
      {
        field: at,
        value,
      },
    ),
  }
}

function isChatPrompt(prompt: unknown): boolean {
  if (!Array.isArray(prompt) || prompt.length === 0) return false
  for (const message of prompt) {
    if (message === null || typeof message !== 'object') return false
    const { role, content } = message as { role?: unknown; content?: unknown }
    if (typeof role !== 'string' || role === '' || typeof content !== 'string') return false
  }
  return true
}

function isOptionalText(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value !== '')
}

/**
 * The common case of {@link rolloutRecordSchema} checked by hand (zod costs more than parsing the
 * JSON line): true only for records the schema certainly accepts unchanged. Anything else goes to
 * zod, which accepts or explains. A property test keeps the two in step.
 */
function isPlainRollout(value: unknown): value is RolloutRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  // JSON.parse makes "__proto__" an own key, which zod drops: leave such records to zod
  if (Object.hasOwn(record, '__proto__')) return false
  // a numeric id is turned into text by the schema: leave that to zod
  if (typeof record.prompt_id !== 'string' || record.prompt_id === '') return false
  const prompt = record.prompt
  if (typeof prompt !== 'string' && !isChatPrompt(prompt)) return false
  if (typeof record.response !== 'string') return false
  if (typeof record.reward !== 'number' || !Number.isFinite(record.reward)) return false
  if (!isOptionalText(record.task) || !isOptionalText(record.data_source)) return false
  const epoch = record.epoch
  if (
    epoch !== undefined &&
    !(typeof epoch === 'number' && Number.isInteger(epoch) && epoch >= 0)
  ) {
    return false
  }
  const components = record.components
  if (components !== undefined) {
    if (components === null || typeof components !== 'object' || Array.isArray(components)) {
      return false
    }
    if (Object.hasOwn(components, '__proto__')) return false
    for (const entry of Object.values(components)) {
      if (typeof entry !== 'number' || !Number.isFinite(entry)) return false
    }
  }
  return true
}

/**
 * Validates a rollout record without throwing. `field` names it in errors (`line 12`). A record
 * that needs no conversion may come back as the same object.
 */
export function safeParseRollout(
  value: unknown,
  field = 'rollout',
): SafeParseResult<RolloutRecord> {
  if (isPlainRollout(value)) return { ok: true, value }
  return parseWith(rolloutRecordSchema, value, 'rollout', field)
}

/** @internal The fast path alone, for the property test that keeps it in step with the schema. */
export const isPlainRolloutForTest = isPlainRollout

/** Validates a dataset item without throwing. */
export function safeParseItem(value: unknown, field = 'item'): SafeParseResult<DatasetItem> {
  return parseWith(datasetItemSchema, value, 'item', field)
}

/** Validates a preference pair without throwing. */
export function safeParsePair(value: unknown, field = 'pair'): SafeParseResult<PreferencePair> {
  return parseWith(preferencePairSchema, value, 'preference pair', field)
}

/**
 * A prompt as chat messages: text becomes one user message, preceded by a system message when
 * `system` is given (a chat prompt keeps its own messages).
 */
export function promptMessages(prompt: Prompt, system?: string): ChatMessage[] {
  if (typeof prompt !== 'string') return prompt.map((message) => ({ ...message }))
  const messages: ChatMessage[] = []
  if (system !== undefined && system !== '') messages.push({ role: 'system', content: system })
  messages.push({ role: 'user', content: prompt })
  return messages
}

/** A prompt as one text: chat message contents joined by blank lines. */
export function promptText(prompt: Prompt): string {
  if (typeof prompt === 'string') return prompt
  return prompt.map((message) => message.content).join('\n\n')
}

/**
 * Reads a label of a record by key: a top-level key (`task`, `specialty`) or a dotted path
 * (`labels.specialty`). Returns undefined when absent or not a string, number or boolean.
 */
export function readLabel(record: unknown, key: string): string | undefined {
  let current: unknown = record
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[part]
  }
  if (typeof current === 'string') return current
  if (typeof current === 'number' || typeof current === 'boolean') return String(current)
  return undefined
}
