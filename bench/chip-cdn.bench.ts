/**
 * CHIP-CDN diagnosis normalisation, measured the way the figures in docs/terminology-zh.md are.
 * Everything is chosen on the training file; the dev file is scored once, at the end.
 * 1. Five-fold cross-validation over the training file (fold = position mod 5): for each fold
 *    the normaliser indexes and fits the other four folds only, and scores the fold's strings
 *    as it would score unseen ones. The threshold and floor are chosen on folds 0-2 (the folds looked at
 *    while developing); folds 3-4 at that threshold are the estimate nothing was chosen on.
 *    (A cheaper leave-one-out shortcut, features of every pair computed over the other 5,999,
 *    flattered a name-rate feature by six points: a pair's own answer reached its neighbours'
 *    candidates. Hence one index per fold.)
 * 2. The earlier split (every sixth training pair held out, 1,000) at the chosen threshold, to
 *    compare with the figures before 2026-12-07 (it was looked at while developing).
 * 3. The dev file: the normaliser fitted on all 6,000 pairs at the chosen threshold, and the
 *    untrained normaliser (dictionary and shipped lexicon only).
 * `CHIP_CDN_SKIP_DEV=1` stops before the dev file (for the runs that choose settings);
 * `CHIP_CDN_SETTINGS='{"neighbours":10}'` tries other normaliser settings in the same protocol.
 * Needs ../shared/data/zh/chip-cdn; takes minutes (candidate features for every training pair,
 * six indexes and fits).
 */
import { existsSync } from 'node:fs'
import { safeParseJson } from '../src/errors.js'
import {
  createZhNormalizer,
  DEFAULT_ZH_NORMALIZER_SETTINGS,
  type NormalizationPair,
  readNormalizationPairs,
  readStandardNames,
  scoreNormalization,
  type ZhNormalizer,
  type ZhNormalizerSettings,
  zhDiagnosisAbbreviations,
} from '../src/terminology/index.js'
import { prepareZhNormalizer, trainingCandidates } from '../src/terminology/zh-normalizer.js'
import { sharedDataPath } from '../test/support/shared-data.js'

const THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45]
const FOLDS = 5
const SELECTION_FOLDS = new Set([0, 1, 2])
const FLOORS = [0.1, 0.2, 0.25]
const MAX_NAMES = 5

type Ranked = Array<[string, number]>

/** The names kept at a threshold (the best one when nothing clears it but it clears the floor). */
function namesAt(ranked: Ranked, threshold: number, floor: number): string[] {
  const kept = ranked
    .filter(([, score]) => score >= threshold)
    .slice(0, MAX_NAMES)
    .map(([name]) => name)
  const best = ranked[0]
  if (kept.length === 0 && best !== undefined && best[1] >= floor) kept.push(best[0])
  return kept
}

interface Cut {
  threshold: number
  floor: number
}

function scoreAt(ranked: readonly Ranked[], gold: readonly NormalizationPair[], cut: Cut) {
  return scoreNormalization(
    ranked.map((list) => namesAt(list, cut.threshold, cut.floor)),
    gold.map((pair) => pair.names),
  )
}

/** Share of gold name occurrences whose name is a gold name of the reference pairs. */
function seenShare(pairs: readonly NormalizationPair[], reference: ReadonlyMap<string, number>) {
  let seen = 0
  let total = 0
  for (const pair of pairs) {
    for (const name of new Set(pair.names)) {
      total += 1
      if ((reference.get(name) ?? 0) > 0) seen += 1
    }
  }
  return Math.round((seen / Math.max(1, total)) * 1000) / 1000
}

function nameCounts(pairs: readonly NormalizationPair[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const pair of pairs)
    for (const name of new Set(pair.names)) counts.set(name, (counts.get(name) ?? 0) + 1)
  return counts
}

const seconds = (started: number): string =>
  `${((performance.now() - started) / 1000).toFixed(0)} s`

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
  // Settings tried on the selection folds (for example '{"neighbours":10}'); untrusted text.
  const parsed = safeParseJson(process.env.CHIP_CDN_SETTINGS ?? '{}')
  const overrides: Partial<ZhNormalizerSettings> =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
      ? (parsed.value as Partial<ZhNormalizerSettings>)
      : {}
  console.log(`settings: ${JSON.stringify({ ...DEFAULT_ZH_NORMALIZER_SETTINGS, ...overrides })}`)

  // The one aggregate looked at on dev: how many of its gold names are training gold names,
  // beside the same share for a training pair left out (leave-one-out) and for 5-fold splits.
  const trainCounts = nameCounts(train)
  let looSeen = 0
  let looTotal = 0
  for (const pair of train) {
    for (const name of new Set(pair.names)) {
      looTotal += 1
      if ((trainCounts.get(name) ?? 0) > 1) looSeen += 1
    }
  }
  const foldSeen: number[] = []
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const fit = nameCounts(train.filter((_, index) => index % FOLDS !== fold))
    foldSeen.push(
      seenShare(
        train.filter((_, index) => index % FOLDS === fold),
        fit,
      ),
    )
  }
  console.log(
    `gold names seen among training gold names: dev ${seenShare(dev, trainCounts)}, training pair left out ${(looSeen / looTotal).toFixed(3)}, 5-fold held folds ${foldSeen.join(' ')}`,
  )

  // The recall ceiling: how many gold names are among a training pair's candidates at all
  // (each pair's candidates computed as if it were unseen, over the other 5,999 pairs).
  let started = performance.now()
  const prepared = prepareZhNormalizer({
    dictionary,
    training: train,
    abbreviations,
    settings: overrides,
  })
  let covered = 0
  let goldTotal = 0
  let candidateTotal = 0
  trainingCandidates(prepared).forEach((row, index) => {
    const names = new Set(row.names)
    candidateTotal += row.names.length
    for (const name of new Set(train[index]?.names ?? [])) {
      goldTotal += 1
      if (names.has(name)) covered += 1
    }
  })
  console.log(
    `recall ceiling: ${(covered / goldTotal).toFixed(4)} of the training pairs' gold names are among their candidates (${(candidateTotal / train.length).toFixed(1)} a pair; ${seconds(started)})`,
  )

  // Scores are kept for every candidate the normaliser returns (up to MAX_NAMES) and cut at
  // each threshold afterwards; they are rounded to three decimals as the command prints them.
  const open = { ...overrides, threshold: 0, floor: 0, maxNames: MAX_NAMES }
  const rankedBy = (normalizer: ZhNormalizer, text: string): Ranked => {
    const result = normalizer.normalize(text)
    return result.names.map((name, index): [string, number] => [name, result.scores[index] ?? 0])
  }
  started = performance.now()
  const ranked: Ranked[] = train.map(() => [])
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const foldStarted = performance.now()
    const normalizer = createZhNormalizer({
      dictionary,
      training: train.filter((_, index) => index % FOLDS !== fold),
      abbreviations,
      settings: open,
    })
    train.forEach((pair, index) => {
      if (index % FOLDS === fold) ranked[index] = rankedBy(normalizer, pair.text)
    })
    console.log(`fold ${fold}: indexed, fitted and scored (${seconds(foldStarted)})`)
  }
  console.log(`5-fold cross-validation (${seconds(started)})`)
  const pick = (selection: boolean) => ({
    ranked: ranked.filter((_, index) => SELECTION_FOLDS.has(index % FOLDS) === selection),
    gold: train.filter((_, index) => SELECTION_FOLDS.has(index % FOLDS) === selection),
  })
  const selection = pick(true)
  const sweep = FLOORS.flatMap((floor) =>
    THRESHOLDS.map((threshold) => ({
      threshold,
      floor,
      ...scoreAt(selection.ranked, selection.gold, { threshold, floor }),
    })),
  )
  console.log('threshold and floor sweep on folds 0-2 (3,600 training pairs):')
  console.table(sweep)
  const best = sweep.reduce((left, right) => (right.f1 > left.f1 ? right : left))
  const chosen = { threshold: best.threshold, floor: best.floor }
  const untouched = pick(false)
  console.log(
    `chosen ${JSON.stringify(chosen)}; folds 3-4 (2,400 training pairs, nothing chosen on them): ${JSON.stringify(scoreAt(untouched.ranked, untouched.gold, chosen))}; all five folds: ${JSON.stringify(scoreAt(ranked, train, chosen))}`,
  )

  started = performance.now()
  const held = train.filter((_, index) => index % 6 === 0)
  const sixth = createZhNormalizer({
    dictionary,
    training: train.filter((_, index) => index % 6 !== 0),
    abbreviations,
    settings: { ...overrides, ...chosen },
  })
  console.log(
    `held split (every sixth training pair, 1,000; 5,000 indexed and fitted) at ${JSON.stringify(chosen)}: ${JSON.stringify(
      scoreNormalization(
        held.map((pair) => sixth.normalize(pair.text).names),
        held.map((pair) => pair.names),
      ),
    )} (${seconds(started)})`,
  )

  if (process.env.CHIP_CDN_SKIP_DEV === '1') {
    console.log('dev not scored (CHIP_CDN_SKIP_DEV=1: the runs that choose settings)')
    return
  }
  started = performance.now()
  const normalizer = createZhNormalizer({
    dictionary,
    training: train,
    abbreviations,
    settings: { ...overrides, ...chosen },
  })
  const devScore = scoreNormalization(
    dev.map((pair) => normalizer.normalize(pair.text).names),
    dev.map((pair) => pair.names),
  )
  console.log(
    `dev with the ${train.length} training pairs at ${JSON.stringify(chosen)}: ${JSON.stringify(devScore)} (${seconds(started)})`,
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
