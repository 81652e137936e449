/**
 * Few-shot example selection: deterministic per item and seed, never the item itself, preferring
 * examples of the same subject (MMLU's dev pools are per subject).
 */
import type { BenchmarkItem } from './item.js'
import { createRandom, randomInteger } from './sampling.js'

/** Picks `count` examples for `item` from `pool` (seeded by `seed` and the item id). */
export function selectExamples(
  item: BenchmarkItem,
  pool: readonly BenchmarkItem[],
  count: number,
  seed: string | number,
): BenchmarkItem[] {
  if (count <= 0) return []
  const others = pool.filter(
    (candidate) => candidate.id !== item.id || candidate.question !== item.question,
  )
  const sameSubject =
    item.subject === undefined
      ? []
      : others.filter((candidate) => candidate.subject === item.subject)
  const source = sameSubject.length >= count ? sameSubject : others
  const chosen = [...source]
  const random = createRandom(`${seed}:${item.id}`)
  const take = Math.min(count, chosen.length)
  for (let index = 0; index < take; index += 1) {
    const swap = index + randomInteger(random, chosen.length - index)
    const current = chosen[index] as BenchmarkItem
    chosen[index] = chosen[swap] as BenchmarkItem
    chosen[swap] = current
  }
  return chosen.slice(0, take)
}
