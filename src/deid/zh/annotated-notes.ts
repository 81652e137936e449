/**
 * Galen's annotated Chinese notes for de-identification (`data/deid/zh-notes.jsonl`): invented
 * people in notes written for the project, with gold PHI spans, split into `dev` (rules were
 * checked against these), `test` and `test2` (held out, reported only).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { InputError, safeParseJson } from '../../errors.js'
import type { ScoredDocument } from '../evaluate.js'

/** The file Galen ships. */
export const CHINESE_NOTES_PATH = fileURLToPath(
  new URL('../../../data/deid/zh-notes.jsonl', import.meta.url),
)

/**
 * Which part a note belongs to: `dev` (the rules were checked on it), `test` (the first held-out
 * set, notes 41-48) and `test2` (notes 49-74, written before the rules were generalised and
 * scored only once they were).
 */
export type ChineseNoteSplit = 'dev' | 'test' | 'test2'

const SPLITS: readonly string[] = ['dev', 'test', 'test2']

/** One annotated note. */
export interface AnnotatedChineseNote {
  id: string
  split: ChineseNoteSplit
  text: string
  spans: Array<{ start: number; end: number; type: string }>
}

/**
 * Reads the annotated notes.
 *
 * @throws InputError naming the line of a malformed record
 */
export function loadChineseNotes(path: string = CHINESE_NOTES_PATH): AnnotatedChineseNote[] {
  const notes: AnnotatedChineseNote[] = []
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return
      const parsed = safeParseJson(line, `${path} line ${index + 1}`)
      if (!parsed.ok) throw parsed.error
      const note = parsed.value as Partial<AnnotatedChineseNote>
      if (
        typeof note.id !== 'string' ||
        typeof note.text !== 'string' ||
        !SPLITS.includes(String(note.split)) ||
        !Array.isArray(note.spans)
      ) {
        throw new InputError(`deid: "${path}" line ${index + 1} is not an annotated note`, {
          field: 'line',
          value: index + 1,
        })
      }
      notes.push(note as AnnotatedChineseNote)
    })
  return notes
}

/** The notes as documents to score, with the gold spans. */
export function toScoredDocuments(
  notes: readonly AnnotatedChineseNote[],
  predict: (text: string) => ScoredDocument['predicted'],
): ScoredDocument[] {
  return notes.map((note) => ({
    id: note.id,
    text: note.text,
    gold: note.spans,
    predicted: predict(note.text),
  }))
}
