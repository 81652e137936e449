/**
 * The script a scripted model server answers from: rules matched against the last user message
 * (or a hash of the whole request), replies replayed in order, injectable latency and failures.
 * Scripts are written by hand or recorded, and read from JSON files with {@link loadModelScript}.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { InputError, type SafeParseResult, safeParseJson } from '../../errors.js'

/** A tool call in a scripted reply; `arguments` is the JSON text the "model" writes. */
export interface ScriptToolCall {
  name: string
  arguments: string
  /** Defaults to `call_<n>`. */
  id?: string
}

/**
 * A scripted reply: plain text, or content and/or tool calls. `finishReason` defaults to
 * `tool_calls` when tool calls are given, else `stop` (or `length` when `max_tokens` cut the text).
 */
export type ScriptReply =
  | string
  | {
      content?: string | null
      toolCalls?: readonly ScriptToolCall[]
      finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter'
    }

/** An injected failure, applied to the first requests that hit the rule (one per request). */
export interface ScriptFailure {
  /** Answer with this HTTP status and an OpenAI-style error body (for example 429, 500, 400). */
  status?: number
  /** Destroy the connection without answering. */
  drop?: boolean
  /** Answer normally but wait this long between streamed chunks (or before a plain answer). */
  slowStreamMs?: number
  /** Send this body with status 200 (a malformed reply); `true` sends a truncated JSON body. */
  malformed?: boolean | string
  /** Error message of a `status` failure. */
  message?: string
}

/** The parsed request a `respond` function receives. */
export interface ScriptedRequest {
  messages: Array<{ role: string; content: string | null }>
  /** Content of the last `user` message ('' when there is none). */
  lastUserMessage: string
  /** The request body as received. */
  body: Record<string, unknown>
  /** Which sample of an `n > 1` request is being answered (0-based). */
  choiceIndex: number
}

/** How a rule selects requests. Every criterion given must hold; no criterion matches all. */
export interface ScriptMatch {
  /** A regular expression (JavaScript syntax) searched in the last user message. */
  regex?: string
  /** Flags of `regex`, for example `i`. */
  flags?: string
  /** The last user message equals this text (after trimming both). */
  exact?: string
  /** The last user message contains this text. */
  contains?: string
  /** The request's hash ({@link hashChatRequest}) equals this hex string. */
  requestHash?: string
}

/** One rule of a script. The first rule that matches a request answers it. */
export interface ScriptRule {
  match?: ScriptMatch
  /** The reply (used when `replies` and `respond` are absent). */
  reply?: ScriptReply
  /** Replies given in order, one per choice; the last one repeats. */
  replies?: readonly ScriptReply[]
  /** Programmatic replies (not available in script files). */
  respond?: (request: ScriptedRequest) => ScriptReply
  /** Delay before answering, in milliseconds. */
  latencyMs?: number
  /** Failures for the first requests that hit this rule, in order; later requests succeed. */
  failures?: readonly ScriptFailure[]
  /** Answer one choice whatever `n` asks, as some servers do. Overrides the script's setting. */
  ignoreN?: boolean
  /** Reject `response_format: json_schema` with a 400, as some servers do. */
  rejectJsonSchema?: boolean
  /** Answer every request of this rule with a malformed body (see {@link ScriptFailure}). */
  malformed?: boolean | string
}

/** A script: rules, a fallback reply, and server-wide behaviour. */
export interface ModelScript {
  rules: readonly ScriptRule[]
  /** Reply when no rule matches; without one, an unmatched request gets a 400 naming the message. */
  fallback?: ScriptReply
  /** Length of the deterministic embeddings. Default 64. */
  embeddingDimensions?: number
  /** Model ids listed by `/v1/models`. Default `["scripted"]`. */
  models?: readonly string[]
  /** Server-wide default of {@link ScriptRule.ignoreN}. */
  ignoreN?: boolean
  /** Server-wide default of {@link ScriptRule.rejectJsonSchema}. */
  rejectJsonSchema?: boolean
  /** Server-wide delay before answering, in milliseconds (a rule's own `latencyMs` wins). */
  latencyMs?: number
}

const toolCallSchema = z
  .object({ name: z.string().min(1), arguments: z.string(), id: z.string().min(1).optional() })
  .strict()

const replySchema = z.union([
  z.string(),
  z
    .object({
      content: z.string().nullable().optional(),
      toolCalls: z.array(toolCallSchema).optional(),
      finishReason: z.enum(['stop', 'length', 'tool_calls', 'content_filter']).optional(),
    })
    .strict(),
])

const failureSchema = z
  .object({
    status: z.number().int().min(400).max(599).optional(),
    drop: z.boolean().optional(),
    slowStreamMs: z.number().min(0).max(600_000).optional(),
    malformed: z.union([z.boolean(), z.string()]).optional(),
    message: z.string().optional(),
  })
  .strict()

const matchSchema = z
  .object({
    regex: z.string().optional(),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/)
      .optional(),
    exact: z.string().optional(),
    contains: z.string().optional(),
    requestHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict()

const ruleSchema = z
  .object({
    match: matchSchema.optional(),
    reply: replySchema.optional(),
    replies: z.array(replySchema).min(1).optional(),
    latencyMs: z.number().min(0).max(600_000).optional(),
    failures: z.array(failureSchema).optional(),
    ignoreN: z.boolean().optional(),
    rejectJsonSchema: z.boolean().optional(),
    malformed: z.union([z.boolean(), z.string()]).optional(),
  })
  .strict()

const scriptSchema = z
  .object({
    rules: z.array(ruleSchema),
    fallback: replySchema.optional(),
    embeddingDimensions: z.number().int().min(1).max(8192).optional(),
    models: z.array(z.string().min(1)).min(1).optional(),
    ignoreN: z.boolean().optional(),
    rejectJsonSchema: z.boolean().optional(),
    latencyMs: z.number().min(0).max(600_000).optional(),
  })
  .strict()

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root
  for (const part of path) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<PropertyKey, unknown>)[part]
        : undefined
  }
  return value
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T
}

/**
 * Validates an untrusted value (parsed from a script file) as a {@link ModelScript}. Never throws;
 * the error names the key at fault and its value, for example
 * `model-server: script.rules.0.match.regex = "(" is not a valid regular expression`.
 */
export function safeParseModelScript(
  value: unknown,
  source = 'script',
): SafeParseResult<ModelScript> {
  const result = scriptSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]
    const path = issue?.path ?? []
    const key = [source, ...path.map(String)].join('.')
    if (issue?.code === 'unrecognized_keys') {
      return {
        ok: false,
        error: new InputError(
          `model-server: unknown key(s) ${issue.keys.map((name) => `"${name}"`).join(', ')} in ${key}`,
          { field: key, value: issue.keys },
        ),
      }
    }
    const found = valueAt(value, path)
    const shown = found === undefined ? 'missing' : JSON.stringify(found)
    return {
      ok: false,
      error: new InputError(
        `model-server: ${key} = ${shown} is invalid: ${issue?.message ?? 'unknown problem'}`,
        { field: key, value: found },
      ),
    }
  }
  const rules: ScriptRule[] = []
  for (const [index, rule] of result.data.rules.entries()) {
    if (rule.match?.regex !== undefined) {
      try {
        new RegExp(rule.match.regex, rule.match.flags)
      } catch (error) {
        const key = `${source}.rules.${index}.match.regex`
        return {
          ok: false,
          error: new InputError(
            `model-server: ${key} = ${JSON.stringify(rule.match.regex)} is not a valid regular expression (${(error as Error).message})`,
            { field: key, value: rule.match.regex },
          ),
        }
      }
    }
    rules.push(
      dropUndefined({
        ...rule,
        match: rule.match === undefined ? undefined : dropUndefined(rule.match),
        failures: rule.failures?.map((failure) => dropUndefined(failure)),
      }) as ScriptRule,
    )
  }
  return { ok: true, value: dropUndefined({ ...result.data, rules }) as ModelScript }
}

/**
 * Reads and validates a JSON script file.
 *
 * @throws InputError when the file cannot be read, is not JSON, or is not a valid script.
 * @example
 * const script = loadModelScript('test/fixtures/triage.script.json')
 * const server = await startScriptedModelServer({ script })
 */
export function loadModelScript(path: string): ModelScript {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(
      `model-server: cannot read script "${path}": ${(error as Error).message}`,
      { field: 'script', value: path, cause: error },
    )
  }
  const parsed = safeParseJson(text, `script "${path}"`)
  if (!parsed.ok) throw parsed.error
  const script = safeParseModelScript(parsed.value, 'script')
  if (!script.ok) throw script.error
  return script.value
}
