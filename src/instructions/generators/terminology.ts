/**
 * Generators over names: brands and generics, Chinese and English drug names, diagnosis
 * abbreviations, clinical and lay names, ICD-10 chapters, drug classes, list de-duplication and
 * drug-name spelling correction. Gold outputs are the lexicon entries themselves.
 */
import { pinyin } from 'pinyin-pro'
import { memo, type TaskSources } from '../sources.js'
import type { Language } from '../task.js'
import { type Generator, multipleChoice, yesNo } from './generator.js'

/** Brands whose generic has a Chinese name (for zh instances). */
function brandPairs(sources: TaskSources, language: Language): Array<[string, string]> {
  return memo(sources, `brand-pairs/${language}`, () => computeBrandPairs(sources, language))
}

function computeBrandPairs(sources: TaskSources, language: Language): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const [brand, generic] of [...sources.brands].sort()) {
    if (brand.toLowerCase() === generic.toLowerCase()) continue
    if (language === 'zh') {
      const zh = sources.enToZhDrug.get(generic)
      if (zh !== undefined) pairs.push([brand, zh])
    } else pairs.push([brand, generic])
  }
  return pairs
}

function displayBrand(brand: string): string {
  return brand.replace(
    /(^|[\s-])([a-z])/g,
    (_whole, lead: string, letter: string) => `${lead}${letter.toUpperCase()}`,
  )
}

/** Brand name → generic name (English generic, or Chinese generic for zh). */
export const brandToGeneric: Generator = ({ random, language, sources }) => {
  const pairs = brandPairs(sources, language)
  const [brand, generic] = random.pick(pairs)
  let wrong = random.pick(pairs)[1]
  if (wrong === generic) wrong = `${generic}${language === 'zh' ? '缓释片' : ' extended-release'}`
  return { slots: { brand: displayBrand(brand) }, output: generic, wrong }
}

/** Is brand X the same medicine as generic Y? Half true pairs, half shuffled ones. */
export const brandGenericJudgement: Generator = ({ random, language, sources }) => {
  const pairs = brandPairs(sources, language)
  const [brand, generic] = random.pick(pairs)
  const same = random.next() < 0.5
  let shown = generic
  if (!same) {
    while (shown === generic) shown = random.pick(pairs)[1]
  }
  return {
    slots: { brand: displayBrand(brand), generic: shown },
    output: yesNo(same, language),
    wrong: yesNo(!same, language),
  }
}

/** Chinese generic ↔ English generic (en instances ask for the English name, zh the Chinese). */
export const drugTranslation: Generator = ({ random, language, sources }) => {
  const pairs = memo(sources, 'en-zh-drugs', () => [...sources.enToZhDrug].sort())
  const [en, zh] = random.pick(pairs)
  const other = random.pick(pairs)
  const output = language === 'en' ? en : zh
  let wrong = language === 'en' ? other[0] : other[1]
  if (wrong === output) wrong = language === 'en' ? `${en}e` : `${zh}片`
  return { slots: { drug: language === 'en' ? zh : en }, output, wrong }
}

/** Diagnosis abbreviation → full name. */
export const abbreviationExpansion: Generator = ({ random, language, sources }) => {
  const entries = memo(sources, `abbreviations/${language}`, () =>
    [...sources.abbreviations[language]].sort(),
  )
  const [abbreviation, expansion] = random.pick(entries)
  let wrong = random.pick(entries)[1]
  if (wrong === expansion) wrong = language === 'zh' ? `慢性${expansion}` : `chronic ${expansion}`
  const shown = /^[a-z0-9 .-]+$/.test(abbreviation) ? abbreviation.toUpperCase() : abbreviation
  return { slots: { abbreviation: shown }, output: expansion, wrong }
}

function layEntries(sources: TaskSources, language: Language) {
  return sources.conditions.flatMap((entry) => {
    const lay = language === 'zh' ? entry.lay_zh : entry.lay_en
    const clinical = language === 'zh' ? entry.zh : entry.en
    return lay === null ? [] : [{ lay, clinical }]
  })
}

/** Clinical name → lay name (params.direction = 'to-lay'), or lay → clinical ('to-clinical'). */
export const layClinical: Generator = ({ random, language, sources, params }) => {
  const entries = layEntries(sources, language)
  const entry = random.pick(entries)
  const toLay = params.direction !== 'to-clinical'
  let other = random.pick(entries)
  while (other === entry) other = random.pick(entries)
  return {
    slots: { term: toLay ? entry.clinical : entry.lay },
    output: toLay ? entry.lay : entry.clinical,
    wrong: toLay ? other.lay : other.clinical,
  }
}

/** Which ICD-10 chapter a condition belongs to (multiple choice over chapter titles). */
export const conditionChapter: Generator = ({ random, language, sources }) => {
  const entries = sources.conditions.filter((entry) => entry.chapter !== null)
  const entry = random.pick(entries)
  const chapters = Object.keys(sources.chapters).sort()
  const answer = entry.chapter as string
  const distractors = random.sample(
    chapters.filter((chapter) => chapter !== answer),
    3,
  )
  const title = (chapter: string) => sources.chapters[chapter]?.[language] ?? chapter
  const choice = multipleChoice(random, title(answer), distractors.map(title))
  return {
    slots: { condition: language === 'zh' ? entry.zh : entry.en, options: choice.options },
    output: choice.output,
    wrong: choice.wrong,
  }
}

/** Is X a kind of Y? Conditions under ICD-10 chapters and drugs under their classes. */
export const hypernymJudgement: Generator = ({ random, language, sources }) => {
  const truth = random.next() < 0.5
  if (random.next() < 0.5) {
    const entries = sources.conditions.filter((entry) => entry.chapter !== null)
    const entry = random.pick(entries)
    let chapter = entry.chapter as string
    if (!truth) {
      const others = Object.keys(sources.chapters)
        .sort()
        .filter((name) => name !== chapter)
      chapter = random.pick(others)
    }
    return {
      slots: {
        term: language === 'zh' ? entry.zh : entry.en,
        category: sources.chapters[chapter]?.[language] ?? chapter,
      },
      output: yesNo(truth, language),
      wrong: yesNo(!truth, language),
    }
  }
  const drug = random.pick(sources.drugClasses)
  let category = language === 'zh' ? drug.class_zh : drug.class_en
  if (!truth) {
    const classes = [
      ...new Set(
        sources.drugClasses.map((entry) => (language === 'zh' ? entry.class_zh : entry.class_en)),
      ),
    ].filter((name) => name !== category)
    category = random.pick(classes)
  }
  return {
    slots: { term: language === 'zh' ? drug.zh : drug.en, category },
    output: yesNo(truth, language),
    wrong: yesNo(!truth, language),
  }
}

/** The class of a drug. */
export const drugClass: Generator = ({ random, language, sources }) => {
  const drug = random.pick(sources.drugClasses)
  const output = language === 'zh' ? drug.class_zh : drug.class_en
  let wrong = output
  while (wrong === output) {
    const other = random.pick(sources.drugClasses)
    wrong = language === 'zh' ? other.class_zh : other.class_en
  }
  return { slots: { drug: language === 'zh' ? drug.zh : drug.en }, output, wrong }
}

/**
 * An enumerated list naming some conditions more than once (clinical name, lay name) → the
 * distinct conditions by clinical name, as a JSON array.
 */
export const listDeduplication: Generator = ({ random, language, sources }) => {
  const entries = sources.conditions.filter(
    (entry) => (language === 'zh' ? entry.lay_zh : entry.lay_en) !== null,
  )
  const chosen = random.sample(entries, 3 + random.below(3))
  const items: string[] = []
  for (const [position, entry] of chosen.entries()) {
    const clinical = language === 'zh' ? entry.zh : entry.en
    const lay = (language === 'zh' ? entry.lay_zh : entry.lay_en) as string
    items.push(clinical)
    if (position < 2 || random.next() < 0.5) items.push(lay)
  }
  const list = random.shuffle(items)
  const gold = chosen.map((entry) => (language === 'zh' ? entry.zh : entry.en))
  const ordered = list.filter((item) => gold.includes(item))
  return {
    slots: { list: list.map((item, position) => `${position + 1}. ${item}`).join('\n') },
    output: JSON.stringify(ordered),
    wrong: JSON.stringify(ordered.slice(1)),
  }
}

const EN_VOWELS = 'aeiou'

function misspellEnglish(name: string, pick: (size: number) => number): string {
  const letters = [...name]
  const kind = pick(4)
  const at = 1 + pick(Math.max(1, letters.length - 2))
  if (kind === 0 && at + 1 < letters.length) {
    const held = letters[at] as string
    letters[at] = letters[at + 1] as string
    letters[at + 1] = held
  } else if (kind === 1) letters.splice(at, 1)
  else if (kind === 2) letters.splice(at, 0, letters[at] as string)
  else {
    const position = letters.findIndex((letter, index) => index >= at && EN_VOWELS.includes(letter))
    const target = position < 0 ? at : position
    const current = letters[target] as string
    letters[target] = EN_VOWELS[(EN_VOWELS.indexOf(current) + 1 + pick(4)) % 5] ?? 'a'
  }
  return letters.join('')
}

let homophoneCache: Map<string, string[]> | undefined

/** Characters of the Chinese drug names grouped by toneless pinyin (same-sound typos). */
function homophones(sources: TaskSources): Map<string, string[]> {
  if (homophoneCache !== undefined) return homophoneCache
  const bySound = new Map<string, Set<string>>()
  for (const name of [...sources.zhDrugs.keys()].sort()) {
    for (const character of name) {
      if (!/\p{Script=Han}/u.test(character)) continue
      const sound = pinyin(character, { toneType: 'none' })
      const group = bySound.get(sound) ?? new Set<string>()
      group.add(character)
      bySound.set(sound, group)
    }
  }
  const result = new Map<string, string[]>()
  for (const group of bySound.values()) {
    const members = [...group].sort()
    if (members.length < 2) continue
    for (const member of members)
      result.set(
        member,
        members.filter((other) => other !== member),
      )
  }
  homophoneCache = result
  return result
}

/**
 * A misspelt drug name → the correct generic. English: a swapped, dropped, doubled or changed
 * letter; Chinese: one character replaced by a same-sound character from other drug names.
 */
export const spellingCorrection: Generator = ({ random, language, sources }) => {
  if (language === 'en') {
    const known = memo(sources, 'generic-set', () => new Set(sources.generics))
    const name = random.pick(
      memo(sources, 'long-generics', () =>
        sources.generics.filter((generic) => generic.length >= 6),
      ),
    )
    let misspelt = misspellEnglish(name, random.below)
    for (
      let attempt = 0;
      (misspelt === name || known.has(misspelt)) && attempt < 10;
      attempt += 1
    ) {
      misspelt = misspellEnglish(name, random.below)
    }
    if (misspelt === name) misspelt = `${name.slice(0, -1)}${name.endsWith('e') ? 'a' : 'e'}`
    return { slots: { misspelt }, output: name, wrong: misspelt }
  }
  const sounds = homophones(sources)
  const names = memo(sources, 'zh-drugs-with-homophones', () =>
    [...sources.zhDrugs.keys()]
      .sort()
      .filter((name) => [...name].some((character) => sounds.has(character))),
  )
  const known = memo(sources, 'zh-drug-set', () => new Set(sources.zhDrugs.keys()))
  const name = random.pick(names)
  const characters = [...name]
  const positions = characters.flatMap((character, position) =>
    sounds.has(character) ? [position] : [],
  )
  let misspelt = name
  for (let attempt = 0; (misspelt === name || known.has(misspelt)) && attempt < 10; attempt += 1) {
    const position = random.pick(positions)
    const copy = [...characters]
    copy[position] = random.pick(sounds.get(characters[position] as string) as string[])
    misspelt = copy.join('')
  }
  return { slots: { misspelt }, output: name, wrong: misspelt === name ? `${name}片` : misspelt }
}
