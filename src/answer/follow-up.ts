/**
 * Conversation-aware retrieval: a follow-up ("and what about in pregnancy?") is resolved against
 * the earlier turns before searching. With a model, the model condenses the conversation into a
 * standalone query (its output is untrusted: checked, and ignored when unusable). Without one, the
 * topic words and drug names of the most recent earlier question that had any are carried into
 * the query, and they become required: a passage that names none of them is off-topic.
 */
import type { ChatMessage, ChatModel } from '../llm/index.js'
import { analyseQuestion } from './query-concepts.js'
import type { DrugVocabulary } from './understand-query.js'

/** How a question was turned into a search query. */
export interface FollowUpResolution {
  /** The query to search with. */
  query: string
  /**
   * `standalone`: not a follow-up (or no earlier turns); `condensed`: rewritten by the model;
   * `carried`: earlier topic words added by rule.
   */
  method: 'standalone' | 'condensed' | 'carried'
  /** Topic words carried from earlier turns (the `carried` method). */
  carried: string[]
  /**
   * The topics of the question the follow-ups hang on; the evidence must name one of them
   * (empty unless `carried`).
   */
  anchors: string[]
  /** Why the model's rewrite was not used, when it was asked and failed. */
  modelProblem?: string
}

const CONNECTOR =
  /^\s*(?:(?:and|but|also|so|or|then|what about|how about|what if|and if|same)\b|那么|那|还有|另外|如果|要是)/i
const ANAPHORA =
  /\b(?:it|its|it's|this|these|those|they|them|the drug|the medicine|the same)\b|它|这个药|这种药|该药|这个病|这种病/i

/**
 * Whether a question depends on earlier turns: it opens with a connector ("and", "what about"),
 * refers back with a pronoun ("is it safe...?"), or names no topic of its own ("what dose?").
 */
export function isFollowUp(question: string): boolean {
  if (CONNECTOR.test(question) || ANAPHORA.test(question)) return true
  const analysis = analyseQuestion(question)
  return analysis.aspectOnly || analysis.concepts.length === 0
}

function earlierUserTurns(history: readonly ChatMessage[]): string[] {
  return history
    .filter((message) => message.role === 'user')
    .map((message) => (typeof message.content === 'string' ? message.content : ''))
    .filter((text) => text.trim() !== '')
}

/**
 * What earlier turns carry into a follow-up: walking back from the latest user turn through the
 * chain of follow-ups to the question they hang on (the root), the topic words and known drug
 * names of every turn on the way (`topics`), the root's own (`anchors`: the evidence must name
 * one of them) and the aspects of the latest turn that has any.
 */
export function carriedTopics(
  history: readonly ChatMessage[],
  vocabulary?: DrugVocabulary,
): { topics: string[]; anchors: string[]; aspects: string[] } {
  const turns = earlierUserTurns(history)
  const topics: string[] = []
  let anchors: string[] = []
  let aspects: string[] = []
  for (let position = turns.length - 1; position >= 0; position -= 1) {
    const turn = turns[position] as string
    const { concepts, aspectOnly } = analyseQuestion(turn)
    const drugs =
      vocabulary === undefined
        ? []
        : (turn.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? []).filter(
            (word) => vocabulary.generics.has(word) || vocabulary.aliases.has(word),
          )
    const own = aspectOnly
      ? drugs
      : [
          ...drugs,
          ...concepts.filter((concept) => concept.kind === 'topic').map((concept) => concept.text),
        ]
    topics.push(...own)
    if (aspects.length === 0 && !aspectOnly) {
      aspects = concepts
        .filter((concept) => concept.kind === 'aspect' && !/^\d+$/.test(concept.text))
        .map((concept) => concept.text)
    }
    if (!isFollowUp(turn)) {
      anchors = own
      break
    }
  }
  return { topics: [...new Set(topics)], anchors: [...new Set(anchors)], aspects }
}

const CONDENSE_PROMPT =
  'Rewrite the last user question of the conversation as one standalone search query for a medical library: name the condition, drug or test it refers to, keep what is asked, and add nothing else. Reply with the query only, on one line.'

function cleanRewrite(text: string): { ok: true; query: string } | { ok: false; problem: string } {
  const query = text
    .replace(/<think>[\s\S]*?<\/think>/g, '')
    .trim()
    .replace(/^(?:query|search query)\s*:\s*/i, '')
    .replace(/^["'`]+|["'`]+$/g, '')
    .trim()
  if (query === '') return { ok: false, problem: 'the model returned an empty rewrite' }
  if (query.includes('\n')) return { ok: false, problem: 'the model rewrite spans several lines' }
  if (query.length > 300) return { ok: false, problem: 'the model rewrite is over 300 characters' }
  return { ok: true, query }
}

/**
 * Resolves a question against the earlier turns.
 *
 * @example
 * await resolveFollowUp({
 *   question: 'and what about in pregnancy?',
 *   history: [{ role: 'user', content: 'When is metformin contraindicated?' }],
 * })
 * // { query: 'and what about in pregnancy? metformin contraindicated', method: 'carried',
 * //   carried: ['metformin'], anchors: ['metformin'] }
 */
export async function resolveFollowUp(options: {
  question: string
  history?: readonly ChatMessage[]
  model?: ChatModel
  vocabulary?: DrugVocabulary
  signal?: AbortSignal
}): Promise<FollowUpResolution> {
  const history = options.history ?? []
  const standalone: FollowUpResolution = {
    query: options.question,
    method: 'standalone',
    carried: [],
    anchors: [],
  }
  if (earlierUserTurns(history).length === 0 || !isFollowUp(options.question)) return standalone
  let modelProblem: string | undefined
  if (options.model !== undefined) {
    const conversation = history
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .slice(-6)
      .map(
        (message) =>
          `${message.role}: ${typeof message.content === 'string' ? message.content.slice(0, 600) : ''}`,
      )
      .join('\n')
    const result = await options.model.chat({
      messages: [
        { role: 'system', content: CONDENSE_PROMPT },
        {
          role: 'user',
          content: `Conversation:\n${conversation}\n\nLast user question: ${options.question}`,
        },
      ],
      temperature: 0,
      maxTokens: 80,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    const cleaned = cleanRewrite(result.choices[0]?.text ?? '')
    if (cleaned.ok) return { query: cleaned.query, method: 'condensed', carried: [], anchors: [] }
    modelProblem = cleaned.problem
  }
  const { topics, anchors, aspects } = carriedTopics(history, options.vocabulary)
  if (topics.length === 0) {
    return modelProblem === undefined ? standalone : { ...standalone, modelProblem }
  }
  const own = analyseQuestion(options.question)
  const ownAspects = own.aspectOnly || own.concepts.some((concept) => concept.kind === 'aspect')
  const added = [...topics, ...(ownAspects ? [] : aspects)]
  return {
    query: `${options.question} ${added.join(' ')}`,
    method: 'carried',
    carried: topics,
    anchors,
    ...(modelProblem === undefined ? {} : { modelProblem }),
  }
}
