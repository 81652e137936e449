/**
 * Candidate standard names for a raw Chinese clinical string and the features that score them:
 * n-gram similarity to the whole string and to each clause, names written inside the string,
 * and, with training pairs, how the most similar training strings were normalised. A logistic
 * model over these features ({@link fitCandidateModel}) is learnt from the training pairs
 * themselves (each pair's neighbours exclude the pair), so no rule or weight comes from the
 * data that is scored.
 */
import type { NgramHit, NgramIndex } from './ngram-index.js'
import { foldZhTerm } from './zh-text.js'

/** Names of the candidate features, in vector order. */
export const CANDIDATE_FEATURES = [
  'bias',
  'vote_share',
  'vote_top_similarity',
  'vote_count',
  'first_neighbour',
  'similarity',
  'clause_similarity',
  'contained',
  'name_coverage',
  'prior',
  'in_dictionary',
  'dictionary_rank',
  'short_name',
  'vote_x_similarity',
  'association',
  'association_support',
  'morphology',
  'site_primary',
  'site_secondary',
  'site_benign',
  'site_surgery',
  'clause_rank',
  'clause_count',
  'similarity_gap',
  'vote_gap',
  'side_agreement',
  'raw_similarity',
  // The last two are filled by the normaliser from the fitted training pairs (zh-normalizer.ts):
  // how often the name was gold when it was a candidate, and how often it was a candidate.
  'name_gold_rate',
  'name_proposed',
] as const

/** Features {@link generateCandidates} computes (all but the fitted pairs' name rates). */
export const GENERATED_FEATURE_COUNT = CANDIDATE_FEATURES.length - 2

/**
 * Name families the classification builds from a body site: `<site>恶性肿瘤`, `<site>继发恶性肿瘤`,
 * `<site>良性肿瘤` and `<site>术后`, each with the words that, written after the site, suggest it.
 */
const SITE_FAMILIES = [
  { feature: 'site_primary', suffix: /^(.+?)恶性肿瘤$/u, trigger: /^.{0,6}?(?:癌|恶性|肉瘤|mt)/u },
  {
    feature: 'site_secondary',
    suffix: /^(.+?)继发(?:性)?恶性肿瘤$/u,
    trigger: /^.{0,8}?(?:转移|继发)/u,
  },
  { feature: 'site_benign', suffix: /^(.+?)良性肿瘤$/u, trigger: /^.{0,6}?(?:瘤|息肉)/u },
  { feature: 'site_surgery', suffix: /^(.+?)术后$/u, trigger: /^.{0,8}?(?:术后|切除)/u },
] as const

/** Sites read out of the dictionary's names, per family (folded site → name). */
export interface NeoplasmSites {
  families: ReadonlyArray<ReadonlyMap<string, string>>
  longest: number
}

/**
 * Reads body sites out of dictionary names of the site families (`食管恶性肿瘤` → 食管), so that
 * "食管癌术后" can be coded as site plus behaviour plus status, the way the classification does.
 */
export function neoplasmSites(names: Iterable<string>): NeoplasmSites {
  const families = SITE_FAMILIES.map(() => new Map<string, string>())
  let longest = 0
  for (const name of names) {
    // A secondary name also ends in 恶性肿瘤: the first family that fits after it is skipped.
    const secondary = SITE_FAMILIES[1].suffix.test(name)
    SITE_FAMILIES.forEach((family, index) => {
      if (index === 0 && secondary) return
      const site = family.suffix.exec(name)?.[1]
      if (site === undefined) return
      const folded = foldZhTerm(site)
      const map = families[index] as Map<string, string>
      if (folded === '' || map.has(folded)) return
      map.set(folded, name)
      longest = Math.max(longest, folded.length)
    })
  }
  return { families, longest }
}

/** Family names for sites written in the string before their trigger words, per family. */
function siteCandidates(sites: NeoplasmSites, folded: string): Array<Set<string>> {
  const found = SITE_FAMILIES.map(() => new Set<string>())
  for (let start = 0; start < folded.length; start += 1) {
    for (const [index, family] of SITE_FAMILIES.entries()) {
      const map = sites.families[index] as ReadonlyMap<string, string>
      for (let end = Math.min(folded.length, start + sites.longest); end > start; end -= 1) {
        const name = map.get(folded.slice(start, end))
        if (name === undefined) continue
        if (family.trigger.test(folded.slice(end))) found[index]?.add(name)
        break
      }
    }
  }
  return found
}

/** Character n-grams (2 to 4 characters) of a folded string, each once. */
export function associationGrams(folded: string): Set<string> {
  const characters = Array.from(folded)
  const grams = new Set<string>()
  for (let size = 2; size <= 4; size += 1) {
    for (let start = 0; start + size <= characters.length; start += 1) {
      grams.add(characters.slice(start, start + size).join(''))
    }
  }
  return grams
}

/**
 * Sub-string aliases learnt from training pairs: how often a training string holding an n-gram
 * ("鳞癌", "化疗") was normalised to each name. Built once from the pairs.
 */
export interface Associations {
  gramCount: ReadonlyMap<string, number>
  gramNames: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Each training pair's n-grams (for leaving the pair out). */
  pairGrams: ReadonlyArray<ReadonlySet<string>>
}

/** Counts n-gram → name co-occurrences over training pairs (strings already cleaned). */
export function buildAssociations(
  pairs: ReadonlyArray<{ text: string; names: readonly string[] }>,
): Associations {
  const gramCount = new Map<string, number>()
  const gramNames = new Map<string, Map<string, number>>()
  const pairGrams: Array<Set<string>> = []
  for (const pair of pairs) {
    const grams = associationGrams(foldZhTerm(pair.text))
    pairGrams.push(grams)
    for (const gram of grams) {
      gramCount.set(gram, (gramCount.get(gram) ?? 0) + 1)
      let names = gramNames.get(gram)
      if (names === undefined) {
        names = new Map()
        gramNames.set(gram, names)
      }
      for (const name of new Set(pair.names)) names.set(name, (names.get(name) ?? 0) + 1)
    }
  }
  return { gramCount, gramNames, pairGrams }
}

/** Which sides a string names: 左, 右, both (双侧, 两侧, 双 before a character, or 左 and 右). */
export interface Sides {
  left: boolean
  right: boolean
  both: boolean
}

/** The sides written in a raw string (before laterality is cleaned away). */
export function sidesOf(text: string): Sides {
  const left = /左/u.test(text)
  const right = /右/u.test(text)
  return { left, right, both: /双侧|两侧|双(?=[\u4e00-\u9fff])/u.test(text) || (left && right) }
}

const NO_SIDES: Sides = { left: false, right: false, both: false }

/**
 * Whether a name's laterality agrees with the string's: 1 when the name says 左/右/单侧/双侧 and
 * the string says the same (单侧: exactly one of 左 and 右), -1 when it says otherwise, 0 when the
 * name names no side.
 */
function sideAgreement(name: string, sides: Sides): number {
  if (name.includes('双侧')) return sides.both ? 1 : -1
  if (name.includes('单侧')) return !sides.both && (sides.left || sides.right) ? 1 : -1
  const left = name.includes('左')
  const right = name.includes('右')
  if (!left && !right) return 0
  return (left && sides.left) || (right && sides.right) ? 1 : -1
}

/** Dictionary names that add a side to a name: 肺恶性肿瘤 → 右肺恶性肿瘤, 单侧…, 双侧…. */
function lateralVariants(dictionary: ReadonlySet<string>, name: string, sides: Sides): string[] {
  const prefixes = sides.both
    ? ['双侧']
    : [...(sides.left ? ['左', '左侧'] : []), ...(sides.right ? ['右', '右侧'] : []), '单侧']
  return prefixes.map((prefix) => prefix + name).filter((variant) => dictionary.has(variant))
}

/** An n-gram must occur in this many training strings before its names count. */
const MIN_SUPPORT = 3

/** What the candidate generator needs. */
export interface CandidateContext {
  names: readonly string[]
  nameIndex: NgramIndex
  /** Folded dictionary name → name, for names written inside a string. */
  foldedNames: ReadonlyMap<string, string>
  longestName: number
  dictionary: ReadonlySet<string>
  pairs: ReadonlyArray<{ names: readonly string[] }>
  pairIndex: NgramIndex | undefined
  /** How often each name is a training answer. */
  prior: ReadonlyMap<string, number>
  neighbours: number
  associations: Associations | undefined
  /** Names that are morphology codes (`M8140/3`-style codes). */
  morphology: ReadonlySet<string>
  sites: NeoplasmSites
}

/** One candidate with its feature vector. */
export interface Candidate {
  name: string
  features: number[]
  /**
   * Proposed by the dictionary side alone (similarity, names written inside, site families,
   * side variants), not by training pairs: such proposals do not depend on which other pairs
   * are indexed, so counting them over training pairs leaks nothing between pairs.
   */
  fromDictionary: boolean
}

/** Names of the dictionary written inside a folded string, maximal ones only. */
function containedNames(context: CandidateContext, folded: string): Set<string> {
  const found = new Set<string>()
  for (let start = 0; start < folded.length; start += 1) {
    const stop = Math.min(folded.length, start + context.longestName)
    for (let end = start + 2; end <= stop; end += 1) {
      const name = context.foldedNames.get(folded.slice(start, end))
      if (name !== undefined) found.add(name)
    }
  }
  const kept = new Set<string>()
  for (const name of found) {
    const inner = foldZhTerm(name)
    let inside = false
    for (const other of found) {
      if (other !== name && foldZhTerm(other).includes(inner)) {
        inside = true
        break
      }
    }
    if (!inside) kept.add(name)
  }
  return kept
}

function coverage(name: string, folded: string): number {
  const characters = Array.from(foldZhTerm(name))
  if (characters.length === 0) return 0
  let present = 0
  for (const character of characters) if (folded.includes(character)) present += 1
  return present / characters.length
}

/** What {@link generateCandidates} reads about one string. */
export interface CandidateInput {
  /** The string after abbreviations and cleaning. */
  text: string
  /** Its clauses (diagnoses written together). */
  clauses: readonly string[]
  /** The string before laterality was removed (default: `text`). */
  raw?: string
  /** A training pair to leave out of neighbours, aliases and prior (the pair learnt from). */
  exclude?: number
}

/** Names the dictionary search proposes for the whole string and for each clause. */
const WHOLE_HITS = 10
const CLAUSE_HITS = 5

/** The candidates of a string and their generated features (`GENERATED_FEATURE_COUNT`). */
export function generateCandidates(context: CandidateContext, input: CandidateInput): Candidate[] {
  const { text, clauses, exclude } = input
  const raw = input.raw ?? text
  const sides = raw === text ? NO_SIDES : sidesOf(raw)
  const folded = foldZhTerm(text)
  const similarity = new Map<string, number>()
  const rank = new Map<string, number>()
  context.nameIndex.search(text, WHOLE_HITS).forEach((hit, position) => {
    const name = context.names[hit.entry] as string
    similarity.set(name, hit.score)
    rank.set(name, position)
  })
  const clauseSimilarity = new Map<string, number>()
  const clauseRank = new Map<string, number>()
  if (clauses.length > 1) {
    for (const clause of clauses) {
      context.nameIndex.search(clause, CLAUSE_HITS).forEach((hit, position) => {
        const name = context.names[hit.entry] as string
        if (hit.score > (clauseSimilarity.get(name) ?? 0)) clauseSimilarity.set(name, hit.score)
        if (position < (clauseRank.get(name) ?? Number.POSITIVE_INFINITY))
          clauseRank.set(name, position)
      })
    }
  } else {
    for (const [name, position] of rank) clauseRank.set(name, position)
  }
  // Laterality was cleaned away for matching; names that keep a side (右肺上叶恶性肿瘤,
  // 单侧膝关节骨性关节病, 右束支传导阻滞) are found through the raw string and side variants.
  const rawSimilarity = new Map<string, number>()
  if (raw !== text) {
    for (const hit of context.nameIndex.search(raw, CLAUSE_HITS)) {
      rawSimilarity.set(context.names[hit.entry] as string, hit.score)
    }
  }
  const contained = containedNames(context, folded)
  const votes = new Map<string, { share: number; top: number; count: number; first: number }>()
  let neighbours: NgramHit[] = []
  if (context.pairIndex !== undefined) {
    neighbours = context.pairIndex
      .search(text, context.neighbours + 1)
      .filter((hit) => hit.entry !== exclude)
      .slice(0, context.neighbours)
    let mass = 0
    for (const hit of neighbours) mass += hit.score ** 3
    neighbours.forEach((hit, position) => {
      for (const name of context.pairs[hit.entry]?.names ?? []) {
        const vote = votes.get(name) ?? { share: 0, top: 0, count: 0, first: 0 }
        vote.share += mass > 0 ? hit.score ** 3 / mass : 0
        vote.top = Math.max(vote.top, hit.score)
        vote.count += 1 / context.neighbours
        if (position === 0) vote.first = 1
        votes.set(name, vote)
      }
    })
  }
  const ownNames = exclude === undefined ? undefined : new Set(context.pairs[exclude]?.names ?? [])
  const associated = new Map<string, { share: number; support: number }>()
  if (context.associations !== undefined) {
    const { gramCount, gramNames, pairGrams } = context.associations
    const own = exclude === undefined ? undefined : pairGrams[exclude]
    for (const gram of associationGrams(folded)) {
      const self = own?.has(gram) === true ? 1 : 0
      const support = (gramCount.get(gram) ?? 0) - self
      if (support < MIN_SUPPORT) continue
      for (const [name, count] of gramNames.get(gram) ?? []) {
        const share = (count - (self === 1 && ownNames?.has(name) === true ? 1 : 0)) / support
        if (share < 0.2) continue
        const current = associated.get(name)
        if (current === undefined || share > current.share) associated.set(name, { share, support })
      }
    }
  }
  const sited = siteCandidates(context.sites, folded)
  const names = new Set<string>([
    ...sited.flatMap((set) => [...set]),
    ...similarity.keys(),
    ...clauseSimilarity.keys(),
    ...contained,
    ...votes.keys(),
    ...associated.keys(),
    ...rawSimilarity.keys(),
  ])
  const dictionarySide = new Set<string>([
    ...sited.flatMap((set) => [...set]),
    ...similarity.keys(),
    ...clauseSimilarity.keys(),
    ...contained,
    ...rawSimilarity.keys(),
  ])
  if (sides.left || sides.right || sides.both) {
    for (const name of [...names]) {
      for (const variant of lateralVariants(context.dictionary, name, sides)) {
        names.add(variant)
        if (dictionarySide.has(name)) dictionarySide.add(variant)
      }
    }
  }
  let bestDirect = 0
  let bestVote = 0
  for (const value of similarity.values()) bestDirect = Math.max(bestDirect, value)
  for (const vote of votes.values()) bestVote = Math.max(bestVote, vote.share)
  const candidates: Candidate[] = []
  for (const name of names) {
    const vote = votes.get(name)
    const direct = similarity.get(name) ?? context.nameIndex.similarity(name, text)
    const clausePosition = clauseRank.get(name)
    const clause = Math.max(clauseSimilarity.get(name) ?? 0, direct)
    const position = rank.get(name)
    const length = Array.from(name).length
    const features = [
      1,
      vote?.share ?? 0,
      vote?.top ?? 0,
      vote?.count ?? 0,
      vote?.first ?? 0,
      direct,
      clause,
      contained.has(name) ? 1 : 0,
      coverage(name, folded),
      // Leave-one-out like the neighbours: a pair's own answer must not count in its prior, or
      // names seen once look certain while fitting and unknown when scoring.
      Math.log1p((context.prior.get(name) ?? 0) - (ownNames?.has(name) === true ? 1 : 0)) / 5,
      context.dictionary.has(name) ? 1 : 0,
      position === undefined ? 0 : 1 / (1 + position),
      length <= 2 ? 1 : 0,
      (vote?.share ?? 0) * direct,
      associated.get(name)?.share ?? 0,
      Math.log1p(associated.get(name)?.support ?? 0) / 5,
      context.morphology.has(name) ? 1 : 0,
      ...sited.map((set) => (set.has(name) ? 1 : 0)),
      clausePosition === undefined ? 0 : 1 / (1 + clausePosition),
      Math.min(clauses.length, 10) / 10,
      direct - bestDirect,
      (vote?.share ?? 0) - bestVote,
      sideAgreement(name, sides),
      rawSimilarity.get(name) ?? (raw === text ? direct : context.nameIndex.similarity(name, raw)),
    ]
    candidates.push({ name, features, fromDictionary: dictionarySide.has(name) })
  }
  return candidates
}

/** A logistic model over candidate features. */
export interface CandidateModel {
  features: readonly string[]
  weights: readonly number[]
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value))
}

/** The model's probability that a candidate is a gold name. */
export function candidateProbability(model: CandidateModel, features: readonly number[]): number {
  let sum = 0
  for (let index = 0; index < features.length; index += 1) {
    sum += (model.weights[index] ?? 0) * (features[index] ?? 0)
  }
  return sigmoid(sum)
}

/** Solves the symmetric positive-definite system `matrix · x = vector` (Gaussian elimination). */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length
  const rows = matrix.map((row, index) => [...row, vector[index] ?? 0])
  for (let column = 0; column < size; column += 1) {
    let pivot = column
    for (let row = column + 1; row < size; row += 1) {
      if (Math.abs(rows[row]?.[column] ?? 0) > Math.abs(rows[pivot]?.[column] ?? 0)) pivot = row
    }
    const swap = rows[column] as number[]
    rows[column] = rows[pivot] as number[]
    rows[pivot] = swap
    const head = rows[column] as number[]
    const divisor = head[column] ?? 0
    if (Math.abs(divisor) < 1e-12) continue
    for (let row = 0; row < size; row += 1) {
      if (row === column) continue
      const current = rows[row] as number[]
      const factor = (current[column] ?? 0) / divisor
      if (factor === 0) continue
      for (let index = column; index <= size; index += 1) {
        current[index] = (current[index] ?? 0) - factor * (head[index] ?? 0)
      }
    }
  }
  return rows.map((row, index) => {
    const divisor = row[index] ?? 0
    return Math.abs(divisor) < 1e-12 ? 0 : (row[size] ?? 0) / divisor
  })
}

/**
 * Fits logistic regression to labelled candidates by Newton's method (iteratively reweighted
 * least squares) with an L2 penalty (`l2`, default 1, not applied to the bias). Deterministic:
 * weights start at zero; stops after `iterations` (default 25) or when the step is tiny.
 */
export function fitCandidateModel(
  examples: ReadonlyArray<{ features: readonly number[]; label: 0 | 1 }>,
  options: { iterations?: number; l2?: number } = {},
): CandidateModel {
  const width = CANDIDATE_FEATURES.length
  const weights = new Array<number>(width).fill(0)
  const l2 = options.l2 ?? 1
  for (let iteration = 0; iteration < (options.iterations ?? 25); iteration += 1) {
    const gradient = weights.map((weight, index) => (index === 0 ? 0 : l2 * weight))
    const hessian = Array.from({ length: width }, (_, row) =>
      Array.from({ length: width }, (_, column) => (row === column && row !== 0 ? l2 : 0)),
    )
    for (const example of examples) {
      const features = example.features
      let sum = 0
      for (let index = 0; index < width; index += 1)
        sum += (weights[index] ?? 0) * (features[index] ?? 0)
      const probability = sigmoid(sum)
      const error = probability - example.label
      const curvature = probability * (1 - probability)
      for (let row = 0; row < width; row += 1) {
        const value = features[row] ?? 0
        if (value === 0) continue
        gradient[row] = (gradient[row] ?? 0) + error * value
        const hessianRow = hessian[row] as number[]
        const scaled = curvature * value
        for (let column = 0; column < width; column += 1) {
          hessianRow[column] = (hessianRow[column] ?? 0) + scaled * (features[column] ?? 0)
        }
      }
    }
    const step = solve(hessian, gradient)
    let largest = 0
    for (let index = 0; index < width; index += 1) {
      weights[index] = (weights[index] ?? 0) - (step[index] ?? 0)
      largest = Math.max(largest, Math.abs(step[index] ?? 0))
    }
    if (largest < 1e-6) break
  }
  return { features: [...CANDIDATE_FEATURES], weights }
}
