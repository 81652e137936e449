import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { makePdf } from './__fixtures__/make-pdf.js'
import { htmlMetadata, htmlToText, toPartialDate } from './html-loader.js'
import { listFiles, loadPaths } from './load-paths.js'
import type { LoadedItem } from './loaded-item.js'
import { loadPdfFile } from './pdf-loader.js'
import { loadTextFile, parseFrontMatter } from './text-loader.js'

const fixtures = fileURLToPath(new URL('./__fixtures__/folder/', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'galen-loaders-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function collect(paths: string[]): Promise<LoadedItem[]> {
  const items: LoadedItem[] = []
  for await (const item of loadPaths(paths, { defaults: { publisher: 'Default Publisher' } }))
    items.push(item)
  return items
}

describe('loadPaths on a folder of mixed files', async () => {
  const items = await collect([fixtures])
  const documents = items.flatMap((item) => (item.ok ? [item.document] : []))
  const byId = new Map(documents.map((document) => [document.id, document]))
  const problems = items.flatMap((item) => (item.ok ? [] : [item.error.message]))

  it('loads every supported format, BioASQ pooled over its files', () => {
    expect([...byId.keys()].filter((id) => !id.startsWith('file:')).sort()).toEqual([
      'demo-1',
      'medquad:NHLBI:0000099-1',
      'medquad:NHLBI:0000099-2',
      'pubmed:111',
      'pubmed:222',
      'pubmed:90000001',
    ])
    expect(documents.filter((document) => document.id.startsWith('file:'))).toHaveLength(3)
  })

  it('reports bad JSON Lines records with line and field, and keeps going', () => {
    expect(
      problems.some((message) => /docs\.jsonl line 2: field "materialType"/.test(message)),
    ).toBe(true)
    expect(problems.some((message) => /line 3 is not valid JSON/.test(message))).toBe(true)
  })

  it('reads Markdown front matter and uses it over defaults', () => {
    const markdown = documents.find((document) => document.id.endsWith('guideline.md'))
    expect(markdown).toMatchObject({
      title: 'Managing hypertension in adults (synthetic)',
      publisher: 'Example Guideline Group',
      materialType: 'guideline',
      published: '2023-05-01',
      tags: ['cardiology', 'hypertension'],
    })
    expect(markdown?.text.startsWith('# Managing hypertension')).toBe(true)
  })

  it('gives loose text files the defaults and their first line as title', () => {
    const text = documents.find((document) => document.id.endsWith('notes.txt'))
    expect(text).toMatchObject({
      title: 'Sepsis bundle notes (synthetic)',
      publisher: 'Default Publisher',
      materialType: 'web',
    })
    expect(text?.url.startsWith('file://')).toBe(true)
  })

  it('turns MedQuAD pairs into Q&A documents titled by focus and type, skipping empty answers', () => {
    expect(byId.get('medquad:NHLBI:0000099-2')).toMatchObject({
      title: 'Example Anemia: treatment',
      materialType: 'qa',
      url: 'https://www.nhlbi.nih.gov/health/example',
    })
    expect(byId.get('medquad:NHLBI:0000099-2')?.publisher).toContain('NHLBI')
  })

  it('builds BioASQ documents from distinct snippets, title snippets as title', () => {
    expect(byId.get('pubmed:111')).toMatchObject({
      title: 'Synthetic drug alpha inhibits kinase beta',
      text: 'Alpha blocked kinase beta activity in synthetic cells.',
      materialType: 'research_article',
    })
  })

  it('keeps PubMedQA section labels as headings and leaves the question out', () => {
    const abstract = byId.get('pubmed:90000001')
    expect(abstract?.text).toContain('## RESULTS')
    expect(abstract?.text).toContain('## CONCLUSIONS')
    expect(abstract?.text).not.toContain('Does synthetic exercise')
    expect(abstract?.published).toBe('2015')
  })
})

describe('listFiles', () => {
  it('reports a missing path and an explicitly named unsupported file', async () => {
    const unsupported = join(scratch, 'image.png')
    writeFileSync(unsupported, 'x')
    const { files, problems } = await listFiles([join(scratch, 'missing'), unsupported])
    expect(files).toEqual([])
    expect(problems.map((item) => (item.ok ? '' : item.error.message))).toEqual([
      expect.stringContaining('does not exist'),
      expect.stringContaining('unsupported extension'),
    ])
  })
})

describe('HTML', () => {
  it('keeps the main content as Markdown-like text and drops scripts, menus and footers', async () => {
    const items = await collect([join(fixtures, 'page.html')])
    const document = items[0]?.ok ? items[0].document : undefined
    expect(document).toMatchObject({
      title: 'Asthma inhalers | Example Health',
      publisher: 'Example Health Service',
      published: '2022-03-04',
      url: 'https://health.example.org/asthma-inhalers',
      language: 'en',
    })
    expect(document?.text).toContain('# Asthma inhalers')
    expect(document?.text).toContain('quickly & preventer')
    expect(document?.text).toContain('- Oral thrush – rinse after use')
    expect(document?.text).toContain('Salbutamol | Blue')
    expect(document?.text).not.toMatch(/tracking|Menu items|Footer text|color: red/)
  })

  it('reads dates in several shapes', () => {
    expect(toPartialDate('2021-03-04T10:00:00Z')).toBe('2021-03-04')
    expect(toPartialDate('2021/3')).toBe('2021-03')
    expect(toPartialDate('March 2021')).toBeUndefined()
    expect(htmlMetadata('<meta property="og:title" content="T &amp; U">').title).toBe('T & U')
    expect(htmlToText('<p>a<br>b</p>')).toContain('a\nb')
  })
})

describe('PDF', () => {
  it('extracts the text of every page and the document title', async () => {
    const path = join(scratch, 'leaflet.pdf')
    writeFileSync(
      path,
      makePdf(
        [
          ['Warfarin leaflet', 'Avoid large changes in vitamin K intake.'],
          ['Page two: bleeding signs.'],
        ],
        'Warfarin patient leaflet',
      ),
    )
    const item = await loadPdfFile(path, {
      publisher: 'Example Clinic',
      materialType: 'patient_education',
    })
    expect(item.ok).toBe(true)
    if (!item.ok) return
    expect(item.document).toMatchObject({
      title: 'Warfarin patient leaflet',
      publisher: 'Example Clinic',
      materialType: 'patient_education',
      published: '2021-03-04',
    })
    expect(item.document.text).toContain('Avoid large changes in vitamin K intake.')
    expect(item.document.text).toContain('Page two: bleeding signs.')
  })

  it('reports a corrupt PDF as a problem instead of throwing', async () => {
    const path = join(scratch, 'broken.pdf')
    writeFileSync(path, '%PDF-1.4 this is not really a pdf')
    const item = await loadPdfFile(path)
    expect(item.ok).toBe(false)
    if (!item.ok) expect(item.error.message).toContain('cannot read PDF')
  })
})

describe('text files', () => {
  it('reports an empty file with the field at fault', async () => {
    const path = join(scratch, 'empty.txt')
    writeFileSync(path, '\n\n')
    const item = await loadTextFile(path)
    expect(item.ok).toBe(false)
    if (!item.ok) expect(item.error.message).toMatch(/field "text"/)
  })

  it('ignores unknown front matter keys', () => {
    expect(parseFrontMatter('---\ncolour: blue\ntitle: "Quoted"\n---\nBody').metadata).toEqual({
      title: 'Quoted',
    })
  })
})
