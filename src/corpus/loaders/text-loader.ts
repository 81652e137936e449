/**
 * Plain text and Markdown files. Markdown may start with front matter (`---` lines around
 * `key: value` pairs) naming title, publisher, url, materialType, published, updated, language,
 * citation, authority and tags (comma-separated).
 */
import { readFile } from 'node:fs/promises'
import { normaliseText } from '../normalise.js'
import { type DeclaredMetadata, fileDocument } from './file-document.js'
import { type FileDefaults, type LoadedItem, unreadableFile } from './loaded-item.js'

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n?/

/** Splits front matter from a Markdown text; unknown keys are ignored. */
export function parseFrontMatter(text: string): { metadata: DeclaredMetadata; body: string } {
  const match = FRONT_MATTER.exec(text)
  if (match === null) return { metadata: {}, body: text }
  const metadata: DeclaredMetadata = {}
  for (const line of (match[1] ?? '').split('\n')) {
    const pair = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line.trim())
    if (pair === null) continue
    const key = pair[1] ?? ''
    const value = (pair[2] ?? '').trim().replace(/^["'](.*)["']$/, '$1')
    if (value === '') continue
    switch (key) {
      case 'title':
      case 'publisher':
      case 'url':
      case 'materialType':
      case 'published':
      case 'updated':
      case 'language':
      case 'citation':
      case 'authority':
        metadata[key] = value
        break
      case 'tags':
        metadata.tags = value
          .replace(/^\[|\]$/g, '')
          .split(',')
          .map((tag) => tag.trim().replace(/^["']|["']$/g, ''))
          .filter((tag) => tag !== '')
        break
      default:
        break
    }
  }
  return { metadata, body: text.slice(match[0].length) }
}

/** Loads a `.txt` or `.md` file as one document. */
export async function loadTextFile(path: string, defaults: FileDefaults = {}): Promise<LoadedItem> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (error) {
    return unreadableFile(path, error)
  }
  const { metadata, body } = parseFrontMatter(raw.replace(/\r\n?/g, '\n'))
  const text = normaliseText(body)
  if (metadata.title === undefined) {
    const heading = /^#\s+(.+)$/m.exec(text)
    if (heading?.[1] !== undefined) metadata.title = heading[1]
  }
  return fileDocument(path, text, metadata, defaults)
}
