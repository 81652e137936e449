/**
 * Place detection: hospitals and other facilities, cities, and the wards or buildings a note
 * names after "transferred to", "admitted from", "lives in".
 */
import { misspeltHere, STATES } from './context.js'
import { type DeidDictionaries, isNearEnglishWord } from './dictionaries.js'
import { detectFacilities } from './facilities.js'
import {
  GEOGRAPHIC_FEATURES,
  HOME_VERBS,
  LOCALITY_WORDS,
  looksProper,
  MEDICAL_SHAPE,
  matchCity,
  matchState,
  namesDevice,
  ODD_CAPITALS,
  PLACE_CUES,
  PLACE_VERBS,
  type PlaceRun,
  placeWord,
  REGION_WORDS,
  RESIDENCE_VERBS,
  shuffledAbbreviation,
} from './place-words.js'
import { type CaseStyle, isNearWord, type Token } from './tokens.js'

export type { PlaceRun } from './place-words.js'

/** Finds hospitals, cities and other places in a tokenized text. */
export function detectPlaces(
  tokens: readonly Token[],
  style: CaseStyle,
  dictionaries: DeidDictionaries,
): PlaceRun[] {
  const runs: PlaceRun[] = detectFacilities(tokens, style, dictionaries)
  const count = tokens.length
  for (let index = 0; index < count; index += 1) {
    const token = tokens[index]
    // words, and "@" as in "a bed @ Niswalmar"
    if (token === undefined || (token.kind !== 'word' && token.text !== '@')) continue
    const base = token.base

    // Regions: "Eastern Shore", "North Campus", "West Side", "South County"
    if (REGION_WORDS.has(base)) {
      const feature = tokens[index + 1]
      const cued =
        PLACE_CUES.has(tokens[index - 1]?.base ?? '') ||
        (tokens[index - 1]?.base === 'the' && PLACE_CUES.has(tokens[index - 2]?.base ?? ''))
      if (
        feature !== undefined &&
        !feature.lineStart &&
        GEOGRAPHIC_FEATURES.has(feature.base) &&
        (style === 'mixed'
          ? token.capitalized && feature.capitalized
          : cued || tokens[index - 1]?.base === 'the')
      ) {
        runs.push({
          first: index,
          last: index + 1,
          confidence: 0.75,
          source: 'place-region',
          type: 'LOCATION',
        })
        index += 1
        continue
      }
    }

    // Cities: "Baltimore", "Daytona Beach", "towson" (words of the list that are no English word,
    // or any city after a place cue)
    // a state is no PHI under Safe Harbor: "Sister in California", "returning to FLA"
    const stateLast = matchState(tokens, index)
    if (stateLast >= 0) {
      index = stateLast
      continue
    }
    const cityLast =
      looksProper(token, style) && placeWord(token)
        ? matchCity(tokens, index, dictionaries.cities)
        : -1
    if (cityLast >= 0) {
      const multiWord = cityLast > index
      const cued = PLACE_CUES.has(tokens[index - 1]?.base ?? '') || tokens[index - 1]?.text === ','
      const proper = looksProper(token, style)
      const plain =
        !token.english &&
        token.firstNameRank === 0 &&
        (token.surnameRank === 0 || token.surnameRank > 2000)
      if (
        proper &&
        (plain || (cued && (multiWord || !token.english)) || (multiWord && style === 'mixed'))
      ) {
        runs.push({
          first: index,
          last: cityLast,
          confidence: plain ? 0.75 : 0.65,
          source: 'place-city',
          type: 'LOCATION',
        })
        index = cityLast
        continue
      }
    }

    // "transferred to Quartermain 2", "lives in Hampton", "admitted from kernan", "to GH"
    if (
      (PLACE_CUES.has(base) || (base === 'on' && tokens[index + 2]?.kind === 'number')) &&
      index > 0
    ) {
      let start = index + 1
      if (tokens[start]?.base === 'the') start += 1
      const candidate = tokens[start]
      const districtOfColumbia =
        candidate?.text === 'DC' && RESIDENCE_VERBS.has(tokens[index - 1]?.lower ?? '')
      if (
        !(placeWord(candidate) || districtOfColumbia) ||
        candidate === undefined ||
        candidate.lineStart ||
        matchState(tokens, start) >= 0
      )
        continue
      let verb = false
      for (let back = index - 1; back >= Math.max(0, index - 3); back -= 1) {
        const previous = tokens[back]
        if (previous !== undefined && PLACE_VERBS.has(previous.lower)) verb = true
      }
      const followedByNumber = tokens[start + 1]?.kind === 'number' && !tokens[start + 1]?.lineStart
      // "lives in DC", "shelter in Edgemere area"
      const residenceWord = RESIDENCE_VERBS.has(tokens[index - 1]?.lower ?? '')
      const locality =
        LOCALITY_WORDS.has(tokens[start + 1]?.base ?? '') &&
        !tokens[start + 1]?.lineStart &&
        (style === 'mixed' ? candidate.capitalized && !candidate.allCaps : !candidate.english)
      if (
        (base === 'in' || base === 'from') &&
        (locality || (residenceWord && /^D\.?C\.?$/.test(candidate.text)))
      ) {
        runs.push({
          first: start,
          last: start,
          confidence: 0.7,
          source: 'place-cue',
          type: 'LOCATION',
        })
        continue
      }
      // a place is written like one: capitalized in mixed-case text, no odd inner capitals
      // ("ACx14", "combiventQ4", "PSVof"), no misspelt word ("to recieve", "aprox"), no device
      // ("via PB7200 vent"), no shuffled abbreviation ("MCIU")
      const written =
        (style !== 'mixed' ||
          candidate.capitalized ||
          (verb && followedByNumber) ||
          HOME_VERBS.has(tokens[index - 1]?.lower ?? '')) &&
        !ODD_CAPITALS.test(candidate.text) &&
        // after a movement verb ("transferred to", "arrived from") a place may look like a word
        (verb ||
          !misspeltHere(tokens, start, style) ||
          HOME_VERBS.has(tokens[index - 1]?.lower ?? '')) &&
        !namesDevice(tokens, start) &&
        !shuffledAbbreviation(candidate, dictionaries)
      // a ward after a movement verb and with its number: "sent to Stucker 2", "to Fred 2"
      const ward =
        verb &&
        followedByNumber &&
        candidate.text.length >= 3 &&
        !dictionaries.englishWords.has(candidate.base)
      const unknown = ((!candidate.english && candidate.firstNameRank === 0) || ward) && written
      const residence = RESIDENCE_VERBS.has(tokens[index - 1]?.lower ?? '')
      const residencePlace =
        residence &&
        written &&
        (style === 'mixed'
          ? candidate.capitalized
          : !candidate.english ||
            (dictionaries.cities.has(candidate.base) &&
              HOME_VERBS.has(tokens[index - 1]?.lower ?? '')))
      // "Sister called from Dunrik", "in Dalber", "a bed @ Niswalmar": a word in no list after
      // "in", "from", "at" is a place even without a verb when it is written as a proper noun
      // (capitalized mid-sentence in mixed-case text; 5+ letters and no near-word without case)
      const bare =
        !verb &&
        !followedByNumber &&
        unknown &&
        (base === 'in' || base === 'from' || base === 'at' || base === '@') &&
        candidate.surnameRank === 0 &&
        !candidate.lineStart &&
        !MEDICAL_SHAPE.test(candidate.base) &&
        !isNearEnglishWord(STATES, candidate.base) &&
        (style === 'mixed'
          ? candidate.capitalized && !candidate.allCaps && candidate.text.length >= 4
          : candidate.text.length >= 5 && !isNearWord(candidate))
      if (bare) {
        runs.push({
          first: start,
          last: start,
          confidence: 0.6,
          source: 'place-cue-bare',
          type: 'LOCATION',
        })
        continue
      }
      if ((verb || followedByNumber) && (unknown || residencePlace)) {
        if (candidate.text.length < 2) continue
        let last = start
        // a second capitalized word of the same place: "Franklin Square", "Bel Air"
        const second = tokens[start + 1]
        if (
          second !== undefined &&
          second.kind === 'word' &&
          !second.lineStart &&
          placeWord(second) &&
          second.capitalized &&
          candidate.capitalized &&
          (style === 'mixed' ? !second.allCaps || candidate.allCaps : !second.english)
        )
          last = start + 1
        runs.push({
          first: start,
          last,
          confidence: verb ? 0.75 : 0.65,
          source: 'place-cue',
          type: 'LOCATION',
        })
      }
    }
  }
  return runs
}
