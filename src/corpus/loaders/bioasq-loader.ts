/**
 * BioASQ task B files (`{ "questions": [...] }`, for example the golden enriched sets): every
 * PubMed article cited by a snippet becomes one document built from its distinct snippets (title
 * snippets form the title, abstract snippets the text), pooled over all the files given; each
 * question becomes a query whose relevant documents are its listed articles that are in the pool.
 */
import { InputError } from '../../errors.js'
import { safeParseDocument } from '../document.js'
import { normaliseLine, normaliseText } from '../normalise.js'
import type { LoadedItem } from './loaded-item.js'

/** A BioASQ question with its relevant documents (restricted to the pool). */
export interface BioasqQuestion {
  id: string
  question: string
  type: string
  relevantDocumentIds: string[]
}

/** Whether a parsed JSON value looks like a BioASQ file. */
export function isBioasqJson(value: unknown): value is { questions: unknown[] } {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as { questions?: unknown }).questions)
  )
}

function pmidOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined
  const match = /(\d+)\/?$/.exec(url.trim())
  return match?.[1]
}

/** Builds the pooled documents and the questions of several parsed BioASQ files. */
export function bioasqEntries(
  files: ReadonlyArray<{ path: string; value: { questions: unknown[] } }>,
): {
  items: LoadedItem[]
  questions: BioasqQuestion[]
} {
  const pool = new Map<
    string,
    { titles: string[]; passages: string[]; seen: Set<string>; source: string }
  >()
  const rawQuestions: Array<{ id: string; question: string; type: string; documents: string[] }> =
    []
  const problems: LoadedItem[] = []
  for (const { path, value } of files) {
    value.questions.forEach((question, index) => {
      if (question === null || typeof question !== 'object') {
        problems.push({
          ok: false,
          source: `${path} question ${index}`,
          error: new InputError(`corpus: ${path} question ${index} is not an object`, {
            field: `questions.${index}`,
            value: question,
          }),
        })
        return
      }
      const record = question as Record<string, unknown>
      const snippets = Array.isArray(record.snippets) ? record.snippets : []
      for (const snippet of snippets) {
        if (snippet === null || typeof snippet !== 'object') continue
        const item = snippet as Record<string, unknown>
        const pmid = pmidOf(item.document)
        if (pmid === undefined || typeof item.text !== 'string') continue
        const entry = pool.get(pmid) ?? { titles: [], passages: [], seen: new Set(), source: path }
        pool.set(pmid, entry)
        if (entry.seen.has(item.text)) continue
        entry.seen.add(item.text)
        if (item.beginSection === 'title') entry.titles.push(item.text)
        else entry.passages.push(item.text)
      }
      const documents = (Array.isArray(record.documents) ? record.documents : [])
        .map(pmidOf)
        .filter((pmid): pmid is string => pmid !== undefined)
      if (typeof record.body === 'string' && record.body.trim() !== '') {
        rawQuestions.push({
          id: typeof record.id === 'string' ? record.id : `${path}#${index}`,
          question: record.body,
          type: typeof record.type === 'string' ? record.type : '',
          documents,
        })
      }
    })
  }
  const items: LoadedItem[] = [...problems]
  for (const [pmid, entry] of pool) {
    const url = `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`
    const title = entry.titles.length > 0 ? normaliseLine(entry.titles.join(' ')) : `PubMed ${pmid}`
    const body = [...entry.passages]
    // An article known only from its title still needs text: the title is its text.
    if (body.length === 0) body.push(...entry.titles)
    const candidate = {
      id: `pubmed:${pmid}`,
      title,
      text: normaliseText(body.join('\n\n')),
      publisher: 'PubMed (National Library of Medicine)',
      url,
      materialType: 'research_article',
      language: 'en',
      citation: `PubMed PMID ${pmid} (snippets from the BioASQ task B golden set). ${url}`,
    }
    const where = `${entry.source} PMID ${pmid}`
    const parsed = safeParseDocument(candidate, where)
    items.push(
      parsed.ok
        ? { ok: true, document: parsed.value, source: where }
        : { ok: false, source: where, error: parsed.error },
    )
  }
  const questions = rawQuestions.map((question) => ({
    id: question.id,
    question: question.question,
    type: question.type,
    relevantDocumentIds: [...new Set(question.documents)]
      .filter((pmid) => pool.has(pmid))
      .map((pmid) => `pubmed:${pmid}`),
  }))
  return { items, questions }
}
