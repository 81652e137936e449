/**
 * PDF files, through unpdf (a packaging of Mozilla's pdf.js that runs on Node.js without native
 * code). Pages are joined with blank lines; the title comes from the PDF's information dictionary
 * when it has one.
 */
import { readFile } from 'node:fs/promises'
import { InputError } from '../../errors.js'
import { normaliseText } from '../normalise.js'
import { type DeclaredMetadata, fileDocument } from './file-document.js'
import { toPartialDate } from './html-loader.js'
import type { FileDefaults, LoadedItem } from './loaded-item.js'

interface PdfModule {
  getDocumentProxy(data: Uint8Array): Promise<unknown>
  extractText(
    document: unknown,
    options: { mergePages: false },
  ): Promise<{ totalPages: number; text: string[] }>
  getMeta(document: unknown): Promise<{ info: Record<string, unknown> }>
}

/** Extracts the text of a PDF, page by page. */
export async function extractPdfText(
  data: Uint8Array,
): Promise<{ pages: string[]; info: Record<string, unknown> }> {
  const pdf = (await import('unpdf')) as unknown as PdfModule
  const document = await pdf.getDocumentProxy(data)
  const { text } = await pdf.extractText(document, { mergePages: false })
  const { info } = await pdf.getMeta(document)
  return { pages: text, info }
}

/** Turns a PDF date (`D:20210304101500Z`) into `YYYY-MM-DD`. */
function pdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value)
  if (match === null) return undefined
  return toPartialDate(
    [match[1], match[2], match[3]].filter((part) => part !== undefined).join('-'),
  )
}

/** Loads a `.pdf` file as one document. */
export async function loadPdfFile(path: string, defaults: FileDefaults = {}): Promise<LoadedItem> {
  try {
    const data = new Uint8Array(await readFile(path))
    const { pages, info } = await extractPdfText(data)
    const declared: DeclaredMetadata = {}
    if (typeof info.Title === 'string' && info.Title.trim() !== '') declared.title = info.Title
    if (typeof info.Author === 'string' && info.Author.trim() !== '')
      declared.publisher = info.Author
    const created = pdfDate(info.CreationDate)
    if (created !== undefined) declared.published = created
    const modified = pdfDate(info.ModDate)
    if (modified !== undefined && modified !== created) declared.updated = modified
    return fileDocument(path, normaliseText(pages.join('\n\n')), declared, defaults)
  } catch (error) {
    return {
      ok: false,
      source: path,
      error: new InputError(`corpus: cannot read PDF "${path}": ${(error as Error).message}`, {
        field: 'path',
        value: path,
        cause: error,
      }),
    }
  }
}
