/**
 * Shared helpers of the name and place rules: how much a token looks like a name, whether
 * capitals carry information, and the cue word lists.
 */
import { type CaseStyle, isMisspelt, type Token } from './tokens.js'

/**
 * Like {@link nameable}, but lets a clinical abbreviation through when it is a dictionary name
 * written as one in mixed-case text ("Dr. Foley", "Son, Ed,", "Dr. Art White").
 */
export function nameableLoose(token: Token | undefined, style: CaseStyle): token is Token {
  const loose =
    token !== undefined &&
    token.kind === 'word' &&
    token.clinical &&
    style === 'mixed' &&
    token.capitalized &&
    !token.allCaps &&
    (token.firstNameRank > 0 || token.surnameRank > 0) &&
    !STOP_WORDS.has(token.base)
  return loose || nameable(token)
}

/** Whether a word names a relation, compounds included ("dtr-in-law", "son-inlaw"). */
export function isRelation(token: Token): boolean {
  if (RELATIONS.has(token.base) || RELATIONS.has(token.lower)) return true
  const dash = token.base.indexOf('-')
  if (dash < 0) return false
  // "dtr-in-law", and a section heading glued to a relation: "SOCIAL-wife", "COPING-SISTER"
  const last = token.base.slice(token.base.lastIndexOf('-') + 1)
  return RELATIONS.has(token.base.slice(0, dash)) || (RELATIONS.has(last) && last !== 'law')
}

/** How a word looks in isolation. */
export type Evidence = 'name' | 'unknown' | 'ambiguous' | 'word'

/** Words that end a name or never start one (function words, cue words, tag words). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of to in on at by for from with without via per as is was are were be been being ' +
    'has have had do does did will would shall should can could may might must not no yes this that these those ' +
    'he she it they we you i me him her them his hers its their our your my who whom whose which what when where ' +
    'why how all any some each every both either neither one two three four five six seven eight nine ten ' +
    'then than so too very also just only again still now here there today tonight tomorrow yesterday ' +
    'am pm noon aware notified called paged updated informed spoke talked met seen visited states stated ' +
    'said says reports reported feels felt family pt patient pts patients md mds rn rns np nps ' +
    'name date age phone email url ip ssn id hospital location address zip staff team service ' +
    'nurse nursing doctor physician resident intern fellow attending surgeon consult house office ' +
    'wife husband son daughter sister brother mother father friend dtr hcp proxy ' +
    'mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday ' +
    'christmas easter thanksgiving er ed ew or icu unit floor ' +
    // languages, peoples and faiths ("speaks Russian", "English is limited", "Jesus help me")
    'english spanish russian chinese cantonese mandarin french german italian portuguese creole ' +
    'haitian polish greek korean japanese vietnamese arabic hebrew hindi urdu farsi persian tagalog ' +
    'somali amharic yiddish albanian armenian ukrainian bengali punjabi gujarati swahili turkish ' +
    'american african asian hispanic latino latina caucasian european indian irish jewish catholic ' +
    'christian muslim protestant jehovah jesus god lord christ allah ' +
    'iranian iraqi afghan pakistani nigerian ethiopian eritrean jamaican cuban mexican dominican ' +
    'salvadoran guatemalan brazilian colombian peruvian chilean canadian british scottish welsh ' +
    'dutch swedish norwegian danish finnish czech slovak hungarian romanian bulgarian serbian ' +
    'croatian bosnian lithuanian latvian estonian egyptian moroccan lebanese syrian israeli ' +
    'palestinian saudi filipino thai laotian cambodian burmese nepali tibetan indonesian ' +
    'malaysian australian'
  ).split(' '),
)

/** Function words: never a name, whatever their capitals. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of to in on at by for from with without via per as is was are were be been ' +
    'has have had do does did will would shall should can could may might must not no yes this that these ' +
    'those he she it they we you i me him her them his hers its their our your my who whom whose which what ' +
    'when where why how all any some each every both either neither then than so too very also just only ' +
    'again still now here there today tonight tomorrow yesterday after before while until since during'
  ).split(' '),
)

/**
 * Devices, products and dressings named after people or places ("Hickman catheter", "Bair
 * hugger", "Passy Muir valve", "Destin lotion"): the word before one of these is no PHI.
 */
export const DEVICE_WORDS: ReadonlySet<string> = new Set(
  (
    'catheter cath catheters line lines port tube tubes drain drains valve valves hugger boots boot ' +
    'stockings stocking mattress bed lotion cream ointment oint powder paste spray gel solution soln ' +
    'drops tabs tablet tablets capsule dressing dressings bandage wrap splint brace collar pump pumps ' +
    'mask device monitor machine vent ventilator filter needle sheath introducer stent graft bag ' +
    'sandwich sandwiches syndrome disease sign reflex maneuver maneuvre tear procedure position scale score ' +
    'tremor tremors rigidity phenomenon criteria classification test'
  ).split(' '),
)

/**
 * US states and their usual short forms: Safe Harbor lets a state stay ("lives in California",
 * "back to FLA"). New York and Washington are cities too and are not listed.
 */
export const STATES: ReadonlySet<string> = new Set(
  (
    'alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii ' +
    'idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan ' +
    'minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania ' +
    'tennessee texas utah vermont virginia wisconsin wyoming ' +
    'new hampshire|new jersey|new mexico|north carolina|north dakota|south carolina|south dakota|' +
    'rhode island|west virginia|puerto rico ' +
    'ala ariz ark calif cal colo conn del fla ga ill ind kan kans ky la mass mich minn miss mo mont ' +
    'neb nev okla ore penn penna pa tenn tex va vt wis wisc wyo ' +
    // countries, larger than a state: Safe Harbor lets them stay too
    'usa america canada mexico cuba jamaica haiti bahamas bermuda guatemala honduras salvador ' +
    'nicaragua panama colombia venezuela ecuador peru brazil bolivia chile argentina uruguay ' +
    'england scotland wales ireland britain france germany italy spain portugal greece poland ' +
    'russia ukraine hungary romania bulgaria serbia croatia bosnia albania austria switzerland ' +
    'netherlands holland belgium sweden norway denmark finland iceland turkey israel lebanon ' +
    'syria iraq iran afghanistan pakistan india bangladesh nepal china japan korea vietnam ' +
    'cambodia laos thailand burma philippines indonesia malaysia singapore australia egypt ' +
    'morocco algeria nigeria ghana ethiopia eritrea somalia kenya uganda sudan liberia ' +
    'senegal africa europe asia'
  )
    .split(/[ |]/)
    .filter((word) => word !== ''),
)
/** Titles that introduce a name. */
export const TITLES: ReadonlySet<string> = new Set([
  'dr',
  'drs',
  "dr's",
  'doctor',
  'doctors',
  'mr',
  'mrs',
  'ms',
  'miss',
  'mister',
  'missus',
  'prof',
  'professor',
  'rev',
  'reverend',
  'fr',
])

/** Credentials written after (or before) a clinician's name. */
export const CREDENTIALS: ReadonlySet<string> = new Set([
  'rn',
  'rrt',
  'crt',
  'md',
  'np',
  'pa',
  'pac',
  'lpn',
  'cna',
  'rt',
  'sw',
  'licsw',
  'lcsw',
  'msw',
  'pharmd',
  'rph',
  'dpt',
  'ot',
  'otr',
  'slp',
  'rd',
  'ldn',
  'cnm',
  'crna',
  'phd',
  'bsn',
  'msn',
  'aprn',
  'fnp',
  'acnp',
  'ccrn',
  'mba',
  'mph',
])

/** Relatives and other people around the patient. */
export const RELATIONS: ReadonlySet<string> = new Set(
  (
    'wife husband hsb spouse son sons daughter daughters dtr dau sister sisters sis brother brothers bro ' +
    'mother mom mum father dad parent parents niece nephew grandson granddaughter grandaughter ' +
    'grandchild grandchildren grandmother grandfather aunt uncle cousin friend friends fiance fiancee ' +
    'partner boyfriend girlfriend hcp proxy guardian neighbor neighbour sil dil stepson stepdaughter ' +
    'companion caregiver roommate sibling siblings children child kids in-law son-in-law daughter-in-law ' +
    'brother-in-law sister-in-law mother-in-law father-in-law godson goddaughter pastor priest rabbi minister chaplain'
  ).split(' '),
)

/** Verbs and phrases after which a person is often named. */
export const PERSON_VERBS: ReadonlySet<string> = new Set(
  (
    'called spoke talked paged notified contacted informed updated met discussed per reached ' +
    'visited seen examined evaluated consulted told asked phoned texted emailed messaged ' +
    'signed ordered by with ' +
    // roles a name follows: "caseworker Ann Lee", "house staff Ray Dunn", "interpreter Olga"
    'caseworker manager worker staff chaplain interpreter translator coordinator therapist contacts'
  ).split(' '),
)

/** Words that follow a person's name in notes ("Dr Smith aware", "Smith paged"). */
export const PERSON_FOLLOWERS: ReadonlySet<string> = new Set(
  'aware notified paged called updated informed present here in at made ordered'.split(' '),
)

/** Verbs after which a first name is a person ("bill called", "Bob visited"). */
export const PERSON_ACTIONS: ReadonlySet<string> = new Set(
  'called calls phoned visited visits came arrived spoke stated states said says asked wants wanted left brought'.split(
    ' ',
  ),
)

/** Whether a token is a word that may be part of a name at all. */
export function nameable(token: Token | undefined): token is Token {
  return (
    token !== undefined &&
    token.kind === 'word' &&
    !token.clinical &&
    !STOP_WORDS.has(token.base) &&
    !TITLES.has(token.base) &&
    !RELATIONS.has(token.base)
  )
}

/** How a word looks in isolation: a dictionary name, an unknown word, ambiguous, or a word. */
export function evidence(token: Token): Evidence {
  if (token.kind !== 'word') return 'word'
  if (token.clinical) {
    return token.capitalized && !token.allCaps && (token.firstNameRank > 0 || token.surnameRank > 0)
      ? 'ambiguous'
      : 'word'
  }
  const inNames = token.firstNameRank > 0 || token.surnameRank > 0
  if (inNames) return token.english ? 'ambiguous' : 'name'
  return token.english ? 'word' : 'unknown'
}

/** Whether the token ends a sentence (so the next capital carries no information). */
function sentenceBreak(token: Token | undefined): boolean {
  return (
    token === undefined ||
    (token.kind === 'symbol' && /[.!?:;*>\-–(")]/.test(token.text)) ||
    token.kind === 'number'
  )
}

/**
 * Whether a capital carries information here: the text is mixed case, the word is capitalized
 * but not all capitals, and it does not start a line or sentence.
 */
export function capitalSignal(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (token === undefined || style !== 'mixed' || !token.capitalized || token.allCaps) return false
  if (token.lineStart) return false
  return !sentenceBreak(tokens[index - 1])
}

/** Whether a word is written in a way that could be a proper noun in this text. */
export function properLooking(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (token === undefined || token.kind !== 'word') return false
  if (style !== 'mixed') return true
  return token.capitalized
}

/** A one-letter initial ("J" or "J."), upper case unless the text has no capitals. */
export function isInitial(token: Token | undefined, style: CaseStyle): boolean {
  if (token === undefined || token.kind !== 'word' || token.text.length !== 1) return false
  return style === 'lower' || token.capitalized
}

/**
 * Whether the token at `index` reads as a misspelt word ("recieve", "Cardic"): one edit from an
 * English word and in no list, unless a mid-sentence capital in mixed-case text says it is a
 * proper noun ("from Hungary", "called Yulan Peres").
 */
export function misspeltHere(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (token === undefined || !isMisspelt(token)) return false
  return !capitalSignal(tokens, index, style)
}
