/**
 * Renders the picture of the study report for docs/mixture.md: a 4-group demonstration study
 * (15 trials of a synthetic objective standing in for "train, then evaluate"), its HTML report,
 * and a screenshot taken with Debian's Chromium through playwright-core.
 *
 *   npx tsx bench/mixture-report.ts docs/images/mixture-report.png
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  analyseStudy,
  createStudy,
  observeTrial,
  renderStudyHtml,
  suggestTrials,
} from '../src/mixture/index.js'
import { launchChromium } from '../test/support/chromium.js'

/** A stand-in for "train on this mixture, then evaluate": a smooth bump plus a small penalty. */
function demoScore(ratios: Record<string, number>): number {
  const target: Record<string, number> = {
    exam: 0.2,
    dialogue: 0.1,
    calculation: 0.45,
    safety: 0.25,
  }
  const distance = Object.entries(target).reduce(
    (sum, [name, value]) => sum + ((ratios[name] ?? 0) - value) ** 2,
    0,
  )
  return 0.45 + 0.3 * Math.exp(-distance / 0.05)
}

const out = resolve(process.argv[2] ?? 'docs/images/mixture-report.png')
const study = createStudy({
  name: 'demo-sft-mixture',
  seed: 'docs',
  groups: [
    { name: 'exam', min: 0.1, max: 0.7 },
    { name: 'dialogue', min: 0.05, max: 0.5 },
    { name: 'calculation', min: 0.05, max: 0.5 },
    { name: 'safety', min: 0.05, max: 0.3 },
  ],
  objective: {
    direction: 'maximize',
    terms: [
      { benchmark: 'medqa', weight: 2 },
      { benchmark: 'medcalc-bench', weight: 1 },
    ],
  },
  initialTrials: 6,
  stop: { max_trials: 15 },
})
for (let round = 0; round < 15; round++) {
  for (const trial of suggestTrials(study, { count: 1 })) {
    observeTrial(study, trial.id, { status: 'complete', value: demoScore(trial.ratios) })
  }
}
const folder = mkdtempSync(join(tmpdir(), 'galen-mix-report-'))
const page = join(folder, 'report.html')
writeFileSync(page, renderStudyHtml(study, analyseStudy(study)))
const browser = await launchChromium()
try {
  const tab = await browser.newPage({ viewport: { width: 1000, height: 900 } })
  await tab.goto(pathToFileURL(page).href)
  await tab.screenshot({ path: out, fullPage: true })
} finally {
  await browser.close()
}
console.log(`report ${page}\nscreenshot ${out}`)
