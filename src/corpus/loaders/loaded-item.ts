/**
 * What loaders yield: a document with where it came from, or a problem (an unreadable file, an
 * invalid line) that the caller reports and skips.
 */
import { InputError } from '../../errors.js'
import type { MaterialType } from '../../retrieval/source-metadata.js'
import type { AuthorityLevel, GalenDocument } from '../document.js'

/** One loader output. */
export type LoadedItem =
  | { ok: true; document: GalenDocument; source: string }
  | { ok: false; source: string; error: InputError }

/**
 * Metadata given on the command line (or by a caller) for files that do not carry their own:
 * plain text, Markdown without front matter, HTML without meta tags, PDF.
 */
export interface FileDefaults {
  publisher?: string
  materialType?: MaterialType
  authority?: AuthorityLevel
  language?: string
  published?: string
}

/** The fallbacks used when neither the file nor {@link FileDefaults} say otherwise. */
export const FALLBACK_FILE_METADATA = {
  publisher: 'unknown publisher',
  materialType: 'web',
  language: 'en',
} as const

/** The problem a loader yields for a file it cannot read. */
export function unreadableFile(path: string, error: unknown): LoadedItem {
  return {
    ok: false,
    source: path,
    error: new InputError(`corpus: cannot read "${path}": ${(error as Error).message}`, {
      field: 'path',
      value: path,
    }),
  }
}
