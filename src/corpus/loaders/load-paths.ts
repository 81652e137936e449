/**
 * Loads documents from files and folders, choosing the loader by extension (and, for `.json`, by
 * content): text, Markdown, HTML, PDF, Galen JSON Lines, MedQuAD XML, PubMedQA and BioASQ JSON.
 * Folders are walked recursively in name order, skipping hidden entries and unsupported files.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { InputError, safeParseJson } from '../../errors.js'
import { safeParseDocument } from '../document.js'
import { bioasqEntries, isBioasqJson } from './bioasq-loader.js'
import { loadHtmlFile } from './html-loader.js'
import { loadJsonLinesFile } from './jsonl-loader.js'
import type { FileDefaults, LoadedItem } from './loaded-item.js'
import { readMedquadFile } from './medquad-loader.js'
import { loadPdfFile } from './pdf-loader.js'
import { isPubmedqaJson, pubmedqaEntries } from './pubmedqa-loader.js'
import { loadTextFile } from './text-loader.js'

/** File extensions Galen can load, by loader. */
export const SUPPORTED_EXTENSIONS: Readonly<Record<string, string>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.xml': 'medquad',
  '.json': 'json',
}

function problem(source: string, message: string): LoadedItem {
  return { ok: false, source, error: new InputError(message, { field: 'path', value: source }) }
}

/**
 * Lists the loadable files under the given paths, in order. A path that does not exist, or a file
 * given by name with an unsupported extension, is reported as a problem.
 */
export async function listFiles(
  paths: readonly string[],
): Promise<{ files: string[]; problems: LoadedItem[]; skipped: number }> {
  const files: string[] = []
  const problems: LoadedItem[] = []
  let skipped = 0
  const walk = async (path: string, explicit: boolean): Promise<void> => {
    let info: Awaited<ReturnType<typeof stat>>
    try {
      info = await stat(path)
    } catch {
      problems.push(problem(path, `corpus: path "${path}" does not exist`))
      return
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((name) => !name.startsWith('.')).sort()
      for (const name of entries) await walk(join(path, name), false)
      return
    }
    if (!info.isFile()) return
    if (SUPPORTED_EXTENSIONS[extname(path).toLowerCase()] === undefined) {
      if (explicit) {
        problems.push(
          problem(
            path,
            `corpus: "${path}" has an unsupported extension (supported: ${Object.keys(SUPPORTED_EXTENSIONS).join(' ')})`,
          ),
        )
      } else skipped += 1
      return
    }
    files.push(path)
  }
  for (const path of paths) await walk(path, true)
  return { files, problems, skipped }
}

async function* loadJsonFile(
  path: string,
  bioasq: Array<{ path: string; value: { questions: unknown[] } }>,
): AsyncGenerator<LoadedItem> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    yield problem(path, `corpus: cannot read "${path}": ${(error as Error).message}`)
    return
  }
  const json = safeParseJson(text, path)
  if (!json.ok) {
    yield { ok: false, source: path, error: json.error }
    return
  }
  if (isBioasqJson(json.value)) {
    bioasq.push({ path, value: json.value })
    return
  }
  if (isPubmedqaJson(json.value)) {
    yield* pubmedqaEntries(json.value, path).items
    return
  }
  if (Array.isArray(json.value)) {
    for (const [index, value] of json.value.entries()) {
      const where = `${path} item ${index}`
      const parsed = safeParseDocument(value, where)
      yield parsed.ok
        ? { ok: true, document: parsed.value, source: where }
        : { ok: false, source: where, error: parsed.error }
    }
    return
  }
  yield problem(
    path,
    `corpus: "${path}" is neither BioASQ ({"questions": [...]}), PubMedQA nor an array of Galen documents`,
  )
}

/** Loads one file that is not JSON (which {@link loadPaths} handles itself). */
async function* loadFile(path: string, defaults: FileDefaults): AsyncGenerator<LoadedItem> {
  switch (SUPPORTED_EXTENSIONS[extname(path).toLowerCase()]) {
    case 'text':
    case 'markdown':
      yield await loadTextFile(path, defaults)
      return
    case 'html':
      yield await loadHtmlFile(path, defaults)
      return
    case 'pdf':
      yield await loadPdfFile(path, defaults)
      return
    case 'jsonl':
      yield* loadJsonLinesFile(path)
      return
    case 'medquad':
      yield* (await readMedquadFile(path)).items
      return
    default:
      yield problem(path, `corpus: "${path}" has an unsupported extension`)
  }
}

/**
 * Streams the documents found under files and folders. Never throws for bad input: unreadable
 * files and invalid records come out as `{ ok: false }` items. BioASQ files are pooled and their
 * documents come last.
 *
 * @param options.defaults - metadata for loose files (publisher, material type, authority, ...)
 * @param options.onFile - called before each file is read (for progress display)
 * @example
 * for await (const item of loadPaths(['guidelines/'])) if (item.ok) console.log(item.document.title)
 */
export async function* loadPaths(
  paths: readonly string[],
  options: {
    defaults?: FileDefaults
    onFile?: (path: string, index: number, total: number) => void
  } = {},
): AsyncGenerator<LoadedItem> {
  const { files, problems } = await listFiles(paths)
  yield* problems
  const bioasq: Array<{ path: string; value: { questions: unknown[] } }> = []
  for (const [index, path] of files.entries()) {
    options.onFile?.(path, index, files.length)
    if (extname(path).toLowerCase() === '.json') yield* loadJsonFile(path, bioasq)
    else yield* loadFile(path, options.defaults ?? {})
  }
  if (bioasq.length > 0) yield* bioasqEntries(bioasq).items
}
