/**
 * The web page in Debian's Chromium: keyboard use, accessibility (axe-core), small screens,
 * honest empty states, calculator formatting and the Chinese/English switch. Screenshots go to
 * test-artifacts/ (gitignored).
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createAnswerer,
  type EvidencePassage,
  type EvidenceSource,
} from '../../src/answer/index.js'
import { createServiceApp } from '../../src/server/index.js'
import { hasChromium, launchChromium } from '../support/chromium.js'

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts')

const passages: EvidencePassage[] = [
  {
    id: 'dm-1',
    documentId: 'ada',
    title: 'Type 2 diabetes: choosing glucose-lowering therapy',
    source: 'American Diabetes Association',
    url: 'https://example.org/ada',
    date: '2025-01-01',
    authority: 'A',
    materialType: 'guideline',
    text: 'Metformin remains an effective, inexpensive first-line agent for most adults with type 2 diabetes.',
    score: 3,
    demonstration: true,
  },
  {
    id: 'dm-2',
    documentId: 'medlineplus',
    title: 'Type 2 diabetes: everyday self-care',
    source: 'MedlinePlus (NLM)',
    url: 'https://example.org/medlineplus',
    date: '2024',
    authority: 'D',
    materialType: 'patient_education',
    text: 'Healthy eating, regular physical activity and taking medicines as prescribed help prevent problems of diabetes.',
    score: 2,
  },
  {
    id: 'htn-zh',
    documentId: 'htn-zh',
    title: '高血压的药物治疗（演示资料）',
    source: 'Galen 演示语料',
    url: 'https://example.org/htn-zh',
    date: '2024',
    authority: 'A',
    materialType: 'guideline',
    text: '常用的一线降压药包括血管紧张素转换酶抑制剂、血管紧张素受体拮抗剂、钙通道阻滞剂和噻嗪类利尿剂。',
    score: 3,
    demonstration: true,
  },
]

/** Returns the passages sharing a word (Latin, 4+ letters) or a Chinese bigram with the query. */
const evidence: EvidenceSource = {
  name: 'fixture',
  search: async ({ query }) => {
    const words = new Set(query.toLowerCase().match(/[a-z]{4,}/g) ?? [])
    const han = [...query.replace(/[^\u4e00-\u9fff]/g, '')]
    const bigrams = new Set(
      han.slice(1).map((character, position) => `${han[position]}${character}`),
    )
    return passages.filter((passage) => {
      const text = `${passage.title} ${passage.text}`.toLowerCase()
      return (
        [...words].some((word) => text.includes(word)) ||
        [...bigrams].some((bigram) => text.includes(bigram))
      )
    })
  },
}

async function assertNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  // The issue asks for no serious or critical violation; the page has none of any impact, and
  // keeping it that way is the easier promise to check.
  const serious = results.violations.map(
    (violation) =>
      `${what}: ${violation.id} (${violation.impact}) on ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
  expect(serious).toEqual([])
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
}

async function activeId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '')
}

describe.skipIf(!hasChromium())('the web page in Chromium', () => {
  const { app } = createServiceApp({ answerer: createAnswerer({ evidence }), evidence })
  let base = ''
  let browser: Browser
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchChromium()
    mkdirSync(ARTIFACTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await app.close()
  })

  /** Opens the page in a fresh context, failing the test on script errors and HTTP errors. */
  async function open(options: BrowserContextOptions = {}): Promise<{
    page: Page
    problems: string[]
  }> {
    const context = await browser.newContext({ locale: 'en-US', ...options })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
    })
    await page.goto(base)
    return { page, problems }
  }

  it('asks, opens a citation and computes a score with the keyboard alone', async () => {
    const { page, problems } = await open({ viewport: { width: 1280, height: 900 } })
    // Tab from the top of the page to the question box.
    for (let step = 0; step < 15 && (await activeId(page)) !== 'question'; step += 1)
      await page.keyboard.press('Tab')
    expect(await activeId(page)).toBe('question')
    await page.keyboard.type('When is metformin used in type 2 diabetes?')
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('#citations .card')
    // Focus moves to the answer when it arrives.
    expect(await activeId(page)).toBe('answer')
    expect(await page.locator('#status').textContent()).toMatch(/from 2 sources\.$/)
    // The first [n] marker is a button; Enter opens its card and shows the passage.
    for (let step = 0; step < 10; step += 1) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => document.activeElement?.classList.contains('cite'))) break
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('[1]')
    await page.keyboard.press('Enter')
    const card = page.locator('[data-citation="1"]')
    expect(await card.evaluate((node) => node === document.activeElement)).toBe(true)
    expect(await card.locator('.passage').isVisible()).toBe(true)
    expect(await card.locator('.passage').textContent()).toContain('first-line agent')
    // Space works on the second marker too.
    await page.locator('button.cite').nth(1).focus()
    await page.keyboard.press('Space')
    expect(await page.locator('[data-citation="2"] .passage').isVisible()).toBe(true)
    await page.screenshot({ path: resolve(ARTIFACTS, 'web-answer-1280.png'), fullPage: true })
    await assertNoAxeViolations(page, 'answer view')

    // Back to the tabs, then ArrowRight selects the calculators.
    for (let step = 0; step < 40 && (await activeId(page)) !== 'tab-ask'; step += 1)
      await page.keyboard.press('Shift+Tab')
    expect(await activeId(page)).toBe('tab-ask')
    await page.keyboard.press('ArrowRight')
    expect(await activeId(page)).toBe('tab-calc')
    expect(await page.locator('#tab-calc').getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('#panel-calc').isVisible()).toBe(true)
    expect(await page.locator('#panel-ask').isVisible()).toBe(false)
    await page.waitForSelector('#calc-form input')
    // Tab into the panel and pick CHA2DS2-VASc by typing in the focused list.
    for (let step = 0; step < 5 && (await activeId(page)) !== 'calc-select'; step += 1)
      await page.keyboard.press('Tab')
    expect(await activeId(page)).toBe('calc-select')
    await page.selectOption('#calc-select', '4')
    await page.waitForSelector('#calc-congestiveHeartFailure')
    await page.keyboard.press('Tab')
    expect(await activeId(page)).toBe('calc-age')
    await page.keyboard.type('50')
    await page.keyboard.press('Tab')
    await page.keyboard.press('f') // selects "female" in the sex list
    await page.locator('#calc-age').focus()
    await page.keyboard.press('Enter') // implicit submission from a text field
    await page.waitForSelector('#calc-result h2')
    expect(await page.locator('#calc-result h2').textContent()).toBe(
      'CHA2DS2-VASc Score for Atrial Fibrillation Stroke Risk: 1 point',
    )
    expect(await activeId(page)).toBe('calc-result')
    await assertNoAxeViolations(page, 'calculator view')
    await page.keyboard.press('Shift+Tab')
    // Home and End move between tabs as well.
    await page.locator('#tab-calc').focus()
    await page.keyboard.press('Home')
    expect(await activeId(page)).toBe('tab-ask')
    await page.keyboard.press('End')
    expect(await activeId(page)).toBe('tab-calc')
    expect(problems).toEqual([])
  })

  it('says plainly when no passage answers, without "0 sources"', async () => {
    const { page, problems } = await open()
    await page.fill('#question', 'zzzz qqqq')
    await page.click('#ask-button')
    await page.waitForSelector('#answer .empty')
    const answer = (await page.locator('#answer').textContent()) ?? ''
    expect(answer).toContain('No passage in the index answers this question.')
    expect(answer).toContain('Try:')
    expect(answer).not.toContain('most relevant passages')
    const status = (await page.locator('#status').textContent()) ?? ''
    expect(status).toBe('No passage found.')
    expect(await page.locator('#evidence').isVisible()).toBe(false)
    expect(problems).toEqual([])
  })

  it('sends the earlier turns with a follow-up and can start over', async () => {
    const { page } = await open()
    const bodies: unknown[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/chat/completions')) bodies.push(request.postDataJSON())
    })
    await page.fill('#question', 'When is metformin used?')
    await page.click('#ask-button')
    await page.waitForSelector('#citations .card')
    expect(await page.locator('#conversation').textContent()).toContain('When is metformin used?')
    await page.fill('#question', 'and in pregnancy?')
    await page.click('#ask-button')
    await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '')
    await page.waitForFunction(
      () => !document.querySelector('#status')?.textContent?.startsWith('Searching'),
    )
    // The server read it as a follow-up about metformin, and the page says so.
    const followUp = (await page.locator('#answer-follow-up').textContent()) ?? ''
    expect(followUp).toMatch(/^Read as a follow-up: searched for “.*metformin.*”\.$/i)
    const second = bodies[1] as { messages: Array<{ role: string; content: string }> }
    expect(second.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(second.messages[0]?.content).toBe('When is metformin used?')
    await page.click('#new-conversation')
    expect(await page.locator('#conversation').isVisible()).toBe(false)
    expect(await activeId(page)).toBe('question')
  })

  it('serves a favicon and loads without any failed request', async () => {
    const { page, problems } = await open()
    const icon = await page.request.get(`${base}/favicon.ico`)
    expect(icon.status()).toBe(200)
    expect(icon.headers()['content-type']).toBe('image/svg+xml')
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg')
    expect(problems).toEqual([])
  })

  it('has no sideways scroll at 320 to 390 px, on the answer and the calculators', async () => {
    const { page } = await open({ viewport: { width: 390, height: 844 } })
    await page.fill('#question', 'What is the first-line drug for type 2 diabetes?')
    await page.click('#ask-button')
    await page.waitForSelector('#citations .card')
    await page.locator('button.cite').first().click()
    for (const width of [320, 360, 390]) {
      await page.setViewportSize({ width, height: 844 })
      expect(await horizontalOverflow(page), `answer view at ${width} px`).toBeLessThanOrEqual(0)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: resolve(ARTIFACTS, 'web-answer-390.png'), fullPage: true })
    await page.click('#tab-calc')
    await page.waitForSelector('#calc-form input')
    // The longest calculator names make the widest picker.
    await page.selectOption('#calc-select', '2')
    await page.waitForSelector('#calc-creatinine')
    for (const width of [320, 360, 390]) {
      await page.setViewportSize({ width, height: 844 })
      expect(await horizontalOverflow(page), `calculators at ${width} px`).toBeLessThanOrEqual(0)
      const picker = await page.locator('#calc-select').boundingBox()
      expect(picker?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(width)
    }
    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: resolve(ARTIFACTS, 'web-calculators-390.png'), fullPage: true })
  })

  it('formats calculator results to their precision, with no "null" line', async () => {
    const { page } = await open({ viewport: { width: 1280, height: 900 } })
    await page.click('#tab-calc')
    await page.waitForSelector('#calc-form input')
    await page.selectOption('#calc-select', '2')
    await page.waitForSelector('#calc-creatinine')
    await page.fill('#calc-age', '45')
    await page.selectOption('#calc-sex', 'male')
    await page.fill('#calc-weight', '80')
    await page.fill('#calc-height', '178')
    await page.fill('#calc-creatinine', '1.2')
    await page.click('#calc-form button[type="submit"]')
    await page.waitForSelector('#calc-result h2')
    const heading = (await page.locator('#calc-result h2').textContent()) ?? ''
    expect(heading).toMatch(/^Creatinine Clearance \(Cockcroft-Gault Equation\): \d+\.\d mL\/min$/)
    const steps = await page.locator('#calc-result li').allTextContents()
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      expect(step).not.toMatch(/\bnull\b|\bundefined\b/)
      expect(step).not.toMatch(/\d\.\d{4,}/)
    }
    await page.screenshot({ path: resolve(ARTIFACTS, 'web-calculators-1280.png'), fullPage: true })
  })

  it('opens a prefilled calculator form from a link', async () => {
    const { page } = await open()
    await page.goto(`${base}/#calculator=cha2ds2-vasc&age=70&sex=female&hypertension=true`)
    await page.waitForSelector('#calc-hypertension')
    expect(await page.locator('#tab-calc').getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('#calc-age').inputValue()).toBe('70')
    expect(await page.locator('#calc-sex').inputValue()).toBe('female')
    expect(await page.locator('#calc-hypertension').inputValue()).toBe('true')
    await page.click('#calc-form button[type="submit"]')
    await page.waitForSelector('#calc-result h2')
    expect(await page.locator('#calc-result h2').textContent()).toMatch(/: 3 points$/)
  })

  it('shows a calculator result inside the answer, and a prefilled form for missing inputs', async () => {
    const { page, problems } = await open({ viewport: { width: 390, height: 844 } })
    // The answer API's calculations, in the documented shape (docs/serving.md).
    const completion = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'See the calculation.' } }],
      citations: [],
      support: null,
      galen: {
        mode: 'evidence',
        notes: [],
        conflicts: [],
        latency_ms: 3,
        calculations: [
          {
            calculator: { id: 4, slug: 'cha2ds2-vasc', name: 'CHA2DS2-VASc Score' },
            status: 'computed',
            value: 4,
            unit: 'points',
            display: '4 points',
            interpretation: 'High risk',
            steps: [
              { description: 'Age 65-74', display: '1 point' },
              { description: 'Total', display: null },
            ],
            source: 'Lip GY et al. Chest 2010',
            stated: [{ name: 'age', label: 'Age', value: 70 }],
            assumed: [{ name: 'stroke', label: 'Stroke', value: false }],
            missing: [],
            problem: null,
            form: { calculator: 'cha2ds2-vasc', prefill: { age: 70, sex: 'female' } },
          },
          {
            calculator: { id: 2, slug: 'cockcroft-gault', name: 'Creatinine Clearance' },
            status: 'needs-inputs',
            value: null,
            unit: null,
            display: null,
            interpretation: null,
            steps: [],
            source: 'Cockcroft DW, Gault MH. Nephron 1976',
            stated: [{ name: 'age', label: 'Age', value: 60 }],
            assumed: [],
            missing: [
              { name: 'weight', label: 'Weight' },
              { name: 'creatinine', label: 'Serum creatinine' },
            ],
            problem: null,
            form: { calculator: 'cockcroft-gault', prefill: { age: 60 } },
          },
        ],
      },
    }
    await page.route('**/v1/chat/completions', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(completion),
      }),
    )
    await page.fill('#question', 'CHA2DS2-VASc for a 70 year old woman')
    await page.click('#ask-button')
    await page.waitForSelector('.calculation')
    const sections = page.locator('.calculation')
    expect(await sections.count()).toBe(2)
    expect(await sections.nth(0).locator('h3').textContent()).toBe('CHA2DS2-VASc Score: 4 points')
    const first = (await sections.nth(0).textContent()) ?? ''
    expect(first).toContain('From the question: Age 70.')
    expect(first).toContain('Not stated, so taken as absent: Stroke.')
    expect(first).toContain('Age 65-74 = 1 point')
    expect(first).toContain('Source: Lip GY et al. Chest 2010')
    expect(first).not.toMatch(/null|undefined/)
    // With a calculation there is no empty state, even without passages.
    expect(await page.locator('#answer .empty').count()).toBe(0)
    const second = sections.nth(1)
    expect(await second.textContent()).toContain('Missing to compute it: Weight, Serum creatinine.')
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
    await assertNoAxeViolations(page, 'answer with calculations')
    // The link opens the calculator tab with what the question stated already filled in.
    await second.locator('a.open-form').click()
    await page.waitForSelector('#calc-creatinine')
    expect(await page.locator('#tab-calc').getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('#calc-age').inputValue()).toBe('60')
    expect(await page.locator('#calc-select').inputValue()).toBe('2')
    // Focus lands on the first required input still empty.
    expect(await activeId(page)).toBe('calc-sex')
    expect(problems).toEqual([])
  })

  it('answers a calculator question from the real API with the result and its steps', async () => {
    const { page, problems } = await open()
    await page.fill(
      '#question',
      'CHA2DS2-VASc for a 70 year old woman with hypertension and diabetes',
    )
    await page.click('#ask-button')
    await page.waitForSelector('.calculation h3')
    const heading = (await page.locator('.calculation h3').first().textContent()) ?? ''
    expect(heading).toMatch(/^CHA2DS2-VASc .*: 4 points$/)
    expect(await page.locator('.calculation .steps li').count()).toBeGreaterThan(0)
    expect(await page.locator('.calculation').first().textContent()).not.toMatch(/null|undefined/)
    expect(await page.locator('#answer .empty').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('offers the evidence policy the server reports, and sends the one the user picks', async () => {
    const { page } = await open()
    const bodies: Array<Record<string, unknown>> = []
    await page.route('**/v1/chat/completions', (route) => {
      bodies.push(route.request().postDataJSON() as Record<string, unknown>)
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          choices: [{ message: { content: '[1] Vaccines and autism: no link was found.' } }],
          citations: [
            {
              index: 1,
              title: 'Vaccines and autism',
              source: 'Cochrane',
              url: 'https://example.org/cochrane',
              date: '2021',
              authority: 'B',
              passage: 'No link between vaccines and autism was found.',
              supported: null,
              material_type: 'systematic_review',
            },
          ],
          galen: {
            mode: 'evidence',
            notes: [],
            latency_ms: 4,
            evidence: {
              policy: { min_relevance: 0.3, min_relative_relevance: 0.6, authority_floor: 'D' },
              hidden_low_authority: 2,
            },
          },
        }),
      })
    })
    expect(await page.locator('#policy-control').isVisible()).toBe(false)
    await page.fill('#question', 'Do vaccines cause autism?')
    await page.click('#ask-button')
    await page.waitForSelector('#policy-control:not(.hidden)')
    expect(await page.locator('#evidence-policy').inputValue()).toBe('D')
    expect(bodies[0]).not.toHaveProperty('evidence')
    expect(await page.locator('#policy-note').textContent()).toBe(
      '2 passages below authority level D are not shown because A-C evidence on the question exists (see “Lower-authority evidence”).',
    )
    await page.selectOption('#evidence-policy', 'E')
    await page.fill('#question', 'Do vaccines cause autism?')
    await page.click('#ask-button')
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith('Answered'),
    )
    expect(bodies[1]?.evidence).toEqual({ authority_floor: 'E' })
    expect(await page.locator('#evidence-policy').inputValue()).toBe('E')
  })

  it('speaks Chinese to a Chinese browser and switches to English on request', async () => {
    const { page, problems } = await open({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
    })
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await page.locator('#tab-ask').textContent()).toBe('提问')
    expect(await page.locator('#tab-calc').textContent()).toBe('临床计算器')
    expect(await page.locator('#notice').textContent()).toContain('不构成医疗建议')
    expect(await page.title()).toBe('Galen — 有据可查的医学问答')
    await page.fill('#question', '高血压的一线治疗药物是什么？')
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('#citations .card')
    expect(await page.locator('#status').textContent()).toMatch(
      /^用时 \d+ 毫秒，引用了 1 条资料。$/,
    )
    expect(await page.locator('#evidence-heading').textContent()).toBe('证据')
    expect(await page.locator('.card .meta').first().textContent()).toContain('指南')
    expect(await page.locator('.card button.toggle').first().textContent()).toBe('展开原文')
    await assertNoAxeViolations(page, 'answer view in Chinese')
    await page.screenshot({ path: resolve(ARTIFACTS, 'web-answer-zh-390.png'), fullPage: true })
    await page.click('#tab-calc')
    await page.waitForSelector('#calc-form input')
    expect(await page.locator('#calc-form button[type="submit"]').textContent()).toBe('计算')
    // The switch changes every page string, keeps the answer and remembers the choice.
    await page.selectOption('#language', 'en')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.locator('#tab-calc').textContent()).toBe('Calculators')
    expect(await page.locator('#calc-form button[type="submit"]').textContent()).toBe('Calculate')
    expect(await page.locator('#status').textContent()).toMatch(/from 1 source\.$/)
    await page.reload()
    expect(await page.locator('#tab-ask').textContent()).toBe('Ask')
    expect(problems).toEqual([])
  })
})
