/**
 * Scoring and decoding of a trained tagger, the hot path of `galen deid --tagger`.
 *
 * Weights are held as integers in thousandths (the precision the model file keeps), so every
 * sum is exact: the order in which feature weights are added cannot change a score, and a sum
 * computed once can be reused. What makes it fast:
 * - the features over a token's own attributes (13 of 31) are summed once per distinct
 *   combination of those attributes and cached (most tokens are common words in common
 *   settings);
 * - the neighbours' forms find their rows by direct index, and a bit filter answers most
 *   lookups of absent features without touching the hash table;
 * - the rows found are summed four labels at a time in local variables, over rows padded to a
 *   multiple of four labels, into buffers reused from note to note;
 * - Viterbi skips previous labels that provably cannot be the best predecessor.
 * Tests compare the labels with the plain scoring kept in `__fixtures__/tagger-reference.ts`.
 */
import { FeatureTable } from './feature-table.js'
import {
  CONTEXT_TEMPLATES,
  FIELDS,
  featureCodes,
  featureHalves,
  LEXICAL_FIELD,
  OWN_FIELD,
  OWN_TEMPLATES,
  TEMPLATES,
} from './tagger-features.js'

/** Weights are integers in units of this (thousandths). */
export const WEIGHT_SCALE = 1000

/**
 * The largest weight, in units, a scorer takes: a sum of one weight per template then stays a
 * 32-bit integer.
 */
export const MAX_UNITS = Math.floor(0x7fffffff / TEMPLATES)

/** Cached own-feature sums before the cache starts again (memory stays flat). */
const OWN_CACHE_LIMIT = 1 << 16

/** The model parts the scorer needs, in their saved form (see `SavedTagger`). */
export interface ScorerSettings {
  labels: readonly string[]
  /** Saved feature keys, in the order of the weight rows. */
  features: readonly number[]
  /** Row-major `features x labels`, in weight units. */
  weights: ArrayLike<number>
  /** Row-major `(labels + 1) x labels`; the last row is the start of a note. */
  transitions: ArrayLike<number>
}

/** Whether the BIO scheme allows label `next` after `previous` (-1: the start of a note). */
export function bioAllowed(labels: readonly string[], previous: number, next: number): boolean {
  const label = labels[next] ?? 'O'
  if (!label.startsWith('I-')) return true
  if (previous < 0) return false
  const before = labels[previous] ?? 'O'
  return before !== 'O' && before.slice(2) === label.slice(2)
}

/** The BIO constraints as lists: per label, the labels allowed before it and at the start. */
export interface BioSteps {
  predecessors: Int32Array[]
  starts: Uint8Array
}

/** Precomputes {@link BioSteps} (predecessors in ascending order). */
export function bioSteps(labels: readonly string[]): BioSteps {
  const predecessors: Int32Array[] = []
  const starts = new Uint8Array(labels.length)
  for (let to = 0; to < labels.length; to += 1) {
    const before: number[] = []
    for (let from = 0; from < labels.length; from += 1)
      if (bioAllowed(labels, from, to)) before.push(from)
    predecessors.push(Int32Array.from(before))
    starts[to] = bioAllowed(labels, -1, to) ? 1 : 0
  }
  return { predecessors, starts }
}

/** Buffers {@link viterbi} may reuse between calls (grown as needed). */
export interface ViterbiScratch {
  score: Float64Array
  back: Int32Array
  candidates: Int32Array
}

/** Fresh {@link ViterbiScratch}. */
export function viterbiScratch(): ViterbiScratch {
  return { score: new Float64Array(0), back: new Int32Array(0), candidates: new Int32Array(0) }
}

const marginCache = new WeakMap<object, Float64Array>()

/**
 * `margins[a * size + f]`: the least lead of `a`'s transitions over `f`'s into the labels any
 * label may precede (see {@link viterbi}); computed once per transition table.
 */
function pruneMargins(transitions: ArrayLike<number>, size: number, steps: BioSteps): Float64Array {
  const known = marginCache.get(transitions)
  if (known !== undefined) return known
  const margins = new Float64Array(size * size)
  for (let best = 0; best < size; best += 1) {
    for (let from = 0; from < size; from += 1) {
      let least = Number.POSITIVE_INFINITY
      for (let label = 0; label < size; label += 1) {
        if ((steps.predecessors[label] as Int32Array).length !== size) continue
        const lead =
          (transitions[best * size + label] as number) -
          (transitions[from * size + label] as number)
        if (lead < least) least = lead
      }
      margins[best * size + from] = least
    }
  }
  marginCache.set(transitions, margins)
  return margins
}

/**
 * Viterbi decoding of the best label path: `emission` is `tokens x size` (row stride
 * `stride`), `transitions` `(size + 1) x size` with the start last. Ties go to the lower label.
 *
 * With `prune` (for integer scores, where sums are exact): let `a` be the best label at the
 * previous token. A previous label `f` whose score trails `a`'s by more than
 * `min over L of (T[a][L] - T[f][L])` (L: the labels any label may precede) loses to `a` under
 * every such L, so those labels look only at the previous labels that pass this test, in
 * ascending order, so ties resolve as without pruning. The path is the same; only the work
 * shrinks.
 */
export function viterbi(
  emission: Float64Array,
  stride: number,
  size: number,
  transitions: ArrayLike<number>,
  steps: BioSteps,
  options: { prune?: boolean; scratch?: ViterbiScratch } = {},
): Int32Array {
  const count = emission.length / stride
  const path = new Int32Array(count)
  if (count === 0) return path
  const { predecessors, starts } = steps
  const scratch = options.scratch ?? viterbiScratch()
  if (scratch.score.length < count * size) {
    scratch.score = new Float64Array(count * size)
    scratch.back = new Int32Array(count * size)
  }
  if (scratch.candidates.length < size) scratch.candidates = new Int32Array(size)
  const score = scratch.score
  const back = scratch.back
  const candidates = scratch.candidates
  const margins = options.prune === true ? pruneMargins(transitions, size, steps) : undefined
  const start = size * size
  for (let label = 0; label < size; label += 1) {
    const best =
      starts[label] === 1 ? (transitions[start + label] as number) : Number.NEGATIVE_INFINITY
    score[label] = best + (emission[label] as number)
    back[label] = 0
  }
  for (let at = 1; at < count; at += 1) {
    const previous = (at - 1) * size
    const here = at * size
    const row = at * stride
    let top = 0
    for (let from = 1; from < size; from += 1)
      if ((score[previous + from] as number) > (score[previous + top] as number)) top = from
    const topScore = score[previous + top] as number
    let kept = 0
    for (let from = 0; from < size; from += 1) {
      // without pruning every label stays a candidate
      if (
        margins === undefined ||
        (score[previous + from] as number) - topScore >= (margins[top * size + from] as number)
      ) {
        candidates[kept] = from
        kept += 1
      }
    }
    for (let label = 0; label < size; label += 1) {
      const before = predecessors[label] as Int32Array
      // a label any label may precede: the pruned list; else its own (short) list
      const list = before.length === size ? candidates : before
      const length = before.length === size ? kept : before.length
      let best = Number.NEGATIVE_INFINITY
      let bestFrom = 0
      for (let index = 0; index < length; index += 1) {
        const from = list[index] as number
        const value =
          (score[previous + from] as number) + (transitions[from * size + label] as number)
        if (value > best) {
          best = value
          bestFrom = from
        }
      }
      score[here + label] = best + (emission[row + label] as number)
      back[here + label] = bestFrom
    }
  }
  let best = 0
  const last = (count - 1) * size
  for (let label = 1; label < size; label += 1)
    if ((score[last + label] as number) > (score[last + best] as number)) best = label
  for (let at = count - 1; at >= 0; at -= 1) {
    path[at] = best
    best = back[at * size + best] as number
  }
  return path
}

/** Templates over one neighbour's form (`p1`, `n1`, `p2`, `n2`): looked up by direct index. */
const FORM_TEMPLATES: readonly number[] = [2, 3, 4, 5]

/** Bits of the filter that answers most lookups of absent features without a table probe. */
const FILTER_BITS = 20

function filterBit(high: number, low: number): number {
  // another mix than the table's, so that a filter collision says nothing of a probe's
  let value = Math.imul(low ^ Math.imul(high, 0x27d4eb2f), 0x165667b1)
  value ^= value >>> 15
  value = Math.imul(value, 0x85ebca77)
  return (value ^ (value >>> 13)) >>> (32 - FILTER_BITS)
}

/** Scores and decodes encoded notes with a fixed model (see the file comment). */
export class TaggerScorer {
  readonly labels: readonly string[]
  private readonly size: number
  /** Row stride: labels rounded up to a multiple of 4 (the padding stays 0). */
  private readonly stride: number
  /** Half full at most: the filter answers most misses before a probe. */
  private readonly table = new FeatureTable(1024, 2)
  /** One bit per hashed feature: a clear bit means the feature is absent. */
  private readonly filter = new Int32Array(1 << (FILTER_BITS - 5))
  /** Offset of the weight row (or -1) of `FORM_TEMPLATES[k]` with attribute `a` at `k * 2^16 + a`. */
  private readonly formRows = new Int32Array(FORM_TEMPLATES.length << 16).fill(-1)
  private readonly hashedTemplates: Int32Array
  private readonly weights: Int32Array
  private readonly transitions: Float64Array
  private readonly steps: BioSteps
  private readonly codes = new Int32Array(TEMPLATES * 2)
  private readonly contextRows = new Int32Array(TEMPLATES)
  /** (lexical entry, own attributes and next glue) to a slot of `ownSums`. */
  private ownIndex = new FeatureTable(1024, 2)
  /** Integer sums: at most 13 weights of at most 2^31 / 31 units each (see the constructor). */
  private ownSums: Int32Array
  private emission = new Float64Array(0)
  private readonly scratch = viterbiScratch()

  /** @throws RangeError when a weight is not an integer of at most {@link MAX_UNITS} */
  constructor(settings: ScorerSettings) {
    this.labels = settings.labels
    this.size = settings.labels.length
    this.stride = (this.size + 3) & ~3
    const { features, weights } = settings
    this.weights = new Int32Array(features.length * this.stride)
    for (let row = 0; row < features.length; row += 1) {
      const [high, low] = featureHalves(features[row] as number)
      this.table.set(high, low, row)
      const bit = filterBit(high, low)
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31))
      const form = FORM_TEMPLATES.indexOf(high >>> 16)
      if (form >= 0 && low === 0) this.formRows[(form << 16) | (high & 0xffff)] = row * this.stride
      for (let label = 0; label < this.size; label += 1) {
        const value = weights[row * this.size + label] as number
        if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_UNITS)
          throw new RangeError(
            `weight ${value} of row ${row} is no integer of at most ${MAX_UNITS}`,
          )
        this.weights[row * this.stride + label] = value
      }
    }
    this.hashedTemplates = Int32Array.from(
      CONTEXT_TEMPLATES.filter((template) => !FORM_TEMPLATES.includes(template)),
    )
    this.transitions = Float64Array.from(settings.transitions)
    this.steps = bioSteps(settings.labels)
    this.ownSums = new Int32Array(1024 * this.stride)
  }

  /** The weight-row offset of a feature, or -1. */
  private rowOffset(high: number, low: number): number {
    const bit = filterBit(high, low)
    if ((((this.filter[bit >>> 5] as number) >>> (bit & 31)) & 1) === 0) return -1
    const row = this.table.get(high, low)
    return row < 0 ? -1 : row * this.stride
  }

  /** Sums the rows of the own templates of the token whose codes are in `codes` into a new slot. */
  private ownSlot(lexical: number, own: number): number {
    if (this.ownIndex.size >= OWN_CACHE_LIMIT) this.ownIndex = new FeatureTable(1024, 2)
    const slot = this.ownIndex.size
    const stride = this.stride
    if ((slot + 1) * stride > this.ownSums.length) {
      const grown = new Int32Array(Math.min(this.ownSums.length * 2, OWN_CACHE_LIMIT * stride))
      grown.set(this.ownSums)
      this.ownSums = grown
    }
    const sums = this.ownSums
    const base = slot * stride
    sums.fill(0, base, base + stride)
    for (const template of OWN_TEMPLATES) {
      const offset = this.rowOffset(
        this.codes[2 * template] as number,
        this.codes[2 * template + 1] as number,
      )
      if (offset < 0) continue
      for (let label = 0; label < stride; label += 1)
        sums[base + label] =
          (sums[base + label] as number) + (this.weights[offset + label] as number)
    }
    this.ownIndex.set(lexical, own, slot)
    return slot
  }

  /**
   * Emission scores of a note, `tokens x stride`, in weight units: the sum of the weight rows
   * of each token's features, plus `bias` units on every PHI label. The array is reused by the
   * next call.
   */
  private emissions(attributes: Int32Array, bias: number): Float64Array {
    const stride = this.stride
    const count = attributes.length / FIELDS
    const weights = this.weights
    const codes = this.codes
    const rows = this.contextRows
    const formRows = this.formRows
    const hashed = this.hashedTemplates
    if (this.emission.length < count * stride) this.emission = new Float64Array(count * stride)
    const emission = this.emission.subarray(0, count * stride)
    for (let at = 0; at < count; at += 1) {
      featureCodes(attributes, count, at, codes)
      const lexical = attributes[at * FIELDS + LEXICAL_FIELD] as number
      // the next token's glue: 0 or 1, or 2 at the end of the note
      const nextGlue =
        at + 1 < count ? ((attributes[(at + 1) * FIELDS + OWN_FIELD] as number) >> 2) & 1 : 2
      const own = (attributes[at * FIELDS + OWN_FIELD] as number) * 3 + nextGlue
      let slot = this.ownIndex.get(lexical, own)
      if (slot < 0) slot = this.ownSlot(lexical, own)
      let found = 0
      // codes[2t] = t << 16 | a for the one-attribute templates 2..5
      for (let form = 0; form < 4; form += 1) {
        const offset = formRows[(form << 16) | ((codes[4 + 2 * form] as number) & 0xffff)] as number
        if (offset >= 0) {
          rows[found] = offset
          found += 1
        }
      }
      for (let index = 0; index < hashed.length; index += 1) {
        const template = hashed[index] as number
        const offset = this.rowOffset(
          codes[2 * template] as number,
          codes[2 * template + 1] as number,
        )
        if (offset >= 0) {
          rows[found] = offset
          found += 1
        }
      }
      const sums = this.ownSums
      const ownBase = slot * stride
      const base = at * stride
      for (let label = 0; label < stride; label += 4) {
        let a0 = sums[ownBase + label] as number
        let a1 = sums[ownBase + label + 1] as number
        let a2 = sums[ownBase + label + 2] as number
        let a3 = sums[ownBase + label + 3] as number
        for (let index = 0; index < found; index += 1) {
          const offset = (rows[index] as number) + label
          a0 += weights[offset] as number
          a1 += weights[offset + 1] as number
          a2 += weights[offset + 2] as number
          a3 += weights[offset + 3] as number
        }
        emission[base + label] = a0
        emission[base + label + 1] = a1
        emission[base + label + 2] = a2
        emission[base + label + 3] = a3
      }
      if (bias !== 0)
        for (let label = 1; label < this.size; label += 1)
          emission[base + label] = (emission[base + label] as number) + bias
    }
    return emission
  }

  /**
   * The best label path of an encoded note (`AttributeEncoder.encode`), with `bias` weight
   * units added to every PHI label's score.
   */
  label(attributes: Int32Array, bias: number): Int32Array {
    return viterbi(
      this.emissions(attributes, bias),
      this.stride,
      this.size,
      this.transitions,
      this.steps,
      { prune: true, scratch: this.scratch },
    )
  }
}
