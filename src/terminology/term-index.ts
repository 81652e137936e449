/**
 * An in-memory, spelling-tolerant index from phrases (titles, index terms, synonyms) to values
 * (codes, drug ids, test ids).
 *
 * Phrases become sets of stemmed tokens; tokens get inverse-document-frequency weights. A query
 * is scored against candidate entries by the harmonic mean of two weighted coverages: how much of
 * the query the entry explains, and how much of the entry's required tokens the query names.
 * Optional tokens (ICD "non-essential modifiers") count for the first but are not required by the
 * second. Misspelt tokens resolve to vocabulary tokens within a small edit distance through a
 * deletion-neighbourhood table (built on first use).
 */
import { allowedEdits, editDistance, STOP_WORDS, stem, tokenize } from './tokens.js'

/** Options of one phrase added to a {@link TermIndexBuilder}. */
export interface TermEntryOptions {
  /** Words that may appear with the phrase without being required (`(acute) (chronic)`). */
  optional?: string
  /** Lower is preferred when two entries score the same (for example index terms over titles). */
  priority?: number
}

/** One match of a lookup. */
export interface TermMatch {
  value: string
  /** In (0, 1]: 1 for an exact token-set match without spelling corrections. */
  score: number
  /** The phrase of the entry that matched best. */
  phrase: string
  /** True when a misspelt token was corrected. */
  fuzzy: boolean
  priority: number
  /** Words in the entry's phrase (shorter phrases win ties). */
  length: number
}

/** Options of {@link TermIndex.lookup}. */
export interface TermLookupOptions {
  /** Most matches returned (distinct values). Default 5. */
  limit?: number
  /** Lowest score returned. Default 0.5. */
  minScore?: number
}

/** A built index. */
export interface TermIndex {
  readonly entryCount: number
  readonly tokenCount: number
  lookup(text: string, options?: TermLookupOptions): TermMatch[]
}

interface QueryToken {
  id: number
  fuzzy: boolean
}

function ascending(left: number, right: number): number {
  return left - right
}

/** Sorted distinct ids, leaving out those in `exclude`. */
function uniqueSorted(ids: number[], exclude?: readonly number[]): number[] {
  ids.sort(ascending)
  const result: number[] = []
  let previous = -1
  for (const id of ids) {
    if (id === previous) continue
    previous = id
    if (exclude === undefined || !exclude.includes(id)) result.push(id)
  }
  return result
}

/** Collects phrases, then builds a {@link TermIndex}. */
export class TermIndexBuilder {
  private readonly vocabulary = new Map<string, number>()
  private readonly surface = new Map<string, number>()
  private readonly documentFrequency: number[] = []
  private readonly values: string[] = []
  private readonly phrases: string[] = []
  private readonly priorities: number[] = []
  private readonly lengths: number[] = []
  private readonly requiredTokens: number[][] = []
  private readonly optionalTokens: number[][] = []
  private readonly seen = new Set<string>()
  private lastLength = 0

  /** Adds a phrase for a value. Phrases with no meaningful word are ignored. */
  add(phrase: string, value: string, options: TermEntryOptions = {}): void {
    const required = this.intern(phrase)
    const length = this.lastLength
    if (required.length === 0) return
    const optional = options.optional === undefined ? [] : this.intern(options.optional)
    const requiredSet = uniqueSorted(required)
    const optionalSet = optional.length === 0 ? optional : uniqueSorted(optional, requiredSet)
    const key = `${requiredSet.join(',')}|${optionalSet.join(',')}|${value}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    for (const id of requiredSet) {
      this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1
    }
    for (const id of optionalSet) {
      this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1
    }
    this.values.push(value)
    this.phrases.push(phrase)
    this.priorities.push(options.priority ?? 0)
    this.lengths.push(length)
    this.requiredTokens.push(requiredSet)
    this.optionalTokens.push(optionalSet)
  }

  private intern(text: string): number[] {
    const ids: number[] = []
    const tokens = tokenize(text)
    this.lastLength = tokens.length
    for (const token of tokens) {
      let id = this.surface.get(token)
      if (id === undefined) {
        if (STOP_WORDS.has(token)) continue
        const stemmed = stem(token)
        id = this.vocabulary.get(stemmed)
        if (id === undefined) {
          id = this.vocabulary.size
          this.vocabulary.set(stemmed, id)
          this.documentFrequency.push(0)
        }
        this.surface.set(token, id)
      }
      ids.push(id)
    }
    return ids
  }

  /** Builds the index; the builder should not be used afterwards. */
  build(): TermIndex {
    return new BuiltTermIndex({
      vocabulary: this.vocabulary,
      surface: this.surface,
      documentFrequency: this.documentFrequency,
      values: this.values,
      phrases: this.phrases,
      priorities: this.priorities,
      lengths: this.lengths,
      requiredTokens: this.requiredTokens,
      optionalTokens: this.optionalTokens,
    })
  }
}

interface IndexParts {
  vocabulary: Map<string, number>
  surface: Map<string, number>
  documentFrequency: number[]
  values: string[]
  phrases: string[]
  priorities: number[]
  lengths: number[]
  requiredTokens: number[][]
  optionalTokens: number[][]
}

const MAX_POSTINGS_SCANNED = 6_000
const CANDIDATES_SCORED = 16
const FUZZY_PENALTY = 0.05

class BuiltTermIndex implements TermIndex {
  readonly entryCount: number
  readonly tokenCount: number
  private readonly vocabulary: Map<string, number>
  private readonly surface: Map<string, number>
  private readonly weights: Float64Array
  private readonly postings: Int32Array[]
  private readonly values: string[]
  private readonly phrases: string[]
  private readonly priorities: number[]
  private readonly lengths: number[]
  private readonly required: number[][]
  private readonly optional: number[][]
  private readonly requiredWeight: Float64Array
  private readonly accumulator: Float64Array
  private readonly touched: Int32Array
  private readonly topEntries = new Int32Array(CANDIDATES_SCORED)
  private readonly topScores = new Float64Array(CANDIDATES_SCORED)
  private readonly unknownWeight: number
  private deletions: Map<string, number[]> | undefined
  private readonly corrections = new Map<string, number>()
  private surfaceList: string[] | undefined

  constructor(parts: IndexParts) {
    this.vocabulary = parts.vocabulary
    this.surface = parts.surface
    this.values = parts.values
    this.phrases = parts.phrases
    this.priorities = parts.priorities
    this.lengths = parts.lengths
    this.required = parts.requiredTokens
    this.optional = parts.optionalTokens
    this.entryCount = parts.values.length
    this.tokenCount = parts.vocabulary.size
    const total = Math.max(1, this.entryCount)
    this.weights = new Float64Array(this.tokenCount)
    for (let id = 0; id < this.tokenCount; id += 1) {
      const frequency = parts.documentFrequency[id] ?? 0
      this.weights[id] = Math.log(1 + total / Math.max(1, frequency))
    }
    this.unknownWeight = Math.log(1 + total)
    const counts = new Int32Array(this.tokenCount)
    for (let entry = 0; entry < this.entryCount; entry += 1) {
      for (const id of this.required[entry] as number[]) counts[id] = (counts[id] as number) + 1
      for (const id of this.optional[entry] as number[]) counts[id] = (counts[id] as number) + 1
    }
    this.postings = new Array<Int32Array>(this.tokenCount)
    for (let id = 0; id < this.tokenCount; id += 1) {
      this.postings[id] = new Int32Array(counts[id] as number)
    }
    const fill = new Int32Array(this.tokenCount)
    this.requiredWeight = new Float64Array(this.entryCount)
    for (let entry = 0; entry < this.entryCount; entry += 1) {
      let weight = 0
      for (const id of this.required[entry] as number[]) {
        ;(this.postings[id] as Int32Array)[fill[id] as number] = entry
        fill[id] = (fill[id] as number) + 1
        weight += this.weights[id] as number
      }
      for (const id of this.optional[entry] as number[]) {
        ;(this.postings[id] as Int32Array)[fill[id] as number] = entry
        fill[id] = (fill[id] as number) + 1
      }
      this.requiredWeight[entry] = weight
    }
    this.accumulator = new Float64Array(this.entryCount)
    this.touched = new Int32Array(this.entryCount)
  }

  private buildDeletions(): Map<string, number[]> {
    const deletions = new Map<string, number[]>()
    const list: string[] = []
    for (const token of this.surface.keys()) {
      if (token.length < 5 || /^[0-9]+$/.test(token)) continue
      const index = list.length
      list.push(token)
      const variants = new Set<string>([token])
      for (let position = 0; position < token.length; position += 1) {
        variants.add(token.slice(0, position) + token.slice(position + 1))
      }
      for (const variant of variants) {
        const bucket = deletions.get(variant)
        if (bucket === undefined) deletions.set(variant, [index])
        else bucket.push(index)
      }
    }
    this.surfaceList = list
    return deletions
  }

  /** Corrects a misspelt token: one-edit candidates first, two edits only when none is found. */
  private correct(token: string): number | undefined {
    const limit = allowedEdits(token.length)
    if (limit === 0) return undefined
    const memo = this.corrections.get(token)
    if (memo !== undefined) return memo < 0 ? undefined : memo
    if (this.deletions === undefined) this.deletions = this.buildDeletions()
    const once: string[] = [token]
    for (let position = 0; position < token.length; position += 1) {
      once.push(token.slice(0, position) + token.slice(position + 1))
    }
    let found = this.closest(token, once, Math.min(1, limit))
    if (found === undefined && limit > 1) {
      const twice = new Set<string>()
      for (let first = 1; first < once.length; first += 1) {
        const shorter = once[first] as string
        for (let position = first - 1; position < shorter.length; position += 1) {
          twice.add(shorter.slice(0, position) + shorter.slice(position + 1))
        }
      }
      found = this.closest(token, [...once, ...twice], limit)
    }
    const id = found === undefined ? undefined : this.surface.get(found)
    if (this.corrections.size >= 100_000) this.corrections.clear()
    this.corrections.set(token, id ?? -1)
    return id
  }

  /** The vocabulary token nearest to `token` among the deletion buckets of `variants`. */
  private closest(token: string, variants: readonly string[], limit: number): string | undefined {
    const deletions = this.deletions as Map<string, number[]>
    const list = this.surfaceList as string[]
    let best: string | undefined
    let bestDistance = limit + 1
    for (const variant of variants) {
      const bucket = deletions.get(variant)
      if (bucket === undefined) continue
      for (const index of bucket) {
        const candidate = list[index] as string
        const distance = editDistance(
          token,
          candidate,
          Math.min(limit, allowedEdits(candidate.length)),
        )
        if (
          distance < bestDistance ||
          (distance === bestDistance && best !== undefined && candidate < best)
        ) {
          best = candidate
          bestDistance = distance
        }
      }
    }
    return best === undefined || bestDistance > limit ? undefined : best
  }

  private resolve(token: string): QueryToken | undefined {
    const direct = this.surface.get(token)
    if (direct !== undefined) return { id: direct, fuzzy: false }
    const stemmed = this.vocabulary.get(stem(token))
    if (stemmed !== undefined) return { id: stemmed, fuzzy: false }
    if (/^[0-9]+$/.test(token)) return undefined
    const corrected = this.correct(token)
    return corrected === undefined ? undefined : { id: corrected, fuzzy: true }
  }

  lookup(text: string, options: TermLookupOptions = {}): TermMatch[] {
    const limit = options.limit ?? 5
    const minScore = options.minScore ?? 0.5
    const query = new Map<number, boolean>()
    let unknown = 0
    for (const token of tokenize(text)) {
      if (STOP_WORDS.has(token)) continue
      const resolved = this.resolve(token)
      if (resolved === undefined) {
        unknown += 1
        continue
      }
      if (!query.has(resolved.id) || query.get(resolved.id) === true)
        query.set(resolved.id, resolved.fuzzy)
    }
    if (query.size === 0) return []
    let queryWeight = unknown * this.unknownWeight
    for (const id of query.keys()) queryWeight += this.weights[id] as number
    const ids = [...query.keys()].sort(
      (left, right) =>
        (this.postings[left] as Int32Array).length - (this.postings[right] as Int32Array).length,
    )
    const touched = this.touched
    let touchedCount = 0
    let scanned = 0
    for (const id of ids) {
      const list = this.postings[id] as Int32Array
      if (scanned > 0 && scanned + list.length > MAX_POSTINGS_SCANNED) continue
      scanned += list.length
      const weight = this.weights[id] as number
      for (let position = 0; position < list.length; position += 1) {
        const entry = list[position] as number
        if (this.accumulator[entry] === 0) {
          touched[touchedCount] = entry
          touchedCount += 1
        }
        this.accumulator[entry] = (this.accumulator[entry] as number) + weight
      }
    }
    // Keep the entries that share a good part of the best accumulated weight: an entry below
    // 40% of it cannot reach the scores callers accept.
    let maximum = 0
    for (let index = 0; index < touchedCount; index += 1) {
      const value = this.accumulator[touched[index] as number] as number
      if (value > maximum) maximum = value
    }
    // Keep the best CANDIDATES_SCORED entries by an estimate of the final score (accumulated
    // weight against both the query's and the entry's weight, so that short exact entries are not
    // crowded out by long ones), skipping those under 40% of the best accumulated weight.
    const floor = maximum * 0.4
    const top = this.topEntries
    const topScores = this.topScores
    let kept = 0
    for (let index = 0; index < touchedCount; index += 1) {
      const entry = touched[index] as number
      const matched = this.accumulator[entry] as number
      if (matched < floor) continue
      const queryShare = matched / queryWeight
      const entryShare = Math.min(1, matched / Math.max(1e-9, this.requiredWeight[entry] as number))
      const estimate = (2 * queryShare * entryShare) / (queryShare + entryShare)
      if (kept === CANDIDATES_SCORED && estimate <= (topScores[kept - 1] as number)) continue
      let position = kept === CANDIDATES_SCORED ? kept - 1 : kept
      while (position > 0 && (topScores[position - 1] as number) < estimate) {
        topScores[position] = topScores[position - 1] as number
        top[position] = top[position - 1] as number
        position -= 1
      }
      topScores[position] = estimate
      top[position] = entry
      if (kept < CANDIDATES_SCORED) kept += 1
    }
    const candidates: number[] = []
    for (let index = 0; index < kept; index += 1) candidates.push(top[index] as number)
    for (let index = 0; index < touchedCount; index += 1)
      this.accumulator[touched[index] as number] = 0
    const best = new Map<string, TermMatch>()
    for (const entry of candidates) {
      const required = this.required[entry] as number[]
      const optional = this.optional[entry] as number[]
      let matchedQuery = 0
      let matchedEntry = 0
      let fuzzyUsed = 0
      for (const id of required) {
        const fuzzy = query.get(id)
        if (fuzzy === undefined) continue
        const weight = this.weights[id] as number
        matchedQuery += weight
        matchedEntry += weight
        if (fuzzy) fuzzyUsed += 1
      }
      for (const id of optional) {
        const fuzzy = query.get(id)
        if (fuzzy === undefined) continue
        matchedQuery += this.weights[id] as number
        if (fuzzy) fuzzyUsed += 1
      }
      const entryWeight = this.requiredWeight[entry] as number
      if (matchedEntry === 0 || entryWeight === 0) continue
      const queryCoverage = matchedQuery / queryWeight
      const entryCoverage = matchedEntry / entryWeight
      let score = (2 * queryCoverage * entryCoverage) / (queryCoverage + entryCoverage)
      score *= 1 - FUZZY_PENALTY * fuzzyUsed
      if (score < minScore) continue
      const value = this.values[entry] as string
      const priority = this.priorities[entry] as number
      const length = this.lengths[entry] as number
      const previous = best.get(value)
      const rounded = Math.round(score * 1e6) / 1e6
      if (
        previous === undefined ||
        rounded > previous.score ||
        (rounded === previous.score &&
          (priority < previous.priority ||
            (priority === previous.priority && length < previous.length)))
      ) {
        best.set(value, {
          value,
          score: rounded,
          phrase: this.phrases[entry] as string,
          fuzzy: fuzzyUsed > 0,
          priority,
          length,
        })
      }
    }
    return [...best.values()]
      .sort((left, right) =>
        right.score !== left.score
          ? right.score - left.score
          : left.priority !== right.priority
            ? left.priority - right.priority
            : left.length !== right.length
              ? left.length - right.length
              : left.value < right.value
                ? -1
                : 1,
      )
      .slice(0, limit)
  }
}
