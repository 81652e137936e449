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
