/**
 * CHIP-CDN (CBLUE) clinical diagnosis normalisation: a JSON array of
 * `{text, normalized_result}`, where `normalized_result` joins one or more standard names of the
 * ICD-10 Beijing clinical edition with `##`. Items are open-ended: the question is the raw
 * diagnosis, the gold the standard names. The response is read as a set of standard names and
 * scored without a judge by micro precision/recall/F1 over names, the metric of
 * `galen terminology eval --task chip-cdn`. Ids are the 0-based position, padded to 4 digits.
 */
import type { BenchmarkItem, LoadResult } from '../item.js'
import type { BenchmarkDefinition, LoadOptions } from './benchmark.js'
import { loadJsonArrayItems } from './json-array-rows.js'
import type { JsonLinesRow } from './jsonl-rows.js'

function toItem({ record, line, index, checker }: JsonLinesRow): BenchmarkItem | undefined {
  const text = checker.text(record, 'text', line)
  const normalized = checker.text(record, 'normalized_result', line)
  if (text === undefined || normalized === undefined) return undefined
  const names = normalized
    .split('##')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  if (names.length === 0)
    return checker.fail(line, 'normalized_result', 'no standard name between the "##" separators')
  return {
    id: String(index).padStart(4, '0'),
    kind: 'open-ended',
    question: text,
    gold: names,
    normalization: { names },
    line,
    language: 'zh',
  }
}

function load(options: LoadOptions): Promise<LoadResult> {
  return loadJsonArrayItems(options.path, 'chip-cdn', toItem)
}

/** CHIP-CDN diagnosis normalisation (Chinese). */
export const chipCdnBenchmark: BenchmarkDefinition = {
  name: 'chip-cdn',
  title: 'CHIP-CDN diagnosis normalisation (Chinese; ICD-10 Beijing clinical edition names)',
  kind: 'open-ended',
  layout: 'JSON array of {text, normalized_result: "name##name"}',
  counts: 'dev 1,000; train 6,000',
  defaultPath: 'zh/chip-cdn/CHIP-CDN_dev.json',
  load,
}
