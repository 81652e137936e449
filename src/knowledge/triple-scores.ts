/**
 * Text-to-triples scores in the manner of the WebNLG+ 2020 semantic-parsing evaluation: elements
 * normalised (camelCase split, `_` to space, lower case, a trailing parenthesised unit dropped from
 * the object), the shorter triple list of an entry padded with empty triples, a one-to-one
 * assignment of candidate to gold triples that maximises the summed mean F1, and four matching
 * schemes over the subject / predicate / object elements:
 *
 * - strict: exact string and the same role;
 * - exact: exact string, roles may differ (a swapped subject and object still match);
 * - partial: overlapping words count half, exact strings count whole, roles may differ;
 * - type: overlapping words and the same role.
 *
 * Each scheme's precision, recall and F1 is the mean over all assigned triple pairs. This is an
 * element-level re-implementation, not the official token-level script; its figures are close to but
 * not guaranteed identical with the published ones.
 */
import type { WebnlgTriple } from './webnlg.js'

/** The four matching schemes. */
export type TripleScheme = 'strict' | 'exact' | 'partial' | 'type'

/** Precision, recall and F1 on a 0-1 scale. */
export interface PrecisionRecallF1 {
  precision: number
  recall: number
  f1: number
}

/** Scores of a set of entries. */
export type TripleScores = { n: number; pairs: number } & Record<TripleScheme, PrecisionRecallF1>

const SCHEMES: readonly TripleScheme[] = ['strict', 'exact', 'partial', 'type']

/** Normalises one element as the WebNLG scorer does before comparing. */
export function normalizeTripleElement(
  text: string,
  role: 'subject' | 'predicate' | 'object',
): string {
  let value = text
  if (role === 'object') value = value.replace(/\s*_?\([^()]*\)\s*$/, '')
  value = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
  return value
}

type Elements = readonly [string, string, string]

function normalizeTriple(triple: WebnlgTriple | undefined): Elements {
  if (triple === undefined) return ['', '', '']
  return [
    normalizeTripleElement(triple.subject, 'subject'),
    normalizeTripleElement(triple.predicate, 'predicate'),
    normalizeTripleElement(triple.object, 'object'),
  ]
}

function wordsOverlap(left: string, right: string): boolean {
  const words = new Set(left.split(' '))
  return right.split(' ').some((word) => word !== '' && words.has(word))
}

/** Match credit of a candidate element against a gold element under a scheme (0, 0.5 or 1). */
function credit(gold: string, candidate: string, scheme: TripleScheme): number {
  if (gold === '' || candidate === '') return 0
  if (gold === candidate) return 1
  if (scheme === 'partial') return wordsOverlap(gold, candidate) ? 0.5 : 0
  if (scheme === 'type') return wordsOverlap(gold, candidate) ? 1 : 0
  return 0
}

const ROLE_PERMUTATIONS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
]

function pairScore(gold: Elements, candidate: Elements, scheme: TripleScheme): PrecisionRecallF1 {
  const possible = gold.filter((element) => element !== '').length
  const actual = candidate.filter((element) => element !== '').length
  const typed = scheme === 'strict' || scheme === 'type'
  let matched = 0
  for (const permutation of typed
    ? [ROLE_PERMUTATIONS[0] as readonly [number, number, number]]
    : ROLE_PERMUTATIONS) {
    let sum = 0
    for (let role = 0; role < 3; role++) {
      sum += credit(gold[role] ?? '', candidate[permutation[role] ?? role] ?? '', scheme)
    }
    matched = Math.max(matched, sum)
  }
  const precision = actual === 0 ? 0 : matched / actual
  const recall = possible === 0 ? 0 : matched / possible
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1 }
}

/**
 * Minimum-cost assignment of a square cost matrix (Hungarian method, O(n^3)); returns for each
 * row the column assigned to it.
 */
export function assignMinimumCost(cost: ReadonlyArray<readonly number[]>): number[] {
  const size = cost.length
  const rowPotential = new Array<number>(size + 1).fill(0)
  const columnPotential = new Array<number>(size + 1).fill(0)
  const columnRow = new Array<number>(size + 1).fill(0)
  const way = new Array<number>(size + 1).fill(0)
  for (let row = 1; row <= size; row++) {
    columnRow[0] = row
    let column0 = 0
    const minimum = new Array<number>(size + 1).fill(Number.POSITIVE_INFINITY)
    const used = new Array<boolean>(size + 1).fill(false)
    do {
      used[column0] = true
      const row0 = columnRow[column0] ?? 0
      let delta = Number.POSITIVE_INFINITY
      let column1 = 0
      for (let column = 1; column <= size; column++) {
        if (used[column]) continue
        const reduced =
          (cost[row0 - 1]?.[column - 1] ?? 0) -
          (rowPotential[row0] ?? 0) -
          (columnPotential[column] ?? 0)
        if (reduced < (minimum[column] ?? Number.POSITIVE_INFINITY)) {
          minimum[column] = reduced
          way[column] = column0
        }
        if ((minimum[column] ?? Number.POSITIVE_INFINITY) < delta) {
          delta = minimum[column] ?? Number.POSITIVE_INFINITY
          column1 = column
        }
      }
      for (let column = 0; column <= size; column++) {
        if (used[column]) {
          const assignedRow = columnRow[column] ?? 0
          rowPotential[assignedRow] = (rowPotential[assignedRow] ?? 0) + delta
          columnPotential[column] = (columnPotential[column] ?? 0) - delta
        } else {
          minimum[column] = (minimum[column] ?? 0) - delta
        }
      }
      column0 = column1
    } while ((columnRow[column0] ?? 0) !== 0)
    do {
      const column1 = way[column0] ?? 0
      columnRow[column0] = columnRow[column1] ?? 0
      column0 = column1
    } while (column0 !== 0)
  }
  const assignment = new Array<number>(size).fill(0)
  for (let column = 1; column <= size; column++) {
    const row = columnRow[column] ?? 0
    if (row > 0) assignment[row - 1] = column - 1
  }
  return assignment
}

/** Scores of one entry: the assigned pairs' per-scheme values (to be averaged over a corpus). */
export function scoreTripleEntry(
  gold: readonly WebnlgTriple[],
  candidate: readonly WebnlgTriple[],
): Array<Record<TripleScheme, PrecisionRecallF1>> {
  const size = Math.max(gold.length, candidate.length)
  if (size === 0) return []
  const goldElements = Array.from({ length: size }, (_, index) => normalizeTriple(gold[index]))
  const candidateElements = Array.from({ length: size }, (_, index) =>
    normalizeTriple(candidate[index]),
  )
  const table = goldElements.map((goldTriple) =>
    candidateElements.map((candidateTriple) => {
      const scores = {} as Record<TripleScheme, PrecisionRecallF1>
      for (const scheme of SCHEMES) scores[scheme] = pairScore(goldTriple, candidateTriple, scheme)
      return scores
    }),
  )
  const cost = table.map((row) =>
    row.map((scores) => -SCHEMES.reduce((sum, scheme) => sum + scores[scheme].f1, 0) / 4),
  )
  return assignMinimumCost(cost).map(
    (column, row) => table[row]?.[column] as Record<TripleScheme, PrecisionRecallF1>,
  )
}

/**
 * Corpus scores: each scheme's precision, recall and F1 averaged over every assigned triple pair
 * of every entry.
 *
 * @throws RangeError when the lists differ in length
 */
export function scoreTriples(
  gold: ReadonlyArray<readonly WebnlgTriple[]>,
  candidates: ReadonlyArray<readonly WebnlgTriple[]>,
): TripleScores {
  if (gold.length !== candidates.length) {
    throw new RangeError(`triples: ${gold.length} gold entries but ${candidates.length} candidates`)
  }
  const sums = Object.fromEntries(
    SCHEMES.map((scheme) => [scheme, { precision: 0, recall: 0, f1: 0 }]),
  ) as Record<TripleScheme, PrecisionRecallF1>
  let pairs = 0
  gold.forEach((goldTriples, index) => {
    for (const pair of scoreTripleEntry(goldTriples, candidates[index] ?? [])) {
      pairs += 1
      for (const scheme of SCHEMES) {
        sums[scheme].precision += pair[scheme].precision
        sums[scheme].recall += pair[scheme].recall
        sums[scheme].f1 += pair[scheme].f1
      }
    }
  })
  const mean = (value: number): number => (pairs === 0 ? 0 : value / pairs)
  const result = { n: gold.length, pairs } as TripleScores
  for (const scheme of SCHEMES) {
    result[scheme] = {
      precision: mean(sums[scheme].precision),
      recall: mean(sums[scheme].recall),
      f1: mean(sums[scheme].f1),
    }
  }
  return result
}
