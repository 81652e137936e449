/**
 * Facilities: "<Name> Hospital", saints ("St. Agnes"), well-known facility names, hospitals
 * named before a unit ("Calvert ER"), hospital abbreviations ("GH") and universities.
 */
import { misspeltHere, STATES, STOP_WORDS } from './context.js'
import type { DeidDictionaries } from './dictionaries.js'
import {
  EMERGENCY_UNITS,
  FACILITY_NAMES_BY_FIRST,
  FACILITY_SUFFIXES,
  looksProper,
  matchPhrase,
  NAMING_SUFFIXES,
  PLACE_CUES,
  type PlaceRun,
  placeWord,
  UNIT_WORDS,
} from './place-words.js'
import { type CaseStyle, isNearWord, type Token } from './tokens.js'

/** Finds facilities in a tokenized text. */
export function detectFacilities(
  tokens: readonly Token[],
  style: CaseStyle,
  dictionaries: DeidDictionaries,
): PlaceRun[] {
  const runs: PlaceRun[] = []
  const count = tokens.length
  for (let index = 0; index < count; index += 1) {
    const token = tokens[index]
    // words, and "@" as in "a bed @ Niswalmar"
    if (token === undefined || (token.kind !== 'word' && token.text !== '@')) continue
    const base = token.base

    // "<Name> Hospital", "Baltimore Rehab", "Sacred Heart Memorial", "KEELEY HOUSE"
    if (FACILITY_SUFFIXES.has(base) && index > 0) {
      let cursor = index - 1
      let first = -1
      let words = 0
      let distinctive = false
      while (cursor >= 0 && words < 3) {
        const candidate = tokens[cursor]
        if (candidate === undefined || candidate.kind !== 'word') {
          if (candidate?.text === '-' || candidate?.text === "'") {
            cursor -= 1
            continue
          }
          break
        }
        // "medical center", "health center", "nursing home": step over the generic word
        if (
          words === 0 &&
          cursor === index - 1 &&
          ['medical', 'med', 'health', 'nursing', 'rehabilitation'].includes(candidate.base)
        ) {
          cursor -= 1
          continue
        }
        if (FACILITY_SUFFIXES.has(candidate.base) && !NAMING_SUFFIXES.has(candidate.base)) break
        if (!NAMING_SUFFIXES.has(candidate.base) && !placeWord(candidate)) break
        if (!looksProper(candidate, style)) break
        const named =
          candidate.firstNameRank > 0 ||
          candidate.surnameRank > 0 ||
          dictionaries.cities.has(candidate.base)
        if (
          style === 'mixed'
            ? candidate.capitalized && (!candidate.english || named)
            : !candidate.english &&
              (named || (candidate.text.length >= 4 && !isNearWord(candidate)))
        )
          distinctive = true
        first = cursor
        words += 1
        if (candidate.lineStart) break
        cursor -= 1
      }
      const weakSuffix =
        base === 'house' ||
        base === 'health' ||
        base === 'college' ||
        base === 'university' ||
        base === 'general' ||
        base === 'medical' ||
        base === 'center' ||
        base === 'manor'
      const cued =
        first > 0 &&
        (PLACE_CUES.has(tokens[first - 1]?.base ?? '') || tokens[first - 1]?.base === 'the')
      if (first >= 0 && (distinctive || (!weakSuffix && cued))) {
        const last = index
        runs.push({
          first,
          last: Math.max(first, last),
          confidence: 0.85,
          source: 'place-facility',
          type: 'HOSPITAL',
        })
      }
    }

    // "St. Mary's", "ST. AGNES", "St A." (not "5 St." of an address)
    if (
      (base === 'st' || base === 'saint' || base === 'ste') &&
      tokens[index - 1]?.kind !== 'number'
    ) {
      let next = index + 1
      if (tokens[next]?.text === '.') next += 1
      const following = tokens[next]
      const initial =
        following?.text.length === 1 && following.capitalized && tokens[next + 1]?.text === '.'
      // a saint's name, not "ST changes", "ST HR", "sr to st w/": sinus tachycardia and ST segments
      const saintName =
        following !== undefined &&
        following.text.length > 1 &&
        !following.clinical &&
        !misspeltHere(tokens, next, style) &&
        !STOP_WORDS.has(following.base) &&
        (following.firstNameRank > 0 || !following.english)
      if (
        following !== undefined &&
        following.kind === 'word' &&
        !following.lineStart &&
        looksProper(following, style) &&
        (initial || saintName)
      ) {
        runs.push({
          first: index,
          last: next,
          confidence: 0.8,
          source: 'place-saint',
          type: 'HOSPITAL',
        })
      }
    }

    // Well-known facility names: "Holy Cross", "Sinai", "Good Samaritan"
    for (const phrase of FACILITY_NAMES_BY_FIRST.get(base) ?? []) {
      const last = matchPhrase(tokens, index, phrase)
      if (last < 0) continue
      if (
        phrase.length === 1 &&
        !looksProper(token, style) &&
        !PLACE_CUES.has(tokens[index - 1]?.base ?? '')
      )
        continue
      if (
        token.english &&
        phrase.length === 1 &&
        !(style === 'mixed' ? token.capitalized : PLACE_CUES.has(tokens[index - 1]?.base ?? ''))
      )
        continue
      // "Sacred Heart Memorial", "Good Samaritan Hospital": the suffix belongs to the name
      let end = last
      const suffix = tokens[end + 1]
      if (
        suffix !== undefined &&
        !suffix.lineStart &&
        (NAMING_SUFFIXES.has(suffix.base) || FACILITY_SUFFIXES.has(suffix.base))
      )
        end += 1
      runs.push({
        first: index,
        last: end,
        confidence: 0.8,
        source: 'place-facility-name',
        type: 'HOSPITAL',
      })
      break
    }

    // A hospital named before its unit: "Dunbri EW", "kernan ew", "Calvert ER", "X cath lab"
    const unit = tokens[index + 1]
    if (
      unit !== undefined &&
      !unit.lineStart &&
      token.kind === 'word' &&
      (EMERGENCY_UNITS.has(unit.base) ||
        (unit.base === 'cath' && tokens[index + 2]?.base === 'lab')) &&
      placeWord(token) &&
      token.text.length >= 3 &&
      !token.english &&
      !STATES.has(token.base) &&
      (style === 'mixed'
        ? token.capitalized && (!token.allCaps || unit.allCaps)
        : !isNearWord(token))
    ) {
      runs.push({
        first: index,
        last: index,
        confidence: 0.7,
        source: 'place-unit',
        type: 'HOSPITAL',
      })
    }

    // Hospital abbreviations: "GH", "MGH", "GBMC", "UMMC" (upper case, ending in H or MC), and
    // in any case after "to", "at", "from"
    const abbreviationCued = PLACE_CUES.has(tokens[index - 1]?.base ?? '')
    const lastLetter = base.charCodeAt(base.length - 1)
    if (
      (token.allCaps || abbreviationCued) &&
      base.length <= 5 &&
      (lastLetter === 104 || lastLetter === 99) &&
      /^(?:[B-DF-HJ-NP-TV-Z]{1,3}H|[A-Z]{1,3}MC)$/i.test(token.text) &&
      !token.english &&
      !token.clinical &&
      !UNIT_WORDS.has(base) &&
      !['nh', 'osh', 'ph', 'ch', 'hh', 'bh', 'ah', 'oh', 'uh', 'eh', 'sh'].includes(base)
    ) {
      runs.push({
        first: index,
        last: index,
        confidence: abbreviationCued ? 0.7 : 0.55,
        source: 'place-abbreviation',
        type: 'HOSPITAL',
      })
    }

    // "University of Maryland", "U Maryland"
    if (
      (base === 'university' ||
        base === 'univ' ||
        (token.text === 'U' && style === 'mixed' && tokens[index - 1]?.kind !== 'number')) &&
      tokens[index + 1] !== undefined
    ) {
      let next = index + 1
      if (tokens[next]?.base === 'of') next += 1
      const following = tokens[next]
      if (
        following?.kind === 'word' &&
        looksProper(following, style) &&
        !following.lineStart &&
        !following.clinical &&
        !STOP_WORDS.has(following.base)
      ) {
        runs.push({
          first: index,
          last: next,
          confidence: 0.75,
          source: 'place-university',
          type: 'HOSPITAL',
        })
      }
    }
  }
  return runs
}
