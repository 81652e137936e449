/**
 * HTML files: the main content (the `<main>` or `<article>` element when present) turned into
 * Markdown-like text (headings become `#` lines, list items `-` lines, table cells ` | `), with
 * title, publisher, dates, canonical URL and language read from the usual meta tags (Highwire
 * `citation_*`, Dublin Core, Open Graph).
 */
import { readFile } from 'node:fs/promises'
import { normaliseText } from '../normalise.js'
import { type DeclaredMetadata, fileDocument } from './file-document.js'
import { type FileDefaults, type LoadedItem, unreadableFile } from './loaded-item.js'

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  deg: '°',
  micro: 'µ',
  plusmn: '±',
  times: '×',
  le: '≤',
  ge: '≥',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  kappa: 'κ',
  mu: 'μ',
  sup2: '²',
  sup3: '³',
  frac12: '½',
}

/** Decodes HTML character references (named, decimal and hexadecimal). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const code = Number.parseInt(body.slice(2), 16)
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    if (body.startsWith('#')) {
      const code = Number.parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole
  })
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  if (match === null) return undefined
  return decodeEntities(match[2] ?? match[3] ?? match[4] ?? '').trim()
}

/** Reads metadata from an HTML document's head. */
export function htmlMetadata(html: string): DeclaredMetadata {
  const meta = new Map<string, string>()
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = (attribute(tag, 'name') ?? attribute(tag, 'property') ?? '').toLowerCase()
    const content = attribute(tag, 'content')
    if (key !== '' && content !== undefined && content !== '' && !meta.has(key))
      meta.set(key, content)
  }
  const first = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = meta.get(key)
      if (value !== undefined) return value
    }
    return undefined
  }
  const metadata: DeclaredMetadata = {}
  const titleTag = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]
  const title =
    first('citation_title', 'dc.title', 'og:title') ??
    (titleTag === undefined ? undefined : decodeEntities(titleTag).replace(/\s+/g, ' ').trim())
  if (title !== undefined && title !== '') metadata.title = title
  const publisher = first(
    'citation_publisher',
    'citation_journal_title',
    'dc.publisher',
    'og:site_name',
    'publisher',
    'author',
  )
  if (publisher !== undefined) metadata.publisher = publisher
  const published = toPartialDate(
    first(
      'citation_publication_date',
      'citation_date',
      'dc.date',
      'dc.date.issued',
      'article:published_time',
      'date',
    ),
  )
  if (published !== undefined) metadata.published = published
  const updated = toPartialDate(first('article:modified_time', 'dc.date.modified', 'last-modified'))
  if (updated !== undefined) metadata.updated = updated
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if ((attribute(tag, 'rel') ?? '').toLowerCase() === 'canonical') {
      const href = attribute(tag, 'href')
      if (href !== undefined && /^https?:\/\//i.test(href)) metadata.url = href
    }
  }
  const language = /<html\b[^>]*>/i.exec(html)?.[0]
  const lang = language === undefined ? undefined : attribute(language, 'lang')
  if (lang !== undefined && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(lang)) metadata.language = lang
  const keywords = first('citation_keywords', 'keywords')
  if (keywords !== undefined) {
    metadata.tags = keywords
      .split(/[,;]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '')
      .slice(0, 20)
  }
  return metadata
}

/** Turns dates such as `2021/03/04`, `2021-03-04T10:00:00Z` or `2021` into `YYYY[-MM[-DD]]`. */
export function toPartialDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const match = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/.exec(text.trim())
  if (match === null) return undefined
  const [, year, month, day] = match
  const pad = (value: string) => value.padStart(2, '0')
  if (month === undefined || Number(month) < 1 || Number(month) > 12) return year
  if (day === undefined || Number(day) < 1 || Number(day) > 31) return `${year}-${pad(month)}`
  return `${year}-${pad(month)}-${pad(day)}`
}

/** Converts HTML to Markdown-like plain text (not normalised). */
export function htmlToText(html: string): string {
  let body = html.replace(/<!--[\s\S]*?-->/g, ' ')
  body = body.replace(
    /<(script|style|noscript|svg|template|nav|header|footer|aside|form|iframe|button|select)\b[\s\S]*?<\/\1\s*>/gi,
    ' ',
  )
  const main =
    /<main\b[^>]*>([\s\S]*?)<\/main\s*>/i.exec(body)?.[1] ??
    /<article\b[^>]*>([\s\S]*?)<\/article\s*>/i.exec(body)?.[1] ??
    /<body\b[^>]*>([\s\S]*?)<\/body\s*>/i.exec(body)?.[1] ??
    body
  let text = main.replace(
    /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi,
    (_whole, level: string, inner: string) =>
      `\n\n${'#'.repeat(Number(level))} ${inner
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}\n\n`,
  )
  text = text
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<tr\b[^>]*>/gi, '\n| ')
    .replace(/<\/(td|th)\s*>/gi, ' | ')
    .replace(/<\/tr\s*>/gi, '\n')
    .replace(
      /<\/(p|div|section|table|ul|ol|dl|blockquote|pre|figure|figcaption|dd|dt)\s*>/gi,
      '\n\n',
    )
    .replace(/<(p|div|section|table|ul|ol|blockquote|pre)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \t]+/g, ' ')
        .replace(/(\s*\|\s*)+$/, '')
        .trim(),
    )
    .join('\n')
}

/** Loads an `.html` or `.htm` file as one document. */
export async function loadHtmlFile(path: string, defaults: FileDefaults = {}): Promise<LoadedItem> {
  let html: string
  try {
    html = await readFile(path, 'utf8')
  } catch (error) {
    return unreadableFile(path, error)
  }
  return fileDocument(path, normaliseText(htmlToText(html)), htmlMetadata(html), defaults)
}
