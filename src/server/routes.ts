/**
 * The `/v1` API routes of the service: chat completions (grounded answers with citations), search,
 * calculators and, when enabled, rewards. Bodies are validated with zod; a bad body is a 400 with an
 * OpenAI-style error naming the field.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  type AnswerResult,
  type EvidencePolicy,
  formatCalculatorValue,
  searchEvidence,
} from '../answer/index.js'
import {
  calculatorTool,
  findCalculator,
  listCalculators,
  runCalculator,
} from '../calculators/index.js'
import { InputError, NotFoundError, TimeoutError } from '../errors.js'
import { SECURITY_HEADERS } from '../http-guard/index.js'
import type { ChatMessage } from '../llm/index.js'
import { safeLinkUrl } from '../retrieval/index.js'
import type { ServiceSettings } from './create-app.js'
import type { ServiceMetrics } from './metrics.js'

const authority = z.enum(['A', 'B', 'C', 'D', 'E'])
/** A publication date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const isoDate = z
  .string()
  .regex(
    /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/,
    'expected YYYY, YYYY-MM or YYYY-MM-DD',
  )

/** Longest text of one message, in characters, whether a string or a list of parts. */
const MAX_MESSAGE_CHARS = 32_000
const filterSchema = z
  .object({
    minAuthority: authority.optional(),
    min_authority: authority.optional(),
    materialTypes: z.array(z.string()).optional(),
    publishedFrom: isoDate.optional(),
    publishedTo: isoDate.optional(),
    languages: z.array(z.string()).optional(),
  })
  .strict()

/** The evidence policy controls a page may send (see docs/serving.md). */
const evidenceSchema = z
  .object({
    policy: z.enum(['default', 'off']).optional(),
    min_relevance: z.number().min(0).max(1).optional(),
    authority_floor: authority.optional(),
  })
  .strict()

const searchSchema = z
  .object({
    query: z.string().trim().min(1).max(4000),
    k: z.number().int().min(1).max(100).optional(),
    filter: filterSchema.optional(),
    evidence: evidenceSchema.optional(),
  })
  .strict()

const messageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
    content: z.union([
      z.string().max(MAX_MESSAGE_CHARS),
      z
        .array(
          z
            .object({
              type: z.string().max(64),
              text: z.string().max(MAX_MESSAGE_CHARS).optional(),
            })
            .passthrough(),
        )
        .max(64),
      z.null(),
    ]),
  })
  .refine(
    (message) =>
      !Array.isArray(message.content) ||
      message.content.reduce((total, part) => total + (part.text?.length ?? 0), 0) <=
        MAX_MESSAGE_CHARS,
    {
      message: `the parts of one message hold at most ${MAX_MESSAGE_CHARS} characters`,
      path: ['content'],
    },
  )

const chatSchema = z
  .object({
    model: z.string().optional(),
    messages: z.array(messageSchema).min(1).max(200),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    filter: filterSchema.optional(),
    evidence: evidenceSchema.optional(),
  })
  .passthrough()

function validate<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') || what
  let value: unknown = body
  for (const part of issue?.path ?? []) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<PropertyKey, unknown>)[part as PropertyKey]
        : undefined
  }
  const shown = value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 80)
  throw new InputError(
    `server: ${what} field "${field}" = ${shown} is invalid: ${issue?.message ?? 'invalid'}`,
    {
      field,
      value,
    },
  )
}

function messageText(content: z.infer<typeof messageSchema>['content']): string {
  if (content === null) return ''
  if (typeof content === 'string') return content
  return content.map((part) => part.text ?? '').join('\n')
}

function toFilter(filter: z.infer<typeof filterSchema> | undefined) {
  if (filter === undefined) return undefined
  const minAuthority = filter.minAuthority ?? filter.min_authority
  return {
    ...(minAuthority === undefined ? {} : { minAuthority }),
    ...(filter.materialTypes === undefined ? {} : { materialTypes: filter.materialTypes }),
    ...(filter.publishedFrom === undefined ? {} : { publishedFrom: filter.publishedFrom }),
    ...(filter.publishedTo === undefined ? {} : { publishedTo: filter.publishedTo }),
    ...(filter.languages === undefined ? {} : { languages: filter.languages }),
  }
}

function toPolicy(
  evidence: z.infer<typeof evidenceSchema> | undefined,
): Partial<EvidencePolicy> | false {
  if (evidence?.policy === 'off') return false
  return {
    ...(evidence?.min_relevance === undefined ? {} : { minRelevance: evidence.min_relevance }),
    ...(evidence?.authority_floor === undefined
      ? {}
      : { authorityFloor: evidence.authority_floor }),
  }
}

/** The evidence summary on the wire. */
function evidenceFields(result: AnswerResult) {
  const policy = result.evidence.policy
  return {
    search_query: result.evidence.searchQuery,
    policy:
      policy === null
        ? null
        : {
            min_relevance: policy.minRelevance,
            min_relative_relevance: policy.minRelativeRelevance,
            authority_floor: policy.authorityFloor,
          },
    retrieved: result.evidence.retrieved,
    below_floor: result.evidence.belowFloor,
    hidden_low_authority: result.evidence.hiddenLowAuthority,
  }
}

/** The extra fields Galen adds to a chat completion. */
function galenFields(result: AnswerResult) {
  return {
    // Snake case on the wire, like the search hits and the rest of the OpenAI-style API.
    citations: result.citations.map(({ materialType, documentId, ...card }) => ({
      ...card,
      document_id: documentId,
      material_type: materialType,
    })),
    support:
      result.citationCheck === null
        ? null
        : {
            all_supported: result.citationCheck.allSupported,
            unsupported: result.citationCheck.unsupported,
            uncited_claims: result.citationCheck.uncitedClaims,
            invalid_citations: result.citationCheck.invalidCitations,
            sentences: result.citationCheck.sentences,
          },
    galen: {
      mode: result.mode,
      notes: result.notes,
      query: result.query,
      corrections: result.corrections,
      calculator_intent: result.calculatorIntent,
      calculations: result.calculations,
      follow_up: {
        query: result.followUp.query,
        method: result.followUp.method,
        carried: result.followUp.carried,
        anchors: result.followUp.anchors,
        model_problem: result.followUp.modelProblem ?? null,
      },
      evidence: evidenceFields(result),
      tool_calls: result.toolCalls,
      conflicts: result.conflicts,
      latency_ms: result.latencyMs,
    },
  }
}

/** Registers the `/v1` routes. */
export function registerApiRoutes(
  app: FastifyInstance,
  settings: ServiceSettings & { metrics: ServiceMetrics },
): void {
  const modelName = settings.modelName ?? 'galen-grounded'

  app.get('/v1/models', async () => ({
    object: 'list',
    data: [{ id: modelName, object: 'model', created: 0, owned_by: 'galen' }],
  }))

  app.post('/v1/search', async (request) => {
    const body = validate(searchSchema, request.body, 'search request')
    const filter = toFilter(body.filter)
    const found = await searchEvidence({
      evidence: settings.evidence,
      query: body.query,
      topK: body.k ?? 10,
      policy: toPolicy(body.evidence),
      ...(filter === undefined ? {} : { filter }),
    })
    const hits = found.hits
    return {
      query: body.query,
      evidence: {
        search_query: found.searchQuery,
        below_floor: found.belowFloor,
        hidden_low_authority: found.hiddenLowAuthority,
      },
      hits: hits.map((hit, position) => ({
        index: position + 1,
        id: hit.id,
        title: hit.title,
        source: hit.source,
        url: safeLinkUrl(hit.url),
        date: hit.date ?? null,
        authority: hit.authority,
        material_type: hit.materialType,
        passage: hit.text,
        score: hit.score,
        relevance: hit.relevance ?? null,
        document_id: hit.documentId,
        citation: hit.citation ?? null,
      })),
    }
  })

  app.post('/v1/chat/completions', async (request, reply) => {
    const body = validate(chatSchema, request.body, 'chat request')
    const messages = body.messages
    const lastUser = [...messages].reverse().find((message) => message.role === 'user')
    const question = lastUser === undefined ? '' : messageText(lastUser.content).trim()
    if (question === '') {
      throw new InputError('server: chat request needs a non-empty user message', {
        field: 'messages',
        value: null,
      })
    }
    const history: ChatMessage[] = messages
      .slice(0, messages.lastIndexOf(lastUser as (typeof messages)[number]))
      .flatMap((message): ChatMessage[] => {
        const text = messageText(message.content)
        if (message.role === 'user') return [{ role: 'user', content: text }]
        if (message.role === 'assistant') return [{ role: 'assistant', content: text }]
        return []
      })
    const controller = new AbortController()
    // The response's close event fires when it is sent or when the client goes away; only the
    // latter aborts (the request's own close event fires as soon as its body is read).
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort()
    })
    const filter = toFilter(body.filter)
    const deadlineMs = settings.requestTimeoutMs ?? 120_000
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(deadlineMs)])
    let result: AnswerResult
    try {
      result = await settings.answerer.answer({
        question,
        history,
        signal,
        policy: toPolicy(body.evidence),
        ...(filter === undefined ? {} : { filter }),
      })
    } catch (error) {
      if (signal.aborted && !controller.signal.aborted) {
        throw new TimeoutError(`server: the answer took longer than ${deadlineMs} ms`, {
          timeoutMs: deadlineMs,
          cause: error,
        })
      }
      throw error
    }
    settings.metrics.count({ name: 'answers_total', labels: { mode: result.mode } })
    if (result.citationCheck !== null) {
      settings.metrics.count({
        name: 'unsupported_sentences_total',
        value: result.citationCheck.unsupported,
      })
    }
    const id = `chatcmpl-${randomUUID()}`
    const created = Math.floor(Date.now() / 1000)
    const usage = {
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      total_tokens: result.usage.totalTokens,
    }
    if (body.stream !== true) {
      return {
        id,
        object: 'chat.completion',
        created,
        model: modelName,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: result.answer },
            finish_reason: 'stop',
          },
        ],
        usage,
        ...galenFields(result),
      }
    }
    // Streaming: the answer is complete before citations can be checked, so it is sent in word
    // chunks followed by a final chunk carrying the citations and the support check.
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    })
    const send = (payload: unknown) => raw.write(`data: ${JSON.stringify(payload)}\n\n`)
    const base = { id, object: 'chat.completion.chunk', created, model: modelName }
    send({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    })
    const pieces = result.answer.match(/\S+\s*/g) ?? []
    for (let start = 0; start < pieces.length; start += 8) {
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: { content: pieces.slice(start, start + 8).join('') },
            finish_reason: null,
          },
        ],
      })
    }
    send({
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      usage,
      ...galenFields(result),
    })
    raw.end('data: [DONE]\n\n')
    return reply
  })

  app.get('/v1/calculators', async () => ({
    calculators: listCalculators().map((calculator) => ({
      id: calculator.id,
      slug: calculator.slug,
      name: calculator.name,
      category: calculator.category,
      output_type: calculator.outputType,
    })),
  }))

  app.get('/v1/calculators/:id', async (request) => {
    const { id } = request.params as { id: string }
    const calculator = findCalculator(/^\d+$/.test(id) ? Number(id) : id)
    if (calculator === undefined) throw new NotFoundError(`calculators: unknown calculator "${id}"`)
    return {
      id: calculator.id,
      slug: calculator.slug,
      name: calculator.name,
      category: calculator.category,
      output_type: calculator.outputType,
      source: calculator.source,
      inputs: calculator.inputs,
      tool: calculatorTool(calculator),
    }
  })

  const runCalculatorRoute = (reference: string, body: unknown) => {
    const calculator = findCalculator(/^\d+$/.test(reference) ? Number(reference) : reference)
    if (calculator === undefined)
      throw new NotFoundError(`calculators: unknown calculator "${reference}"`)
    const inputs =
      typeof body === 'object' && body !== null && 'inputs' in body
        ? (body as { inputs?: unknown }).inputs
        : body
    const result = runCalculator(calculator, inputs ?? {})
    // `display`: rounded to the unit's precision with singular/plural, as answers show values.
    const integer = calculator.outputType === 'integer'
    return {
      id: calculator.id,
      name: calculator.name,
      value: result.value,
      unit: result.unit,
      display: formatCalculatorValue(result.value, result.unit, { integer }),
      interpretation: result.interpretation ?? null,
      steps: result.steps.map((step) => ({
        ...step,
        display:
          step.value === undefined
            ? null
            : typeof step.value === 'number'
              ? formatCalculatorValue(step.value, step.unit ?? '', {
                  integer: integer && step.unit === 'points',
                })
              : `${step.value}${step.unit ? ` ${step.unit}` : ''}`,
      })),
      inputs: result.inputs,
    }
  }

  app.post('/v1/calculators/:id', async (request) =>
    runCalculatorRoute((request.params as { id: string }).id, request.body),
  )

  app.post('/v1/calculators', async (request) => {
    const body = request.body as { calculator?: unknown } | undefined
    const reference = typeof body === 'object' && body !== null ? body.calculator : undefined
    if (typeof reference !== 'string' && typeof reference !== 'number') {
      throw new InputError(
        'server: calculator request needs "calculator" (an id, slug or name) and "inputs"',
        {
          field: 'calculator',
          value: reference,
        },
      )
    }
    return runCalculatorRoute(String(reference), body)
  })
}
