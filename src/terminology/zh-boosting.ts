/**
 * Gradient-boosted decision trees for the candidate features of the Chinese normaliser: a
 * small, deterministic, dependency-free learner (logistic loss, second-order leaf values,
 * features bucketed at training quantiles, depth-limited trees grown level by level). On the
 * held split of the CHIP-CDN training file it ranks candidates better than the logistic model,
 * because the features interact (a neighbour vote means more when the name is also similar).
 */

/** Settings of {@link fitBoostedTrees}. */
export interface BoostingSettings {
  /** Trees grown (default 250). */
  trees: number
  /** Depth of each tree (default 5, so 32 leaves). */
  depth: number
  /** Shrinkage applied to each leaf value (default 0.1). */
  learningRate: number
  /** L2 penalty on leaf values (default 1). */
  lambda: number
  /** Least summed curvature on each side of a split (default 5). */
  minCurvature: number
  /** Quantile buckets per feature (default 32, at most 255). */
  buckets: number
}

/** Defaults of {@link fitBoostedTrees}, chosen on the held split of the CHIP-CDN training file. */
export const DEFAULT_BOOSTING_SETTINGS: BoostingSettings = {
  trees: 250,
  depth: 5,
  learningRate: 0.1,
  lambda: 1,
  minCurvature: 5,
  buckets: 32,
}

/** One split of a tree level: feature index (-1: no split, go left) and bucket threshold. */
interface TreeSplit {
  feature: number
  bucket: number
}

/** One tree: a split per node and level, and the leaf values (`2^depth`). */
interface Tree {
  levels: TreeSplit[][]
  leaves: number[]
}

/** A fitted ensemble. */
export interface BoostedTrees {
  readonly kind: 'boosted-trees'
  readonly features: readonly string[]
  /** Upper bucket edges per feature (a value above edge b falls in bucket b + 1). */
  readonly edges: ReadonlyArray<readonly number[]>
  /** Log-odds of the base rate. */
  readonly base: number
  readonly trees: readonly Tree[]
}

function bucketOf(edges: readonly number[], value: number): number {
  let low = 0
  let high = edges.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (value > (edges[middle] ?? 0)) low = middle + 1
    else high = middle
  }
  return low
}

function quantileEdges(values: Float64Array, buckets: number): number[] {
  const sorted = Float64Array.from(values).sort()
  const edges: number[] = []
  for (let bucket = 1; bucket < buckets; bucket += 1) {
    const value = sorted[Math.floor((bucket * sorted.length) / buckets)] ?? 0
    if (edges.length === 0 || value > (edges[edges.length - 1] ?? 0)) edges.push(value)
  }
  return edges
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value))

/**
 * Fits boosted trees to labelled feature vectors (all of the same length). Deterministic.
 *
 * @throws RangeError when there are no examples or the labels are all equal.
 */
export function fitBoostedTrees(
  examples: ReadonlyArray<{ features: readonly number[]; label: 0 | 1 }>,
  featureNames: readonly string[],
  settings: Partial<BoostingSettings> = {},
): BoostedTrees {
  const options = { ...DEFAULT_BOOSTING_SETTINGS, ...settings }
  const count = examples.length
  const width = featureNames.length
  const buckets = Math.min(255, Math.max(2, options.buckets))
  const positives = examples.reduce((sum, example) => sum + example.label, 0)
  if (count === 0 || positives === 0 || positives === count)
    throw new RangeError('zh-boosting: needs examples of both labels')
  const edges: number[][] = []
  const column = new Float64Array(count)
  for (let feature = 0; feature < width; feature += 1) {
    examples.forEach((example, index) => {
      column[index] = example.features[feature] ?? 0
    })
    edges.push(quantileEdges(column, buckets))
  }
  const binned = new Uint8Array(count * width)
  examples.forEach((example, index) => {
    for (let feature = 0; feature < width; feature += 1) {
      binned[index * width + feature] = bucketOf(
        edges[feature] as number[],
        example.features[feature] ?? 0,
      )
    }
  })
  const base = Math.log(positives / (count - positives))
  const raw = new Float64Array(count).fill(base)
  const gradient = new Float64Array(count)
  const curvature = new Float64Array(count)
  const node = new Int32Array(count)
  const trees: Tree[] = []
  const stride = width * buckets
  for (let round = 0; round < options.trees; round += 1) {
    for (let index = 0; index < count; index += 1) {
      const probability = sigmoid(raw[index] ?? 0)
      gradient[index] = probability - (examples[index]?.label ?? 0)
      curvature[index] = probability * (1 - probability)
    }
    node.fill(0)
    const levels: TreeSplit[][] = []
    let nodes = 1
    let parentGradients = new Float64Array(0)
    let parentCurvatures = new Float64Array(0)
    for (let level = 0; level < options.depth; level += 1) {
      const gradients = new Float64Array(nodes * stride)
      const curvatures = new Float64Array(nodes * stride)
      // Histogram subtraction: below the root only the smaller child of each split is summed
      // over its examples; its sibling is the parent's histogram minus it.
      const direct = new Uint8Array(nodes).fill(level === 0 ? 1 : 0)
      if (level > 0) {
        const sizes = new Int32Array(nodes)
        for (let index = 0; index < count; index += 1) {
          const current = node[index] ?? 0
          sizes[current] = (sizes[current] ?? 0) + 1
        }
        for (let parent = 0; parent < nodes / 2; parent += 1) {
          const left = parent * 2
          direct[(sizes[left] ?? 0) <= (sizes[left + 1] ?? 0) ? left : left + 1] = 1
        }
      }
      for (let index = 0; index < count; index += 1) {
        const current = node[index] ?? 0
        if (direct[current] === 0) continue
        const offset = current * stride
        const row = index * width
        const g = gradient[index] ?? 0
        const h = curvature[index] ?? 0
        for (let feature = 0; feature < width; feature += 1) {
          const slot = offset + feature * buckets + (binned[row + feature] ?? 0)
          gradients[slot] = (gradients[slot] ?? 0) + g
          curvatures[slot] = (curvatures[slot] ?? 0) + h
        }
      }
      if (level > 0) {
        for (let parent = 0; parent < nodes / 2; parent += 1) {
          const left = parent * 2
          const summed = direct[left] === 1 ? left : left + 1
          const derived = summed === left ? left + 1 : left
          for (let slot = 0; slot < stride; slot += 1) {
            gradients[derived * stride + slot] =
              (parentGradients[parent * stride + slot] ?? 0) -
              (gradients[summed * stride + slot] ?? 0)
            curvatures[derived * stride + slot] =
              (parentCurvatures[parent * stride + slot] ?? 0) -
              (curvatures[summed * stride + slot] ?? 0)
          }
        }
      }
      parentGradients = gradients
      parentCurvatures = curvatures
      const splits: TreeSplit[] = []
      for (let current = 0; current < nodes; current += 1) {
        const offset = current * stride
        let totalG = 0
        let totalH = 0
        for (let bucket = 0; bucket < buckets; bucket += 1) {
          totalG += gradients[offset + bucket] ?? 0
          totalH += curvatures[offset + bucket] ?? 0
        }
        const parent = (totalG * totalG) / (totalH + options.lambda)
        let best: TreeSplit = { feature: -1, bucket: 0 }
        let bestGain = 0
        for (let feature = 0; feature < width; feature += 1) {
          let leftG = 0
          let leftH = 0
          for (let bucket = 0; bucket < buckets - 1; bucket += 1) {
            const slot = offset + feature * buckets + bucket
            leftG += gradients[slot] ?? 0
            leftH += curvatures[slot] ?? 0
            const rightG = totalG - leftG
            const rightH = totalH - leftH
            if (leftH < options.minCurvature || rightH < options.minCurvature) continue
            const gain =
              (leftG * leftG) / (leftH + options.lambda) +
              (rightG * rightG) / (rightH + options.lambda) -
              parent
            if (gain > bestGain) {
              bestGain = gain
              best = { feature, bucket }
            }
          }
        }
        splits.push(best)
      }
      levels.push(splits)
      for (let index = 0; index < count; index += 1) {
        const current = node[index] ?? 0
        const split = splits[current] as TreeSplit
        const right =
          split.feature >= 0 && (binned[index * width + split.feature] ?? 0) > split.bucket
        node[index] = current * 2 + (right ? 1 : 0)
      }
      nodes *= 2
    }
    const leafG = new Float64Array(nodes)
    const leafH = new Float64Array(nodes)
    for (let index = 0; index < count; index += 1) {
      const leaf = node[index] ?? 0
      leafG[leaf] = (leafG[leaf] ?? 0) + (gradient[index] ?? 0)
      leafH[leaf] = (leafH[leaf] ?? 0) + (curvature[index] ?? 0)
    }
    const leaves = Array.from(
      leafG,
      (sum, leaf) => (-options.learningRate * sum) / ((leafH[leaf] ?? 0) + options.lambda),
    )
    for (let index = 0; index < count; index += 1) {
      raw[index] = (raw[index] ?? 0) + (leaves[node[index] ?? 0] ?? 0)
    }
    trees.push({ levels, leaves })
  }
  return { kind: 'boosted-trees', features: [...featureNames], edges, base, trees }
}

/** The ensemble's probability that a candidate with these features is a gold name. */
export function boostedProbability(model: BoostedTrees, features: readonly number[]): number {
  const buckets = model.edges.map((edges, feature) => bucketOf(edges, features[feature] ?? 0))
  let sum = model.base
  for (const tree of model.trees) {
    let current = 0
    for (const splits of tree.levels) {
      const split = splits[current] as TreeSplit
      const right = split.feature >= 0 && (buckets[split.feature] ?? 0) > split.bucket
      current = current * 2 + (right ? 1 : 0)
    }
    sum += tree.leaves[current] ?? 0
  }
  return sigmoid(sum)
}
