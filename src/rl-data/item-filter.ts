/**
 * Filters a dataset items file by prompt id, streamed: the link between rollout-level decisions
 * (mastered, selected for reward variance) and the dataset an RL engine trains on next.
 */
import {
  createLineWriter,
  forEachJsonLine,
  IssueLog,
  type LineIssue,
  type ProgressCallback,
} from './line-reader.js'
import { safeParseItem } from './records.js'

/** Counts of an items pass. */
export interface ItemFilterResult {
  read: number
  kept: number
  dropped: number
  /** Kept items whose id had no rollouts. */
  not_in_rollouts: number
  malformed: number
}

/**
 * Copies the items of `input` to `out`, leaving out those for which `drop(id)` is true. Lines are
 * copied unchanged; malformed lines are reported with their number and skipped.
 */
export async function filterItemsById(
  files: { input: string; out: string },
  rule: { drop: (id: string) => boolean; known: (id: string) => boolean },
  options: { onIssue?: (issue: LineIssue) => void; onProgress?: ProgressCallback } = {},
): Promise<ItemFilterResult> {
  const issues = new IssueLog(
    options.onIssue === undefined
      ? undefined
      : (issue) => options.onIssue?.({ line: issue.line, message: `items: ${issue.message}` }),
  )
  const writer = createLineWriter(files.out)
  const counts: ItemFilterResult = {
    read: 0,
    kept: 0,
    dropped: 0,
    not_in_rollouts: 0,
    malformed: 0,
  }
  await forEachJsonLine(
    files.input,
    (value, line, text) => {
      const parsed = safeParseItem(value, `items line ${line}`)
      if (!parsed.ok) {
        issues.add(line, parsed.error.message)
        return
      }
      counts.read += 1
      if (rule.drop(parsed.value.id)) {
        counts.dropped += 1
        return
      }
      if (!rule.known(parsed.value.id)) counts.not_in_rollouts += 1
      counts.kept += 1
      writer.writeLine(text)
    },
    issues,
    {
      afterChunk: () => writer.flush(),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  )
  await writer.close()
  counts.malformed = issues.count
  return counts
}
