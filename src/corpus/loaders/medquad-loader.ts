/**
 * MedQuAD XML (Ben Abacha and Demner-Fushman, 2019): one file per topic from an NIH website, with
 * question-answer pairs. Each answered pair becomes a document titled by its focus and question
 * type ("Acromegaly: treatment"); pairs whose answers were removed for copyright are skipped.
 * The questions are kept for question-to-answer retrieval evaluation.
 */
import { readFile } from 'node:fs/promises'
import { XMLParser } from 'fast-xml-parser'
import { InputError } from '../../errors.js'
import { safeParseDocument } from '../document.js'
import { normaliseLine, normaliseText } from '../normalise.js'
import { type LoadedItem, unreadableFile } from './loaded-item.js'

/** Publisher names of MedQuAD's `source` attribute. */
const PUBLISHERS: Record<string, string> = {
  CancerGov: 'National Cancer Institute (cancer.gov, NIH)',
  GARD: 'Genetic and Rare Diseases Information Center (GARD, NIH)',
  GHR: 'Genetics Home Reference (NLM, NIH)',
  MPlusHealthTopics: 'MedlinePlus Health Topics (NLM, NIH)',
  NIDDK: 'National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK, NIH)',
  NINDS: 'National Institute of Neurological Disorders and Stroke (NINDS, NIH)',
  NIHSeniorHealth: 'NIHSeniorHealth (NIA and NLM, NIH)',
  NHLBI: 'National Heart, Lung, and Blood Institute (NHLBI, NIH)',
  CDC: 'Centers for Disease Control and Prevention (CDC)',
}

/** A MedQuAD question with the id of the document that answers it. */
export interface MedquadQuestion {
  id: string
  question: string
  type: string
  documentId: string
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  isArray: (name) => name === 'QAPair',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
})

function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value !== null && typeof value === 'object' && '#text' in value) {
    return textOf((value as Record<string, unknown>)['#text'])
  }
  return ''
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined
}

/** Reads one MedQuAD XML file: its documents (one per answered pair) and questions. */
export async function readMedquadFile(
  path: string,
): Promise<{ items: LoadedItem[]; questions: MedquadQuestion[] }> {
  let xml: string
  try {
    xml = await readFile(path, 'utf8')
  } catch (error) {
    return {
      items: [unreadableFile(path, error)],
      questions: [],
    }
  }
  let root: unknown
  try {
    root = field(parser.parse(xml), 'Document')
  } catch (error) {
    root = undefined
    return {
      items: [
        {
          ok: false,
          source: path,
          error: new InputError(`corpus: "${path}" is not valid XML: ${(error as Error).message}`, {
            field: 'path',
            value: path,
          }),
        },
      ],
      questions: [],
    }
  }
  if (root === undefined) {
    return {
      items: [
        {
          ok: false,
          source: path,
          error: new InputError(`corpus: "${path}" is not a MedQuAD file (no <Document>)`, {
            field: 'path',
            value: path,
          }),
        },
      ],
      questions: [],
    }
  }
  const fileId = textOf(field(root, '@id'))
  const source = textOf(field(root, '@source'))
  const url = textOf(field(root, '@url'))
  const focus = normaliseLine(textOf(field(root, 'Focus')))
  const pairs = field(field(root, 'QAPairs'), 'QAPair')
  const items: LoadedItem[] = []
  const questions: MedquadQuestion[] = []
  for (const pair of Array.isArray(pairs) ? pairs : []) {
    const questionNode = field(pair, 'Question')
    const answer = normaliseText(textOf(field(pair, 'Answer')))
    const questionId =
      textOf(field(questionNode, '@qid')) || `${fileId}-${textOf(field(pair, '@pid'))}`
    const type = textOf(field(questionNode, '@qtype'))
    const question = normaliseLine(textOf(questionNode))
    if (answer === '') continue
    const documentId = `medquad:${source}:${questionId}`
    const where = `${path} pair ${questionId}`
    const publisher = PUBLISHERS[source] ?? (source || 'MedQuAD')
    const title = focus === '' ? question : type === '' ? focus : `${focus}: ${type}`
    const candidate = {
      id: documentId,
      title,
      text: answer,
      publisher,
      url: url || 'https://github.com/abachaa/MedQuAD',
      materialType: 'qa',
      language: 'en',
      citation: `${publisher}. ${focus || question}. ${url} (via MedQuAD, Ben Abacha and Demner-Fushman, 2019)`,
      tags: ['medquad', source, type].filter((tag) => tag !== ''),
    }
    const parsed = safeParseDocument(candidate, where)
    if (parsed.ok) {
      items.push({ ok: true, document: parsed.value, source: where })
      if (question !== '') questions.push({ id: questionId, question, type, documentId })
    } else items.push({ ok: false, source: where, error: parsed.error })
  }
  return { items, questions }
}
