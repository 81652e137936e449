/**
 * Reader of the PhysioNet deid gold standard: `id.text` (notes between
 * `START_OF_RECORD=patient||||note||||` and `||||END_OF_RECORD`) and `id-phi.phrase`
 * (`patient note start end type text`, offsets relative to the note body).
 */
import { InputError } from '../errors.js'
import type { GoldSpan } from './evaluate.js'

/** One note of the PhysioNet corpus with its gold spans. */
export interface PhysionetNote {
  patient: string
  note: string
  /** The note body; gold offsets are relative to it. */
  text: string
  gold: GoldSpan[]
}

const RECORD =
  /START_OF_RECORD=([^|\n]+)\|\|\|\|([^|\n]+)\|\|\|\|\r?\n?([\s\S]*?)\|\|\|\|END_OF_RECORD/g

/**
 * Parses the notes and the gold phrases. Lines of the phrase file that do not parse, or point
 * outside their note, raise an {@link InputError} naming the line.
 */
export function parsePhysionet(options: { text: string; phrases: string }): PhysionetNote[] {
  const notes = new Map<string, PhysionetNote>()
  for (const match of options.text.matchAll(RECORD)) {
    const patient = (match[1] ?? '').trim()
    const note = (match[2] ?? '').trim()
    notes.set(`${patient}/${note}`, { patient, note, text: match[3] ?? '', gold: [] })
  }
  if (notes.size === 0) {
    throw new InputError('deid: no START_OF_RECORD=...||||END_OF_RECORD notes in the text file', {
      field: 'text',
    })
  }
  const lines = options.phrases.split(/\r?\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (line.trim() === '') continue
    const fields = /^(\S+) (\S+) (\d+) (\d+) (\S+)(?: (.*))?$/.exec(line)
    const key = `${fields?.[1]}/${fields?.[2]}`
    const note = notes.get(key)
    const start = Number(fields?.[3])
    const end = Number(fields?.[4])
    if (fields === null || note === undefined || end < start || end > note.text.length) {
      throw new InputError(
        `deid: phrase line ${index + 1} does not fit a note: "${line.slice(0, 80)}"`,
        {
          field: `line ${index + 1}`,
          value: line,
        },
      )
    }
    note.gold.push({ start, end, type: fields[5] ?? 'Other' })
  }
  return [...notes.values()]
}
