/**
 * `galen sft draft` as a library call: for each query, de-identify it, gather and pack evidence
 * with the answering capability, sample N candidates from every model, score each candidate
 * (citations, rule annotations, optional judge, reward endpoint and verifier), pick the best,
 * optionally draft key points, and queue the item as an `item.queued` event. Resumable: queries
 * already queued are skipped. A query whose models, reward endpoint or verifier fail is reported
 * and left for the next run; a judge that fails or replies unparsably leaves the judge score out of
 * that candidate's total and records why (`judgeError`).
 */
import {
  buildSystemPrompt,
  checkCitations,
  type EvidenceSource,
  formatSourcesForPrompt,
  gatherEvidence,
  type PackedEvidence,
} from '../answer/index.js'
import type { Deidentifier } from '../deid/index.js'
import { describeError, InputError, safeParseJson } from '../errors.js'
import type { ChatMessage, ChatModel } from '../llm/index.js'
import type { ItemVerifier } from '../verifiers/index.js'
import type { Candidate, DraftItem, ItemReference } from './draft-item.js'
import { judgeAnswer, judgeScore } from './quality-judge.js'
import type { DraftQuery } from './read-queries.js'
import type { ReviewEventStore } from './review-event-store.js'
import type { RewardClient } from './reward-client.js'
import { squashReward } from './reward-client.js'
import { annotateCandidate, type RuleAnnotationSettings, rulesScore } from './rule-annotations.js'
import { pickBest, totalScore } from './score-candidate.js'

/** A model that answers queries. */
export interface DraftModel {
  /** Name recorded in provenance (and sent as the model name). */
  name: string
  /** Where it is served (provenance only). */
  url: string
  model: ChatModel
}

/** Progress of a run. */
export interface DraftProgress {
  total: number
  done: number
  skipped: number
  failed: number
}

/** Settings of {@link runDraft}. */
export interface DraftSettings {
  store: ReviewEventStore
  evidence: EvidenceSource
  /** The index's name or path, for provenance. */
  indexName: string
  models: readonly DraftModel[]
  /** Samples per model. Default 4. */
  n?: number
  /** Sampling temperature. Default 0.8. */
  temperature?: number
  /** Tokens generated per candidate at most. Default: each model's own default. */
  maxTokens?: number
  /** Sampling seed (backends that honour it, such as local GGUF models: sample i uses seed + i). */
  seed?: number
  /** The principle judge. */
  judge?: DraftModel
  reward?: RewardClient
  /** Draft key points with the judge model (else the first model). Default false. */
  keyPoints?: boolean
  /** De-identifier applied to every query; `false` sends queries as they are. */
  deidentifier: Deidentifier | false
  verifier?: ItemVerifier
  /** Queries drafted at once. Default 4. */
  concurrency?: number
  /** Passages searched / kept, and the token budget of the kept ones. Defaults 20, 6, 1,800. */
  topK?: number
  maxSources?: number
  tokenBudget?: number
  rules?: RuleAnnotationSettings
  onProgress?: (progress: DraftProgress) => void
  signal?: AbortSignal
}

/** The result of {@link runDraft}. */
export interface DraftResult extends DraftProgress {
  failures: Array<{ id: string; error: string }>
  /** Wall time of the run in milliseconds. */
  elapsedMs: number
}

function referencesOf(packed: PackedEvidence): ItemReference[] {
  return packed.sources.map((source) => ({
    index: source.index,
    id: source.id,
    title: source.title,
    source: source.source,
    url: source.url,
    ...(source.date === undefined ? {} : { date: source.date }),
    authority: source.authority,
    text: source.text,
  }))
}

const KEY_POINTS_PROMPT = `List the key points a complete, safe answer to the question must make, using only the numbered sources. Reply with a JSON array of 2 to 6 short strings, in the question's language, and nothing else.`

/** Parses a key-point reply; untrusted, so anything but a list of strings gives none. */
export function parseKeyPoints(text: string): string[] {
  const start = text.indexOf('[')
  const end = text.lastIndexOf(']')
  if (start < 0 || end <= start) return []
  const parsed = safeParseJson(text.slice(start, end + 1), 'key points')
  if (!parsed.ok || !Array.isArray(parsed.value)) return []
  return parsed.value
    .filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '')
    .map((entry) => entry.trim().slice(0, 300))
    .slice(0, 10)
}

async function draftOne(query: DraftQuery, settings: DraftSettings): Promise<DraftItem> {
  const signal = settings.signal
  const withSignal = signal === undefined ? {} : { signal }
  let text = query.query
  let deid: DraftItem['deid'] = { applied: false, spans: 0, types: [] }
  if (settings.deidentifier !== false) {
    const redacted = await settings.deidentifier.redact({ text, ...withSignal })
    text = redacted.text
    deid = {
      applied: true,
      spans: redacted.spans.length,
      types: [...new Set(redacted.spans.map((span) => span.type))].sort(),
    }
  }
  const gathered = await gatherEvidence({
    evidence: settings.evidence,
    question: text,
    topK: settings.topK ?? 20,
    tokenBudget: settings.tokenBudget ?? 1800,
    maxSources: settings.maxSources ?? 6,
    policy: {},
  })
  const packed = gathered.packed
  const sourcesText = formatSourcesForPrompt(packed)
  const systemPrompt = buildSystemPrompt({ sources: sourcesText, hasTools: false })
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: text },
  ]
  const n = settings.n ?? 4
  const sampled = await Promise.all(
    settings.models.map(async (entry) => {
      const result = await entry.model.chat({
        messages,
        n,
        temperature: settings.temperature ?? 0.8,
        ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        model: entry.name,
        ...withSignal,
      })
      return result.choices.map((choice, sample) => ({ entry, choice, sample }))
    }),
  )
  const raw = sampled.flat()
  const rewards =
    settings.reward === undefined
      ? undefined
      : await settings.reward.score({
          prompt: text,
          responses: raw.map(({ choice }) => choice.text),
          // A reference answer is the label a verifying reward server (Galen's) scores against.
          ...(query.reference === undefined
            ? {}
            : {
                label: JSON.stringify({
                  task: query.reference.task,
                  ground_truth: query.reference.answer,
                }),
              }),
        })
  const candidates: Candidate[] = []
  for (const [position, { entry, choice, sample }] of raw.entries()) {
    const check = await checkCitations({ answer: choice.text, sources: packed.sources })
    const annotations = annotateCandidate(
      {
        question: text,
        text: choice.text,
        finishReason: choice.finishReason,
        check,
        sourceCount: packed.sources.length,
      },
      settings.rules,
    )
    const checkable = check.sentences.filter((sentence) => sentence.supported !== null)
    const citation =
      packed.sources.length === 0 || checkable.length === 0
        ? null
        : checkable.filter((sentence) => sentence.supported === true).length / checkable.length
    const judged =
      settings.judge === undefined
        ? undefined
        : await judgeAnswer({
            model: settings.judge.model,
            question: text,
            sources: sourcesText,
            answer: choice.text,
            ...withSignal,
          })
    let verifier: number | null = null
    if (settings.verifier !== undefined && query.reference !== undefined) {
      const result = await settings.verifier.verify({
        task: query.reference.task as never,
        response: choice.text,
        groundTruth: query.reference.answer,
        prompt: text,
      })
      // A reference the verifier cannot read is the query file's fault: say so, never score 0.
      if (result.status === 'error') {
        throw new InputError(`curation: query "${query.id}": ${result.reason}`, {
          field: 'answer',
          value: query.reference.answer,
        })
      }
      verifier = result.status === 'timeout' ? null : result.score
    }
    const reward = rewards?.[position]
    const partial = {
      citation,
      rules: rulesScore(annotations),
      judge: judged?.ok === true ? judgeScore(judged.ratings) : null,
      reward: reward === undefined || reward === null ? null : squashReward(reward),
      verifier,
    }
    candidates.push({
      id: `${entry.name}#${sample}`,
      model: entry.name,
      sample,
      text: choice.text,
      finishReason: choice.finishReason,
      scores: { ...partial, total: totalScore(partial) },
      annotations,
      citations: {
        invalid: check.invalidCitations,
        unsupported: check.unsupported,
        uncitedClaims: check.uncitedClaims,
      },
      ...(judged?.ok === true ? { judge: judged.ratings } : {}),
      ...(judged?.ok === false ? { judgeError: judged.error } : {}),
    })
  }
  if (candidates.length === 0) throw new Error('no model returned a candidate')
  const best = pickBest(candidates)
  let keyPoints: string[] = []
  if (settings.keyPoints === true) {
    const writer = settings.judge ?? settings.models[0]
    if (writer !== undefined) {
      const reply = await writer.model.chat({
        messages: [
          { role: 'system', content: `${KEY_POINTS_PROMPT}\n\nSources:\n\n${sourcesText}` },
          { role: 'user', content: text },
        ],
        temperature: 0,
        ...withSignal,
      })
      keyPoints = parseKeyPoints(reply.choices[0]?.text ?? '')
    }
  }
  return {
    id: query.id,
    query: text,
    deid,
    references: referencesOf(packed),
    systemPrompt,
    candidates,
    bestId: best.id,
    keyPoints,
    ...(query.reference === undefined ? {} : { reference: query.reference }),
    provenance: {
      index: settings.indexName,
      models: settings.models.map(({ name, url }) => ({ name, url })),
      n,
      temperature: settings.temperature ?? 0.8,
      ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
      ...(settings.judge === undefined ? {} : { judge: settings.judge.name }),
      ...(settings.reward === undefined ? {} : { reward: settings.reward.url }),
      draftedAt: new Date().toISOString(),
    },
  }
}

/**
 * Drafts every query not yet queued in the store.
 *
 * @example
 * const result = await runDraft(queries, { store, evidence, indexName, models, deidentifier: createDeidentifier() })
 */
export async function runDraft(
  queries: readonly DraftQuery[],
  settings: DraftSettings,
): Promise<DraftResult> {
  const started = performance.now()
  const queued = new Set(
    (await settings.store.read({ types: ['item.queued'] })).map((event) => event.itemId),
  )
  const todo = queries.filter((query) => !queued.has(query.id))
  const progress: DraftProgress = {
    total: queries.length,
    done: 0,
    skipped: queries.length - todo.length,
    failed: 0,
  }
  const failures: DraftResult['failures'] = []
  settings.onProgress?.({ ...progress })
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      if (settings.signal?.aborted) return
      const query = todo[next] as DraftQuery
      next += 1
      try {
        const item = await draftOne(query, settings)
        await settings.store.append({
          events: [
            { actor: 'pipeline', itemId: item.id, type: 'item.queued', before: null, after: item },
          ],
        })
        progress.done += 1
      } catch (error) {
        progress.failed += 1
        failures.push({ id: query.id, error: describeError(error) })
      }
      settings.onProgress?.({ ...progress })
    }
  }
  const concurrency = Math.max(1, Math.min(settings.concurrency ?? 4, todo.length || 1))
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { ...progress, failures, elapsedMs: performance.now() - started }
}
