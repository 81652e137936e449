/**
 * Grounded answering: understand the question (drug-name correction, calculator intent), retrieve
 * authority-ranked evidence, pack it, generate through a `ChatModel` with citation instructions and
 * calculator tools, then check every citation. Without a model it answers in evidence mode: the
 * ranked passages with their citations and a clear note that no answer was generated.
 */
import { calculatorTools, getCalculator } from '../calculators/index.js'
import type { ChatMessage, ChatModel, ToolDefinition } from '../llm/index.js'
import { safeLinkUrl } from '../retrieval/index.js'
import {
  answerCalculatorQuestion,
  type CalculatorAnswer,
  calculatorAnswerFromToolCall,
  describeCalculatorAnswer,
} from './calculator-answer.js'
import {
  describeCalculatorAnswerZh,
  isChineseQuestion,
  localizeCalculatorAnswerZh,
} from './calculator-answer-zh.js'
import { type CitationCheckResult, checkCitations } from './check-citations.js'
import type { Authority, EvidenceFilter, EvidenceSource } from './evidence-source.js'
import { type FollowUpResolution, resolveFollowUp } from './follow-up.js'
import { gatherEvidence } from './gather-evidence.js'
import { type AnswerToolCall, generateWithTools } from './generate-answer.js'
import {
  type EvidenceConflict,
  formatSourcesForPrompt,
  type NumberedSource,
} from './pack-evidence.js'
import { DEFAULT_EVIDENCE_POLICY, type EvidencePolicy } from './select-evidence.js'
import { buildSystemPrompt } from './system-prompt.js'
import {
  correctDrugNames,
  type DrugVocabulary,
  describesCase,
  detectCalculatorIntent,
  type SpellingCorrection,
} from './understand-query.js'

/** What a citation card shows, in the shape the HTTP API returns. */
export interface CitationCard {
  index: number
  /** The id of the source document (several passages may share one). */
  documentId: string
  title: string
  source: string
  url: string
  date: string | null
  authority: Authority
  passage: string
  /** Whether the sentences citing it are supported; null when not cited or not checked. */
  supported: boolean | null
  citation?: string
  materialType: string
  demonstration?: boolean
  /** The relevance estimate (0-1) the evidence policy gave it; absent when the policy is off. */
  relevance?: number
}

/** How the shown evidence was chosen, for the page and for debugging. */
export interface EvidenceSummary {
  /** The text sent to the search (the question plus clinical terms for lay phrases). */
  searchQuery: string
  /** The policy applied; null when it is off. */
  policy: EvidencePolicy | null
  /** Passages the search returned. */
  retrieved: number
  /** Passages left out under the relevance floor. */
  belowFloor: number
  /** Low-authority passages hidden because on-topic A-C evidence exists. */
  hiddenLowAuthority: number
}

/** The result of {@link answerQuestion}. */
export interface AnswerResult {
  /** `generated` by a model, or `evidence` (ranked passages only, no model configured). */
  mode: 'generated' | 'evidence'
  answer: string
  question: string
  /** The query after drug-name correction, as used for retrieval. */
  query: string
  corrections: SpellingCorrection[]
  /** How a follow-up was resolved against earlier turns before searching. */
  followUp: FollowUpResolution
  /** MedCalc-Bench ids of calculators the question asks for. */
  calculatorIntent: number[]
  /**
   * One per calculator asked for: computed from the stated inputs (rules, or the model's tool
   * call), or the missing inputs and the prefill for the form.
   */
  calculations: CalculatorAnswer[]
  citations: CitationCard[]
  conflicts: EvidenceConflict[]
  evidence: EvidenceSummary
  citationCheck: CitationCheckResult | null
  toolCalls: AnswerToolCall[]
  /** Notes for the reader: evidence mode, unsupported sentences, missing evidence. */
  notes: string[]
  usage: { promptTokens: number; completionTokens: number; totalTokens: number }
  latencyMs: number
  model: string | null
}

/** Construction settings of an answerer. */
export interface AnswererSettings {
  evidence: EvidenceSource
  /** The generating model; without it answers are in evidence mode. */
  model?: ChatModel
  /** A judge for citation support (optional; lexical checks always run). */
  judge?: ChatModel
  /** The model that condenses follow-ups into standalone queries. Default: `model`. */
  condenseModel?: ChatModel
  drugVocabulary?: DrugVocabulary
  /** Passages retrieved before packing. Default 12. */
  topK?: number
  /** Token budget of the packed evidence. Default 1,800. */
  tokenBudget?: number
  /** Sources kept after packing. Default 6. */
  maxSources?: number
  /** Rounds of calculator tool calls allowed. Default 3. */
  maxToolRounds?: number
  /** Sampling temperature. Default 0.2. */
  temperature?: number
  /** Completion budget. Default 700 tokens. */
  maxTokens?: number
  /**
   * Evidence selection (relevance floor, authority policy); `false` shows the search results as
   * ranked, as before the policy existed. Default {@link DEFAULT_EVIDENCE_POLICY}.
   */
  evidencePolicy?: Partial<EvidencePolicy> | false
}

/** Options of one question. */
export interface AnswerOptions {
  question: string
  /**
   * Earlier turns of the conversation: given to the model, and used to resolve a follow-up
   * question before retrieval (condensed by the model, or the earlier topics carried by rule).
   */
  history?: readonly ChatMessage[]
  filter?: EvidenceFilter
  /**
   * Per-question overrides of the answerer's evidence policy (the page's controls); `false` shows
   * the search results as ranked, without the floor or the authority rules.
   */
  policy?: Partial<EvidencePolicy> | false
  signal?: AbortSignal
}

const EVIDENCE_NOTE =
  'No language model is configured, so no answer was generated: these are the most relevant passages from the indexed sources, ranked by relevance and authority. Read the cited sources themselves.'
const NO_EVIDENCE_NOTE =
  'No language model is configured, and no passage in the index answers this question. Try naming the condition, drug or test, or search a larger index.'

function toCard(
  source: NumberedSource,
  supported: boolean | null,
  relevance: ReadonlyMap<string, number>,
): CitationCard {
  const card: CitationCard = {
    index: source.index,
    documentId: source.documentId,
    title: source.title,
    source: source.source,
    url: safeLinkUrl(source.url),
    date: source.date ?? null,
    authority: source.authority,
    passage: source.text,
    supported,
    materialType: source.materialType,
  }
  if (source.citation !== undefined) card.citation = source.citation
  if (source.demonstration !== undefined) card.demonstration = source.demonstration
  const estimate = relevance.get(source.id)
  if (estimate !== undefined) card.relevance = estimate
  return card
}

function evidenceAnswer(
  sources: readonly NumberedSource[],
  conflicts: readonly EvidenceConflict[],
): string {
  if (sources.length === 0) return 'No passage in the indexed sources answers this question.'
  const lines = sources.map((source) => {
    const firstSentence =
      source.text.match(/^.*?[.!?](?:\s|$)/)?.[0]?.trim() ?? source.text.slice(0, 240)
    return `[${source.index}] ${source.title} (${source.source}${source.date ? `, ${source.date}` : ''}; authority ${source.authority}): ${firstSentence}`
  })
  const conflictLines = conflicts.map(
    (conflict) =>
      `Sources [${conflict.sources[0]}] and [${conflict.sources[1]}] may disagree: ${conflict.reason}.`,
  )
  return [...lines, ...conflictLines].join('\n')
}

/** The calculations of a generated answer: a model's tool call replaces the rule-based run of its calculator. */
function modelCalculations(
  calculations: readonly CalculatorAnswer[],
  toolCalls: readonly AnswerToolCall[],
): CalculatorAnswer[] {
  const fromTools = toolCalls
    .map((call) => calculatorAnswerFromToolCall(call.name, call.arguments))
    .filter((answer): answer is CalculatorAnswer => answer !== null)
  const byTool = new Map(fromTools.map((answer) => [answer.calculator.id, answer]))
  const merged = calculations.map((answer) => byTool.get(answer.calculator.id) ?? answer)
  for (const answer of fromTools) {
    if (!merged.some((item) => item.calculator.id === answer.calculator.id)) merged.push(answer)
  }
  return merged
}

/**
 * Creates an answerer bound to an evidence source and, optionally, a model.
 *
 * @example
 * const answerer = createAnswerer({ evidence, model })
 * const result = await answerer.answer({ question: 'What is the first-line drug for type 2 diabetes?' })
 */
export function createAnswerer(settings: AnswererSettings): {
  answer(options: AnswerOptions): Promise<AnswerResult>
} {
  const topK = settings.topK ?? 12
  return {
    async answer(options) {
      const started = performance.now()
      const question = options.question.trim()
      const { text: query, corrections } =
        settings.drugVocabulary === undefined
          ? { text: question, corrections: [] }
          : correctDrugNames(question, settings.drugVocabulary)
      const calculatorIntent = detectCalculatorIntent(query)
      // A Chinese question gets its calculator results in Chinese (name, labels, interpretation).
      const chinese = isChineseQuestion(question)
      const inLanguage = (answer: CalculatorAnswer): CalculatorAnswer =>
        chinese ? localizeCalculatorAnswerZh(answer) : answer
      const calculations = calculatorIntent
        .map((id) => answerCalculatorQuestion(id, query))
        .map(inLanguage)
      const followUp = await resolveFollowUp({
        question: query,
        ...(options.history === undefined ? {} : { history: options.history }),
        ...((settings.condenseModel ?? settings.model) === undefined
          ? {}
          : { model: settings.condenseModel ?? settings.model }),
        ...(settings.drugVocabulary === undefined ? {} : { vocabulary: settings.drugVocabulary }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
      const policy =
        settings.evidencePolicy === false || options.policy === false
          ? false
          : { ...DEFAULT_EVIDENCE_POLICY, ...settings.evidencePolicy, ...options.policy }
      // A calculator question's evidence is about the calculator; the case details go to the tool.
      const evidenceQuestion =
        calculatorIntent.length > 0 && describesCase(query)
          ? calculatorIntent.map((id) => getCalculator(id).name).join('; ')
          : followUp.query
      const gathered = await gatherEvidence({
        evidence: settings.evidence,
        question: evidenceQuestion,
        topK,
        tokenBudget: settings.tokenBudget ?? 1800,
        maxSources: settings.maxSources ?? 6,
        policy,
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(followUp.anchors.length > 0 && calculatorIntent.length === 0
          ? { required: followUp.anchors }
          : {}),
        ...(settings.drugVocabulary === undefined
          ? {}
          : { synonyms: settings.drugVocabulary.aliases }),
      })
      const packed = gathered.packed
      const relevance = new Map(
        (gathered.selection?.scored ?? []).map((item) => [item.passage.id, item.relevance]),
      )
      const evidence: EvidenceSummary = {
        searchQuery: gathered.searchQuery,
        policy: policy === false ? null : policy,
        retrieved:
          gathered.selection?.scored.length ?? packed.sources.length + packed.dropped.length,
        belowFloor:
          gathered.selection?.dropped.filter((item) => item.reason.startsWith('relevance'))
            .length ?? 0,
        hiddenLowAuthority: gathered.selection?.hiddenLowAuthority ?? 0,
      }
      const notes: string[] = []
      if (followUp.method !== 'standalone') {
        notes.push(`Read as a follow-up; searched for: "${followUp.query}".`)
      }
      if (followUp.modelProblem !== undefined) {
        notes.push(`The follow-up could not be condensed (${followUp.modelProblem}).`)
      }
      if (gathered.selection?.onlyLowAuthority) {
        notes.push(
          'Only low-authority sources in the index touch on this question; treat them with caution.',
        )
      }
      if (corrections.length > 0) {
        notes.push(
          `Corrected spelling: ${corrections.map((correction) => `"${correction.from}" → "${correction.to}"`).join(', ')}.`,
        )
      }
      const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 }
      if (settings.model === undefined) {
        notes.unshift(packed.sources.length > 0 ? EVIDENCE_NOTE : NO_EVIDENCE_NOTE)
        for (const calculation of calculations) {
          if (calculation.status !== 'computed') {
            notes.push(
              chinese
                ? `${calculation.calculator.name}：请打开计算器表单（已按题中信息预填）${calculation.status === 'needs-inputs' ? '补充缺少的数据' : '改正不合理的数值'}。`
                : `${calculation.calculator.name}: open the calculator form (prefilled with what the question states) to add ${calculation.status === 'needs-inputs' ? 'the missing inputs' : 'a valid value'}.`,
            )
          }
        }
        return {
          mode: 'evidence',
          answer: [
            ...calculations.map(chinese ? describeCalculatorAnswerZh : describeCalculatorAnswer),
            evidenceAnswer(packed.sources, packed.conflicts),
          ].join('\n\n'),
          question,
          query,
          corrections,
          followUp,
          calculatorIntent,
          calculations,
          citations: packed.sources.map((source) => toCard(source, null, relevance)),
          conflicts: packed.conflicts,
          evidence,
          citationCheck: null,
          toolCalls: [],
          notes,
          usage,
          latencyMs: Math.round(performance.now() - started),
          model: null,
        }
      }

      const model = settings.model
      const tools: ToolDefinition[] = calculatorTools(calculatorIntent).map((tool) => ({
        name: tool.function.name,
        description: tool.function.description,
        parameters: tool.function.parameters as Record<string, unknown>,
      }))
      const messages: ChatMessage[] = [
        {
          role: 'system',
          content: buildSystemPrompt({
            sources: formatSourcesForPrompt(packed),
            hasTools: tools.length > 0,
          }),
        },
        ...(options.history ?? []).filter(
          (message) => message.role === 'user' || message.role === 'assistant',
        ),
        {
          role: 'user',
          content: [
            question,
            ...(corrections.length > 0 ? [`(Spelling corrected for search: ${query})`] : []),
            ...calculations
              .filter((calculation) => calculation.status === 'computed')
              .map((calculation) =>
                chinese
                  ? `（Galen 计算器根据上文给出的数据算得：${calculation.calculator.name} = ${calculation.display}。如数据不同，请调用工具重新计算。）`
                  : `(Galen's calculator, from the inputs stated above: ${calculation.calculator.name} = ${calculation.display}. Call the tool if the inputs differ.)`,
              ),
          ].join('\n\n'),
        },
      ]
      const generated = await generateWithTools({
        model,
        messages,
        tools,
        maxRounds: settings.maxToolRounds ?? 3,
        temperature: settings.temperature ?? 0.2,
        maxTokens: settings.maxTokens ?? 700,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
      const { answer, toolCalls } = generated
      notes.push(...generated.notes)
      usage.promptTokens += generated.usage.promptTokens
      usage.completionTokens += generated.usage.completionTokens
      usage.totalTokens += generated.usage.totalTokens
      const citationCheck = await checkCitations({
        answer,
        sources: packed.sources,
        ...(settings.judge === undefined ? {} : { judge: settings.judge }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      })
      // A sentence that only restates a calculator result is supported by the tool output.
      const computedText = calculations
        .filter((calculation) => calculation.status === 'computed')
        .map((calculation) => `${calculation.value}`)
      if (toolCalls.some((call) => call.ok) || computedText.length > 0) {
        const toolText = [
          ...toolCalls.filter((call) => call.ok).map((call) => call.result),
          ...computedText,
        ].join(' ')
        for (const sentence of citationCheck.sentences) {
          if (
            sentence.method === 'uncited' &&
            /\d/.test(sentence.text) &&
            sentence.text.match(/\d+(?:\.\d+)?/g)?.some((number) => toolText.includes(number))
          ) {
            sentence.supported = true
            sentence.problems = []
            sentence.method = 'lexical'
          }
        }
        citationCheck.uncitedClaims = citationCheck.sentences.filter(
          (sentence) => sentence.method === 'uncited',
        ).length
      }
      if (citationCheck.invalidCitations.length > 0) {
        notes.push(
          `The answer cites sources that were not given: ${citationCheck.invalidCitations.map((number) => `[${number}]`).join(', ')}.`,
        )
      }
      if (citationCheck.unsupported > 0) {
        notes.push(
          `${citationCheck.unsupported} cited sentence(s) are not supported by the sources they cite; they are flagged.`,
        )
      }
      if (packed.sources.length === 0)
        notes.push('No relevant evidence was found; treat the answer with caution.')
      const support = new Map(
        citationCheck.sources.map((source) => [source.index, source.supported]),
      )
      return {
        mode: 'generated',
        answer,
        question,
        query,
        corrections,
        followUp,
        calculatorIntent,
        calculations: modelCalculations(calculations, toolCalls).map(inLanguage),
        citations: packed.sources.map((source) =>
          toCard(source, support.get(source.index) ?? null, relevance),
        ),
        conflicts: packed.conflicts,
        evidence,
        citationCheck,
        toolCalls,
        notes,
        usage,
        latencyMs: Math.round(performance.now() - started),
        model: model.model,
      }
    },
  }
}
