import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium } from '../../test/support/chromium.js'
import { createAnswerer, type EvidencePassage, type EvidenceSource } from '../answer/index.js'
import { createServiceApp } from './create-app.js'

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
    text: 'Healthy eating, regular physical activity and taking medicines as prescribed help prevent problems.',
    score: 2,
  },
]
const evidence: EvidenceSource = { name: 'fixture', search: async () => passages }

describe.skipIf(!hasChromium())('the web page in Chromium', () => {
  const { app } = createServiceApp({ answerer: createAnswerer({ evidence }), evidence })
  let base = ''
  let browser: Browser
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await app.close()
  })

  it('asks a question, shows citation cards, opens one and takes a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(base)
    await expect(page.locator('#notice').textContent()).resolves.toContain('Not medical advice')
    await page.fill('#question', 'What is the first-line drug for type 2 diabetes?')
    await page.click('#ask-button')
    await page.waitForSelector('#citations .card')
    expect(await page.locator('#citations .card').count()).toBe(2)
    expect(await page.locator('#answer-mode').textContent()).toContain('Evidence mode')
    expect(await page.locator('.card .badge').first().textContent()).toBe('A')
    const passage = page.locator('.card').first().locator('.passage')
    expect(await passage.isVisible()).toBe(false)
    await page.locator('.card').first().locator('button.toggle').click()
    expect(await passage.isVisible()).toBe(true)
    expect(await passage.textContent()).toContain('first-line agent')
    await page.locator('.cite').first().click()
    expect(await page.locator('.card.highlight').count()).toBe(1)
    const folder = resolve(import.meta.dirname, '../../test-artifacts')
    mkdirSync(folder, { recursive: true })
    await page.screenshot({ path: resolve(folder, 'web-page-answer.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('shows a calculator form and computes a BMI', async () => {
    const page = await browser.newPage()
    await page.goto(base)
    await page.click('#tab-calc')
    await page.waitForSelector('#calc-form input')
    await page.selectOption('#calc-select', '6')
    await page.waitForSelector('#calc-weight')
    await page.fill('#calc-weight', '70')
    await page.fill('#calc-height', '175')
    await page.click('#calc-form button[type="submit"]')
    await page.waitForSelector('#calc-result h3')
    expect(await page.locator('#calc-result h3').textContent()).toMatch(/22\.8\d* kg\/m/)
  })
})
