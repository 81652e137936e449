/**
 * The supported benchmarks. To add one, write a file exporting a BenchmarkDefinition and list it
 * here.
 */
import { NotFoundError } from '../../errors.js'
import { afrimedQaBenchmark } from './afrimed-qa.js'
import type { BenchmarkDefinition } from './benchmark.js'
import { chipCdnBenchmark } from './chip-cdn.js'
import { cmbClinBenchmark } from './cmb-clin.js'
import { cmmluMedBenchmark } from './cmmlu-med.js'
import { cnmleqaBenchmark } from './cnmleqa.js'
import { examJsonlBenchmark } from './exam-jsonl.js'
import { huatuo100Benchmark } from './huatuo100.js'
import { medbulletsBenchmark } from './medbullets.js'
import { medcalcBenchmark } from './medcalc-bench.js'
import { mediqBenchmark } from './mediq.js'
import { medmcqaBenchmark } from './medmcqa.js'
import { medqaBenchmark } from './medqa.js'
import { medxpertqaBenchmark } from './medxpertqa.js'
import { mirageBenchmark } from './mirage.js'
import { mmluMedBenchmark } from './mmlu-med.js'
import { openEndedJsonlBenchmark } from './open-ended-jsonl.js'
import { pubmedqaBenchmark } from './pubmedqa.js'
import { rareDiseaseBenchmark } from './rare-disease.js'
import { xmedbenchZhBenchmark } from './xmedbench-zh.js'

/** Every supported benchmark, in the order `galen eval list` shows them. */
export const BENCHMARKS: readonly BenchmarkDefinition[] = [
  medqaBenchmark,
  medmcqaBenchmark,
  pubmedqaBenchmark,
  mmluMedBenchmark,
  medbulletsBenchmark,
  medxpertqaBenchmark,
  mirageBenchmark,
  afrimedQaBenchmark,
  mediqBenchmark,
  medcalcBenchmark,
  cmmluMedBenchmark,
  xmedbenchZhBenchmark,
  cnmleqaBenchmark,
  cmbClinBenchmark,
  huatuo100Benchmark,
  rareDiseaseBenchmark,
  chipCdnBenchmark,
  examJsonlBenchmark,
  openEndedJsonlBenchmark,
]

/** Finds a benchmark by name; throws NotFoundError listing the known names. */
export function getBenchmark(name: string): BenchmarkDefinition {
  const found = BENCHMARKS.find((benchmark) => benchmark.name === name)
  if (found === undefined) {
    throw new NotFoundError(
      `eval: unknown benchmark "${name}" (known: ${BENCHMARKS.map((benchmark) => benchmark.name).join(', ')})`,
    )
  }
  return found
}
