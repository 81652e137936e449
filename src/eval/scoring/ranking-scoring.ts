/**
 * Scores a ranked-diagnosis response (rare-disease cases): the response is read as an ordered
 * list of disease names, each name is resolved to disease codes through the item's name maps,
 * and the rank of the first gold disease gives top-1, top-3 and top-10 recall. Model output is
 * untrusted: JSON is parsed safely and anything unreadable is a format error, never an exception.
 */
import type { RankingTarget } from '../item.js'
import { jsonAnswerValues, LIST_MARKER } from './json-answer.js'
import { type RankingHits, type ScoredAnswer, unread } from './scored-answer.js'

/** Most predictions read from one response (the prompt asks for ten). */
const MAX_PREDICTIONS = 50

/** Keys of a JSON answer object that may hold the ranked list. */
const LIST_KEYS = ['diagnoses', 'diagnosis', 'answer', 'answers', '诊断', '答案']

/** Keys of a list entry object that may hold the disease name. */
const NAME_KEYS = ['name', 'disease', 'diagnosis', '疾病', '诊断', '名称']

function entryName(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry.trim() === '' ? undefined : entry.trim()
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
  const record = entry as Record<string, unknown>
  for (const key of NAME_KEYS) {
    const value = record[key]
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return undefined
}

function jsonList(text: string): string[] | undefined {
  for (const list of jsonAnswerValues(text, LIST_KEYS, Array.isArray)) {
    if (!Array.isArray(list)) continue
    const names = list.map(entryName).filter((name): name is string => name !== undefined)
    if (names.length > 0) return names
  }
  return undefined
}

function lineList(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  const listed = lines
    .filter((line) => LIST_MARKER.test(line))
    .map((line) => line.replace(LIST_MARKER, '').replace(/\*\*/g, '').trim())
    .filter((line) => line !== '')
  if (listed.length > 0) return listed
  // One line of names separated by semicolons or commas.
  const single = lines.filter((line) => line !== '')
  if (single.length === 1)
    return (single[0] as string)
      .split(/[;；,，、]/)
      .map((part) => part.trim())
      .filter((part) => part !== '')
  return []
}

/**
 * The ranked names of a response: a JSON answer (`{"diagnoses": [...]}`, a JSON array of names,
 * or of objects with a `name`), else numbered or bulleted lines, else one line split at
 * semicolons and commas. At most 50 names, in the response's order.
 */
export function readRankedNames(response: string): string[] {
  return (jsonList(response) ?? lineList(response)).slice(0, MAX_PREDICTIONS)
}

/** The forms of a listed entry worth resolving: as written, before a colon, inside brackets. */
function nameVariants(entry: string): string[] {
  const variants = [entry]
  const beforeColon = entry.split(/[:：]|\s[-–—]\s/)[0]?.trim()
  if (beforeColon !== undefined && beforeColon !== '') variants.push(beforeColon)
  const base = beforeColon ?? entry
  const outside = base.replace(/[(（][^)）]*[)）]/g, '').trim()
  if (outside !== '') variants.push(outside)
  for (const match of base.matchAll(/[(（]([^)）]+)[)）]/g)) {
    const inner = match[1]?.trim()
    if (inner !== undefined && inner !== '') variants.push(inner)
  }
  return [...new Set(variants)]
}

function resolveEntry(target: RankingTarget, entry: string): readonly string[] {
  const codes = new Set<string>()
  for (const variant of nameVariants(entry))
    for (const code of target.resolve(variant)) codes.add(code)
  return [...codes]
}

/**
 * Scores the ranked names of a response against the gold codes. `correct` and `score` are the
 * top-1 hit; `ranking` carries the rank and the top-1, top-3 and top-10 hits. A response with no
 * readable list is a `format_error`.
 */
export function scoreRankedDiagnoses(target: RankingTarget, response: string): ScoredAnswer {
  const names = readRankedNames(response)
  if (names.length === 0) {
    return {
      ...unread('format_error', 'no ranked list of diagnoses found'),
      ranking: { rank: null, top1: 0, top3: 0, top10: 0 },
    }
  }
  const gold = new Set(target.codes)
  let rank: number | null = null
  let unmapped = 0
  names.forEach((name, position) => {
    const codes = resolveEntry(target, name)
    if (codes.length === 0) unmapped += 1
    if (rank === null && codes.some((code) => gold.has(code))) rank = position + 1
  })
  const found: number | null = rank
  const within = (k: number): number => (found !== null && found <= k ? 1 : 0)
  const ranking: RankingHits = { rank: found, top1: within(1), top3: within(3), top10: within(10) }
  return {
    parsed: names.slice(0, 10).join(' | '),
    status: 'ok',
    correct: ranking.top1 === 1,
    score: ranking.top1,
    reason:
      found === null
        ? `no gold disease among ${names.length} predictions (${unmapped} not in the name maps)`
        : `first gold disease at rank ${found} of ${names.length} (${unmapped} not in the name maps)`,
    method: 'ranked-list',
    ranking,
  }
}
