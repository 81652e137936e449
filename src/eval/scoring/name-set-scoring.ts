/**
 * Scores a normalisation response (CHIP-CDN): the response is read as a set of standard names and
 * compared with the gold names by the terminology room's own metric (`scoreNormalization`, micro
 * precision, recall and F1 over names, names matched exactly as CBLUE does). Model output is
 * untrusted: JSON is parsed safely and an unreadable response is a format error, never an
 * exception.
 */
import { scoreNormalization } from '../../terminology/index.js'
import type { NormalizationTarget } from '../item.js'
import { jsonAnswerValues, LIST_MARKER } from './json-answer.js'
import { type NameSetHits, type ScoredAnswer, unread } from './scored-answer.js'

/** Most names read from one response (CHIP-CDN items have at most a handful). */
const MAX_NAMES = 20

/** Keys of a JSON answer object that may hold the names. */
const LIST_KEYS = [
  'names',
  'normalized',
  'normalized_result',
  'answer',
  '标准名称',
  '标准词',
  '答案',
]

/** Labels a model may put before its names (`标准名称：`, `答案：`, `Answer:`). */
const LEAD_LABEL =
  /^(?:标准(?:诊断)?名称|标准词|规范(?:诊断)?名称|诊断|答案|结果|names?|answer)\s*[:：]\s*/iu

/** A line of JSON syntax (braces, a quoted key, a lone bracket), never part of a standard name. */
const JSON_FRAGMENT = /[{}]|"\s*:|^\s*[[\],]+\s*$/

const QUOTES = /^["'“”‘’「」『』]+|["'“”‘’「」『』]+$/gu
const TRAILING_PUNCTUATION = /[。；;，,、]+$/u

function cleanName(raw: string): string {
  return raw
    .replace(LIST_MARKER, '')
    .replace(LEAD_LABEL, '')
    .replace(/\*\*/g, '')
    .replace(TRAILING_PUNCTUATION, '')
    .replace(QUOTES, '')
    .replace(TRAILING_PUNCTUATION, '')
    .trim()
}

function jsonNames(text: string): string[] | undefined {
  const accept = (entry: unknown): boolean => Array.isArray(entry) || typeof entry === 'string'
  for (const value of jsonAnswerValues(text, LIST_KEYS, accept)) {
    // A string value may itself join several names with `##` (CHIP-CDN's own format).
    const entries = typeof value === 'string' ? value.split('##') : value
    if (!Array.isArray(entries)) continue
    const names = entries
      .filter((entry): entry is string => typeof entry === 'string')
      .flatMap((entry) => entry.split('##'))
      .map(cleanName)
      .filter((name) => name !== '')
    if (names.length > 0) return names
    // An explicit empty list is an answer: no standard name applies.
    if (Array.isArray(entries) && entries.length === 0) return []
  }
  return undefined
}

/**
 * The standard names of a response, in order and without repeats: a JSON answer
 * (`{"names": [...]}`, a JSON array, or `{"normalized_result": "A##B"}`), else the text split at
 * `##` and line breaks (list markers, bold marks, quotes and a leading `标准名称：` removed).
 * Returns undefined when the response holds nothing readable as a name.
 */
export function readNormalizedNames(response: string): string[] | undefined {
  const fromJson = jsonNames(response)
  if (fromJson !== undefined) return [...new Set(fromJson)].slice(0, MAX_NAMES)
  // Broken JSON is not read as lines: its braces and keys would become names.
  if (/^[{[]/.test(response.replace(/```(?:json)?/gi, '').trim())) return undefined
  const names = response
    .replace(/```[A-Za-z]*/g, '')
    .split(/##|\r?\n/)
    .filter((line) => !JSON_FRAGMENT.test(line))
    .map(cleanName)
    .filter((name) => name !== '')
  return names.length === 0 ? undefined : [...new Set(names)].slice(0, MAX_NAMES)
}

/**
 * Scores the names of a response against an item's gold names. `score` is the item's F1, `correct`
 * means the predicted set equals the gold set, and `names` carries the predicted names and the
 * count that match, so a summary can compute micro precision, recall and F1 over all items.
 */
export function scoreNameSet(target: NormalizationTarget, response: string): ScoredAnswer {
  const names = readNormalizedNames(response)
  if (names === undefined) {
    return {
      ...unread(
        'format_error',
        'no standard names found (expected JSON {"names": [...]} or names separated by ## or lines)',
      ),
      names: { predicted: [], matched: 0 },
    }
  }
  const gold = new Set(target.names)
  const matched = names.filter((name) => gold.has(name)).length
  const item = scoreNormalization([names], [target.names])
  const hits: NameSetHits = { predicted: names, matched }
  const exact = matched === gold.size && names.length === gold.size
  return {
    parsed: names.join('##'),
    status: 'ok',
    correct: exact,
    score: item.f1,
    reason: `${matched} of ${names.length} predicted names are among the ${gold.size} gold names (F1 ${item.f1})`,
    method: 'name-set',
    names: hits,
  }
}
