/**
 * Generators over the demonstration corpus and its own labels (authority level, material type,
 * publication date, sentence order): classification, ordering,
 * relevance with a quoted span, RAG with distractors, contradictory sources, timeliness,
 * authority ranking, dispersed-information synthesis and citation formatting.
 */
import { splitSentences } from '../../corpus/index.js'
import type { Random } from '../random.js'
import { type CorpusPassage, memo, type TaskSources } from '../sources.js'
import type { Language } from '../task.js'
import { type GeneratedInstance, type Generator, numberedBlocks } from './generator.js'
import { passagesWithMentions } from './mentions.js'

function inLanguage(sources: TaskSources, language: Language): CorpusPassage[] {
  return memo(sources, `corpus/${language}`, () =>
    sources.corpus.filter((passage) => passage.language === language),
  )
}

// The levels as data/authority-rules.json assigns them (the corpus's labels follow those rules).
const AUTHORITY_LEGEND: Record<Language, string> = {
  en: [
    'A: guidelines and consensus statements of recognised professional or public-health bodies; drug labels approved by a medicines regulator',
    'B: other guidelines and drug labels; systematic reviews; reference textbooks; research in high-impact general medical journals',
    'C: other peer-reviewed primary research; patient information from public-health agencies',
    'D: encyclopedias and patient education from other publishers; government, health-service or academic web pages',
    'E: general web pages, forums and other unmoderated content',
  ].join('\n'),
  zh: [
    'A：公认专业学会或公共卫生机构发布的指南和专家共识；药品监管部门批准的药品说明书',
    'B：其他指南和药品说明书；系统综述；权威教科书；发表于高影响力综合医学期刊的研究',
    'C：其他经同行评议的原始研究；公共卫生机构发布的患者信息',
    'D：其他出版方的百科和患者教育材料；政府、医疗机构或学术机构网站页面',
    'E：一般网页、论坛及其他未经审核的内容',
  ].join('\n'),
}

const MATERIAL_NAMES: Record<string, { en: string; zh: string }> = {
  guideline: { en: 'guideline', zh: '指南' },
  textbook: { en: 'textbook', zh: '教科书' },
  drug_label: { en: 'drug label', zh: '药品说明书' },
  consensus: { en: 'consensus statement', zh: '专家共识' },
  patient_education: { en: 'patient education', zh: '患者教育材料' },
  encyclopedia: { en: 'encyclopedia', zh: '百科' },
  research_article: { en: 'research article', zh: '研究论文' },
  systematic_review: { en: 'systematic review', zh: '系统综述' },
  web: { en: 'web page', zh: '网页' },
  trial: { en: 'clinical trial', zh: '临床试验' },
}

function sourceLine(passage: CorpusPassage, language: Language): string {
  return language === 'zh'
    ? `来源：${passage.publisher}（${passage.year}年）`
    : `Source: ${passage.publisher} (${passage.published})`
}

/** A passage with its source line → its authority level (A-E), balanced over levels. */
export const authorityClassification: Generator = ({ random, language, sources }) => {
  const passages = inLanguage(sources, language)
  const levels = [...new Set(passages.map((passage) => passage.authority))].sort()
  const level = random.pick(levels)
  const passage = random.pick(passages.filter((item) => item.authority === level))
  const others = levels.filter((item) => item !== level)
  return {
    slots: {
      passage: `${sourceLine(passage, language)}${language === 'zh' ? '，' : ', '}${MATERIAL_NAMES[passage.materialType]?.[language] ?? passage.materialType}\n${passage.text}`,
      options: AUTHORITY_LEGEND[language],
    },
    output: level,
    wrong: others.length > 0 ? random.pick(others) : level === 'A' ? 'B' : 'A',
  }
}

/** A passage with its title and publisher → its material type (from a listed set). */
export const materialClassification: Generator = ({ random, language, sources }) => {
  const passages = memo(sources, `material-passages/${language}`, () =>
    inLanguage(sources, language).filter((passage) => MATERIAL_NAMES[passage.materialType]),
  )
  const types = memo(sources, `material-types/${language}`, () =>
    [...new Set(passages.map((passage) => passage.materialType))].sort(),
  )
  const type = random.pick(types)
  const passage = random.pick(passages.filter((item) => item.materialType === type))
  const name = (id: string) => MATERIAL_NAMES[id]?.[language] ?? id
  const others = types.filter((item) => item !== type)
  return {
    slots: {
      passage: `${passage.title}\n${sourceLine(passage, language)}\n${passage.text}`,
      options: types.map(name).join(language === 'zh' ? '、' : ', '),
    },
    output: name(type),
    wrong: name(random.pick(others)),
  }
}

const sentenceCache = new WeakMap<CorpusPassage, string[]>()

function sentencesOf(passage: CorpusPassage): string[] {
  let sentences = sentenceCache.get(passage)
  if (sentences === undefined) {
    sentences = splitSentences(passage.text).filter((sentence) => sentence.trim().length > 0)
    sentenceCache.set(passage, sentences)
  }
  return sentences
}

/** Shuffled sentences of a passage → their original order (`3, 1, 2`). */
export const sentenceOrdering: Generator = ({ random, language, sources }) => {
  const passages = memo(sources, `three-sentence-passages/${language}`, () =>
    inLanguage(sources, language).filter((passage) => sentencesOf(passage).length >= 3),
  )
  const passage = random.pick(passages)
  const sentences = sentencesOf(passage).slice(0, 5)
  let order = random.shuffle(sentences.map((_sentence, position) => position))
  if (order.every((value, position) => value === position))
    order = [...order.slice(1), order[0] as number]
  const shown = order.map((position) => sentences[position] as string)
  // Gold: the shown numbers in the original order.
  const gold = sentences.map((_sentence, original) => order.indexOf(original) + 1)
  const wrong = [...gold]
  const first = wrong[0] as number
  wrong[0] = wrong[1] as number
  wrong[1] = first
  return {
    slots: {
      sentences: shown.map((sentence, position) => `(${position + 1}) ${sentence}`).join('\n'),
    },
    output: gold.join(', '),
    wrong: wrong.join(', '),
  }
}

/** Passages of other topics (no shared tag), for distractors. */
function distractorsFor(
  random: Random,
  passages: readonly CorpusPassage[],
  target: CorpusPassage,
  count: number,
): CorpusPassage[] {
  const tags = new Set(target.tags)
  const unrelated = passages.filter(
    (passage) => passage.id !== target.id && !passage.tags.some((tag) => tags.has(tag)),
  )
  return random.sample(
    unrelated.length >= count ? unrelated : passages.filter((passage) => passage.id !== target.id),
    count,
  )
}

function topicQuestion(passage: CorpusPassage, language: Language): string {
  return language === 'zh'
    ? `关于“${passage.title}”，资料中是怎么说的？`
    : `What do the sources say about "${passage.title}"?`
}

function relevantSet(random: Random, sources: TaskSources, language: Language) {
  const passages = inLanguage(sources, language)
  const target = random.pick(
    memo(sources, `two-sentence-passages/${language}`, () =>
      passages.filter(
        (passage) =>
          sentencesOf(passage).filter((sentence) => sentence.trim().length >= 8).length >= 2,
      ),
    ),
  )
  const blocks = random.shuffle([target, ...distractorsFor(random, passages, target, 3)])
  return { target, blocks, number: blocks.indexOf(target) + 1 }
}

/** Which passage answers the question, with a verbatim quote: `{"passage": n, "quote": "..."}`. */
export const relevanceExtraction: Generator = ({ random, language, sources }) => {
  const { target, blocks, number } = relevantSet(random, sources, language)
  const quote = random.pick(sentencesOf(target).filter((sentence) => sentence.trim().length >= 8))
  const wrongNumber = (number % blocks.length) + 1
  const wrongQuote = sentencesOf(blocks[wrongNumber - 1] as CorpusPassage)[0] ?? ''
  return {
    slots: {
      question: topicQuestion(target, language),
      passages: numberedBlocks(blocks.map((block) => block.text)),
    },
    output: JSON.stringify({ passage: number, quote }),
    wrong: JSON.stringify({ passage: wrongNumber, quote: wrongQuote }),
    reference: { passages: blocks.map((block) => block.text) },
  }
}

/** RAG with distractors: answer from the relevant passage and cite it as `[n]`. */
export const ragWithDistractors: Generator = ({ random, language, sources }) => {
  const { target, blocks, number } = relevantSet(random, sources, language)
  const answer = sentencesOf(target)
    .slice(0, 2)
    .join(language === 'zh' ? '' : ' ')
  const wrongNumber = (number % blocks.length) + 1
  return {
    slots: {
      question: topicQuestion(target, language),
      passages: numberedBlocks(blocks.map((block) => block.text)),
    },
    output: `${answer} [${number}]`,
    wrong: `${answer} [${wrongNumber}]`,
    reference: { citations: [number] },
  }
}

const AUTHORITY_ORDER = ['A', 'B', 'C', 'D', 'E']

function describedSource(passage: CorpusPassage, language: Language, text = passage.text): string {
  const material = MATERIAL_NAMES[passage.materialType]?.[language] ?? passage.materialType
  return language === 'zh'
    ? `（${passage.publisher}，${material}，${passage.year}年，权威等级${passage.authority}）\n${text}`
    : `(${passage.publisher}, ${material}, ${passage.published}, authority ${passage.authority})\n${text}`
}

/** Passages with distinct publication years → the number of the most recent one. */
export const timeliness: Generator = ({ random, language, sources }) => {
  const passages = inLanguage(sources, language).filter((passage) => passage.year > 0)
  const chosen: CorpusPassage[] = []
  const years = new Set<number>()
  for (const passage of random.shuffle(passages)) {
    if (years.has(passage.year)) continue
    years.add(passage.year)
    chosen.push(passage)
    if (chosen.length === 3) break
  }
  const newest = chosen.reduce((best, passage) => (passage.year > best.year ? passage : best))
  const number = chosen.indexOf(newest) + 1
  return {
    slots: {
      passages: numberedBlocks(chosen.map((passage) => describedSource(passage, language))),
    },
    output: String(number),
    wrong: String((number % chosen.length) + 1),
  }
}

/** Passages of distinct authority levels → their numbers from most to least authoritative. */
export const authorityRanking: Generator = ({ random, language, sources }) => {
  const passages = inLanguage(sources, language)
  const levels = [...new Set(passages.map((passage) => passage.authority))].sort()
  const picked = random.sample(levels, Math.min(3, levels.length))
  const chosen = random.shuffle(
    picked.map((level) => random.pick(passages.filter((passage) => passage.authority === level))),
  )
  const ranked = [...chosen].sort(
    (left, right) =>
      AUTHORITY_ORDER.indexOf(left.authority) - AUTHORITY_ORDER.indexOf(right.authority),
  )
  const gold = ranked.map((passage) => chosen.indexOf(passage) + 1)
  return {
    slots: {
      passages: numberedBlocks(chosen.map((passage) => describedSource(passage, language))),
    },
    output: gold.join(', '),
    wrong: [...gold].reverse().join(', '),
  }
}

const NUMBER = /\d+(?:[.,]\d+)?/g

/**
 * Contradictory sources: a passage and a copy with one figure changed, attributed to a source
 * that loses (lower authority, or the same authority but older) → the number of the source to
 * follow. The winner always carries the original text.
 */
export const contradictorySources: Generator = ({ random, language, sources }) => {
  const passages = inLanguage(sources, language).filter(
    (passage) =>
      (passage.text.match(NUMBER) ?? []).length > 0 &&
      passage.year > 2000 &&
      passage.authority < 'D',
  )
  const original = random.pick(passages)
  const figures = [...original.text.matchAll(NUMBER)]
  const figure = random.pick(figures)
  const value = Number((figure[0] as string).replace(',', ''))
  const changed = Number.isInteger(value) ? String(value * 2 + 1) : (value * 2).toFixed(1)
  const at = figure.index ?? 0
  const altered = `${original.text.slice(0, at)}${changed}${original.text.slice(at + (figure[0] as string).length)}`
  const byAuthority = random.next() < 0.5
  const loser: CorpusPassage = byAuthority
    ? {
        ...original,
        publisher: language === 'zh' ? '某健康论坛网友回帖' : 'an online health forum reply',
        materialType: 'web',
        authority: 'E',
        published: String(original.year + 1),
      }
    : { ...original, published: String(original.year - 6 - random.below(5)) }
  const first = random.next() < 0.5
  const blocks = first
    ? [describedSource(original, language), describedSource(loser, language, altered)]
    : [describedSource(loser, language, altered), describedSource(original, language)]
  const number = first ? 1 : 2
  return {
    slots: { passages: numberedBlocks(blocks) },
    output: String(number),
    wrong: String(3 - number),
  }
}

/** Several passages and a drug → the numbers of the passages that mention it (JSON array). */
export const dispersedSynthesis: Generator = ({ random, language, sources }) => {
  const found = passagesWithMentions(sources, 'drug', language)
  const drugs = memo(sources, `shared-drugs/${language}`, () => {
    const counts = new Map<string, number>()
    for (const entry of found)
      for (const name of entry.names) counts.set(name, (counts.get(name) ?? 0) + 1)
    return [...counts]
      .filter(([, count]) => count >= 2)
      .map(([name]) => name)
      .sort()
  })
  const drug = random.pick(drugs)
  const { withDrug, without } = memo(sources, `passages-with/${language}/${drug}`, () => {
    const withDrug = found
      .filter((entry) => entry.names.includes(drug))
      .map((entry) => entry.passage)
    const without = inLanguage(sources, language).filter((passage) => !withDrug.includes(passage))
    return { withDrug, without }
  })
  const chosen = random.shuffle([
    ...random.sample(withDrug, Math.min(withDrug.length, 2 + random.below(2))),
    ...random.sample(without, 2),
  ])
  const gold = chosen.flatMap((passage, position) =>
    withDrug.includes(passage) ? [position + 1] : [],
  )
  return {
    slots: { drug, passages: numberedBlocks(chosen.map((passage) => passage.text)) },
    output: JSON.stringify(gold),
    wrong: JSON.stringify(gold.slice(1)),
  }
}

/** Source metadata → a reference in the fixed form `Publisher (Year). Title.` */
export const citationFormatting: Generator = ({ random, language, sources }): GeneratedInstance => {
  const passage = random.pick(inLanguage(sources, language))
  const fields =
    language === 'zh'
      ? [`标题：${passage.title}`, `发布机构：${passage.publisher}`, `年份：${passage.year}`]
      : [`title: ${passage.title}`, `publisher: ${passage.publisher}`, `year: ${passage.year}`]
  const gold = `${passage.publisher} (${passage.year}). ${passage.title}.`
  return {
    slots: { metadata: random.shuffle(fields).join('\n') },
    output: gold,
    wrong: `${passage.title} (${passage.year}). ${passage.publisher}.`,
  }
}
