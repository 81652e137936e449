/**
 * Closed-set mention generators: which of a list of candidate drugs, conditions or tests a corpus
 * passage mentions (lexicon forms matched on word boundaries in English, as substrings in
 * Chinese), alone or grouped into one JSON object.
 */
import type { Random } from '../random.js'
import { type CorpusPassage, memo, type TaskSources } from '../sources.js'
import type { Language } from '../task.js'
import { type Generator, stringParam } from './generator.js'

type MentionKind = 'drug' | 'condition' | 'test'

interface Lexicon {
  /** Display name → the surface forms that count as a mention. */
  entries: Array<{ name: string; forms: string[] }>
}

const lexiconCache = new WeakMap<TaskSources, Map<string, Lexicon>>()

function lexiconFor(sources: TaskSources, kind: MentionKind, language: Language): Lexicon {
  let cache = lexiconCache.get(sources)
  if (cache === undefined) {
    cache = new Map()
    lexiconCache.set(sources, cache)
  }
  const key = `${kind}/${language}`
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  let entries: Lexicon['entries']
  if (kind === 'drug') {
    entries =
      language === 'zh'
        ? [...sources.zhDrugs.keys()].sort().map((name) => ({ name, forms: [name] }))
        : sources.generics.map((name) => ({ name, forms: [name] }))
  } else if (kind === 'condition') {
    entries = sources.conditions.map((entry) => {
      const clinical = language === 'zh' ? entry.zh : entry.en
      const lay = language === 'zh' ? entry.lay_zh : entry.lay_en
      return { name: clinical, forms: lay === null ? [clinical] : [clinical, lay] }
    })
  } else {
    entries =
      language === 'zh'
        ? sources.testsZh.map((test) => ({ name: test.zh, forms: [test.zh] }))
        : sources.testsEn.map((test) => ({ name: test.name, forms: test.synonyms }))
  }
  const lexicon = { entries }
  cache.set(key, lexicon)
  return lexicon
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const formPatterns = new Map<string, RegExp>()

function mentions(text: string, form: string, language: Language): boolean {
  if (language === 'zh') return text.includes(form)
  if (!text.toLowerCase().includes(form.toLowerCase())) return false
  let pattern = formPatterns.get(form)
  if (pattern === undefined) {
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(form)}(?=$|[^\\p{L}\\p{N}])`, 'iu')
    formPatterns.set(form, pattern)
  }
  return pattern.test(text)
}

const mentionCache = new WeakMap<
  TaskSources,
  Map<string, Array<{ passage: CorpusPassage; names: string[] }>>
>()

/** Passages of a language with the lexicon names they mention (at least one). */
export function passagesWithMentions(sources: TaskSources, kind: MentionKind, language: Language) {
  let cache = mentionCache.get(sources)
  if (cache === undefined) {
    cache = new Map()
    mentionCache.set(sources, cache)
  }
  const key = `${kind}/${language}`
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  const found: Array<{ passage: CorpusPassage; names: string[] }> = []
  for (const passage of sources.corpus) {
    if (passage.language !== language) continue
    const names = namesIn(sources, kind, language, passage)
    if (names.length > 0) found.push({ passage, names })
  }
  if (found.length === 0) {
    throw new RangeError(`instructions: no ${language} corpus passage mentions a ${kind}`)
  }
  cache.set(key, found)
  return found
}

/** Lexicon names a passage mentions (cached per passage). */
function namesIn(
  sources: TaskSources,
  kind: MentionKind,
  language: Language,
  passage: CorpusPassage,
): string[] {
  return memo(sources, `names/${kind}/${passage.id}`, () =>
    lexiconFor(sources, kind, language)
      .entries.filter((entry) => entry.forms.some((form) => mentions(passage.text, form, language)))
      .map((entry) => entry.name),
  )
}

/** Names of the lexicon that the passage does not mention. */
function absentNames(
  sources: TaskSources,
  kind: MentionKind,
  language: Language,
  passage: CorpusPassage,
  random: Random,
  count: number,
): string[] {
  const lexicon = lexiconFor(sources, kind, language)
  const present = new Set(namesIn(sources, kind, language, passage))
  const absent: string[] = []
  for (let attempt = 0; absent.length < count && attempt < 200; attempt += 1) {
    const entry = random.pick(lexicon.entries)
    if (absent.includes(entry.name) || present.has(entry.name)) continue
    absent.push(entry.name)
  }
  return absent
}

/** Closed-set mention extraction: which candidates does the passage mention (JSON array). */
export const mentionExtraction: Generator = ({ random, language, sources, params }) => {
  const kind = stringParam(params, 'kind', 'drug') as MentionKind
  const { passage, names } = random.pick(passagesWithMentions(sources, kind, language))
  const present = random.sample(names, Math.min(names.length, 1 + random.below(3)))
  const absent = absentNames(sources, kind, language, passage, random, 3)
  const candidates = random.shuffle([...present, ...absent])
  const gold = candidates.filter((name) => present.includes(name))
  const wrong = gold.length > 1 ? gold.slice(1) : [...gold, absent[0] ?? 'none']
  return {
    slots: { passage: passage.text, candidates: candidates.join(language === 'zh' ? '、' : '; ') },
    output: JSON.stringify(gold),
    wrong: JSON.stringify(wrong),
  }
}

/** Closed-set extraction of drugs, conditions and tests together, as one JSON object. */
export const entityJson: Generator = ({ random, language, sources }) => {
  const { passage } = random.pick(passagesWithMentions(sources, 'drug', language))
  const result: Record<string, string[]> = { drugs: [], conditions: [], tests: [] }
  const candidates: string[] = []
  const kinds: Array<[MentionKind, string]> = [
    ['drug', 'drugs'],
    ['condition', 'conditions'],
    ['test', 'tests'],
  ]
  for (const [kind, field] of kinds) {
    const present = namesIn(sources, kind, language, passage)
    const shown = random.sample(present, Math.min(present.length, 2))
    const absent = absentNames(sources, kind, language, passage, random, 1)
    candidates.push(...shown, ...absent)
    result[field] = shown
  }
  const ordered = random.shuffle(candidates)
  for (const [, field] of kinds) {
    result[field] = ordered.filter((name) => result[field]?.includes(name))
  }
  const wrong = { ...result, drugs: [...(result.drugs ?? []), ...(result.tests ?? []), 'x'] }
  return {
    slots: { passage: passage.text, candidates: ordered.join(language === 'zh' ? '、' : '; ') },
    output: JSON.stringify(result),
    wrong: JSON.stringify(wrong),
  }
}
