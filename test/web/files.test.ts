/**
 * The page's files without a browser: every file is served with its type, and the two languages
 * hold the same strings, none empty, covering every key the page uses.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnswerer, type EvidenceSource } from '../../src/answer/index.js'
import { createServiceApp } from '../../src/server/index.js'

const web = resolve(import.meta.dirname, '../../web')

interface I18nModule {
  STRINGS: Record<'en' | 'zh', Record<string, string>>
  initialLanguage(saved: string | null, languages: readonly string[]): 'en' | 'zh'
  translate(language: string, key: string, values?: Record<string, unknown>): string
  unitFor(language: string, value: unknown, unit: string): string
  formatNumber(language: string, value: unknown, digits?: number): string
}

async function loadI18n(): Promise<I18nModule> {
  return (await import(pathToFileURL(resolve(web, 'i18n.js')).href)) as I18nModule
}

describe('the page files', () => {
  const evidence: EvidenceSource = { name: 'empty', search: async () => [] }
  const { app } = createServiceApp({ answerer: createAnswerer({ evidence }), evidence })
  let base = ''
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await app.close()
  })

  it.each([
    ['/', 'text/html'],
    ['/app.js', 'text/javascript'],
    ['/page.js', 'text/javascript'],
    ['/answer-view.js', 'text/javascript'],
    ['/calculator-view.js', 'text/javascript'],
    ['/i18n.js', 'text/javascript'],
    ['/style.css', 'text/css'],
    ['/favicon.svg', 'image/svg+xml'],
    ['/favicon.ico', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const response = await fetch(`${base}${path}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain(type)
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100)
  })

  async function calculate(id: string, inputs: Record<string, unknown>) {
    const response = await fetch(`${base}/v1/calculators/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs }),
    })
    expect(response.status).toBe(200)
    return (await response.json()) as {
      value: number
      display: string
      steps: Array<{ description: string; display: string | null }>
    }
  }

  it('gives the page calculator values rounded to their unit with singular/plural units', async () => {
    const score = await calculate('cha2ds2-vasc', { age: 50, sex: 'female' })
    expect(score.value).toBe(1)
    expect(score.display).toBe('1 point')
    for (const step of score.steps) expect(step.display ?? '').not.toMatch(/^1 points$/)
    const clearance = await calculate('cockcroft-gault', {
      age: 45,
      sex: 'male',
      weight: 80,
      height: 178,
      creatinine: 1.2,
    })
    expect(clearance.display).toBe('83.5 mL/min')
    expect(clearance.steps.map((step) => step.display)).not.toContain('null')
  })
})

describe('the page strings', () => {
  it('has every string in English and Chinese, none empty, with the same {slots}', async () => {
    const { STRINGS } = await loadI18n()
    expect(Object.keys(STRINGS.zh).sort()).toEqual(Object.keys(STRINGS.en).sort())
    for (const [key, english] of Object.entries(STRINGS.en)) {
      const chinese = STRINGS.zh[key] ?? ''
      expect(english.trim(), key).not.toBe('')
      expect(chinese.trim(), key).not.toBe('')
      const slots = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
      expect(slots(chinese), key).toEqual(slots(english))
    }
  })

  it('covers every key the page uses', async () => {
    const { STRINGS } = await loadI18n()
    const html = readFileSync(resolve(web, 'index.html'), 'utf8')
    const script = ['page.js', 'app.js', 'answer-view.js', 'calculator-view.js']
      .map((file) => readFileSync(resolve(web, file), 'utf8'))
      .join('\n')
    const used = new Set([
      ...[...html.matchAll(/data-i18n(?:-placeholder|-aria-label)?="(\w+)"/g)].map((m) => m[1]),
      ...[...script.matchAll(/\bt\('(\w+)'/g)].map((m) => m[1]),
    ])
    expect(used.size).toBeGreaterThan(40)
    for (const key of used) expect(STRINGS.en, `key "${key}"`).toHaveProperty(key as string)
  })

  it('starts in the browser language, keeps a saved choice and falls back to English', async () => {
    const { initialLanguage } = await loadI18n()
    expect(initialLanguage(null, ['zh-CN', 'en'])).toBe('zh')
    expect(initialLanguage(null, ['zh-TW'])).toBe('zh')
    expect(initialLanguage(null, ['fr-FR', 'en-GB', 'zh'])).toBe('en')
    expect(initialLanguage('en', ['zh-CN'])).toBe('en')
    expect(initialLanguage(null, ['fr-FR'])).toBe('en')
  })

  it('writes units in the singular for exactly 1 and numbers without stray digits', async () => {
    const { unitFor, formatNumber, translate } = await loadI18n()
    expect(unitFor('en', 1, 'points')).toBe('point')
    expect(unitFor('en', 4, 'points')).toBe('points')
    expect(unitFor('zh', 4, 'points')).toBe('分')
    expect(unitFor('en', 1, 'mL/min')).toBe('mL/min')
    expect(formatNumber('en', 76.86660378027413)).toBe('76.87')
    expect(formatNumber('en', 76.86660378027413, 1)).toBe('76.9')
    expect(formatNumber('en', 0.004567)).toBe('0.00457')
    expect(formatNumber('en', 4)).toBe('4')
    expect(translate('en', 'answered', { ms: 3, count: '1 source' })).toBe(
      'Answered in 3 ms from 1 source.',
    )
  })
})
