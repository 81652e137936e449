/**
 * PubMedQA (Jin et al., 2019) files such as `ori_pqal.json`: an object keyed by PubMed id whose
 * values hold the question, the abstract's labelled context paragraphs, its conclusion (the long
 * answer), MeSH terms and year. Each entry becomes a research-article document (question left
 * out), and its question a known-item retrieval query.
 */
import { InputError } from '../../errors.js'
import { safeParseDocument } from '../document.js'
import { normaliseText } from '../normalise.js'
import type { LoadedItem } from './loaded-item.js'

/** A PubMedQA question with the document that holds its answer. */
export interface PubmedqaQuestion {
  id: string
  question: string
  documentId: string
}

/** Whether a parsed JSON value looks like a PubMedQA file. */
export function isPubmedqaJson(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const first = Object.values(value)[0]
  return (
    first !== null &&
    typeof first === 'object' &&
    first !== undefined &&
    'QUESTION' in first &&
    'CONTEXTS' in first
  )
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

/** Converts a parsed PubMedQA object to documents and questions. */
export function pubmedqaEntries(
  value: Record<string, unknown>,
  path: string,
): { items: LoadedItem[]; questions: PubmedqaQuestion[] } {
  const items: LoadedItem[] = []
  const questions: PubmedqaQuestion[] = []
  for (const [pmid, entry] of Object.entries(value)) {
    const where = `${path} entry ${pmid}`
    if (entry === null || typeof entry !== 'object') {
      items.push({
        ok: false,
        source: where,
        error: new InputError(`corpus: ${where} is not an object`, { field: pmid, value: entry }),
      })
      continue
    }
    const record = entry as Record<string, unknown>
    const contexts = strings(record.CONTEXTS)
    const labels = strings(record.LABELS)
    const sections = contexts.map((context, index) => {
      const label = labels[index]
      return label === undefined || label === '' ? context : `## ${label}\n\n${context}`
    })
    if (typeof record.LONG_ANSWER === 'string' && record.LONG_ANSWER !== '') {
      sections.push(`## CONCLUSIONS\n\n${record.LONG_ANSWER}`)
    }
    const year =
      typeof record.YEAR === 'string' || typeof record.YEAR === 'number' ? String(record.YEAR) : ''
    const url = `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`
    const candidate: Record<string, unknown> = {
      id: `pubmed:${pmid}`,
      title: `PubMed abstract ${pmid}`,
      text: normaliseText(sections.join('\n\n')),
      publisher: 'PubMed (National Library of Medicine)',
      url,
      materialType: 'research_article',
      language: 'en',
      citation: `PubMed PMID ${pmid}${year === '' ? '' : ` (${year})`}. ${url}`,
      tags: strings(record.MESHES).slice(0, 30),
    }
    if (/^\d{4}$/.test(year)) candidate.published = year
    const parsed = safeParseDocument(candidate, where)
    if (parsed.ok) {
      items.push({ ok: true, document: parsed.value, source: where })
      if (typeof record.QUESTION === 'string' && record.QUESTION.trim() !== '') {
        questions.push({ id: pmid, question: record.QUESTION, documentId: `pubmed:${pmid}` })
      }
    } else items.push({ ok: false, source: where, error: parsed.error })
  }
  return { items, questions }
}
