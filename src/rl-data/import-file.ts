/**
 * `rl import`: converts a verl or OpenRLHF rollout dump (or a mixed file) into Galen rollout
 * records, streamed in one pass.
 */
import { type ImportSettings, normalizeRollout } from './importers.js'
import {
  createLineWriter,
  forEachJsonLine,
  IssueLog,
  type LineIssue,
  type ProgressCallback,
} from './line-reader.js'

/** The result of {@link importRollouts}. */
export interface ImportResult {
  read: number
  written: number
  malformed: number
  issues: LineIssue[]
}

/** Rewrites each line of `input` as a Galen rollout record in `out`. */
export async function importRollouts(
  input: string,
  options: ImportSettings & {
    out: string
    onIssue?: (issue: LineIssue) => void
    onProgress?: ProgressCallback
  },
): Promise<ImportResult> {
  const issues = new IssueLog(options.onIssue)
  const writer = createLineWriter(options.out)
  let read = 0
  await forEachJsonLine(
    input,
    (value, line) => {
      read += 1
      const record = normalizeRollout(value, options, `line ${line}`)
      if (record.ok) writer.writeJson(record.value)
      else issues.add(line, record.error.message)
    },
    issues,
    {
      afterChunk: () => writer.flush(),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  )
  await writer.close()
  return { read, written: writer.lines, malformed: issues.count, issues: issues.issues }
}
