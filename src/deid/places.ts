/**
 * Place detection: hospitals and other facilities, cities, and the wards or buildings a note
 * names after "transferred to", "admitted from", "lives in".
 */
import { DEVICE_WORDS, misspeltHere, STATES, STOP_WORDS } from './context.js'
import { type DeidDictionaries, isNearEnglishWord } from './dictionaries.js'
import type { TokenRun } from './names.js'
import { type CaseStyle, isNearWord, type Token } from './tokens.js'

/** A place found over a run of tokens, with its kind. */
export interface PlaceRun extends TokenRun {
  type: 'HOSPITAL' | 'LOCATION'
}

/** Words that end a facility's name. */
const FACILITY_SUFFIXES = new Set(
  'hospital hospitals hosp hospiatal hosptial hospitol center ctr centre clinic clinics infirmary rehab rehabilitation regional memorial general house manor sanitarium sanatorium hospice healthcare institute college university'.split(
    ' ',
  ),
)
/** Suffixes that belong to the name itself and are redacted with it. */
const NAMING_SUFFIXES = new Set(['memorial', 'regional', 'general', 'adventist', 'rehab', 'manor'])
/** Words before a facility suffix that are no name ("the", "outside", "this"). */
const GENERIC_PLACE_WORDS = new Set(
  'the a an this that our their his her its outside osh local another other previous prior same new old rehab nursing acute chronic home state county city community psychiatric psych children childrens university teaching va v.a veterans private public general medical regional area nearby skilled long term care day group foster assisted living half way halfway transitional residential hospital hosp to from at in'.split(
    ' ',
  ),
)
/** Wards, services and places inside any hospital: never PHI on their own. */
const UNIT_WORDS = new Set(
  'micu sicu ccu csru cvicu nsicu tsicu ficu vicu picu nicu icu ctic cticu pacu or er ed ew ir ep cath lab floor ward unit units room bed tele telemetry stepdown step-down snf nh ltc ltac rehab hospice home osh er dialysis ct mri xray x-ray radiology echo ekg eeg endoscopy gi pt ot pharmacy morgue chapel clinic office church shelter work school jail prison street'.split(
    ' ',
  ),
)
/**
 * The shape of medical vocabulary no word list holds ("hematuria", "antecubital",
 * "cardiogenic", "oropharynx", "vecuronium"): such a word after "in" or "from" is no place.
 */
const MEDICAL_SHAPE =
  /(?:uria|emia|aemia|itis|osis|ectomy|otomy|ostomy|plasty|scopy|graphy|gram|pathy|algia|plegia|paresis|trophy|megaly|rrhea|rrhoea|rrhage|rrhoids|genic|ology|ological|cubital|pharynx|larynx|dynamic|dynamics|onium|ional|ial|ous|oid|oids|ine|ide|ate|line)$|^(?:hem|haem|cardi|gastr|neur|nephr|hepat|pulmon|oro|naso|ante|peri|intra|inter|trans|hyper|hypo|tachy|brady|dys|endo|epi|supra|thromb|vaso|angio|myo|osteo|derm)/

/** Units after a hospital's name: "GH EW", "Calvert ER", "kernan micu". */
const EMERGENCY_UNITS = new Set(['er', 'ed', 'ew', 'micu', 'sicu', 'ccu', 'cvicu', 'icu', 'pacu'])

/** Directions that start the name of a region ("Eastern Shore", "North Campus"). */
const REGION_WORDS = new Set(
  'north south east west northern southern eastern western upper lower central mid northeast northwest southeast southwest'.split(
    ' ',
  ),
)
/** Kinds of places a region or locality is named after. */
const GEOGRAPHIC_FEATURES = new Set(
  'shore shores coast campus side end county township parish valley hills heights island islands bay park village plains beach mountain mountains lake lakes river point ridge harbor harbour springs falls woods estates district borough'.split(
    ' ',
  ),
)
/** Words after a place name that say it is a locality: "in Edgemere area". */
const LOCALITY_WORDS = new Set(
  'area neighborhood neighbourhood section district county township community region suburb suburbs'.split(
    ' ',
  ),
)

/** Famous facility names found in many US cities (a general list, not any corpus's). */
const FACILITY_NAMES: ReadonlyArray<readonly string[]> = [
  'sacred heart',
  'holy cross',
  'holy family',
  'holy name',
  'good samaritan',
  'good shepherd',
  'beth israel',
  'mount sinai',
  'mt sinai',
  'cedars sinai',
  'cedars-sinai',
  'johns hopkins',
  'mass general',
  'mayo clinic',
  'cleveland clinic',
  'kaiser permanente',
  'kaiser',
  'sinai',
  'presbyterian',
  'methodist',
  'baptist',
  'lutheran',
  'adventist',
  'shriners',
  'brigham',
  'mercy',
  'providence',
  'st jude',
  'lourdes',
  'our lady',
].map((name) => name.split(' '))
/** Facility names by their first word, for a single look-up per token. */
const FACILITY_NAMES_BY_FIRST = new Map<string, Array<readonly string[]>>()
for (const phrase of FACILITY_NAMES) {
  const first = phrase[0] ?? ''
  FACILITY_NAMES_BY_FIRST.set(first, [...(FACILITY_NAMES_BY_FIRST.get(first) ?? []), phrase])
}
let lastCities: ReadonlyMap<string, number> | undefined
let lastFirstWords: ReadonlySet<string> = new Set()
let lastPrefixes: ReadonlySet<string> = new Set()
const cityFirstWords = new WeakMap<ReadonlyMap<string, number>, Set<string>>()
function firstWordsOf(cities: ReadonlyMap<string, number>): Set<string> {
  let words = cityFirstWords.get(cities)
  if (words === undefined) {
    words = new Set([...cities.keys()].map((city) => city.split(' ')[0] ?? city))
    cityFirstWords.set(cities, words)
  }
  return words
}
const PLACE_CUES = new Set(['to', 'at', 'from', 'in', '@', 'into', 'via', 'near'])
const PLACE_VERBS = new Set(
  "transfer transferred transfered transferring tx txd tx'd trans admitted adm admit sent taken brought went go going return returned returning arrived came discharged dc'd d/c'd lives living live resides residing moved visiting vacationing accepted screened followed seen seeing home born raised work works worked medflight medflighted flown airlifted helicoptered".split(
    ' ',
  ),
)

/** Verbs that say where someone lives (not "visiting in early evening"). */
const HOME_VERBS = new Set('lives living live resides residing moved born raised'.split(' '))
/** Inner capitals no place name has: "ACx14", "PSVof", "combiventQ4". */
const ODD_CAPITALS = /^[A-Z]{2,}[a-z]|[a-z][A-Z]$/

/**
 * Whether the word after the candidate (past a number glued to it) is a device it names: "via
 * PB7200 vent", "on Spirocare mask"; a "cath lab" is a place.
 */
function namesDevice(tokens: readonly Token[], index: number): boolean {
  let next = index + 1
  if (tokens[next]?.kind === 'number' && !tokens[next]?.lineStart) next += 1
  const word = tokens[next]
  return word !== undefined && word.base !== 'cath' && DEVICE_WORDS.has(word.base)
}

/** "MCIU" for "MICU": two neighbouring letters of a clinical abbreviation swapped. */
function shuffledAbbreviation(token: Token, dictionaries: DeidDictionaries): boolean {
  const word = token.base
  if (word.length < 3 || word.length > 6 || token.english) return false
  for (let index = 0; index + 1 < word.length; index += 1) {
    const swapped =
      word.slice(0, index) + word.charAt(index + 1) + word.charAt(index) + word.slice(index + 2)
    if (swapped !== word && dictionaries.clinicalTerms.has(swapped)) return true
  }
  return false
}

const RESIDENCE_VERBS = new Set(
  'lives living live resides residing moved home born raised vacationing visiting'.split(' '),
)

const STATE_PHRASES = [
  'new hampshire',
  'new jersey',
  'new mexico',
  'north carolina',
  'north dakota',
  'south carolina',
  'south dakota',
  'rhode island',
  'west virginia',
  'puerto rico',
].map((phrase) => phrase.split(' '))

const STATE_FIRST_WORDS = new Set(STATE_PHRASES.map((phrase) => phrase[0] ?? ''))

/** Last index of a state name starting at `index`, or -1. */
function matchState(tokens: readonly Token[], index: number): number {
  const token = tokens[index]
  if (token === undefined || token.kind !== 'word') return -1
  if (STATE_FIRST_WORDS.has(token.base)) {
    for (const phrase of STATE_PHRASES) {
      if (phrase[0] === token.base && tokens[index + 1]?.base === phrase[1]) return index + 1
    }
    return -1
  }
  return STATES.has(token.base) ? index : -1
}

function placeWord(token: Token | undefined): token is Token {
  return (
    token !== undefined &&
    token.kind === 'word' &&
    !token.clinical &&
    !STOP_WORDS.has(token.base) &&
    !UNIT_WORDS.has(token.base) &&
    !GENERIC_PLACE_WORDS.has(token.base)
  )
}

function looksProper(token: Token, style: CaseStyle): boolean {
  return style !== 'mixed' || token.capitalized
}

/** Matches a multi-word dictionary entry (lower-case words) at `index`; returns the last index. */
function matchPhrase(tokens: readonly Token[], index: number, words: readonly string[]): number {
  let cursor = index
  for (const word of words) {
    const token = tokens[cursor]
    if (token === undefined || token.base !== word) return -1
    cursor += 1
    if (tokens[cursor]?.text === '-' && words.length > 1) cursor += 1
  }
  return cursor - 1
}

/** Longest city name (up to three words) starting at `index`, or -1. */
function matchCity(
  tokens: readonly Token[],
  index: number,
  cities: ReadonlyMap<string, number>,
): number {
  if (cities !== lastCities) {
    lastCities = cities
    lastFirstWords = firstWordsOf(cities)
    const prefixes = new Set<string>()
    for (const city of cities.keys()) {
      const words = city.split(' ')
      for (let length = 2; length <= words.length; length += 1)
        prefixes.add(words.slice(0, length).join(' '))
    }
    lastPrefixes = prefixes
  }
  if (!lastFirstWords.has(tokens[index]?.base ?? '')) return -1
  const first = tokens[index]
  if (first === undefined) return -1
  let phrase = first.base
  let best = cities.has(phrase) ? index : -1
  for (let offset = 1; offset < 3; offset += 1) {
    const token = tokens[index + offset]
    if (token === undefined || token.kind !== 'word' || token.lineStart) break
    phrase = `${phrase} ${token.base}`
    if (!lastPrefixes.has(phrase)) break
    if (cities.has(phrase)) best = index + offset
  }
  return best
}

/** Finds hospitals, cities and other places in a tokenized text. */
export function detectPlaces(
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
