/**
 * The drug verifier (the report's "Rules (JSON Extraction) + Model", scored on drug entities):
 * drugs named in the response are normalised to one concept each (generic name, brand, synonym,
 * misspelling) and compared with the key by precision, recall and F1.
 */
import {
  type DrugConcept,
  type DrugVocabulary,
  editDistance,
  phraseKey,
} from '../terminology/index.js'
import { answerText } from './answer-text.js'
import { isNegated } from './negation.js'
import { readResponseItems } from './response-items.js'
import { makeResult, type VerifierResult } from './result.js'
import { scoreSets } from './set-score.js'

/** Ground truth of a drug item. */
export interface DrugGroundTruth {
  drugs: readonly string[]
}

/** Options of {@link verifyDrugs}. */
export interface VerifyDrugsOptions {
  response: string
  groundTruth: DrugGroundTruth
  /** Drug normalisation; without it names are compared by spelling only. */
  vocabulary?: DrugVocabulary
}

/** The rule outcome, with what the judge needs when the rules cannot decide. */
export interface DrugRuleOutcome {
  result: VerifierResult
  inconclusive: boolean
}

interface Named {
  id: string
  name: string
  resolved: boolean
}

const COMPONENTS_ZERO = { precision: 0, recall: 0, f1: 0, format: 0, resolved: 0 }

function conceptOf(name: string, vocabulary: DrugVocabulary | undefined): Named {
  const concept: DrugConcept | undefined = vocabulary?.normalize(name)
  if (concept !== undefined) return { id: concept.id, name: concept.name, resolved: true }
  const key = phraseKey(name)
  return { id: `name:${key}`, name, resolved: false }
}

function sameDrug(predicted: Named, key: Named): number {
  if (predicted.id === key.id) return 1
  // Unresolved names still match a key name spelt within one or two edits.
  if (!predicted.resolved || !key.resolved) {
    const left = phraseKey(predicted.name)
    const right = phraseKey(key.name)
    const limit =
      Math.min(left.length, right.length) >= 9
        ? 2
        : Math.min(left.length, right.length) >= 5
          ? 1
          : 0
    if (editDistance(left, right, limit) <= limit) return 1
  }
  return 0
}

/**
 * Scores a drug response by rules. JSON (`{"drugs": [...]}`, lists of names or of objects with a
 * `name`/`drug`/`generic` field) and lists are read item by item; free text is scanned for drug
 * names, skipping negated mentions ("avoid NSAIDs"). The score is F1; components `precision`,
 * `recall`, `f1`, `format` (1 for JSON, 0.5 for a list or text) and `resolved`.
 */
export function scoreDrugRules(options: VerifyDrugsOptions): DrugRuleOutcome {
  const truth = options.groundTruth as { drugs?: unknown }
  if (
    typeof truth !== 'object' ||
    truth === null ||
    !Array.isArray(truth.drugs) ||
    truth.drugs.length === 0 ||
    truth.drugs.some((drug) => typeof drug !== 'string' || drug.trim() === '')
  ) {
    return {
      result: makeResult(
        0,
        'error',
        `drug: ground_truth.drugs must be a non-empty list of names, got ${JSON.stringify((truth as { drugs?: unknown } | null)?.drugs ?? null)}`,
        COMPONENTS_ZERO,
      ),
      inconclusive: false,
    }
  }
  const prepared = answerText(options.response)
  if (!prepared.ok) {
    return {
      result: makeResult(0, 'format_error', `drug: ${prepared.reason}`, COMPONENTS_ZERO),
      inconclusive: false,
    }
  }
  const keyConcepts = uniqueById(
    (truth.drugs as string[]).map((name) => conceptOf(name, options.vocabulary)),
  )
  const read = readResponseItems(prepared.text, [
    'drugs',
    'medications',
    'medicines',
    'prescriptions',
    'treatment',
    'recommendations',
    'answer',
  ])
  let predicted: Named[]
  let format: number
  if (read.layout === 'json' || read.layout === 'list' || read.layout === 'heading') {
    format = read.layout === 'json' ? 1 : 0.5
    predicted = read.items
      .filter((item) => item.text !== '')
      .map((item) => {
        // A list line may hold a dose and an explanation: prefer a known drug inside it.
        const direct = conceptOf(item.text, options.vocabulary)
        if (direct.resolved || options.vocabulary === undefined) return direct
        const mention = options.vocabulary.findMentions(item.text)[0]
        return mention === undefined
          ? direct
          : { id: mention.id, name: mention.name, resolved: true }
      })
  } else {
    format = 0.5
    const mentions = options.vocabulary?.findMentions(prepared.text) ?? []
    predicted = mentions
      .filter((mention) => !isNegated(prepared.text, mention.start, mention.end))
      .map((mention) => ({ id: mention.id, name: mention.name, resolved: true }))
    if (options.vocabulary === undefined) {
      // Without a vocabulary, look for the key's names in the text.
      const text = ` ${phraseKey(prepared.text)} `
      predicted = keyConcepts.filter((concept) => text.includes(` ${phraseKey(concept.name)} `))
    }
  }
  predicted = uniqueById(predicted)
  if (predicted.length === 0) {
    return {
      result: makeResult(0, 'format_error', 'drug: no drug found in the response', {
        ...COMPONENTS_ZERO,
        format,
      }),
      inconclusive: read.layout === 'line',
    }
  }
  const scores = scoreSets(predicted, keyConcepts, sameDrug)
  const resolved = predicted.filter((drug) => drug.resolved).length / predicted.length
  const unresolvedWrong = predicted.filter(
    (drug) => !drug.resolved && !keyConcepts.some((key) => sameDrug(drug, key) > 0),
  )
  const components = {
    precision: scores.precision,
    recall: scores.recall,
    f1: scores.f1,
    format,
    resolved,
  }
  const shown = predicted
    .slice(0, 5)
    .map((drug) => drug.name)
    .join(', ')
  return {
    result: makeResult(
      scores.f1,
      'ok',
      `drug: F1 ${scores.f1.toFixed(3)} (precision ${scores.precision.toFixed(2)}, recall ${scores.recall.toFixed(2)}); read ${shown}; key ${keyConcepts.map((drug) => drug.name).join(', ')}${unresolvedWrong.length > 0 ? `; ${unresolvedWrong.length} unknown name(s)` : ''}`,
      components,
    ),
    inconclusive: unresolvedWrong.length > 0 && scores.recall < 1,
  }
}

function uniqueById(list: readonly Named[]): Named[] {
  const seen = new Set<string>()
  const result: Named[] = []
  for (const item of list) {
    if (seen.has(item.id)) continue
    seen.add(item.id)
    result.push(item)
  }
  return result
}

/** Scores a drug response by rules (see {@link scoreDrugRules}). */
export function verifyDrugs(options: VerifyDrugsOptions): VerifierResult {
  return scoreDrugRules(options).result
}
