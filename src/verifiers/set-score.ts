/**
 * Precision, recall and F1 of a predicted set against a key set, with graded credit per pair
 * (one-to-one, greedy by credit).
 */

/** Set overlap measures. */
export interface SetScores {
  precision: number
  recall: number
  f1: number
  /** Key items matched (credit summed). */
  matched: number
}

/**
 * Scores predicted items against key items. `credit(predicted, key)` is in [0, 1]. An empty
 * prediction scores 0 everywhere (never a free point), an empty key is not allowed by callers.
 */
export function scoreSets<P, K>(
  predicted: readonly P[],
  key: readonly K[],
  credit: (predicted: P, key: K) => number,
): SetScores {
  if (predicted.length === 0 || key.length === 0)
    return { precision: 0, recall: 0, f1: 0, matched: 0 }
  const pairs: Array<{ predictedIndex: number; keyIndex: number; value: number }> = []
  predicted.forEach((item, predictedIndex) => {
    key.forEach((keyItem, keyIndex) => {
      const value = credit(item, keyItem)
      if (value > 0) pairs.push({ predictedIndex, keyIndex, value })
    })
  })
  pairs.sort((left, right) => right.value - left.value)
  const usedPredicted = new Set<number>()
  const usedKey = new Set<number>()
  let matched = 0
  for (const pair of pairs) {
    if (usedPredicted.has(pair.predictedIndex) || usedKey.has(pair.keyIndex)) continue
    usedPredicted.add(pair.predictedIndex)
    usedKey.add(pair.keyIndex)
    matched += pair.value
  }
  const precision = matched / predicted.length
  const recall = matched / key.length
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1, matched }
}
