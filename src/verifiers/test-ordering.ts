/**
 * The test-ordering verifier (the report's "Rules (Keyword Matching)"): tests named in the
 * response are matched against the key with a lexicon of tests, abbreviations and synonyms;
 * negated mentions ("no need for a CT") do not count.
 */
import { phraseKey, type TestLexicon } from '../terminology/index.js'
import { answerText } from './answer-text.js'
import { isNegated } from './negation.js'
import { readResponseItems } from './response-items.js'
import { makeResult, type VerifierResult } from './result.js'
import { scoreSets } from './set-score.js'

/** Ground truth of a test-ordering item. */
export interface TestOrderingGroundTruth {
  tests: readonly string[]
}

/** Options of {@link verifyTestOrdering}. */
export interface VerifyTestOrderingOptions {
  response: string
  groundTruth: TestOrderingGroundTruth
  lexicon: TestLexicon
}

interface Ordered {
  id: string
  name: string
}

const COMPONENTS_ZERO = { precision: 0, recall: 0, f1: 0, format: 0 }

/**
 * Scores the tests a response orders. The score is F1 over tests (a more specific test than the
 * key's counts fully, a more general one half; a panel counts for its parts); components
 * `precision`, `recall`, `f1`, `format` (1 for JSON, 0.5 otherwise).
 */
export function verifyTestOrdering(options: VerifyTestOrderingOptions): VerifierResult {
  const truth = options.groundTruth as { tests?: unknown }
  if (
    typeof truth !== 'object' ||
    truth === null ||
    !Array.isArray(truth.tests) ||
    truth.tests.length === 0 ||
    truth.tests.some((test) => typeof test !== 'string' || test.trim() === '')
  ) {
    return makeResult(
      0,
      'error',
      `test_ordering: ground_truth.tests must be a non-empty list of names, got ${JSON.stringify((truth as { tests?: unknown } | null)?.tests ?? null)}`,
      COMPONENTS_ZERO,
    )
  }
  const { lexicon } = options
  const keyTests: Ordered[] = []
  for (const name of truth.tests as string[]) {
    const concept = lexicon.normalize(name)
    const ordered =
      concept === undefined
        ? { id: `name:${phraseKey(name)}`, name }
        : { id: concept.id, name: concept.name }
    if (!keyTests.some((test) => test.id === ordered.id)) keyTests.push(ordered)
  }
  const prepared = answerText(options.response)
  if (!prepared.ok)
    return makeResult(0, 'format_error', `test_ordering: ${prepared.reason}`, COMPONENTS_ZERO)
  const text = prepared.text
  const read = readResponseItems(text, [
    'tests',
    'investigations',
    'workup',
    'orders',
    'recommended_tests',
    'answer',
  ])
  const format = read.layout === 'json' ? 1 : 0.5
  const ordered: Ordered[] = []
  const addOrdered = (test: Ordered): void => {
    if (!ordered.some((existing) => existing.id === test.id)) ordered.push(test)
  }
  if (read.layout === 'json') {
    for (const item of read.items) {
      const concept = lexicon.normalize(item.text)
      if (concept !== undefined) addOrdered({ id: concept.id, name: concept.name })
      else if (item.text !== '') addOrdered({ id: `name:${phraseKey(item.text)}`, name: item.text })
    }
  } else {
    for (const mention of lexicon.findMentions(text)) {
      if (!isNegated(text, mention.start, mention.end))
        addOrdered({ id: mention.concept.id, name: mention.concept.name })
    }
    // Key tests missing from the lexicon are found by their exact words.
    const words = ` ${phraseKey(text)} `
    for (const test of keyTests) {
      if (!test.id.startsWith('name:')) continue
      const phrase = test.id.slice(5)
      const at = words.indexOf(` ${phrase} `)
      if (at >= 0) addOrdered(test)
    }
  }
  if (ordered.length === 0) {
    return makeResult(0, 'format_error', 'test_ordering: no test found in the response', {
      ...COMPONENTS_ZERO,
      format,
    })
  }
  const credit = (test: Ordered, key: Ordered): number =>
    test.id === key.id
      ? 1
      : test.id.startsWith('name:') || key.id.startsWith('name:')
        ? 0
        : lexicon.credit(test.id, key.id)
  const scores = scoreSets(ordered, keyTests, credit)
  return makeResult(
    scores.f1,
    'ok',
    `test_ordering: F1 ${scores.f1.toFixed(3)} (precision ${scores.precision.toFixed(2)}, recall ${scores.recall.toFixed(2)}); ordered ${ordered
      .slice(0, 6)
      .map((test) => test.name)
      .join(', ')}; key ${keyTests.map((test) => test.name).join(', ')}`,
    { precision: scores.precision, recall: scores.recall, f1: scores.f1, format },
  )
}
