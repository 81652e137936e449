/**
 * Builds a document from a loose file (text, Markdown, HTML, PDF): the file's own metadata first,
 * then the caller's defaults, then fallbacks; the id is the file URL, so re-ingesting the same file
 * replaces its earlier version.
 */
import { basename, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MaterialType } from '../../retrieval/source-metadata.js'
import { type GalenDocument, safeParseDocument } from '../document.js'
import { normaliseLine } from '../normalise.js'
import { FALLBACK_FILE_METADATA, type FileDefaults, type LoadedItem } from './loaded-item.js'

/** Metadata a file itself declared (front matter, meta tags, PDF info). */
export interface DeclaredMetadata {
  title?: string
  publisher?: string
  url?: string
  materialType?: MaterialType | string
  published?: string
  updated?: string
  language?: string
  citation?: string
  authority?: string
  tags?: string[]
}

/** The title of a file without one: its first short line, else its name without extension. */
export function fallbackTitle(path: string, text: string): string {
  const firstLine = text
    .split('\n')
    .map((line) => line.replace(/^#+\s*/, '').trim())
    .find((line) => line.length > 0)
  if (firstLine !== undefined && firstLine.length <= 150) return firstLine
  return basename(path, extname(path))
}

/** Combines declared metadata, defaults and fallbacks, and validates the result. */
export function fileDocument(
  path: string,
  text: string,
  declared: DeclaredMetadata,
  defaults: FileDefaults,
): LoadedItem {
  const absolute = resolve(path)
  const url = declared.url ?? pathToFileURL(absolute).href
  const title = normaliseLine(declared.title ?? fallbackTitle(path, text))
  const publisher = declared.publisher ?? defaults.publisher ?? FALLBACK_FILE_METADATA.publisher
  const published = declared.published ?? defaults.published
  const candidate: Record<string, unknown> = {
    id: `file:${absolute}`,
    title: title === '' ? basename(path) : title,
    text,
    publisher,
    url,
    materialType:
      declared.materialType ?? defaults.materialType ?? FALLBACK_FILE_METADATA.materialType,
    language: declared.language ?? defaults.language ?? FALLBACK_FILE_METADATA.language,
    citation:
      declared.citation ??
      `${publisher === FALLBACK_FILE_METADATA.publisher ? '' : `${publisher}. `}${title}${published === undefined ? '' : ` (${published})`}. ${url}`,
  }
  if (published !== undefined) candidate.published = published
  if (declared.updated !== undefined) candidate.updated = declared.updated
  const authority = declared.authority ?? defaults.authority
  if (authority !== undefined) candidate.authority = authority
  if (declared.tags !== undefined && declared.tags.length > 0) candidate.tags = declared.tags
  const parsed = safeParseDocument(candidate, path)
  return parsed.ok
    ? { ok: true, document: parsed.value as GalenDocument, source: path }
    : { ok: false, source: path, error: parsed.error }
}
