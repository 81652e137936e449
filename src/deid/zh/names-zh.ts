/**
 * Person names in Chinese text. A name has the shape of a surname (`surnames.ts`, single or
 * compound) and one or two given-name characters, and it counts as a name only beside a
 * person-like context, in any position:
 *
 * - before it: a relation or role (患者张伟, 其子王磊, 之妻, 孙子, 同学秦悦, 邻居, 随访人：莫小雨,
 *   主管医师邓丽君), or any form label that ends in a person word and a colon (签字人：, 一助：);
 * - after it: a title (李秀英主任医师, 王涛护师, 程振华教授), a role or kin word in brackets
 *   (上官磊（父亲）), or the sex of a demographic line (龚明辉，男，41岁);
 * - then every other mention of a name found.
 *
 * jieba's part-of-speech tags tell a name from a word that starts with a surname character (高鹏
 * from 高热, 查房 from 查某), and `clinical-zh.ts` lists clinical words that are never names.
 */
import { createRequire } from 'node:module'
import type { PhiSpan } from '../types.js'
import { CLINICAL_WORDS } from './clinical-zh.js'
import {
  FUNCTION_SURNAMES,
  KIN_CHARACTERS,
  KINSHIP_TERMS,
  PROFESSIONAL_TITLES,
  RELATION_CUES,
  ROLE_CUES,
  ROLE_PREFIXES,
  SOCIAL_ROLES,
  STOP,
  TITLES,
} from './cues.js'
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js'

const require = createRequire(import.meta.url)

interface TaggedWord {
  word: string
  tag: string
}

let tagger: ((text: string) => TaggedWord[]) | undefined

/** jieba's tagger with its own default dictionary (loaded on the first Chinese text). */
function tag(text: string): TaggedWord[] {
  if (tagger === undefined) {
    const { Jieba } = require('@node-rs/jieba') as {
      Jieba: {
        withDict(dict: Uint8Array): { tag(text: string, hmm?: boolean): TaggedWord[] }
      }
    }
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array }
    const jieba = Jieba.withDict(dict)
    tagger = (value) => jieba.tag(value, false)
  }
  return tagger(text)
}

let frequencies: Map<string, number> | undefined

/**
 * How often jieba's dictionary saw a word of two to four characters (0 when it does not hold it):
 * 权利 (7829) is a word, 文波 (2) is more likely a name.
 */
function frequency(word: string): number {
  if (frequencies === undefined) {
    frequencies = new Map()
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array }
    for (const line of new TextDecoder().decode(dict).split('\n')) {
      const [entry, count] = line.split(' ')
      if (entry === undefined || entry.length < 2 || entry.length > 4) continue
      frequencies.set(entry, Number(count) || 0)
    }
  }
  return frequencies.get(word) ?? 0
}

/**
 * Above this dictionary frequency a word is a common word, not a name (权利 7829, 宣言 1817; names
 * such as 文华 1074 or 金华 224 stay below). After a surname that is also a function word (和, 常,
 * 安) the bar is lower: 和顾客 and 常有 are the sentence.
 */
const COMMON_WORD = 1500
const COMMON_AFTER_FUNCTION_SURNAME = 100

/** Whether a word that starts with a surname may be read as a name (see {@link frequency}). */
function mayBeName(word: TaggedWord, labelled: boolean | 'title' = false): boolean {
  // A compound surname and its given name seldom make a common word (诸葛亮 is a name).
  if (surnameLength(word.word, 0) > 1 && PROPER_NOUN_TAGS.has(word.tag)) return true
  if (!PROPER_NOUN_TAGS.has(word.tag) && !NOUN_LIKE_TAGS.has(word.tag)) return false
  if (labelled === true || (labelled === 'title' && PROPER_NOUN_TAGS.has(word.tag))) return true
  const limit = FUNCTION_SURNAMES.has(word.word[0] ?? '')
    ? COMMON_AFTER_FUNCTION_SURNAME
    : COMMON_WORD
  return frequency(word.word) < limit
}

const HAN = /\p{Script=Han}/u
const SURNAMES = new Set(SINGLE_SURNAMES)

const PROPER_NOUN_TAGS = new Set(['nr', 'nrfg', 'nrt', 'ns'])
/** Tags of nouns, adjectives and status words, which a surname and given name may read as (文波/n, 单红/b). */
const NOUN_LIKE_TAGS = new Set(['n', 'nz', 'b', 'a', 'ng', 'ag', 'z'])
/** Tags of words that are never a given name (verbs, adverbs, function words, numbers, time). */
const NOT_GIVEN_NAME = new Set(['v', 'vn', 'vd', 'd', 'p', 'c', 'u', 'm', 'q', 'f', 't', 'x', 'r'])

/** The length of the surname that starts at `start` (2 for 欧阳, 1 for 王), or 0. */
function surnameLength(text: string, start: number): number {
  const compound = COMPOUND_SURNAMES.find((surname) => text.startsWith(surname, start))
  if (compound !== undefined) return compound.length
  return SURNAMES.has(text[start] ?? '') ? 1 : 0
}

function isClinicalWord(text: string, start: number): boolean {
  return CLINICAL_WORDS.some((word) => text.startsWith(word, start))
}

/**
 * The end of a name that starts at `start` (a surname, then one or two given-name characters), or
 * -1. The surname must stand alone in jieba's segmentation or begin a person name (`nr`); 高血压
 * and 查房 are words, not names.
 */
function nameEnd(text: string, start: number, labelled: boolean | 'title' = false): number {
  const surname = surnameLength(text, start)
  if (surname === 0 || isClinicalWord(text, start)) return -1
  const compound = surname > 1
  const words = tag(text.slice(start, start + 8))
  const first = words[0]
  if (first === undefined) return -1
  if (first.word.length > surname) {
    // The surname begins a longer word: only a proper noun counts, a person name or what jieba
    // takes for a place (甘国强 reads as the place 甘国 + 强; 诸葛亮 in 诸葛亮平 may go on).
    // A noun or an adjective after a cue may be a name too (文波, 单红); a verb or a function word
    // never is (查房, 谈话).
    // After a label and its colon (监护人：安然) a person is expected: no word is too common; before
    // a title, no proper noun (向海主任, but not 全部医师).
    const nameLike = mayBeName(first, labelled)
    // A verb read into surname and given name, then a character jieba takes for a name (申明 + 慧).
    const second = words[1]
    if (
      !nameLike &&
      first.word.length === surname + 1 &&
      second?.word.length === 1 &&
      PROPER_NOUN_TAGS.has(second.tag)
    )
      return start + surname + 2
    if (!nameLike || first.word.length > surname + 2) return -1
    let end = start + first.word.length
    const next = text[end]
    // One more given-name character when it stands alone (甘国 + 强, 诸葛亮 + 平).
    const alone = compound || (words[1]?.word.length ?? 0) === 1
    if (
      alone &&
      end - start < surname + 2 &&
      next !== undefined &&
      HAN.test(next) &&
      !STOP.has(next)
    )
      end += 1
    return end
  }
  // Given name: up to two Han characters after the surname. When jieba splits a compound surname
  // (赫 + 连华), the words after the surname are read afresh.
  const split = first.word.length < surname
  const givenWords = split ? tag(text.slice(start + surname, start + surname + 6)) : words
  let end = start + surname
  let index = split ? 0 : 1
  while (end - start < surname + 2) {
    const word = givenWords[index]
    const character = text[end]
    if (word === undefined || character === undefined || !HAN.test(character)) break
    if (STOP.has(character)) break
    if (word.word.length > 1) {
      // A two-character given name (婷婷) is one word; a longer word (沟通, 在场) starts the sentence.
      // Doubled characters (明明, 婷婷) are a given name whatever jieba calls them.
      const doubled = word.word[0] === word.word[1]
      if (
        end === start + surname &&
        word.word.length === 2 &&
        (doubled || !NOT_GIVEN_NAME.has(word.tag)) &&
        // after a surname that is also a function word, a common word is the sentence (和顾客)
        !(
          FUNCTION_SURNAMES.has(text[start] ?? '') &&
          frequency(word.word) >= COMMON_AFTER_FUNCTION_SURNAME
        )
      )
        end += 2
      // A time word that runs past the name (东来 in 陶东来院): its first character ends the name.
      else if (word.word.length === 2 && word.tag === 't' && !STOP.has(character)) end += 1
      break
    }
    end += 1
    index += 1
  }
  return end > start + surname ? end : -1
}

/**
 * Whether `text[start, end)` has a name's shape on its own: a surname, one or two Han given-name
 * characters that do not end a name, and no clinical word at its start.
 */
function isNameShape(text: string, start: number, end: number, labelled = false): boolean {
  const surname = surnameLength(text, start)
  const given = end - start - surname
  if (surname === 0 || given < 1 || given > 2 || isClinicalWord(text, start)) return false
  for (let index = start + surname; index < end; index += 1) {
    const character = text[index] ?? ''
    if (!HAN.test(character) || STOP.has(character)) return false
  }
  // A word jieba knows, that starts with the surname and is not a name (麻醉, 谈话), is not one;
  // a given name may be a word (建新, 国庆).
  const [first, second] = tag(text.slice(start, end))
  if (first === undefined || first.word.length <= surname) return true
  if (mayBeName(first, labelled)) return true
  return end - start === surname + 2 && second !== undefined && PROPER_NOUN_TAGS.has(second.tag)
}

/**
 * Whether `text[start, end)` is made of a surname and one or two Han given-name characters, none
 * of which ends a name, and does not start with a clinical word: the shape without jieba's view.
 */
function hasNameCharacters(text: string, start: number, end: number): boolean {
  const surname = surnameLength(text, start)
  const given = end - start - surname
  if (surname === 0 || given < 1 || given > 2 || isClinicalWord(text, start)) return false
  for (let index = start + surname; index < end; index += 1) {
    const character = text[index] ?? ''
    if (!HAN.test(character) || STOP.has(character)) return false
  }
  return true
}

/**
 * After a kinship or social cue (同学, 同事, 其父) a person is expected: a surname that jieba reads
 * into a common proper noun or noun with the first given character (王国 in 同学王国伟), followed
 * by one more given character that is not a verb or a function word, is a three-character name.
 * Returns its end, or -1.
 */
function nameAfterPersonCue(text: string, start: number): number {
  if (surnameLength(text, start) !== 1 || !hasNameCharacters(text, start, start + 3)) return -1
  const [first, second] = tag(text.slice(start, start + 8))
  if (first === undefined || second === undefined || first.word.length !== 2) return -1
  if (!PROPER_NOUN_TAGS.has(first.tag) && first.tag !== 'n') return -1
  if (second.word.length !== 1 || NOT_GIVEN_NAME.has(second.tag)) return -1
  return start + 3
}

/** Whether a cue word ends right before `position`. */
function cueEndsAt(text: string, position: number): boolean {
  return BEFORE_CUES.some(({ cue }) => text.startsWith(cue, position - cue.length))
}

function findAll(text: string, needle: string): number[] {
  const positions: number[] = []
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1))
    positions.push(index)
  return positions
}

interface Cue {
  cue: string
  /** Whether surname characters that are also function words may follow without a colon. */
  strict: boolean
}

const KIN_AFTER = ['其', '之'].flatMap((head) => [...KIN_CHARACTERS].map((kin) => `${head}${kin}`))

/** Every word after which a name may stand, longest first. */
const BEFORE_CUES: readonly Cue[] = [
  ...[...RELATION_CUES, ...KIN_AFTER, ...KINSHIP_TERMS, ...SOCIAL_ROLES].map((cue) => ({
    cue,
    strict: false,
  })),
  ...[...ROLE_CUES, ...PROFESSIONAL_TITLES].map((cue) => ({ cue, strict: true })),
]
  .filter((entry, index, all) => all.findIndex((other) => other.cue === entry.cue) === index)
  .sort((left, right) => right.cue.length - left.cue.length)

/** Every word that may follow a name, longest first. */
const AFTER_CUES: readonly string[] = [...new Set([...TITLES, ...PROFESSIONAL_TITLES])].sort(
  (left, right) => right.length - left.length,
)

/** Person words a bracket after a name may hold (上官磊（父亲）, 冉晓雯（心内科护士）). */
const BRACKET_PERSON = new RegExp(
  `^[（(][^）)]{0,8}?(?:${[...KINSHIP_TERMS, ...SOCIAL_ROLES, ...PROFESSIONAL_TITLES, '患者', '家属', '本人', ...[...KIN_CHARACTERS].map((kin) => `之${kin}`)].join('|')})`,
  'u',
)

/** A form label that ends in a person word and a colon: 签字人：, 审核者：, 一助：. */
const PERSON_LABEL =
  /(?:人|者|医师|医生|护士|护师|技师|药师|师|一助|二助|助手|签名|术者)[：:][ \t　]*/gu

/** A labelled value of two to four Han characters that ends the field (签字人：李建博。). */
const LABELLED_VALUE = /^(\p{Script=Han}{2,4})(?=[\s，,。；;、（(：:]|$)/u

/** A demographic line: the name, then the sex (龚明辉，男，41岁; 单丽萍　女　46岁). */
const SEX_AFTER = /^[，,、 \t　]+[男女](?=[，,、。；;（( \t　\n]|$)/u

/**
 * Finds person names in Chinese text (see the module comment for the contexts). Names written with
 * 某 (王某某) are already anonymised and left alone. Spans may overlap.
 */
export function detectChineseNames(text: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  const add = (start: number, end: number, source: string, confidence = 0.85): void => {
    if (text.slice(start, end).includes('某')) return
    spans.push({ start, end, type: 'NAME', confidence, source })
  }
  // Names after a cue.
  const claimed = new Set<number>()
  for (const { cue, strict } of BEFORE_CUES) {
    for (const position of findAll(text, cue)) {
      if (claimed.has(position)) continue
      let start = position + cue.length
      const colon = /^[：:][ \t　]*/u.exec(text.slice(start))
      if (colon !== null) start += colon[0].length
      else if (/^\s/u.test(text.slice(start))) continue
      if (strict && colon === null && FUNCTION_SURNAMES.has(text[start] ?? '')) continue
      let end = nameEnd(text, start, colon !== null)
      if (end <= start && !strict && colon === null) end = nameAfterPersonCue(text, start)
      if (end <= start) continue
      // Only a cue that found a name hides the shorter cues inside it (患者 in 患者之子).
      for (let index = position; index < position + cue.length; index += 1) claimed.add(index)
      add(start, end, `zh-cue:${cue}`)
    }
  }
  for (const match of text.matchAll(PERSON_LABEL)) {
    const start = (match.index ?? 0) + match[0].length
    let end = nameEnd(text, start, true)
    // A labelled field that holds nothing but a name-shaped run (签字人：李建博。) is that name,
    // whatever jieba makes of the given characters (建博 as a verb).
    if (end <= start) {
      const run = LABELLED_VALUE.exec(text.slice(start))?.[1] ?? ''
      if (run !== '' && hasNameCharacters(text, start, start + run.length)) end = start + run.length
    }
    if (end > start) add(start, end, 'zh-label-person')
  }
  // Names before a title or a bracketed role: the longest candidate that ends right there.
  const before = (position: number, source: string): void => {
    for (const length of [4, 3, 2]) {
      const start = position - length
      if (start < 0) continue
      if (ROLE_PREFIXES.has(text.slice(start, position))) continue
      if (nameEnd(text, start, 'title') === position) {
        add(start, position, source)
        return
      }
    }
    // jieba may join the given characters into a verb (王 + 建博) or the last one to the title; the
    // shape alone then decides: a surname and two given characters, or a shorter name from a
    // boundary (a non-Han character or a cue) to the title.
    for (const length of [3, 2, 4]) {
      const start = position - length
      if (start < 0 || !isNameShape(text, start, position)) continue
      if (ROLE_PREFIXES.has(text.slice(start, position))) continue
      const previous = text[start - 1] ?? ''
      const twoGiven = length - surnameLength(text, start) === 2
      if (twoGiven || start === 0 || !HAN.test(previous) || cueEndsAt(text, start)) {
        add(start, position, source, 0.75)
        return
      }
    }
  }
  for (const title of AFTER_CUES)
    for (const position of findAll(text, title)) before(position, `zh-title:${title}`)
  for (const match of text.matchAll(/[（(]/gu)) {
    const position = match.index ?? 0
    if (BRACKET_PERSON.test(text.slice(position))) before(position, 'zh-bracket')
  }
  // A demographic line: a name alone or after a cue, then the sex (郝建新，男，63岁).
  for (const match of text.matchAll(/\p{Script=Han}+(?!\p{Script=Han})/gu)) {
    const runStart = match.index ?? 0
    const end = runStart + match[0].length
    if (!SEX_AFTER.test(text.slice(end))) continue
    for (const length of [3, 2, 4]) {
      const start = end - length
      if (start < runStart || !(start === runStart || cueEndsAt(text, start))) continue
      // Anchored before and followed by the sex, a surname and one or two given characters are a
      // name even when jieba reads them as an ordinary word (蔚然, 安静, 凌晨).
      if (isNameShape(text, start, end, true) || hasNameCharacters(text, start, end)) {
        add(start, end, 'zh-demographic', 0.8)
        break
      }
    }
  }
  // A form field (姓名：余国庆) holds a name whatever jieba makes of it (国庆 is also a holiday).
  for (const match of text.matchAll(/姓名[：:]\s*(\p{Script=Han}{2,5})(?=[\s，,。；;（(]|$)/gu)) {
    const value = match[1] ?? ''
    const start = (match.index ?? 0) + match[0].length - value.length
    if (surnameLength(value, 0) > 0) add(start, start + value.length, 'zh-form')
  }
  // Every other mention of a name found.
  const names = new Set(spans.map((span) => text.slice(span.start, span.end)))
  for (const name of names) {
    if (name.length < 2) continue
    for (const position of findAll(text, name))
      add(position, position + name.length, 'zh-spread', 0.7)
  }
  return spans
}
