/**
 * `npm run bench -- web-page`: the page as a new user meets it. Starts `galen serve` (the
 * demonstration index, evidence mode), asks the questions in Debian's Chromium at phone and
 * desktop widths, in English and Chinese, and prints per view: the passages shown, calculator
 * results, axe-core violations by impact, sideways overflow in pixels and failed requests.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { hasChromium, launchChromium } from '../test/support/chromium.js'

const root = resolve(import.meta.dirname, '..')

async function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', resolve(root, 'src/cli/main.ts'), 'serve', '--port', '0'],
    { cwd: root, env: { ...process.env, GALEN_MODEL_URL: '', GALEN_GGUF: '' } },
  )
  let text = ''
  const url = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${text}`)), 120_000)
    const read = (chunk: Buffer): void => {
      text += chunk.toString()
      const match = text.match(/listening on (http:\/\/\S+)/)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        found(match[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${text}`)))
  })
  return { child, url }
}

async function audit(page: Page): Promise<string> {
  const results = await new AxeBuilder({ page }).analyze()
  const byImpact: Record<string, number> = {}
  for (const violation of results.violations) {
    const impact = violation.impact ?? 'unknown'
    byImpact[impact] = (byImpact[impact] ?? 0) + violation.nodes.length
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  const rules = results.violations.map((violation) => violation.id).join(', ') || 'none'
  return `axe violations ${JSON.stringify(byImpact)} (rules: ${rules}), overflow ${overflow} px`
}

const CASES: ReadonlyArray<{ locale: string; width: number; question: string }> = [
  { locale: 'en-US', width: 390, question: 'When is metformin contraindicated?' },
  { locale: 'en-US', width: 390, question: 'Do vaccines cause autism?' },
  {
    locale: 'en-US',
    width: 1280,
    question: 'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
  },
  { locale: 'zh-CN', width: 390, question: '高血压的一线治疗药物是什么？' },
  { locale: 'en-US', width: 320, question: 'zzzz qqqq' },
]

/** Runs the page checks against a fresh `galen serve`. */
export async function run(): Promise<void> {
  if (!hasChromium()) {
    console.log('web-page: skipped (no Chromium at /usr/bin/chromium)')
    return
  }
  const { child, url } = await startServe()
  const browser = await launchChromium()
  try {
    for (const { locale, width, question } of CASES) {
      const context = await browser.newContext({ locale, viewport: { width, height: 900 } })
      const page = await context.newPage()
      const failed: string[] = []
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
      })
      await page.goto(url)
      await page.fill('#question', question)
      await page.click('#ask-button')
      await page.waitForFunction(() => {
        const status = document.querySelector('#status')?.textContent ?? ''
        return status !== '' && !status.startsWith('Searching') && !status.startsWith('正在')
      })
      const titles = await page.locator('#citations .card h3').allTextContents()
      const badges = await page.locator('#citations .card .badge').allTextContents()
      const calculations = await page.locator('.calculation h3').allTextContents()
      console.log(`[${locale}, ${width} px] ${question}`)
      console.log(`  status: ${await page.locator('#status').textContent()}`)
      titles.forEach((title, position) => {
        console.log(`  ${badges[position] ?? '?'} ${title}`)
      })
      if (calculations.length > 0) console.log(`  calculator: ${calculations.join(' | ')}`)
      if ((await page.locator('#answer .empty').count()) > 0) console.log('  empty state shown')
      console.log(`  answer view: ${await audit(page)}`)
      await page.click('#tab-calc')
      await page.waitForSelector('#calc-form input')
      console.log(`  calculator view: ${await audit(page)}`)
      console.log(`  failed requests: ${failed.length === 0 ? 'none' : failed.join(', ')}`)
      await context.close()
    }
  } finally {
    await browser.close()
    child.kill('SIGTERM')
  }
}
