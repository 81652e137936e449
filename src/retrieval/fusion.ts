/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): merges ranked lists by summing
 * 1 / (k + rank) over the lists an item appears in.
 */

/**
 * Fuses ranked lists of ids. Returns every id with its fused score, best first; ties keep the
 * order of first appearance.
 *
 * @param lists - ranked lists, best first
 * @param k - the damping constant (default 60, the value of the original paper)
 */
export function reciprocalRankFusion(
  lists: ReadonlyArray<readonly string[]>,
  k = 60,
): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>()
  for (const list of lists) {
    list.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1))
    })
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((left, right) => right.score - left.score)
}
