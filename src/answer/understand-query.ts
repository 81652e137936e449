/**
 * Query understanding before retrieval: drug-name spelling correction against a drug vocabulary
 * ("metfromin" → "metformin"), and detection of calculator intent ("what is the CHA2DS2-VASc for
 * ...") so the question can be routed to a calculator tool.
 */
import { readFileSync } from 'node:fs'
import { InputError, safeParseJson } from '../errors.js'
import {
  type ChineseDrugNames,
  correctChineseDrugNames,
  loadChineseDrugNames,
} from './zh-drug-names.js'

/** A vocabulary of drug names: generic names, and brand or synonym → generic. */
export interface DrugVocabulary {
  generics: ReadonlySet<string>
  /** Lower-cased brand or synonym → generic name. */
  aliases: ReadonlyMap<string, string>
  /** Chinese generic names (→ English generic), corrected in Chinese text when present. */
  chineseNames?: ChineseDrugNames
}

/** Builds a vocabulary from lists of names. */
export function createDrugVocabulary(options: {
  generics: readonly string[]
  aliases?: Readonly<Record<string, string>>
}): DrugVocabulary {
  return {
    generics: new Set(options.generics.map((name) => name.toLowerCase())),
    aliases: new Map(
      Object.entries(options.aliases ?? {}).map(([alias, generic]) => [
        alias.toLowerCase(),
        generic.toLowerCase(),
      ]),
    ),
  }
}

/**
 * Loads the lexicons Galen ships: generic names (`data/lexicons/common-drugs.json`:
 * `{ "generics": [...] }`) and, optionally, brand names (`data/lexicons/drug-brands.json`:
 * `{ "entries": { brand: generic } }`, shared with the drug verifier) and Chinese generic names
 * (`data/lexicons/zh-drugs.json`: `{ "entries": { 中文名: english } }`).
 *
 * @throws InputError when a file is not of that shape.
 */
export function loadDrugVocabulary(
  path: string,
  options: { brandsPath?: string; chinesePath?: string } = {},
): DrugVocabulary {
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw parsed.error
  const value = parsed.value as { generics?: unknown }
  if (!Array.isArray(value.generics) || !value.generics.every((name) => typeof name === 'string')) {
    throw new InputError(`answer: "${path}" has no "generics" list of names`, {
      field: 'generics',
      value: typeof value.generics,
    })
  }
  let aliases: Record<string, string> = {}
  if (options.brandsPath !== undefined) {
    const brands = safeParseJson(readFileSync(options.brandsPath, 'utf8'), options.brandsPath)
    if (!brands.ok) throw brands.error
    const entries = (brands.value as { entries?: unknown }).entries
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      throw new InputError(
        `answer: "${options.brandsPath}" has no "entries" object of brand → generic`,
        {
          field: 'entries',
          value: typeof entries,
        },
      )
    }
    aliases = Object.fromEntries(
      Object.entries(entries).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    )
  }
  const vocabulary = createDrugVocabulary({ generics: value.generics as string[], aliases })
  if (options.chinesePath === undefined) return vocabulary
  return { ...vocabulary, chineseNames: loadChineseDrugNames(options.chinesePath) }
}

/** Optimal-string-alignment (Damerau-Levenshtein) distance, bounded: returns `max + 1` when exceeded. */
export function editDistance(left: string, right: string, max: number): number {
  if (Math.abs(left.length - right.length) > max) return max + 1
  const rows = left.length + 1
  const columns = right.length + 1
  let previousPrevious = new Array<number>(columns).fill(0)
  let previous = Array.from({ length: columns }, (_, column) => column)
  for (let row = 1; row < rows; row += 1) {
    const current = new Array<number>(columns).fill(0)
    current[0] = row
    let rowMinimum = current[0]
    for (let column = 1; column < columns; column += 1) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1
      let value = Math.min(
        (previous[column] as number) + 1,
        (current[column - 1] as number) + 1,
        (previous[column - 1] as number) + cost,
      )
      if (
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1]
      ) {
        value = Math.min(value, (previousPrevious[column - 2] as number) + 1)
      }
      current[column] = value
      rowMinimum = Math.min(rowMinimum, value)
    }
    if (rowMinimum > max) return max + 1
    previousPrevious = previous
    previous = current
  }
  return previous[columns - 1] as number
}

/** One correction made to the query. */
export interface SpellingCorrection {
  from: string
  to: string
  distance: number
}

/**
 * Corrects misspelled drug names. A word of 5+ letters that is not itself a known name is replaced
 * by the single closest generic or brand name within 1 edit (5-7 letters) or 2 edits (8+ letters),
 * when the first letter matches and the closest match is unique. With Chinese names in the
 * vocabulary, Chinese misspellings are corrected too (see `zh-drug-names.ts`).
 */
export function correctDrugNames(
  text: string,
  vocabulary: DrugVocabulary,
): { text: string; corrections: SpellingCorrection[] } {
  const corrections: SpellingCorrection[] = []
  const names = [...vocabulary.generics, ...vocabulary.aliases.keys()]
  const corrected = text.replace(/[A-Za-z][A-Za-z-]{4,}/g, (word) => {
    const lower = word.toLowerCase()
    if (vocabulary.generics.has(lower) || vocabulary.aliases.has(lower)) return word
    const max = lower.length >= 8 ? 2 : 1
    let best: string | undefined
    let bestDistance = max + 1
    let tie = false
    for (const name of names) {
      if (name[0] !== lower[0]) continue
      const distance = editDistance(lower, name, max)
      if (distance < bestDistance) {
        best = name
        bestDistance = distance
        tie = false
      } else if (distance === bestDistance && name !== best) tie = true
    }
    if (best === undefined || bestDistance > max || tie) return word
    corrections.push({ from: word, to: best, distance: bestDistance })
    return best
  })
  if (vocabulary.chineseNames === undefined) return { text: corrected, corrections }
  const chinese = correctChineseDrugNames(corrected, vocabulary.chineseNames)
  return { text: chinese.text, corrections: [...corrections, ...chinese.corrections] }
}

/** Names and aliases that signal a calculator, keyed by MedCalc-Bench calculator id. */
const CALCULATOR_ALIASES: ReadonlyArray<{ id: number; patterns: readonly RegExp[] }> = [
  { id: 4, patterns: [/cha2?ds2?[- ]?vasc/i, /chads[- ]?vasc/i] },
  { id: 2, patterns: [/creatinine clearance/i, /cockcroft/i, /\bcrcl\b/i] },
  { id: 3, patterns: [/ckd[- ]?epi/i, /\begfr\b.*\bcreatinine\b|\bcreatinine\b.*\begfr\b/i] },
  { id: 5, patterns: [/mean arterial pressure/i, /\bMAP\b/] },
  { id: 6, patterns: [/body mass index/i, /\bBMI\b/i] },
  { id: 7, patterns: [/corrected calcium/i, /calcium correction/i] },
  { id: 8, patterns: [/wells'? (?:criteria|score)? ?(?:for )?(?:pulmonary embolism|PE)\b/i] },
  { id: 9, patterns: [/\bMDRD\b/i] },
  { id: 10, patterns: [/ideal body weight/i] },
  { id: 11, patterns: [/\bqtc\b.*bazett|bazett/i] },
  { id: 13, patterns: [/due date/i] },
  { id: 15, patterns: [/child[- ]pugh/i] },
  { id: 16, patterns: [/wells'? (?:criteria|score)? ?(?:for )?(?:DVT|deep vein)/i] },
  { id: 17, patterns: [/revised cardiac risk|\bRCRI\b/i] },
  { id: 18, patterns: [/\bHEART score/i] },
  { id: 19, patterns: [/\bFIB-?4\b/i] },
  { id: 20, patterns: [/centor|mcisaac/i] },
  { id: 21, patterns: [/glasgow coma|\bGCS\b/i] },
  { id: 23, patterns: [/\bMELD\b/i] },
  { id: 25, patterns: [/has[- ]?bled/i] },
  { id: 26, patterns: [/sodium correction|corrected sodium/i] },
  { id: 27, patterns: [/blatchford/i] },
  { id: 28, patterns: [/apache/i] },
  { id: 29, patterns: [/pneumonia severity index|\bPSI\b|\bPORT score/i] },
  { id: 30, patterns: [/serum osmolality|osmolality/i] },
  { id: 32, patterns: [/charlson/i] },
  { id: 36, patterns: [/caprini/i] },
  { id: 39, patterns: [/anion gap/i] },
  { id: 43, patterns: [/\bSOFA\b/] },
  { id: 44, patterns: [/\bLDL\b.*calculat|calculat.*\bLDL\b|friedewald/i] },
  { id: 45, patterns: [/curb[- ]?65/i] },
  { id: 48, patterns: [/\bPERC\b/] },
  { id: 49, patterns: [/morphine milligram|\bMME\b/i] },
  { id: 51, patterns: [/\bSIRS\b/] },
  { id: 60, patterns: [/body surface area|\bBSA\b/i] },
  { id: 22, patterns: [/maintenance fluid/i] },
  {
    id: 24,
    patterns: [
      /steroid conversion/i,
      /\b(?:prednisone|prednisolone|dexamethasone|hydrocortisone|methylprednisolone)\b.*\b(?:equivalent|convert|conversion)/i,
    ],
  },
  { id: 31, patterns: [/homa[- ]?ir\b/i, /insulin resistance (?:index|score)/i] },
  { id: 33, patterns: [/feverpain/i] },
  { id: 38, patterns: [/free water deficit/i] },
  { id: 40, patterns: [/\bfe ?na\b/i, /fractional excretion of sodium/i] },
  {
    id: 46,
    patterns: [/framingham (?:risk|score)/i, /10[- ]year (?:coronary|chd|heart disease) risk/i],
  },
  { id: 56, patterns: [/fridericia/i] },
  { id: 57, patterns: [/\bqtc\b.*framingham|framingham.*\bqtc\b/i] },
  { id: 58, patterns: [/\bhodges\b/i] },
  { id: 59, patterns: [/rautaharju/i] },
  { id: 61, patterns: [/target (?:body )?weight/i] },
  { id: 62, patterns: [/adjusted (?:body )?weight/i] },
  { id: 63, patterns: [/delta gap/i] },
  { id: 64, patterns: [/delta ratio/i] },
  { id: 65, patterns: [/(?:albumin[- ])?corrected anion gap/i] },
  { id: 66, patterns: [/albumin[- ]corrected delta gap/i] },
  { id: 67, patterns: [/albumin[- ]corrected delta ratio/i] },
  { id: 68, patterns: [/conception date|date of conception|estimated conception/i] },
  { id: 69, patterns: [/gestational age|how many weeks pregnant/i] },
]

/**
 * Chinese names of calculators as questions write them (the standard names of
 * `calculators/zh-names.ts` and their usual short forms), keyed by MedCalc-Bench calculator id.
 */
const CALCULATOR_ALIASES_ZH: ReadonlyArray<{ id: number; patterns: readonly RegExp[] }> = [
  { id: 2, patterns: [/肌酐清除率/] },
  { id: 3, patterns: [/CKD-EPI|肾小球滤过率|eGFR/i] },
  { id: 5, patterns: [/平均动脉压/] },
  { id: 6, patterns: [/体重指数|体质指数|体质量指数/] },
  { id: 7, patterns: [/校正(?:血)?钙|校正后(?:的)?血钙/] },
  { id: 8, patterns: [/肺栓塞.{0,4}Wells|Wells.{0,6}肺栓塞/i] },
  { id: 10, patterns: [/理想体重/] },
  { id: 13, patterns: [/预产期/] },
  { id: 15, patterns: [/Child[- ]?Pugh|肝功能分级/i] },
  { id: 16, patterns: [/(?:深静脉血栓|DVT).{0,4}Wells|Wells.{0,6}(?:深静脉血栓|DVT)/i] },
  { id: 21, patterns: [/格拉斯哥昏迷|GCS\s*评分/i] },
  { id: 22, patterns: [/维持(?:输)?液(?:体)?量/] },
  { id: 24, patterns: [/激素.{0,4}(?:换算|等效剂量)/] },
  { id: 26, patterns: [/校正(?:血)?钠/] },
  { id: 29, patterns: [/肺炎严重(?:程度)?指数/] },
  { id: 30, patterns: [/(?:血浆|血清)渗透压/] },
  { id: 31, patterns: [/胰岛素抵抗指数/] },
  { id: 32, patterns: [/Charlson|合并症指数/i] },
  { id: 38, patterns: [/自由水(?:缺失|缺乏)/] },
  { id: 39, patterns: [/阴离子间隙/] },
  { id: 40, patterns: [/钠排泄分数/] },
  { id: 43, patterns: [/序贯器官衰竭/] },
  { id: 60, patterns: [/体表面积/] },
  { id: 61, patterns: [/目标体重/] },
  { id: 62, patterns: [/校正体重/] },
  { id: 65, patterns: [/白蛋白校正(?:的)?阴离子间隙/] },
  { id: 69, patterns: [/孕周|怀孕(?:多少|几)周/] },
]

/** A more specific calculator that, when named, replaces the general ones its name contains. */
const SUPERSEDES: Readonly<Record<number, readonly number[]>> = {
  65: [39],
  66: [63, 65, 39],
  67: [64, 65, 39],
  57: [46],
  62: [10],
}

const CALCULATION_WORDS =
  /\b(?:calculate|calculator|calc|compute|what(?:'s| is| would be| will be)|score|risk|estimate|determine|work out|how (?:much|high|many points)|give me|find)\b|评分|计算|多少分|几分|风险|是多少|为多少|多少|估算/i

/** Words that describe a case: a calculator question usually states one. */
const CASE_DETAILS =
  /\d|\b(?:woman|man|female|male|patient|lady|gentleman|girl|boy|he|she|years? old|yo)\b|岁|男|女|患者/i

/**
 * Questions that ask for a calculator's result without naming it: a risk named together with its
 * setting, when the question describes a case.
 */
const RISK_CONCEPTS: ReadonlyArray<{ id: number; risk: RegExp; setting: RegExp }> = [
  {
    id: 4,
    risk: /\bstroke risk|risk of (?:a )?stroke\b/i,
    setting: /atrial fibrillation|\bAF\b|\bafib\b/i,
  },
  {
    id: 25,
    risk: /\bbleed(?:ing)? risk|risk of (?:major )?bleeding\b/i,
    setting: /anticoagula|warfarin|atrial fibrillation|\bAF\b/i,
  },
]

/**
 * Detects a calculator request. Returns MedCalc-Bench calculator ids named in the question (first
 * the most specific), or an empty list. A name counts when the question asks for a value ("what
 * is", "calculate", "score", "risk"...) or describes a case (a number, "woman", "70 year old"), so
 * "CHA2DS2-VASc for a 70 year old woman with hypertension" is a request and "BMI has known
 * limitations" is not; a risk named with its setting ("stroke risk" with atrial fibrillation) counts
 * when the question describes a case.
 */
export function detectCalculatorIntent(question: string): number[] {
  const asks = CALCULATION_WORDS.test(question)
  const describesCase = CASE_DETAILS.test(question)
  if (!asks && !describesCase) return []
  const found: number[] = []
  for (const { id, patterns } of [...CALCULATOR_ALIASES, ...CALCULATOR_ALIASES_ZH]) {
    if (!found.includes(id) && patterns.some((pattern) => pattern.test(question))) found.push(id)
  }
  const superseded = new Set(found.flatMap((id) => SUPERSEDES[id] ?? []))
  const specific = found.filter((id) => !superseded.has(id))
  found.length = 0
  found.push(...specific)
  if (found.length === 0 && describesCase) {
    for (const { id, risk, setting } of RISK_CONCEPTS) {
      if (risk.test(question) && setting.test(question)) found.push(id)
    }
  }
  return found
}

/** Whether a question describes a case (a number, a sex, an age), as calculator questions do. */
export function describesCase(question: string): boolean {
  return CASE_DETAILS.test(question)
}
