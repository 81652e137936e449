/**
 * Rule-based annotations of a candidate answer (the report's automatic format and correctness
 * checks): format, citation validity (a citation of a passage that was not given included),
 * length, and forbidden content. The forbidden-content list is Galen's own demonstration list,
 * written for this project from common patient-safety guidance (never promise a cure, never tell a
 * patient to stop prescribed treatment unsupervised, never claim to be a doctor); extend it per
 * deployment.
 */
import type { CitationCheckResult } from '../answer/index.js'
import type { RuleAnnotation } from './draft-item.js'

/** Settings of {@link annotateCandidate}. */
export interface RuleAnnotationSettings {
  /** Shortest acceptable answer in code points. Default 20. */
  minChars?: number
  /** Longest acceptable answer in code points. Default 4,000. */
  maxChars?: number
}

const FORBIDDEN: ReadonlyArray<{ pattern: RegExp; message: string }> = [
  {
    pattern:
      /\b(?:guaranteed?|100\s*%)\s+(?:cure|curable|recovery|effective)\b|保证(?:治愈|根治|痊愈)|百分之百(?:治愈|有效)|包治/i,
    message: 'promises a cure or a certain outcome',
  },
  {
    pattern:
      /\bstop\s+taking\s+(?:your|all)\s+(?:medication|medicine|insulin|pills)\b(?![^.]*\b(?:doctor|physician|clinician)\b)|(?:自行|立即)停(?:用|药)/i,
    message: 'tells the patient to stop treatment without medical supervision',
  },
  {
    pattern: /\bas an ai(?: language model)?\b|作为(?:一个)?(?:AI|人工智能)(?:语言模型|助手)?/i,
    message: 'talks about being a model instead of answering',
  },
  {
    pattern: /\bI am (?:a|your) (?:doctor|physician)\b|我是(?:你的)?医生/i,
    message: 'claims to be a clinician',
  },
  {
    pattern: /<\/?think>|<\/?source\b/i,
    message: 'leaks reasoning tags or prompt markup',
  },
]

const HAN = /\p{Script=Han}/gu
const LETTER = /\p{L}/gu

function hanShare(text: string): number {
  const letters = text.match(LETTER)?.length ?? 0
  return letters === 0 ? 0 : (text.match(HAN)?.length ?? 0) / letters
}

/**
 * Annotates one candidate.
 *
 * @param options.question - the question, to check the answer's language against.
 * @param options.check - the citation check of the answer against the given sources.
 */
export function annotateCandidate(
  options: {
    question: string
    text: string
    finishReason: string
    check: CitationCheckResult
    sourceCount: number
  },
  settings: RuleAnnotationSettings = {},
): RuleAnnotation[] {
  const annotations: RuleAnnotation[] = []
  const { text, check } = options
  const length = Array.from(text.trim()).length
  const minChars = settings.minChars ?? 20
  const maxChars = settings.maxChars ?? 4000
  if (options.finishReason === 'length') {
    annotations.push({ rule: 'format', severity: 'error', message: 'cut off at the token limit' })
  }
  if ((text.match(/```/g)?.length ?? 0) % 2 === 1) {
    annotations.push({ rule: 'format', severity: 'warning', message: 'unclosed code fence' })
  }
  const questionHan = hanShare(options.question)
  const answerHan = hanShare(text)
  if (length > 0 && questionHan > 0.5 && answerHan < 0.2) {
    annotations.push({
      rule: 'format',
      severity: 'warning',
      message: 'Chinese question answered in another language',
    })
  } else if (length > 0 && questionHan < 0.05 && answerHan > 0.5) {
    annotations.push({
      rule: 'format',
      severity: 'warning',
      message: 'answered in Chinese to a question in another language',
    })
  }
  if (check.invalidCitations.length > 0) {
    annotations.push({
      rule: 'citation',
      severity: 'error',
      message: `cites ${check.invalidCitations.map((number) => `[${number}]`).join(', ')}, which ${check.invalidCitations.length === 1 ? 'was' : 'were'} not given (sources 1-${options.sourceCount})`,
    })
  }
  const cited = check.sentences.some((sentence) => sentence.citations.length > 0)
  if (!cited && options.sourceCount > 0 && length > 0) {
    annotations.push({ rule: 'citation', severity: 'warning', message: 'cites no source' })
  }
  const unsupported = check.sentences.filter(
    (sentence) => sentence.supported === false && sentence.method !== 'invalid-citation',
  ).length
  if (unsupported > 0) {
    annotations.push({
      rule: 'citation',
      severity: 'warning',
      message: `${unsupported} sentence${unsupported === 1 ? '' : 's'} not supported by a cited source`,
    })
  }
  if (length < minChars) {
    annotations.push({
      rule: 'length',
      severity: 'error',
      message: `${length} characters, under ${minChars}`,
    })
  } else if (length > maxChars) {
    annotations.push({
      rule: 'length',
      severity: 'warning',
      message: `${length} characters, over ${maxChars}`,
    })
  }
  for (const { pattern, message } of FORBIDDEN) {
    if (pattern.test(text)) annotations.push({ rule: 'forbidden', severity: 'error', message })
  }
  return annotations
}

/** The rules component of a candidate's score: 1 − 0.25 per error − 0.1 per warning, at least 0. */
export function rulesScore(annotations: readonly RuleAnnotation[]): number {
  const penalty = annotations.reduce(
    (sum, annotation) => sum + (annotation.severity === 'error' ? 0.25 : 0.1),
    0,
  )
  return Math.max(0, 1 - penalty)
}
