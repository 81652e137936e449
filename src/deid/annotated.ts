/**
 * Annotated notes for training and cross-validation, read from three layouts: PhysioNet's deid
 * gold standard, BRAT standoff (what i2b2/n2c2 exports use) and JSON Lines.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { InputError, safeParseJson } from '../errors.js'
import type { GoldSpan } from './evaluate.js'
import { parsePhysionet } from './physionet.js'

/** One annotated note: its text, gold spans, and the patient it belongs to (for grouping). */
export interface AnnotatedNote {
  /** Unique within the corpus, for example `12/3` (patient 12, note 3) or a file name. */
  id: string
  /** The patient (or other group) the note belongs to; cross-validation never splits one. */
  patient: string
  text: string
  gold: GoldSpan[]
}

/** Layouts {@link readAnnotatedNotes} understands. */
export type AnnotatedFormat = 'physionet' | 'brat' | 'jsonl'

/** The layouts, for usage messages. */
export const ANNOTATED_FORMATS: readonly AnnotatedFormat[] = ['physionet', 'brat', 'jsonl']

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`deid: cannot read ${field} "${path}": ${(error as Error).message}`, {
      field,
      value: path,
      cause: error,
    })
  }
}

/**
 * The patient of a BRAT file: the name before its last `-NN` or `_NN` (i2b2 2014 names notes
 * `110-01.txt`, `110-02.txt`), else the whole name.
 */
export function bratPatient(fileName: string): string {
  const stem = basename(fileName).replace(/\.[^.]+$/, '')
  const match = /^(.+?)[-_]\d+$/.exec(stem)
  return match?.[1] ?? stem
}

/**
 * Parses one BRAT `.ann` file: text-bound annotations `T1<TAB>TYPE start end[;start end]<TAB>text`.
 * Discontinuous spans give one gold span per fragment; other annotation kinds (relations,
 * events, notes) are ignored.
 *
 * @throws InputError naming the file and line when a span does not fit the text
 */
export function parseBrat(options: { ann: string; text: string; file: string }): GoldSpan[] {
  const gold: GoldSpan[] = []
  const lines = options.ann.split(/\r?\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (!line.startsWith('T')) continue
    const fields = line.split('\t')
    const [type, ...ranges] = (fields[1] ?? '').split(/[ ;]/)
    const bad = (): InputError =>
      new InputError(`deid: ${options.file} line ${index + 1} is no BRAT span: "${line}"`, {
        field: `${options.file}:${index + 1}`,
        value: line,
      })
    if (type === undefined || type === '' || ranges.length === 0 || ranges.length % 2 !== 0)
      throw bad()
    for (let at = 0; at < ranges.length; at += 2) {
      const start = Number(ranges[at])
      const end = Number(ranges[at + 1])
      if (!Number.isInteger(start) || !Number.isInteger(end) || start > end) throw bad()
      if (end > options.text.length) throw bad()
      gold.push({ start, end, type })
    }
  }
  return gold
}

function readBrat(folder: string): AnnotatedNote[] {
  const stat = statSync(folder, { throwIfNoEntry: false })
  if (stat === undefined || !stat.isDirectory()) {
    throw new InputError(`deid: --data "${folder}" is not a folder of BRAT .txt/.ann files`, {
      field: 'data',
      value: folder,
    })
  }
  const notes: AnnotatedNote[] = []
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.ann'))
    .sort()
  for (const name of names) {
    const annPath = join(folder, name)
    const textPath = join(folder, name.replace(/\.ann$/, '.txt'))
    if (!existsSync(textPath)) {
      throw new InputError(`deid: "${annPath}" has no text file "${textPath}"`, {
        field: 'data',
        value: annPath,
      })
    }
    const text = readText(textPath, 'data')
    const gold = parseBrat({ ann: readText(annPath, 'data'), text, file: annPath })
    const id = name.replace(/\.ann$/, '')
    notes.push({ id, patient: bratPatient(name), text, gold })
  }
  if (notes.length === 0) {
    throw new InputError(`deid: no .ann files in "${folder}"`, { field: 'data', value: folder })
  }
  return notes
}

/**
 * Parses JSON Lines of `{ "text": "...", "spans": [{ "start", "end", "type" }], "patient"?, "id"? }`
 * (a note without `patient` is its own group).
 *
 * @throws InputError naming the line and field at fault
 */
export function parseAnnotatedJsonLines(content: string, source = 'jsonl'): AnnotatedNote[] {
  const notes: AnnotatedNote[] = []
  const lines = content.split(/\r?\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (line.trim() === '') continue
    const where = `${source}:${index + 1}`
    const parsed = safeParseJson(line, where)
    if (!parsed.ok) throw parsed.error
    const record = parsed.value as Record<string, unknown> | null
    if (typeof record !== 'object' || record === null || typeof record.text !== 'string') {
      throw new InputError(`deid: ${where}: field "text" is not a string`, {
        field: `${where}.text`,
        value: record?.text,
      })
    }
    const text = record.text
    if (!Array.isArray(record.spans)) {
      throw new InputError(`deid: ${where}: field "spans" is not an array`, {
        field: `${where}.spans`,
        value: record.spans,
      })
    }
    const gold: GoldSpan[] = []
    for (const [at, raw] of (record.spans as unknown[]).entries()) {
      const span = raw as Record<string, unknown> | null
      const start = span?.start
      const end = span?.end
      const type = span?.type ?? span?.label
      if (
        typeof start !== 'number' ||
        typeof end !== 'number' ||
        typeof type !== 'string' ||
        !Number.isInteger(start) ||
        !Number.isInteger(end) ||
        start < 0 ||
        end < start ||
        end > text.length
      ) {
        throw new InputError(
          `deid: ${where}: spans[${at}] is not { start, end, type } inside the text`,
          { field: `${where}.spans[${at}]`, value: raw },
        )
      }
      gold.push({ start, end, type })
    }
    const id = record.id === undefined ? String(notes.length + 1) : String(record.id)
    const patient = record.patient === undefined ? `note-${id}` : String(record.patient)
    notes.push({ id, patient, text, gold })
  }
  return notes
}

/**
 * Reads an annotated corpus.
 *
 * - `physionet`: `data` is `id.text` and `phi` is `id-phi.phrase` (default: `id-phi.phrase`
 *   beside it); the patient is the record's first number.
 * - `brat`: `data` is a folder of `NAME.txt` + `NAME.ann`; the patient is {@link bratPatient}.
 * - `jsonl`: `data` is a JSON Lines file (see {@link parseAnnotatedJsonLines}).
 *
 * @throws InputError for an unknown format, a missing file or a span that does not fit
 */
export function readAnnotatedNotes(options: {
  format: string
  data: string
  phi?: string
}): AnnotatedNote[] {
  switch (options.format) {
    case 'physionet': {
      const phi = options.phi ?? join(options.data, '..', 'id-phi.phrase')
      return parsePhysionet({
        text: readText(options.data, 'data'),
        phrases: readText(phi, 'phi'),
      }).map((note) => ({
        id: `${note.patient}/${note.note}`,
        patient: note.patient,
        text: note.text,
        gold: note.gold,
      }))
    }
    case 'brat':
      return readBrat(options.data)
    case 'jsonl':
      return parseAnnotatedJsonLines(readText(options.data, 'data'), options.data)
    default:
      throw new InputError(
        `deid: unknown format "${options.format}" (expected ${ANNOTATED_FORMATS.join(', ')})`,
        { field: 'format', value: options.format },
      )
  }
}
