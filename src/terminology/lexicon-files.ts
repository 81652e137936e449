/**
 * Finds and reads the lexicons Galen ships in `data/lexicons/` (JSON files written for the
 * project; see `data/lexicons/README.md` for their sources and status).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError, safeParseJson } from '../errors.js'

let lexiconFolder: string | undefined

/** The `data/lexicons` folder of the installed package (searched upwards from this file). */
export function lexiconDirectory(): string {
  if (lexiconFolder !== undefined) return lexiconFolder
  let folder = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(folder, 'data', 'lexicons')
    if (existsSync(candidate)) {
      lexiconFolder = candidate
      return candidate
    }
    folder = resolve(folder, '..')
  }
  throw new InputError('terminology: the data/lexicons folder of the Galen package is missing', {
    field: 'data/lexicons',
  })
}

/**
 * Reads a JSON lexicon file (by file name or absolute path) and returns its `entries` object.
 *
 * @throws InputError when the file is missing, not JSON, or has no `entries` object.
 */
export function readLexiconEntries(name: string): Record<string, unknown> {
  const path = name.includes('/') ? name : join(lexiconDirectory(), name)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`terminology: cannot read lexicon "${path}"`, {
      field: 'lexicon',
      value: path,
      cause: error,
    })
  }
  const parsed = safeParseJson(text, path)
  if (!parsed.ok) throw parsed.error
  const value = parsed.value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`terminology: lexicon "${path}" must hold a JSON object`, {
      field: 'lexicon',
      value: path,
    })
  }
  const entries = (value as { entries?: unknown }).entries
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new InputError(`terminology: lexicon "${path}" has no "entries" object`, {
      field: 'entries',
      value: path,
    })
  }
  return entries as Record<string, unknown>
}
