/**
 * The benchmark item: the one shape every loader produces and every scorer reads.
 */

/** How an item is answered and scored. */
export type ItemKind = 'multiple-choice' | 'calculation' | 'open-ended'

/** The output type of a MedCalc-Bench row, which decides how its answer is compared. */
export type CalculationOutputType = 'decimal' | 'integer' | 'date' | 'weeks-days'

/** The scoring facts of one calculation item (MedCalc-Bench). */
export interface CalculationTarget {
  /** The calculator's id in MedCalc-Bench (for example `2` for Cockcroft-Gault). */
  calculatorId: string
  calculatorName: string
  outputType: CalculationOutputType
  /** The row's lower limit (decimal rows: the answer must lie in [lower, upper]). */
  lowerLimit: string
  upperLimit: string
}

/**
 * The scoring facts of a ranked-diagnosis item (rare-disease cases): the response is read as a
 * ranked list of disease names, each resolved to codes, and scored by top-1, top-3 and top-10
 * recall against the gold codes instead of by a judge.
 */
export interface RankingTarget {
  /** Gold disease codes (`OMIM:…`, `ORPHA:…`, `CCRD:…`). */
  codes: readonly string[]
  /** The codes a predicted name (Chinese or English) or a written code refers to; empty if none. */
  resolve(name: string): readonly string[]
}

/**
 * The scoring facts of a normalisation item (CHIP-CDN): the response is read as a set of standard
 * names and scored by precision, recall and F1 over names against these gold names, not by a judge.
 */
export interface NormalizationTarget {
  /** The gold standard names (exact strings of the standard vocabulary). */
  names: readonly string[]
}

/**
 * One benchmark question. Options keep their letters in display order. `gold` holds the correct
 * letters (one for single-answer items, several for multiple-response items), the ground-truth
 * value for calculations, or a reference answer for open-ended items (possibly empty).
 */
export interface BenchmarkItem {
  /** Stable id, unique within the benchmark (used to join responses and to resume runs). */
  id: string
  kind: ItemKind
  /** The question (stem); for shared-stem items the shared part is in `context`. */
  question: string
  /** Supporting text shown before the question (an abstract, a patient note, a shared stem). */
  context?: string
  /** Options by letter, in display order (multiple-choice items only). */
  options?: Record<string, string>
  /** Correct letters (multiple choice), ground truth (calculation) or reference (open-ended). */
  gold: string[]
  /** True when several letters are correct together (multiple-response exam items). */
  multiple?: boolean
  /** Category used for `by_category` (for example a MedCalc category or a MedQA step). */
  category?: string
  /** Subject used for per-subject breakdowns (for example an MMLU subject). */
  subject?: string
  /** Calculation facts (calculation items only). */
  calculation?: CalculationTarget
  /** The source line (or record index) the item came from, for error messages. */
  line?: number
  /**
   * What the open-ended reference in `gold[0]` is, for the judge: an expert's `answer`
   * (default), or the patient's `case` record behind a consultation (CMB-Clin), which the
   * judge reads as the facts a good doctor would elicit and act on, not as an answer to match.
   */
  reference?: 'answer' | 'case'
  /** The language of the item's text (`zh` items get Chinese prompts). Default `en`. */
  language?: 'en' | 'zh'
  /** Ranked-diagnosis scoring (rare-disease items): scored without a judge. */
  ranking?: RankingTarget
  /** Name-set scoring (CHIP-CDN normalisation items): scored without a judge. */
  normalization?: NormalizationTarget
}

/** A row that a loader rejected, with the 1-based line (or record number) and the reason. */
export interface LoadIssue {
  line: number
  field: string
  message: string
}

/** What a loader returns: the valid items and every malformed row it skipped. */
export interface LoadResult {
  items: BenchmarkItem[]
  issues: LoadIssue[]
}

/**
 * Whether an item is scored by an LLM judge: open-ended items are, unless they carry their own
 * rule-based scoring (ranked diagnoses, name sets).
 */
export function needsJudge(item: BenchmarkItem): boolean {
  return (
    item.kind === 'open-ended' && item.ranking === undefined && item.normalization === undefined
  )
}

/** The option letters of an item, in display order. */
export function optionLetters(item: BenchmarkItem): string[] {
  return Object.keys(item.options ?? {})
}

/** Letters A, B, C, ... for `count` options. */
export function lettersFor(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String.fromCharCode(65 + index))
}
