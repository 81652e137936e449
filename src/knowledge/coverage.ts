/**
 * Knowledge-point coverage of a corpus index (the report's knowledge-point coverage system): each
 * point of a framework (entity, relation, object, Bloom category, subdomain) is looked up in the
 * index; it is covered when a retrieved passage states it (the extractor reads the point's triple
 * from one of the passage's sentences, and the triple's back-translation passes the consistency
 * gate), and co-mentioned when its two entities only appear in one sentence together. Uncovered
 * points can be verbalised to fill the gaps.
 */
import type { RetrievalIndex } from '../retrieval/index.js'
import { checkConsistency } from './consistency.js'
import { extractTriples } from './extract.js'
import { canonicalPredicate, findPredicate, type Language } from './predicates.js'
import type { ProbeCategory } from './probes.js'
import { displayEntity, entityKey } from './surface.js'
import type { EntityType, Triple } from './triples.js'
import { createTemplateVerbalizer } from './verbalize.js'

/** Subdomains of a framework (after the report). */
export type Subdomain = 'diseases' | 'symptoms' | 'drugs' | 'procedures' | 'tests' | 'other'

/** One knowledge point. */
export interface KnowledgePoint {
  id: string
  triple: Triple
  category: ProbeCategory
  subdomain: Subdomain
}

/** The verdict on one point. */
export interface PointCoverage {
  id: string
  subject: string
  relation: string
  object: string
  category: ProbeCategory
  subdomain: Subdomain
  status: 'covered' | 'co_mentioned' | 'uncovered'
  /** The passage (citation) and sentence that state or co-mention it. */
  evidence?: { citation: string; sentence: string }
}

/** Coverage figures of a group. */
export interface CoverageGroup {
  n: number
  covered: number
  co_mentioned: number
  coverage: number
}

/** The coverage report. */
export interface CoverageReport {
  n: number
  covered: number
  co_mentioned: number
  coverage: number
  by_category: Record<string, CoverageGroup>
  by_subdomain: Record<string, CoverageGroup>
  points: PointCoverage[]
}

const SUBDOMAIN_BY_TYPE: Partial<Record<EntityType, Subdomain>> = {
  disease: 'diseases',
  symptom: 'symptoms',
  drug: 'drugs',
  procedure: 'procedures',
  test: 'tests',
}

/** Knowledge points from triples: category from the predicate, subdomain from the subject type. */
export function frameworkFromTriples(triples: readonly Triple[]): KnowledgePoint[] {
  return triples.map((triple) => {
    const definition = findPredicate(triple.predicate)
    const subjectType = triple.subjectType ?? definition?.subjectType ?? 'entity'
    return {
      id: triple.id,
      triple,
      category: definition?.category ?? 'factual',
      subdomain: SUBDOMAIN_BY_TYPE[subjectType] ?? 'other',
    }
  })
}

function names(name: string, aliases: readonly string[] | undefined): string[] {
  return [displayEntity(name), ...(aliases ?? []).map(displayEntity)].filter(
    (value) => value !== '',
  )
}

function mentions(sentence: string, candidates: readonly string[]): boolean {
  const lower = sentence.toLowerCase()
  return candidates.some((candidate) => {
    const needle = candidate.toLowerCase()
    const at = lower.indexOf(needle)
    if (at < 0) return false
    if (/\p{Script=Han}/u.test(needle)) return true
    const before = at === 0 ? ' ' : lower.charAt(at - 1)
    const after = lower.charAt(at + needle.length) || ' '
    return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)
  })
}

function splitSentences(text: string, language: Language): string[] {
  const pattern = language === 'zh' ? /[^。！？\n]+[。！？]?/g : /[^\n]+?(?:[.!?](?=\s|$)|$)/g
  return (text.match(pattern) ?? [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '')
}

/** Judges one point against the passages retrieved for it. */
export function judgePoint(
  point: KnowledgePoint,
  passages: ReadonlyArray<{ text: string; citation: string; language: Language }>,
): PointCoverage {
  const { triple } = point
  const subjectNames = names(triple.subject, triple.subjectAliases)
  const objectNames = names(triple.object, triple.objectAliases)
  const lexicon = new Map<string, string>()
  for (const name of subjectNames) lexicon.set(name.normalize('NFKC').toLowerCase(), triple.subject)
  for (const name of objectNames) lexicon.set(name.normalize('NFKC').toLowerCase(), triple.object)
  const base = {
    id: point.id,
    subject: triple.subject,
    relation: canonicalPredicate(triple.predicate),
    object: triple.object,
    category: point.category,
    subdomain: point.subdomain,
  }
  let coMention: PointCoverage['evidence']
  for (const passage of passages) {
    for (const sentence of splitSentences(passage.text, passage.language)) {
      if (!mentions(sentence, subjectNames) || !mentions(sentence, objectNames)) continue
      coMention ??= { citation: passage.citation, sentence }
      const stated = extractTriples({ text: sentence, language: passage.language, lexicon }).some(
        (extracted) =>
          entityKey(extracted.subject) === entityKey(triple.subject) &&
          entityKey(extracted.object) === entityKey(triple.object) &&
          canonicalPredicate(extracted.predicate) === base.relation,
      )
      if (!stated) continue
      const [unit] = createTemplateVerbalizer({
        language: passage.language,
        aggregate: false,
      }).verbalize({ triples: [triple] })
      if (
        unit !== undefined &&
        checkConsistency({ text: unit.text, triples: [triple], language: passage.language }).ok
      ) {
        return { ...base, status: 'covered', evidence: { citation: passage.citation, sentence } }
      }
    }
  }
  return coMention === undefined
    ? { ...base, status: 'uncovered' }
    : { ...base, status: 'co_mentioned', evidence: coMention }
}

function group(
  points: readonly PointCoverage[],
  key: (point: PointCoverage) => string,
): Record<string, CoverageGroup> {
  const groups = new Map<string, CoverageGroup>()
  for (const point of points) {
    const name = key(point)
    const entry = groups.get(name) ?? { n: 0, covered: 0, co_mentioned: 0, coverage: 0 }
    entry.n += 1
    if (point.status === 'covered') entry.covered += 1
    if (point.status === 'co_mentioned') entry.co_mentioned += 1
    entry.coverage = entry.covered / entry.n
    groups.set(name, entry)
  }
  return Object.fromEntries([...groups].sort(([left], [right]) => left.localeCompare(right)))
}

/**
 * Measures the coverage of a framework in an index.
 *
 * @param options.k - passages retrieved per point (default 5)
 */
export async function measureCoverage(options: {
  points: readonly KnowledgePoint[]
  index: RetrievalIndex
  k?: number
}): Promise<CoverageReport> {
  const results: PointCoverage[] = []
  for (const point of options.points) {
    const query = `${displayEntity(point.triple.subject)} ${displayEntity(point.triple.object)}`
    const { hits } = await options.index.search({
      query,
      k: options.k ?? 5,
      queryProcessing: 'none',
    })
    const passages = hits.map((hit) => ({
      text: hit.text,
      citation: hit.citation,
      language: (/\p{Script=Han}/u.test(hit.text) ? 'zh' : 'en') as Language,
    }))
    results.push(judgePoint(point, passages))
  }
  const covered = results.filter((point) => point.status === 'covered').length
  return {
    n: results.length,
    covered,
    co_mentioned: results.filter((point) => point.status === 'co_mentioned').length,
    coverage: results.length === 0 ? 0 : covered / results.length,
    by_category: group(results, (point) => point.category),
    by_subdomain: group(results, (point) => point.subdomain),
    points: results,
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** A self-contained HTML report (no scripts, no external resources). */
export function renderCoverageHtml(
  report: CoverageReport,
  title = 'Knowledge-point coverage',
): string {
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`
  const table = (groups: Record<string, CoverageGroup>, label: string): string =>
    `<table><thead><tr><th scope="col">${label}</th><th scope="col">points</th><th scope="col">covered</th><th scope="col">co-mentioned only</th><th scope="col">coverage</th></tr></thead><tbody>${Object.entries(
      groups,
    )
      .map(
        ([name, entry]) =>
          `<tr><td>${escapeHtml(name)}</td><td>${entry.n}</td><td>${entry.covered}</td><td>${entry.co_mentioned}</td><td>${percent(entry.coverage)}</td></tr>`,
      )
      .join('')}</tbody></table>`
  const rows = (status: PointCoverage['status']): string =>
    report.points
      .filter((point) => point.status === status)
      .map(
        (point) =>
          `<tr><td>${escapeHtml(point.subject)}</td><td>${escapeHtml(point.relation)}</td><td>${escapeHtml(point.object)}</td><td>${point.category}</td><td>${point.subdomain}</td><td>${point.evidence === undefined ? '' : `${escapeHtml(point.evidence.sentence)} <cite>${escapeHtml(point.evidence.citation)}</cite>`}</td></tr>`,
      )
      .join('')
  const pointTable = (status: PointCoverage['status'], heading: string): string =>
    `<h2>${heading}</h2><table><thead><tr><th scope="col">subject</th><th scope="col">relation</th><th scope="col">object</th><th scope="col">category</th><th scope="col">subdomain</th><th scope="col">evidence</th></tr></thead><tbody>${rows(status)}</tbody></table>`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem;max-width:70rem;color:#1a1a1a}table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}cite{color:#555}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p>${report.n} knowledge points: ${report.covered} covered (${percent(report.coverage)}), ${report.co_mentioned} co-mentioned only, ${report.n - report.covered - report.co_mentioned} not found.</p>
<h2>By category</h2>${table(report.by_category, 'category')}
<h2>By subdomain</h2>${table(report.by_subdomain, 'subdomain')}
${pointTable('covered', 'Covered points')}${pointTable('co_mentioned', 'Co-mentioned, not stated')}${pointTable('uncovered', 'Uncovered points')}
</main></body></html>
`
}

/** What the model knows of each point: its answer to the point's probe and whether it is right. */
export interface ModelPointAnswer {
  id: string
  prompt: string
  answer: string | null
  correct: boolean
}

/**
 * Asks the model each point's probe (the first cloze template of its relation, without leading
 * text) and checks the answer against the point's object and its aliases. Points whose relation has
 * no cloze template are left out.
 */
export async function probePoints(options: {
  model: import('../llm/index.js').ChatModel
  points: readonly KnowledgePoint[]
  language: Language
  concurrency?: number
  signal?: AbortSignal
}): Promise<ModelPointAnswer[]> {
  const { buildGraphProbes } = await import('./probes.js')
  const { matchesAnswer, candidateAnswers } = await import('./probe-scoring.js')
  const jobs: Array<{ point: KnowledgePoint; prompt: string }> = []
  for (const point of options.points) {
    const [probe] = buildGraphProbes({
      triples: [point.triple],
      language: options.language,
    }).filter((item) => !item.leading_text)
    if (probe !== undefined) jobs.push({ point, prompt: probe.prompt })
  }
  const answers: ModelPointAnswer[] = new Array(jobs.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next
      next += 1
      const job = jobs[index]
      if (job === undefined) return
      let answer: string | null = null
      try {
        const result = await options.model.chat({
          messages: [{ role: 'user', content: job.prompt }],
          temperature: 0,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        })
        answer = result.choices[0]?.text ?? null
      } catch (error) {
        if (options.signal?.aborted) throw error
        answer = null
      }
      const gold = [job.point.triple.object, ...(job.point.triple.objectAliases ?? [])]
      const first = answer === null ? undefined : candidateAnswers([answer])[0]
      answers[index] = {
        id: job.point.id,
        prompt: job.prompt,
        answer,
        correct: first !== undefined && matchesAnswer(first, gold, options.language),
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, () => worker()))
  return answers
}
