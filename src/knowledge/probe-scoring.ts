/**
 * Scoring probe answers against alias sets: normalisation (case, punctuation, articles,
 * possessives, plurals, common clinical abbreviations, full-width forms, Chinese punctuation and
 * spacing), accuracy@1 and @k, per relation, per category, per kind, agreement across the templates
 * of one fact, and the effect of leading text.
 */
import type { Language } from './predicates.js'
import type { Probe, ProbeCategory } from './probes.js'

/**
 * Common clinical abbreviations → full names (demonstration list written for Galen from general
 * clinical usage; extend it for your domain).
 */
export const PROBE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  copd: 'chronic obstructive pulmonary disease',
  t2dm: 'type 2 diabetes mellitus',
  t1dm: 'type 1 diabetes mellitus',
  mi: 'myocardial infarction',
  chf: 'congestive heart failure',
  htn: 'hypertension',
  ckd: 'chronic kidney disease',
  uti: 'urinary tract infection',
  gerd: 'gastroesophageal reflux disease',
  ra: 'rheumatoid arthritis',
  sle: 'systemic lupus erythematosus',
  tb: 'tuberculosis',
  dvt: 'deep vein thrombosis',
  pe: 'pulmonary embolism',
  af: 'atrial fibrillation',
  cad: 'coronary artery disease',
  ibd: 'inflammatory bowel disease',
  hiv: 'human immunodeficiency virus infection',
  ards: 'acute respiratory distress syndrome',
  aki: 'acute kidney injury',
}

function singular(word: string): string {
  if (word.length <= 3) return word
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`
  if (/(ses|xes|ches|shes)$/.test(word)) return word.slice(0, -2)
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1)
  return word
}

/** The comparable form of an answer or a response line. */
export function normalizeAnswer(text: string, language: Language): string {
  let value = text.normalize('NFKC').trim()
  value = value.replace(/^(answer|the answer is|答案)\s*[:：是为]?\s*/i, '')
  if (language === 'zh' || /\p{Script=Han}/u.test(value)) {
    const compact = value.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')
    if (/\p{Script=Han}/u.test(compact)) return compact
  }
  const words = value
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '')
  while (words.length > 1 && /^(the|a|an)$/.test(words[0] ?? '')) words.shift()
  const expanded =
    words.length === 1 && PROBE_ABBREVIATIONS[words[0] ?? ''] !== undefined
      ? (PROBE_ABBREVIATIONS[words[0] ?? ''] as string).split(' ')
      : words
  return expanded.map(singular).join(' ')
}

/** The ranked candidate answers in one or more responses (one per line of each, in order). */
export function candidateAnswers(responses: readonly string[]): string[] {
  return responses.flatMap((response) =>
    response
      .split('\n')
      .map((line) => line.replace(/^\s*(\d+[.)]|[-*•])\s*/, '').trim())
      .filter((line) => line !== ''),
  )
}

/** Whether a candidate names one of the answers. */
export function matchesAnswer(
  candidate: string,
  answers: readonly string[],
  language: Language,
): boolean {
  const normalized = normalizeAnswer(candidate, language)
  if (normalized === '') return false
  const candidateWords = normalized.split(' ')
  return answers.some((answer) => {
    const gold = normalizeAnswer(answer, language)
    if (gold === '') return false
    if (gold === normalized) return true
    if (!gold.includes(' ') && /\p{Script=Han}/u.test(gold))
      return normalized.length <= 30 && normalized.includes(gold)
    // A short sentence that contains the answer as a run of whole words ("It treats Parkinson disease").
    if (candidateWords.length > 12) return false
    return ` ${normalized} `.includes(` ${gold} `)
  })
}

/** Accuracy of a group. */
export interface ProbeAccuracy {
  n: number
  accuracy: number
}

/** The probe summary (`galen probe replay --json`). */
export interface ProbeSummary {
  n: number
  /** Probes with at least one response. */
  answered: number
  /** accuracy@1 over all probes (an unanswered probe is wrong). */
  accuracy: number
  k: number
  accuracy_at_k: number
  by_relation: Record<string, ProbeAccuracy>
  by_category: Partial<Record<ProbeCategory, ProbeAccuracy>>
  by_kind: Record<string, ProbeAccuracy>
  /**
   * Over facts asked with two or more templates (same leading-text setting): the share of
   * template pairs whose first answers are the same after normalisation.
   */
  template_agreement: number | null
  /** accuracy@1 with and without leading text, and the difference (with − without). */
  leading_text: { with: ProbeAccuracy; without: ProbeAccuracy; delta: number | null }
}

function accumulate(
  groups: Map<string, { n: number; correct: number }>,
  key: string,
  correct: boolean,
): void {
  const group = groups.get(key) ?? { n: 0, correct: 0 }
  group.n += 1
  if (correct) group.correct += 1
  groups.set(key, group)
}

function toAccuracy(
  groups: Map<string, { n: number; correct: number }>,
): Record<string, ProbeAccuracy> {
  return Object.fromEntries(
    [...groups]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, group]) => [
        key,
        { n: group.n, accuracy: group.n === 0 ? 0 : group.correct / group.n },
      ]),
  )
}

/**
 * Scores responses to probes.
 *
 * @param options.responses - probe id → responses (samples, in order)
 * @param options.k - the k of accuracy@k (default 5)
 */
export function scoreProbes(options: {
  probes: readonly Probe[]
  responses: ReadonlyMap<string, readonly string[]>
  k?: number
}): ProbeSummary {
  const k = options.k ?? 5
  let answered = 0
  let correctAt1 = 0
  let correctAtK = 0
  const byRelation = new Map<string, { n: number; correct: number }>()
  const byCategory = new Map<string, { n: number; correct: number }>()
  const byKind = new Map<string, { n: number; correct: number }>()
  const byLeading = new Map<string, { n: number; correct: number }>()
  const firstAnswers = new Map<string, string[]>()
  for (const probe of options.probes) {
    const responses = options.responses.get(probe.id) ?? []
    if (responses.length > 0) answered += 1
    const candidates = candidateAnswers(responses)
    const first = candidates[0]
    const at1 = first !== undefined && matchesAnswer(first, probe.answers, probe.language)
    const atK = candidates
      .slice(0, k)
      .some((candidate) => matchesAnswer(candidate, probe.answers, probe.language))
    if (at1) correctAt1 += 1
    if (atK) correctAtK += 1
    accumulate(byRelation, probe.relation, at1)
    accumulate(byCategory, probe.category, at1)
    accumulate(byKind, probe.kind, at1)
    accumulate(byLeading, probe.leading_text ? 'with' : 'without', at1)
    if (first !== undefined) {
      const key = `${probe.fact_id}\u0000${probe.leading_text}`
      const list = firstAnswers.get(key) ?? []
      list.push(normalizeAnswer(first, probe.language))
      firstAnswers.set(key, list)
    }
  }
  let pairs = 0
  let agreeing = 0
  for (const answers of firstAnswers.values()) {
    for (let left = 0; left < answers.length; left++) {
      for (let right = left + 1; right < answers.length; right++) {
        pairs += 1
        if (answers[left] === answers[right]) agreeing += 1
      }
    }
  }
  const leading = toAccuracy(byLeading)
  const withLead = leading.with ?? { n: 0, accuracy: 0 }
  const withoutLead = leading.without ?? { n: 0, accuracy: 0 }
  const n = options.probes.length
  return {
    n,
    answered,
    accuracy: n === 0 ? 0 : correctAt1 / n,
    k,
    accuracy_at_k: n === 0 ? 0 : correctAtK / n,
    by_relation: toAccuracy(byRelation),
    by_category: toAccuracy(byCategory),
    by_kind: toAccuracy(byKind),
    template_agreement: pairs === 0 ? null : agreeing / pairs,
    leading_text: {
      with: withLead,
      without: withoutLead,
      delta:
        withLead.n === 0 || withoutLead.n === 0 ? null : withLead.accuracy - withoutLead.accuracy,
    },
  }
}
