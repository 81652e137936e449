/**
 * CHIP-CDN diagnosis normalisation, measured the way the figures in docs/terminology-zh.md are:
 * 1. Tuning on the training file only: the 6,000 training pairs are split by position (every
 *    sixth pair held out, 1,000 pairs; the other 5,000 train the normaliser), and the threshold
 *    is swept on the held pairs.
 * 2. The dev file (never used for tuning): the normaliser trained on all 6,000 pairs, at the
 *    threshold chosen in step 1, and without training pairs (dictionary and shipped lexicon only).
 * Needs ../shared/data/zh/chip-cdn; takes minutes (candidate features for every training pair).
 */
import { existsSync } from 'node:fs'
import {
  createZhNormalizer,
  type NormalizationPair,
  readNormalizationPairs,
  readStandardNames,
  scoreNormalization,
  type ZhNormalization,
  zhDiagnosisAbbreviations,
} from '../src/terminology/index.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const THRESHOLDS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]
const FLOOR = 0.1

/** The names a result keeps at a threshold (the best one when it clears the floor). */
function namesAt(result: ZhNormalization, threshold: number): string[] {
  const kept = result.names.filter((_, index) => (result.scores[index] ?? 0) >= threshold)
  if (kept.length === 0 && (result.scores[0] ?? 0) >= FLOOR && result.names[0] !== undefined) {
    return [result.names[0]]
  }
  return kept
}

function sweep(results: readonly ZhNormalization[], gold: readonly NormalizationPair[]) {
  return THRESHOLDS.map((threshold) => ({
    threshold,
    ...scoreNormalization(
      results.map((result) => namesAt(result, threshold)),
      gold.map((pair) => pair.names),
    ),
  }))
}

export async function run(): Promise<void> {
  const folder = sharedDataPath('zh/chip-cdn')
  if (!existsSync(folder)) {
    console.log(`chip-cdn: ${folder} is missing; nothing measured`)
    return
  }
  const dictionary = readStandardNames(`${folder}/icd10_beijing_clinical_v601.csv`)
  const train = readNormalizationPairs(`${folder}/CHIP-CDN_train.json`)
  const dev = readNormalizationPairs(`${folder}/CHIP-CDN_dev.json`)
  const abbreviations = zhDiagnosisAbbreviations()
  const open = { threshold: 0, floor: 0, maxNames: 5 }

  const fit = train.filter((_, index) => index % 6 !== 0)
  const held = train.filter((_, index) => index % 6 === 0)
  let started = performance.now()
  const splitNormalizer = createZhNormalizer({
    dictionary,
    training: fit,
    abbreviations,
    settings: open,
  })
  const splitResults = held.map((pair) => splitNormalizer.normalize(pair.text))
  const splitSweep = sweep(splitResults, held)
  console.log(
    `tuning split: ${fit.length} training pairs, ${held.length} held (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  )
  console.table(splitSweep)
  const best = splitSweep.reduce((left, right) => (right.f1 > left.f1 ? right : left))
  console.log(`chosen threshold on the split: ${best.threshold} (held F1 ${best.f1})`)

  started = performance.now()
  const trained = createZhNormalizer({ dictionary, training: train, abbreviations, settings: open })
  const devResults = dev.map((pair) => trained.normalize(pair.text))
  const devAtChosen = scoreNormalization(
    devResults.map((result) => namesAt(result, best.threshold)),
    dev.map((pair) => pair.names),
  )
  console.log(
    `dev with the ${train.length} training pairs at threshold ${best.threshold}: ${JSON.stringify(devAtChosen)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  )

  const untrained = createZhNormalizer({ dictionary, abbreviations })
  const devUntrained = scoreNormalization(
    dev.map((pair) => untrained.normalize(pair.text).names),
    dev.map((pair) => pair.names),
  )
  console.log(
    `dev without training pairs (dictionary and shipped lexicon): ${JSON.stringify(devUntrained)}`,
  )
}
