/**
 * The words and look-ups place rules share: facility suffixes and names, units, regions,
 * movement and residence verbs, states, cities.
 */
import { DEVICE_WORDS, STATES, STOP_WORDS } from './context.js'
import type { DeidDictionaries } from './dictionaries.js'
import type { TokenRun } from './name-cues.js'
import type { CaseStyle, Token } from './tokens.js'

/** A place found over a run of tokens, with its kind. */
export interface PlaceRun extends TokenRun {
  type: 'HOSPITAL' | 'LOCATION'
}

/** Words that end a facility's name. */
export const FACILITY_SUFFIXES = new Set(
  'hospital hospitals hosp hospiatal hosptial hospitol center ctr centre clinic clinics infirmary rehab rehabilitation regional memorial general house manor sanitarium sanatorium hospice healthcare institute college university'.split(
    ' ',
  ),
)
/** Suffixes that belong to the name itself and are redacted with it. */
export const NAMING_SUFFIXES = new Set([
  'memorial',
  'regional',
  'general',
  'adventist',
  'rehab',
  'manor',
])
/** Words before a facility suffix that are no name ("the", "outside", "this"). */
const GENERIC_PLACE_WORDS = new Set(
  'the a an this that our their his her its outside osh local another other previous prior same new old rehab nursing acute chronic home state county city community psychiatric psych children childrens university teaching va v.a veterans private public general medical regional area nearby skilled long term care day group foster assisted living half way halfway transitional residential hospital hosp to from at in'.split(
    ' ',
  ),
)
/** Wards, services and places inside any hospital: never PHI on their own. */
export const UNIT_WORDS = new Set(
  'micu sicu ccu csru cvicu nsicu tsicu ficu vicu picu nicu icu ctic cticu pacu or er ed ew ir ep cath lab floor ward unit units room bed tele telemetry stepdown step-down snf nh ltc ltac rehab hospice home osh er dialysis ct mri xray x-ray radiology echo ekg eeg endoscopy gi pt ot pharmacy morgue chapel clinic office church shelter work school jail prison street'.split(
    ' ',
  ),
)
/**
 * The shape of medical vocabulary no word list holds ("hematuria", "antecubital",
 * "cardiogenic", "oropharynx", "vecuronium"): such a word after "in" or "from" is no place.
 */
export const MEDICAL_SHAPE =
  /(?:uria|emia|aemia|itis|osis|ectomy|otomy|ostomy|plasty|scopy|graphy|gram|pathy|algia|plegia|paresis|trophy|megaly|rrhea|rrhoea|rrhage|rrhoids|genic|ology|ological|cubital|pharynx|larynx|dynamic|dynamics|onium|ional|ial|ous|oid|oids|ine|ide|ate|line)$|^(?:hem|haem|cardi|gastr|neur|nephr|hepat|pulmon|oro|naso|ante|peri|intra|inter|trans|hyper|hypo|tachy|brady|dys|endo|epi|supra|thromb|vaso|angio|myo|osteo|derm)/

/** Units after a hospital's name: "GH EW", "Calvert ER", "kernan micu". */
export const EMERGENCY_UNITS = new Set([
  'er',
  'ed',
  'ew',
  'micu',
  'sicu',
  'ccu',
  'cvicu',
  'icu',
  'pacu',
])

/** Directions that start the name of a region ("Eastern Shore", "North Campus"). */
export const REGION_WORDS = new Set(
  'north south east west northern southern eastern western upper lower central mid northeast northwest southeast southwest'.split(
    ' ',
  ),
)
/** Kinds of places a region or locality is named after. */
export const GEOGRAPHIC_FEATURES = new Set(
  'shore shores coast campus side end county township parish valley hills heights island islands bay park village plains beach mountain mountains lake lakes river point ridge harbor harbour springs falls woods estates district borough'.split(
    ' ',
  ),
)
/** Words after a place name that say it is a locality: "in Edgemere area". */
export const LOCALITY_WORDS = new Set(
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
export const FACILITY_NAMES_BY_FIRST = new Map<string, Array<readonly string[]>>()
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
/** Prepositions before a place: "to", "at", "from", "in", "@". */
export const PLACE_CUES: ReadonlySet<string> = new Set([
  'to',
  'at',
  'from',
  'in',
  '@',
  'into',
  'via',
  'near',
])
/** Verbs of moving, staying and living that put a place after a preposition. */
export const PLACE_VERBS: ReadonlySet<string> = new Set(
  "transfer transferred transfered transferring tx txd tx'd trans admitted adm admit sent taken brought went go going return returned returning arrived came discharged dc'd d/c'd lives living live resides residing moved visiting vacationing accepted screened followed seen seeing home born raised work works worked medflight medflighted flown airlifted helicoptered".split(
    ' ',
  ),
)

/** Verbs that say where someone lives (not "visiting in early evening"). */
export const HOME_VERBS = new Set('lives living live resides residing moved born raised'.split(' '))
/** Inner capitals no place name has: "ACx14", "PSVof", "combiventQ4". */
export const ODD_CAPITALS = /^[A-Z]{2,}[a-z]|[a-z][A-Z]$/

/**
 * Whether the word after the candidate (past a number glued to it) is a device it names: "via
 * PB7200 vent", "on Spirocare mask"; a "cath lab" is a place.
 */
export function namesDevice(tokens: readonly Token[], index: number): boolean {
  let next = index + 1
  if (tokens[next]?.kind === 'number' && !tokens[next]?.lineStart) next += 1
  const word = tokens[next]
  return word !== undefined && word.base !== 'cath' && DEVICE_WORDS.has(word.base)
}

/** "MCIU" for "MICU": two neighbouring letters of a clinical abbreviation swapped. */
export function shuffledAbbreviation(token: Token, dictionaries: DeidDictionaries): boolean {
  const word = token.base
  if (word.length < 3 || word.length > 6 || token.english) return false
  for (let index = 0; index + 1 < word.length; index += 1) {
    const swapped =
      word.slice(0, index) + word.charAt(index + 1) + word.charAt(index) + word.slice(index + 2)
    if (swapped !== word && dictionaries.clinicalTerms.has(swapped)) return true
  }
  return false
}

/** Verbs of living somewhere ("lives in", "born in", "vacationing in"). */
export const RESIDENCE_VERBS: ReadonlySet<string> = new Set(
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
export function matchState(tokens: readonly Token[], index: number): number {
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

/** Whether a token may be part of a place name (no function, unit or generic word). */
export function placeWord(token: Token | undefined): token is Token {
  return (
    token !== undefined &&
    token.kind === 'word' &&
    !token.clinical &&
    !STOP_WORDS.has(token.base) &&
    !UNIT_WORDS.has(token.base) &&
    !GENERIC_PLACE_WORDS.has(token.base)
  )
}

/** Whether a token is written like a proper noun in this text. */
export function looksProper(token: Token, style: CaseStyle): boolean {
  return style !== 'mixed' || token.capitalized
}

/** Matches a multi-word dictionary entry (lower-case words) at `index`; returns the last index. */
export function matchPhrase(
  tokens: readonly Token[],
  index: number,
  words: readonly string[],
): number {
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
export function matchCity(
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
