/**
 * Evaluation on public gold sets: PhysioNet's deid nursing notes and Presidio's synthetic
 * sentences.
 */
import { readFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import type { Deidentifier } from './deidentifier.js'
import {
  type DeidScore,
  type FalsePositive,
  type GoldSpan,
  type ScoredDocument,
  scoreDocuments,
} from './evaluate.js'
import { parsePhysionet } from './physionet.js'

function readText(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`deid: cannot read ${field} file "${path}": ${(error as Error).message}`, {
      field,
      value: path,
      cause: error,
    })
  }
}

/**
 * Scores a de-identifier on the PhysioNet deid gold standard. Notes are grouped by patient so
 * that names found in one note are looked for in the patient's other notes.
 */
export async function evaluatePhysionet(options: {
  deidentifier: Deidentifier
  textPath: string
  phrasePath: string
  onProgress?: (done: number, total: number) => void
  falsePositives?: FalsePositive[]
}): Promise<DeidScore & { documents: number }> {
  const notes = parsePhysionet({
    text: readText(options.textPath, 'text'),
    phrases: readText(options.phrasePath, 'phi'),
  })
  const byPatient = new Map<string, typeof notes>()
  for (const note of notes)
    byPatient.set(note.patient, [...(byPatient.get(note.patient) ?? []), note])
  const documents: ScoredDocument[] = []
  for (const [patient, patientNotes] of byPatient) {
    const predicted = await options.deidentifier.detectMany({
      texts: patientNotes.map((note) => note.text),
      patientId: patient,
    })
    patientNotes.forEach((note, index) => {
      documents.push({
        id: `${note.patient}/${note.note}`,
        text: note.text,
        gold: note.gold,
        predicted: predicted[index] ?? [],
      })
    })
    options.onProgress?.(documents.length, notes.length)
  }
  const score = scoreDocuments(
    documents,
    options.falsePositives === undefined ? {} : { falsePositives: options.falsePositives },
  )
  return { ...score, documents: documents.length }
}

/** Presidio entity types that Safe Harbor counts as identifiers (the rest are reported too). */
export const PRESIDIO_PHI_TYPES: readonly string[] = [
  'PERSON',
  'STREET_ADDRESS',
  'GPE',
  'DATE_TIME',
  'PHONE_NUMBER',
  'AGE',
  'EMAIL_ADDRESS',
  'ZIP_CODE',
  'DOMAIN_NAME',
  'IBAN_CODE',
  'US_SSN',
  'IP_ADDRESS',
  'US_DRIVER_LICENSE',
  'CREDIT_CARD',
]

/**
 * Recall per entity type on Presidio's synthetic sentences (`synth_dataset_v2.json`). Its
 * AGE spans include ages under 90, which Safe Harbor lets stay, and TITLE, NRP and
 * ORGANIZATION are no Safe Harbor identifiers: they are reported, not targeted.
 */
export async function evaluatePresidio(options: {
  deidentifier: Deidentifier
  path: string
}): Promise<DeidScore & { documents: number }> {
  const parsed = safeParseJson(readText(options.path, 'presidio'), options.path)
  if (!parsed.ok) throw parsed.error
  if (!Array.isArray(parsed.value)) {
    throw new InputError(`deid: "${options.path}" is not a JSON array of examples`, {
      field: 'presidio',
    })
  }
  const documents: ScoredDocument[] = []
  for (const [index, item] of parsed.value.entries()) {
    const example = item as { full_text?: unknown; spans?: unknown }
    if (typeof example.full_text !== 'string' || !Array.isArray(example.spans)) {
      throw new InputError(`deid: example ${index} has no full_text and spans`, {
        field: `example ${index}`,
      })
    }
    const gold: GoldSpan[] = []
    for (const span of example.spans as Array<Record<string, unknown>>) {
      const start = span.start_position
      const end = span.end_position
      const type = span.entity_type
      if (typeof start === 'number' && typeof end === 'number' && typeof type === 'string')
        gold.push({ start, end, type })
    }
    const predicted = await options.deidentifier.detect({ text: example.full_text })
    documents.push({ id: String(index), text: example.full_text, gold, predicted })
  }
  return { ...scoreDocuments(documents), documents: documents.length }
}
