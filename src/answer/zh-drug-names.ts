/**
 * Chinese drug-name correction. Chinese misspellings typed with a pinyin input method are mostly
 * one wrong character of the same or a similar sound (二甲双瓜 for 二甲双胍, 氨录地平 for 氨氯地平,
 * 华法令 for 华法林), so a stretch of Han characters that differs from exactly one known name by one
 * character of a similar sound, at the same length, is corrected. The sound test matters: Chinese
 * drug names share stems (…沙坦, …地平, …霉素), and a one-character difference of another sound is
 * usually another real drug (利血平 is not a misspelling of 利福平; 克林霉素 is not 克拉霉素). Known
 * names found in the text are left alone and never overlapped.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { InputError, safeParseJson } from '../errors.js'

/** Chinese generic name → English generic name. */
export type ChineseDrugNames = ReadonlyMap<string, string>

/**
 * Loads `data/lexicons/zh-drugs.json` (`{ "entries": { "二甲双胍": "metformin", ... } }`).
 *
 * @throws InputError when the file is not of that shape
 */
export function loadChineseDrugNames(path: string): ChineseDrugNames {
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok) throw parsed.error
  const entries = (parsed.value as { entries?: unknown }).entries
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new InputError(`answer: "${path}" has no "entries" object of Chinese → English names`, {
      field: 'entries',
      value: typeof entries,
    })
  }
  return new Map(
    Object.entries(entries).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )
}

const HAN_RUN = /\p{Script=Han}+/gu
const ALL_HAN = /^\p{Script=Han}+$/u
const require = createRequire(import.meta.url)

type PinyinFunction = (
  text: string,
  options: { toneType: 'none'; type: 'array'; multiple: boolean },
) => string[]
let pinyinOf: PinyinFunction | undefined

/**
 * A syllable as pinyin input methods commonly confuse it ("fuzzy pinyin"): ü as u, zh/ch/sh as
 * z/c/s, n as l at the start, and -ng finals as -n.
 */
function fuzzySyllable(syllable: string): string {
  return syllable
    .replaceAll('ü', 'u')
    .replaceAll('v', 'u')
    .replace(/^([zcs])h/, '$1')
    .replace(/^n/, 'l')
    .replace(/ng$/, 'n')
}

/** Whether two characters can be read alike (any of their readings, fuzzy pinyin). */
export function soundsAlike(left: string, right: string): boolean {
  pinyinOf ??= (require('pinyin-pro') as { pinyin: PinyinFunction }).pinyin
  const options = { toneType: 'none', type: 'array', multiple: true } as const
  const readings = new Set(pinyinOf(left, options).map(fuzzySyllable))
  return pinyinOf(right, options).some((reading) => readings.has(fuzzySyllable(reading)))
}

/** Names shorter than this are not corrected (two-character names collide with ordinary words). */
const MINIMUM_LENGTH = 3

/** Whether two strings of one length differ in exactly one character, of a similar sound. */
function differsByOneSound(left: string, right: string): boolean {
  let position = -1
  for (let index = 0; index < left.length; index += 1) {
    if (left[index] !== right[index]) {
      if (position >= 0) return false
      position = index
    }
  }
  return position >= 0 && soundsAlike(left[position] as string, right[position] as string)
}

/**
 * Corrects misspelled Chinese drug names: a substring of a Han run that is one similar-sounding
 * character away from exactly one known name of its length (three Han characters or more), and
 * overlaps no known name written correctly, is replaced by that name. The larger the lexicon, the
 * safer: a real drug missing from it can be taken for a misspelling of a listed one.
 */
export function correctChineseDrugNames(
  text: string,
  names: ChineseDrugNames,
): { text: string; corrections: Array<{ from: string; to: string; distance: number }> } {
  const corrections: Array<{ from: string; to: string; distance: number }> = []
  const byLength = new Map<number, string[]>()
  for (const name of names.keys()) {
    if (name.length < MINIMUM_LENGTH || !ALL_HAN.test(name)) continue
    const list = byLength.get(name.length) ?? []
    list.push(name)
    byLength.set(name.length, list)
  }
  const lengths = [...byLength.keys()].sort((left, right) => right - left)
  const corrected = text.replace(HAN_RUN, (run) => {
    // Characters covered by a correctly written name are never part of a correction.
    const covered = new Array<boolean>(run.length).fill(false)
    for (const name of names.keys()) {
      for (let start = run.indexOf(name); start >= 0; start = run.indexOf(name, start + 1)) {
        for (let index = start; index < start + name.length; index += 1) covered[index] = true
      }
    }
    let output = ''
    let position = 0
    while (position < run.length) {
      let replaced = false
      for (const length of lengths) {
        if (position + length > run.length) continue
        if (covered.slice(position, position + length).some(Boolean)) continue
        const piece = run.slice(position, position + length)
        const matches = (byLength.get(length) ?? []).filter((name) =>
          differsByOneSound(piece, name),
        )
        if (matches.length !== 1) continue
        const name = matches[0] as string
        corrections.push({ from: piece, to: name, distance: 1 })
        output += name
        position += length
        replaced = true
        break
      }
      if (!replaced) {
        output += run[position]
        position += 1
      }
    }
    return output
  })
  return { text: corrected, corrections }
}
