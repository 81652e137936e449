import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { BenchmarkItem } from '../item.js'
import type { EvalRecord } from '../record.js'
import { saveReplay, toRecord } from '../replay.js'
import { buildReport } from './report.js'

const CHROMIUM = '/usr/bin/chromium'
const chromiumPresent = existsSync(CHROMIUM)
const underCi = process.env.CI === 'true' || process.env.CI === '1'

/** Writes a replay folder of `count` items with a given accuracy and unparsed count. */
function makeRun(
  model: string,
  benchmark: string,
  count: number,
  correct: number,
  unparsed: number,
): string {
  const records: EvalRecord[] = []
  for (let index = 0; index < count; index += 1) {
    const item: BenchmarkItem = {
      id: `${benchmark}-${index}`,
      kind: 'multiple-choice',
      question: 'q',
      options: { A: 'a', B: 'b' },
      gold: ['A'],
      category: index % 3 === 0 ? 'step1' : 'step2&3',
    }
    const isCorrect = index < correct
    const isUnparsed = !isCorrect && index < correct + unparsed
    const record = toRecord(item, 0, isUnparsed ? '???' : isCorrect ? 'A' : 'B', {
      parsed: isUnparsed ? null : isCorrect ? 'A' : 'B',
      status: isUnparsed ? 'format_error' : 'ok',
      correct: isCorrect,
      score: isCorrect ? 1 : 0,
      reason: 'synthetic',
    })
    record.tokens = { prompt: 100, completion: 20 + (index % 7) }
    record.latency_ms = 50 + (index % 11)
    records.push(record)
  }
  const outDir = mkdtempSync(join(tmpdir(), `galen-report-${model}-`))
  saveReplay({
    outDir,
    benchmark,
    modelName: model,
    responsesPath: 'synthetic',
    scorer: 'strict',
    records,
  })
  return outDir
}

function sampleReport() {
  return buildReport(
    [
      makeRun('model-a <b>', 'medqa', 300, 210, 6),
      makeRun('model-a <b>', 'mmlu-med', 200, 150, 0),
      makeRun('model-b', 'medqa', 300, 180, 30),
      makeRun('model-b', 'mmlu-med', 200, 170, 2),
    ],
    { title: 'Test report' },
  )
}

describe('buildReport', () => {
  it('tabulates models × benchmarks with intervals, unparsed rates and an average', () => {
    const { comparison, markdown } = sampleReport()
    expect(comparison.models).toEqual(['model-a <b>', 'model-b'])
    expect(comparison.benchmarks).toEqual(['medqa', 'mmlu-med'])
    const cell = comparison.cells.medqa?.['model-b']
    expect(cell).toMatchObject({
      n: 300,
      correct: 180,
      accuracy: 0.6,
      unparsed: 30,
      complete: true,
    })
    expect(cell?.ci95[0]).toBeLessThan(0.6)
    expect(cell?.ci95[1]).toBeGreaterThan(0.6)
    expect(comparison.averages['model-a <b>']).toBeCloseTo((0.7 + 0.75) / 2, 6)
    expect(markdown).toContain('| medqa | 70.00% [')
    expect(markdown).toContain('unparsed 10.0%')
    expect(markdown).toContain('## medqa by category')
    expect(markdown).toContain('## Tokens and latency')
  })

  it('escapes model names in the HTML and loads nothing from the network', () => {
    const { html } = sampleReport()
    expect(html).toContain('model-a &lt;b&gt;')
    expect(html).not.toContain('model-a <b>')
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
    expect(html).toContain("default-src 'none'")
  })
})

/** A replay folder of open-ended items carrying ranked-diagnosis or name-set results. */
function measuredRun(model: string, benchmark: 'rare-disease' | 'chip-cdn'): string {
  const records: EvalRecord[] = []
  for (let index = 0; index < 4; index += 1) {
    const item: BenchmarkItem = {
      id: `${benchmark}-${index}`,
      kind: 'open-ended',
      question: 'q',
      gold: benchmark === 'chip-cdn' ? ['高血压', '糖尿病'] : ['OMIM:1'],
    }
    const record = toRecord(item, 0, 'answer', {
      parsed: 'answer',
      status: 'ok',
      correct: index === 0,
      score: index === 0 ? 1 : 0,
      reason: 'synthetic',
    })
    // rare-disease: ranks 1, 3, 7 and none; chip-cdn: one gold and one wrong name each time.
    if (benchmark === 'rare-disease') {
      const rank = [1, 3, 7, null][index] ?? null
      record.ranking = {
        rank,
        top1: rank === 1 ? 1 : 0,
        top3: rank !== null && rank <= 3 ? 1 : 0,
        top10: rank !== null ? 1 : 0,
      }
    } else record.names = { predicted: ['高血压', '冠心病'], matched: 1 }
    records.push(record)
  }
  const outDir = mkdtempSync(join(tmpdir(), `galen-report-${benchmark}-`))
  saveReplay({
    outDir,
    benchmark,
    modelName: model,
    responsesPath: 'synthetic',
    scorer: 'strict',
    records,
  })
  return outDir
}

describe('buildReport with ranked diagnoses and name sets', () => {
  it('shows top-k recall and micro P/R/F1 in the comparison, Markdown and HTML', () => {
    const { comparison, markdown, html } = buildReport([
      measuredRun('model-a', 'rare-disease'),
      measuredRun('model-a', 'chip-cdn'),
    ])
    expect(comparison.ranking['rare-disease']?.['model-a']).toEqual({
      n: 4,
      top1: 0.25,
      top3: 0.5,
      top10: 0.75,
    })
    const names = comparison.normalization['chip-cdn']?.['model-a']
    expect(names?.precision).toBeCloseTo(0.5, 6)
    expect(names?.recall).toBeCloseTo(0.5, 6)
    expect(markdown).toContain('## rare-disease: ranked diagnoses')
    expect(markdown).toContain('| model-a | 4 | 25.0% | 50.0% | 75.0% |')
    expect(markdown).toContain('| model-a | 4 | 0.5000 | 0.5000 | 0.5000 |')
    expect(html).toContain('chip-cdn: normalised names (micro over names)')
  })
})

describe.skipIf(!chromiumPresent && !underCi)('HTML report in headless Chromium', () => {
  it('renders the table and the charts offline without errors', async () => {
    expect(chromiumPresent, `${CHROMIUM} is missing (apt-get install -y chromium)`).toBe(true)
    const { chromium } = await import('playwright-core')
    const { html } = sampleReport()
    const folder = mkdtempSync(join(tmpdir(), 'galen-report-html-'))
    const page = join(folder, 'report.html')
    writeFileSync(page, html)
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    })
    try {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
      const tab = await context.newPage()
      const problems: string[] = []
      const requests: string[] = []
      tab.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(message.text())
      })
      tab.on('pageerror', (error) => problems.push(error.message))
      tab.on('request', (request) => requests.push(request.url()))
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' })
      expect(await tab.title()).toBe('Test report')
      expect(await tab.locator('table.main tr').count()).toBe(4)
      expect(await tab.locator('table.main td b').first().textContent()).toBe('70.00%')
      expect(await tab.locator('svg').count()).toBe(2)
      expect(await tab.locator('svg rect.bar').count()).toBe(8)
      const box = await tab.locator('svg').first().boundingBox()
      expect(box?.width ?? 0).toBeGreaterThan(500)
      const widest = await tab
        .locator('svg rect.bar')
        .evaluateAll((bars) => Math.max(...bars.map((bar) => bar.getBoundingClientRect().width)))
      expect(widest).toBeGreaterThan(100)
      expect(problems).toEqual([])
      expect(requests).toEqual([pathToFileURL(page).href])
      const artifacts = resolve('test-artifacts')
      mkdirSync(artifacts, { recursive: true })
      await tab.screenshot({ path: join(artifacts, 'eval-report.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  })
})
