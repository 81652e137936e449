/**
 * Exports accepted items as SFT data: the system prompt with the sources, the de-identified
 * question and the final answer (the reviewer's edit, else the chosen candidate), with provenance
 * (sources, model, candidate, reviewer) in `metadata`. Items whose question or answer shares an
 * n-gram with an evaluation set (rl-data's decontamination index) are left out and counted.
 */
import { type DecontaminationIndex, findContamination } from '../rl-data/index.js'
import type { ItemState, ItemStatus } from './review-state.js'

/** Export formats. */
export const SFT_EXPORT_FORMATS = ['trl', 'llama-factory', 'openai', 'sharegpt'] as const

/** One export format. */
export type SftExportFormat = (typeof SFT_EXPORT_FORMATS)[number]

/** Provenance of an exported record. */
export interface ExportProvenance {
  id: string
  status: ItemStatus
  model: string | null
  candidateId: string | null
  edited: boolean
  reviewer: string | null
  sources: Array<{
    index: number
    id: string
    title: string
    url: string
    authority: string
    date?: string
  }>
  index: string
  draftedAt: string
}

/** The result of {@link exportItems}. */
export interface ExportResult {
  /** One JSON value per exported item. */
  records: unknown[]
  /** Provenance aligned with `records` (also inside each record, except for `openai`). */
  provenance: ExportProvenance[]
  /** Items left out as contaminated, with the benchmark and an example n-gram. */
  contaminated: Array<{ id: string; benchmarks: string[]; example: string }>
}

function answerOf(state: ItemState): {
  text: string
  provenance: Pick<ExportProvenance, 'model' | 'candidateId' | 'edited' | 'reviewer'>
} {
  if (state.final !== undefined) {
    return {
      text: state.final.answer,
      provenance: {
        model: state.final.candidate.model,
        candidateId: state.final.candidate.id,
        edited: state.final.edited,
        reviewer: state.final.reviewer,
      },
    }
  }
  const best = state.item.candidates.find((candidate) => candidate.id === state.item.bestId)
  return {
    text: best?.text ?? '',
    provenance: {
      model: best?.model ?? null,
      candidateId: best?.id ?? null,
      edited: false,
      reviewer: null,
    },
  }
}

function record(
  format: SftExportFormat,
  system: string,
  question: string,
  answer: string,
  metadata: ExportProvenance,
): unknown {
  switch (format) {
    case 'trl':
      return {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: question },
          { role: 'assistant', content: answer },
        ],
        metadata,
      }
    case 'openai':
      // The fine-tuning API accepts only the conversation; provenance goes beside the file.
      return {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: question },
          { role: 'assistant', content: answer },
        ],
      }
    case 'llama-factory':
      return { instruction: question, input: '', output: answer, system, metadata }
    case 'sharegpt':
      return {
        conversations: [
          { from: 'system', value: system },
          { from: 'human', value: question },
          { from: 'gpt', value: answer },
        ],
        metadata,
      }
  }
}

/**
 * Builds the export of the items with the given statuses (default accepted only).
 *
 * @example
 * const { records } = exportItems(state.items, { format: 'trl' })
 */
export function exportItems(
  items: readonly ItemState[],
  options: {
    format: SftExportFormat
    statuses?: readonly ItemStatus[]
    decontamination?: DecontaminationIndex
  },
): ExportResult {
  const statuses = new Set(options.statuses ?? ['accepted'])
  const result: ExportResult = { records: [], provenance: [], contaminated: [] }
  for (const state of items) {
    if (!statuses.has(state.status)) continue
    const { text, provenance } = answerOf(state)
    if (options.decontamination !== undefined) {
      const match =
        findContamination(options.decontamination, state.item.query) ??
        findContamination(options.decontamination, text)
      if (match !== undefined) {
        result.contaminated.push({
          id: state.item.id,
          benchmarks: Object.keys(match.benchmarks).sort(),
          example: match.example,
        })
        continue
      }
    }
    const metadata: ExportProvenance = {
      id: state.item.id,
      status: state.status,
      ...provenance,
      sources: state.item.references.map((reference) => ({
        index: reference.index,
        id: reference.id,
        title: reference.title,
        url: reference.url,
        authority: reference.authority,
        ...(reference.date === undefined ? {} : { date: reference.date }),
      })),
      index: state.item.provenance.index,
      draftedAt: state.item.provenance.draftedAt,
    }
    result.records.push(
      record(options.format, state.item.systemPrompt, state.item.query, text, metadata),
    )
    result.provenance.push(metadata)
  }
  return result
}
