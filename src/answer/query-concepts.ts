/**
 * What a question is about: its words grouped into concepts, each either a topic (the condition,
 * drug, test or body system asked about) or an aspect (what is asked about it: treatment, dose,
 * diagnosis, risk...). Lay phrases are mapped to the clinical words sources use ("high potassium"
 * → hyperkalaemia) and British and American spellings are folded together, so that a passage is
 * judged on-topic by the concepts it shares with the question, not by shared frame words.
 *
 * The lay-term table and the aspect words are demonstration material written for Galen from
 * general clinical usage (plain-language names as MedlinePlus and NHS health pages use them); they
 * are not a terminology and are meant to be extended.
 */
import { isQuestionStopword, porterStem, tokenizeWords } from '../retrieval/index.js'

/** One concept of a question: alternative word sequences (folded, stemmed), any of which matches. */
export interface QueryConcept {
  /** The words of the question it came from. */
  text: string
  kind: 'topic' | 'aspect'
  /** Alternative stemmed token sequences; the concept is present when one appears contiguously. */
  alternatives: string[][]
  /** The plain words of every alternative, for looking up their document frequencies. */
  words: string[]
}

/**
 * Lay phrase → clinical words (both directions are searched). Written from general usage; each
 * row is a plain-language name and the terms clinical sources use for the same thing.
 */
const LAY_TERMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['high blood pressure', ['hypertension']],
  ['low blood pressure', ['hypotension']],
  ['high blood sugar', ['hyperglycaemia', 'hyperglycemia']],
  ['low blood sugar', ['hypoglycaemia', 'hypoglycemia']],
  ['high potassium', ['hyperkalaemia', 'hyperkalemia']],
  ['low potassium', ['hypokalaemia', 'hypokalemia']],
  ['high sodium', ['hypernatraemia', 'hypernatremia']],
  ['low sodium', ['hyponatraemia', 'hyponatremia']],
  ['high calcium', ['hypercalcaemia', 'hypercalcemia']],
  ['low calcium', ['hypocalcaemia', 'hypocalcemia']],
  ['high cholesterol', ['hypercholesterolaemia', 'hyperlipidaemia', 'cholesterol']],
  ['heart attack', ['myocardial infarction', 'acute coronary syndrome']],
  ['mini stroke', ['transient ischaemic attack']],
  ['blood clot', ['thrombosis', 'thromboembolism']],
  ['clot in the lung', ['pulmonary embolism']],
  ['blood thinner', ['anticoagulant', 'anticoagulation']],
  ['blood thinners', ['anticoagulant', 'anticoagulation']],
  ['irregular heartbeat', ['atrial fibrillation', 'arrhythmia']],
  ['heart rhythm', ['arrhythmia', 'qt', 'atrial fibrillation']],
  ['underactive thyroid', ['hypothyroidism']],
  ['overactive thyroid', ['hyperthyroidism']],
  ['kidney failure', ['kidney disease', 'renal failure']],
  ['sugar diabetes', ['diabetes']],
  ['flu', ['influenza']],
  ['strep throat', ['streptococcal pharyngitis', 'group a streptococcus']],
  ['sore throat', ['pharyngitis']],
  ['bladder infection', ['cystitis', 'urinary tract infection']],
  ['water infection', ['urinary tract infection', 'cystitis']],
  ['uti', ['urinary tract infection']],
  ['ear infection', ['otitis media']],
  ['chest infection', ['pneumonia', 'respiratory tract infection']],
  ['heartburn', ['reflux', 'dyspepsia']],
  ['acid reflux', ['reflux']],
  ['indigestion', ['dyspepsia']],
  ['paracetamol', ['acetaminophen']],
  ['acetaminophen', ['paracetamol']],
  ['salbutamol', ['albuterol']],
  ['albuterol', ['salbutamol']],
  ['adrenaline', ['epinephrine']],
  ['epinephrine', ['adrenaline']],
  ['water pill', ['diuretic']],
  ['water pills', ['diuretic']],
  ['painkiller', ['analgesic']],
  ['painkillers', ['analgesic']],
  ['mammogram', ['mammography']],
  ['mammograms', ['mammography']],
  ['shortness of breath', ['breathlessness', 'dyspnoea']],
  ['short of breath', ['breathlessness', 'dyspnoea']],
  ['fits', ['seizures']],
  ['sugar', ['glucose']],
  ['bowel cancer', ['colorectal cancer']],
  ['colon cancer', ['colorectal cancer']],
  ['water tablets', ['diuretic']],
  ['stomach bug', ['gastroenteritis', 'diarrhoea']],
  ['allergic reaction', ['anaphylaxis', 'allergy', 'hypersensitivity']],
]

/**
 * Words that say what is asked about a topic rather than naming it. Written from the facets of
 * clinical questions (treatment, dosing, diagnosis, prognosis, risk, monitoring, prevention).
 */
const ASPECT_WORDS = new Set(
  (
    'treat treated treating treatment treatments therapy therapies manage managed management ' +
    'cure first line second choice choose choosing option options best preferred prefer ' +
    'recommended recommend recommendation guideline guidelines drug drugs medicine medicines ' +
    'medication medications dose doses dosing dosage maximum minimum daily safe safety ' +
    'side effect effects adverse risk risks dangerous danger bad harm harmful contraindicated ' +
    'contraindication contraindications avoid diagnose diagnosed diagnosis diagnosing test tests ' +
    'testing tested screen screening screened check checked symptom symptoms sign signs warning ' +
    'cause causes caused prevent prevention preventing start starting started stop stopping ' +
    'stopped suddenly take taking taken given give used use using help helps work works need ' +
    'needed needs get target targets goal goals aim normal high low raised mean means level ' +
    'levels value values range evaluate evaluated evaluation assess assessed assessment ' +
    'interpret interpretation monitor monitoring long often how many much age aged old ' +
    'adult adults patient patients people person someone women woman men man child children ' +
    'recognise recognised recognize recognized common usual typical standard regimen count counts ' +
    'well effective after before hours days weeks months years up ' +
    // the same facets as Chinese questions word them (after jieba segmentation)
    '治疗 怎么办 怎么 怎样 如何 注意事项 注意 用法 用量 剂量 诊断 检查 症状 表现 原因 预防 ' +
    '副作用 不良反应 禁忌 一线 首选 药物 用药 吃 什么药 药 要紧 严重 办法 方法 多久 时间 疗程 ' +
    '标准 目标 风险 危害 处理 就医 需要 能 可以 应该 患者 病人 成人 儿童 孕妇 哪些 什么 几 多少'
  ).split(' '),
)

/** British spellings folded to American, so that either matches the other. */
const SPELLING_FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/aemia/g, 'emia'],
  [/^haem/, 'hem'],
  [/^ischaem/, 'ischem'],
  [/^paed/, 'ped'],
  [/^anaesth/, 'anesth'],
  [/^oedem/, 'edem'],
  [/^oesoph/, 'esoph'],
  [/^oestr/, 'estr'],
  [/rrhoea/, 'rrhea'],
  [/^dyspnoea/, 'dyspnea'],
  [/isation$/, 'ization'],
  [/ise$/, 'ize'],
  [/ised$/, 'ized'],
]

/** Folds a lower-case word's British spelling to the American one, then stems it. */
export function normaliseWord(word: string): string {
  let folded = word
  for (const [pattern, replacement] of SPELLING_FOLDS) folded = folded.replace(pattern, replacement)
  return porterStem(folded)
}

/**
 * The normalised (folded, stemmed) tokens of a text. Passages are cut with `search` segmentation,
 * as the index cuts them, so that a question's 哮喘 meets a passage's 支气管哮喘.
 */
export function normalisedTokens(text: string, options: { passage?: boolean } = {}): string[] {
  return tokenizeWords(text, options.passage ? { chinese: 'search' } : {}).map(normaliseWord)
}

/** Spelling variants a search should also try (`hypoglycemia` → `hypoglycaemia`). */
export function spellingVariants(word: string): string[] {
  const variants = new Set<string>()
  const pairs: ReadonlyArray<readonly [RegExp, string]> = [
    [/([^a])emia/, '$1aemia'],
    [/aemia/, 'emia'],
    [/^hem(?!i)/, 'haem'],
    [/^haem/, 'hem'],
    [/^ischem/, 'ischaem'],
    [/^ischaem/, 'ischem'],
    [/^edem/, 'oedem'],
    [/^oedem/, 'edem'],
    [/^esoph/, 'oesoph'],
    [/^oesoph/, 'esoph'],
    [/^estr/, 'oestr'],
    [/rrhea/, 'rrhoea'],
    [/rrhoea/, 'rrhea'],
    [/^pediatr/, 'paediatr'],
    [/^paediatr/, 'pediatr'],
  ]
  for (const [pattern, replacement] of pairs) {
    if (pattern.test(word)) variants.add(word.replace(pattern, replacement))
  }
  variants.delete(word)
  return [...variants]
}

const LAY_TABLE = LAY_TERMS.map(([phrase, clinical]) => ({
  phrase: normalisedTokens(phrase),
  words: phrase,
  alternatives: [normalisedTokens(phrase), ...clinical.map((term) => normalisedTokens(term))],
  plainWords: [
    ...new Set([...tokenizeWords(phrase), ...clinical.flatMap((term) => tokenizeWords(term))]),
  ],
  clinical,
})).sort((left, right) => right.phrase.length - left.phrase.length)

/** Whether `tokens` holds `sequence` contiguously. */
export function containsSequence(tokens: readonly string[], sequence: readonly string[]): boolean {
  if (sequence.length === 0) return false
  outer: for (let start = 0; start + sequence.length <= tokens.length; start += 1) {
    for (let offset = 0; offset < sequence.length; offset += 1) {
      if (tokens[start + offset] !== sequence[offset]) continue outer
    }
    return true
  }
  return false
}

/** The result of {@link analyseQuestion}. */
export interface QuestionAnalysis {
  concepts: QueryConcept[]
  /** Words to add to the search query: clinical terms for lay phrases and spelling variants. */
  expansion: string[]
  /** True when the question names no topic of its own, only aspects ("what dose is usual?"). */
  aspectOnly: boolean
}

/**
 * Splits a question into topic and aspect concepts, mapping lay phrases to clinical terms.
 *
 * @example
 * analyseQuestion('how to treat high potassium').concepts.map((concept) => concept.kind)
 * // ['aspect', 'topic']  ("treat"; "high potassium" = hyperkalaemia)
 */
export function analyseQuestion(
  question: string,
  options: {
    /**
     * Extra one-word synonyms (lower case) → the terms sources use, for example brand names →
     * generic names from the drug vocabulary ("glucophage" → "metformin").
     */
    synonyms?: ReadonlyMap<string, string>
  } = {},
): QuestionAnalysis {
  const words = tokenizeWords(question)
  const tokens = words.map(normaliseWord)
  const concepts: QueryConcept[] = []
  const expansion: string[] = []
  const seen = new Set<string>()
  const add = (concept: QueryConcept) => {
    const key = concept.alternatives.map((alternative) => alternative.join(' ')).join('|')
    if (seen.has(key)) return
    seen.add(key)
    concepts.push(concept)
  }
  let position = 0
  while (position < tokens.length) {
    const lay = LAY_TABLE.find((entry) =>
      entry.phrase.every((token, offset) => tokens[position + offset] === token),
    )
    if (lay !== undefined) {
      add({ text: lay.words, kind: 'topic', alternatives: lay.alternatives, words: lay.plainWords })
      for (const term of lay.clinical) expansion.push(term)
      position += lay.phrase.length
      continue
    }
    const word = words[position] as string
    const token = tokens[position] as string
    position += 1
    if (isQuestionStopword(word)) continue
    const synonym = options.synonyms?.get(word)
    if (synonym !== undefined && synonym !== word) {
      add({
        text: word,
        kind: 'topic',
        alternatives: [[token], normalisedTokens(synonym)],
        words: [word, ...tokenizeWords(synonym)],
      })
      expansion.push(synonym)
      continue
    }
    // Numbers (ages, doses, lab values) describe the case rather than name the topic.
    const kind = ASPECT_WORDS.has(word) || /^\d+$/.test(word) ? 'aspect' : 'topic'
    const variants = kind === 'topic' ? spellingVariants(word) : []
    add({ text: word, kind, alternatives: [[token]], words: [word, ...variants] })
    expansion.push(...variants)
  }
  // A question of aspect words only ("what is a normal dose?") keeps them as its topic.
  const aspectOnly = concepts.length > 0 && concepts.every((concept) => concept.kind === 'aspect')
  if (aspectOnly) for (const concept of concepts) concept.kind = 'topic'
  return { concepts, expansion: [...new Set(expansion)], aspectOnly }
}
