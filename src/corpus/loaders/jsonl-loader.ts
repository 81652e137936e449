/**
 * Galen's own format: JSON Lines, one document per line in the schema of `document.ts`. A bad
 * line is reported with its number and field and skipped; the other lines load.
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { safeParseJson } from '../../errors.js'
import { safeParseDocument } from '../document.js'
import { type LoadedItem, unreadableFile } from './loaded-item.js'

/** Streams the documents of a `.jsonl` file. */
export async function* loadJsonLinesFile(path: string): AsyncGenerator<LoadedItem> {
  let lineNumber = 0
  try {
    const lines = createInterface({
      input: createReadStream(path, { encoding: 'utf8' }),
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    for await (const text of lines) {
      lineNumber += 1
      if (text.trim() === '') continue
      const where = `${path} line ${lineNumber}`
      const json = safeParseJson(text, where)
      if (!json.ok) {
        yield { ok: false, source: where, error: json.error }
        continue
      }
      const parsed = safeParseDocument(json.value, where)
      if (parsed.ok) yield { ok: true, document: parsed.value, source: where }
      else yield { ok: false, source: where, error: parsed.error }
    }
  } catch (error) {
    yield unreadableFile(path, error)
  }
}
