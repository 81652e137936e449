/**
 * Levenshtein distance between two texts, counted in Unicode code points (so a Chinese character
 * is one edit), and its share of the longer text.
 */

/** Insertions, deletions and substitutions turning `left` into `right` (code points). */
export function levenshtein(left: string, right: string): number {
  const a = Array.from(left)
  const b = Array.from(right)
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  let current = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      )
    }
    ;[previous, current] = [current, previous]
  }
  return previous[b.length] as number
}

/** Distance divided by the longer text's length in code points (0 for two empty texts). */
export function normalisedEditDistance(left: string, right: string): number {
  const longest = Math.max(Array.from(left).length, Array.from(right).length)
  return longest === 0 ? 0 : levenshtein(left, right) / longest
}
