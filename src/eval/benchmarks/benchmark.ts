/**
 * The interface every benchmark loader implements. Adding a benchmark is one file exporting a
 * {@link BenchmarkDefinition}, listed once in `registry.ts`.
 */
import type { BenchmarkItem, ItemKind, LoadResult } from '../item.js'

/** Options of {@link BenchmarkDefinition.load}. */
export interface LoadOptions {
  /** A file or folder, as the definition's `layout` describes. */
  path: string
  /** A subset or variant (for example `pqal`, `test-question-only`, or a MIRAGE dataset). */
  subset?: string
}

/** A supported benchmark: how to find, read and validate its files. */
export interface BenchmarkDefinition {
  /** Short name used on the command line, for example `medqa`. */
  readonly name: string
  /** Display name, for example `MedQA (USMLE, 4 options)`. */
  readonly title: string
  readonly kind: ItemKind
  /** Expected file layout, for `galen eval list`. */
  readonly layout: string
  /** Expected item counts of the known files, for `galen eval list`. */
  readonly counts: string
  /** The default path relative to the shared data folder, when the set ships there. */
  readonly defaultPath?: string
  /** Accepted subsets; the first is the default. */
  readonly subsets?: readonly string[]
  /** Reads and validates the files; malformed rows become issues, never exceptions. */
  load(options: LoadOptions): Promise<LoadResult>
  /**
   * Few-shot examples for an item drawn from a separate pool (for example MMLU's dev split).
   * When absent, the runner draws examples from the set's own items not being evaluated.
   */
  fewShotPool?(options: LoadOptions): Promise<BenchmarkItem[]>
}
