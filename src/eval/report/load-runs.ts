/**
 * Reads run (and replay) directories for reports: the manifest names the model and benchmark,
 * the records are summarised afresh so interrupted runs report what they hold.
 */
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { InputError } from '../../errors.js'
import { RUN_FILES, readManifest, recoverRecords } from '../run-directory.js'
import { type EvalSummaryFile, summarize } from '../summary.js'

/** One run as a report sees it. */
export interface ReportRun {
  directory: string
  model: string
  /** Benchmark label, with the subset when there is one (`mirage/medqa`). */
  benchmark: string
  summary: EvalSummaryFile
  /** False when the run was interrupted or has fewer records than items. */
  complete: boolean
}

/** Loads one run directory; throws InputError when it holds no run. */
export function loadRun(directory: string): ReportRun {
  if (!existsSync(join(directory, RUN_FILES.records))) {
    throw new InputError(`eval: "${directory}" holds no ${RUN_FILES.records} (not a run folder)`, {
      field: 'dir',
      value: directory,
    })
  }
  const manifest = readManifest(directory)
  const { records } = recoverRecords(directory)
  const benchmark =
    manifest === undefined
      ? basename(directory)
      : manifest.subset === undefined
        ? manifest.benchmark
        : `${manifest.benchmark}/${manifest.subset}`
  const summary = summarize(benchmark, records)
  const expected = manifest === undefined ? summary.items : manifest.item_ids.length
  return {
    directory,
    model: manifest?.model.name ?? basename(directory),
    benchmark,
    summary,
    complete:
      (manifest === undefined || manifest.status === 'complete') && summary.items >= expected,
  }
}
