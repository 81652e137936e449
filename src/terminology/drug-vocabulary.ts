/**
 * Drug names normalised to one concept per drug: DrugBank open vocabulary names and synonyms
 * (`drugbank vocabulary.csv`), brand names from a lexicon, and spelling correction by edit
 * distance. Finds drug mentions in free text.
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../errors.js'
import { forEachDelimitedRow } from './delimited.js'
import { PhraseMatcher, phraseKey } from './phrase-matcher.js'
import { tokenize } from './tokens.js'

/** One drug of the DrugBank open vocabulary. */
export interface DrugRecord {
  id: string
  name: string
  synonyms: string[]
}

/** A drug name resolved to its concept. */
export interface DrugConcept {
  /** DrugBank id, or `name:<generic>` for a drug known only from the brand lexicon or the key. */
  id: string
  /** The generic (common) name. */
  name: string
  /** `name`, `synonym`, `brand` or `corrected`. */
  via: 'name' | 'synonym' | 'brand' | 'corrected'
}

/** A drug mention found in text. */
export interface DrugMention extends DrugConcept {
  /** The words as written. */
  text: string
  /** Character offsets of the mention in the text. */
  start: number
  end: number
}

/** Drug normalisation. */
export interface DrugVocabulary {
  readonly size: number
  /** Resolves one drug name (dose and form words are ignored); undefined when unknown. */
  normalize(name: string): DrugConcept | undefined
  /** Finds drug mentions in free text, left to right, without overlaps. */
  findMentions(text: string): DrugMention[]
}

/**
 * Reads the DrugBank open vocabulary CSV (`DrugBank ID`, `Common name`, `Synonyms` separated by
 * ` | `).
 *
 * @throws InputError when the file is unreadable or lacks those columns.
 */
export function loadDrugBankVocabulary(path: string): DrugRecord[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`terminology: cannot read DrugBank vocabulary "${path}"`, {
      field: 'drugbank',
      value: path,
      cause: error,
    })
  }
  const records: DrugRecord[] = []
  let columns: { id: number; name: number; synonyms: number } | undefined
  forEachDelimitedRow(text, ',', (fields) => {
    if (columns === undefined) {
      const header = fields.map((field) => field.trim().toLowerCase())
      columns = {
        id: header.indexOf('drugbank id'),
        name: header.indexOf('common name'),
        synonyms: header.indexOf('synonyms'),
      }
      if (columns.id < 0 || columns.name < 0) {
        throw new InputError(
          `terminology: "${path}" has no "DrugBank ID" and "Common name" columns (header ${fields.join(',')})`,
          { field: 'header', value: fields.join(',') },
        )
      }
      return
    }
    const id = (fields[columns.id] ?? '').trim()
    const name = (fields[columns.name] ?? '').trim()
    if (id === '' || name === '') return
    const synonyms =
      columns.synonyms < 0
        ? []
        : (fields[columns.synonyms] ?? '')
            .split('|')
            .map((synonym) => synonym.trim())
            .filter((synonym) => synonym !== '')
    records.push({ id, name, synonyms })
  })
  return records
}

/** Words of dose, route, form and frequency dropped before a name is looked up. */
const DOSE_WORDS = new Set([
  'mg',
  'mcg',
  'ug',
  'g',
  'gm',
  'ml',
  'l',
  'iu',
  'units',
  'unit',
  'meq',
  'mmol',
  'kg',
  'tablet',
  'tablets',
  'tab',
  'tabs',
  'capsule',
  'capsules',
  'cap',
  'caps',
  'injection',
  'inj',
  'infusion',
  'solution',
  'suspension',
  'syrup',
  'cream',
  'ointment',
  'patch',
  'inhaler',
  'spray',
  'drops',
  'oral',
  'po',
  'iv',
  'im',
  'sc',
  'sq',
  'subcutaneous',
  'intravenous',
  'intramuscular',
  'topical',
  'inhaled',
  'nebulized',
  'daily',
  'bid',
  'tid',
  'qid',
  'qd',
  'qhs',
  'prn',
  'once',
  'twice',
  'stat',
  'every',
  'hours',
  'hour',
  'h',
  'q',
  'day',
  'days',
  'weekly',
  'extended',
  'release',
  'er',
  'xr',
  'sr',
  'dr',
  'hcl',
  'hydrochloride',
  'sodium',
  'potassium',
  'the',
  'of',
  'and',
  'a',
  'an',
  'start',
  'give',
  'continue',
  'add',
  'dose',
])

/**
 * Everyday words that are also DrugBank names or synonyms (foods, metals, gases); in free text they
 * count as drugs only inside a structured list.
 */
const COMMON_WORDS = new Set([
  'date',
  'gold',
  'beef',
  'egg',
  'lamb',
  'oat',
  'pea',
  'pear',
  'plum',
  'pork',
  'rice',
  'rye',
  'corn',
  'tuna',
  'duck',
  'veal',
  'fig',
  'beet',
  'leek',
  'okra',
  'dill',
  'hops',
  'sage',
  'neon',
  'elm',
  'kale',
  'bean',
  'water',
  'oxygen',
  'salt',
  'sugar',
  'urea',
  'talc',
  'milk',
  'apple',
  'orange',
  'lemon',
  'peanut',
  'wheat',
  'cotton',
  'silver',
  'copper',
  'iron',
  'zinc',
  'sulfur',
  'carbon',
  'air',
  'honey',
  'coffee',
  'tea',
  'chocolate',
  'tomato',
  'potato',
  'garlic',
  'ginger',
  'mustard',
  'soy',
  'cat',
  'dog',
  'horse',
  'cattle',
  'chicken',
  'shrimp',
  'crab',
  'lobster',
  'mold',
  'dust',
  'grass',
  'standard',
  'control',
  'normal',
  'saline',
])

/** Options of {@link createDrugVocabulary}. */
export interface DrugVocabularySources {
  records?: readonly DrugRecord[]
  /** Brand → generic name (lower-case keys). */
  brands?: Readonly<Record<string, string>>
}

const FREE_TEXT_SKIP = new Set([...COMMON_WORDS, ...DOSE_WORDS])

/** Builds the drug vocabulary (well under a second for the full DrugBank open vocabulary). */
export function createDrugVocabulary(sources: DrugVocabularySources): DrugVocabulary {
  const matcher = new PhraseMatcher<DrugConcept>()
  const records = sources.records ?? []
  for (const record of records)
    matcher.add(record.name, { id: record.id, name: record.name, via: 'name' })
  for (const record of records) {
    for (const synonym of record.synonyms) {
      matcher.add(synonym, { id: record.id, name: record.name, via: 'synonym' })
    }
  }
  for (const [brand, generic] of Object.entries(sources.brands ?? {})) {
    const target = matcher.get(generic)
    if (target === undefined) {
      const id = `name:${phraseKey(generic)}`
      matcher.add(generic, { id, name: generic, via: 'name' })
      matcher.add(brand, { id, name: generic, via: 'brand' })
    } else {
      matcher.add(brand, { id: target.id, name: target.name, via: 'brand' })
    }
  }
  return new BuiltDrugVocabulary(matcher)
}

class BuiltDrugVocabulary implements DrugVocabulary {
  readonly size: number

  constructor(private readonly matcher: PhraseMatcher<DrugConcept>) {
    this.size = matcher.size
  }

  normalize(name: string): DrugConcept | undefined {
    const words = tokenize(name).filter((word) => !DOSE_WORDS.has(word) && !/^[0-9.]+$/.test(word))
    if (words.length === 0) return undefined
    const whole = this.matcher.get(words.join(' '))
    if (whole !== undefined) return whole
    // The longest known phrase inside the name ("metformin er 500" → "metformin").
    for (let size = Math.min(words.length, 6); size >= 1; size -= 1) {
      for (let start = 0; start + size <= words.length; start += 1) {
        const slice = words.slice(start, start + size)
        if (size === 1 && (slice[0] as string).length < 3) continue
        const found = this.matcher.get(slice.join(' '))
        if (found !== undefined) return found
      }
    }
    for (const word of words) {
      if (word.length < 5) continue
      const corrected = this.matcher.correct(word, 2)
      if (corrected !== undefined) return { ...corrected.value, via: 'corrected' }
    }
    return undefined
  }

  findMentions(text: string): DrugMention[] {
    return this.matcher
      .find(text, { skipWords: FREE_TEXT_SKIP, minWordLength: 4, correctFrom: 8, maxEdits: 1 })
      .map((hit) => ({
        ...hit.value,
        via: hit.corrected ? 'corrected' : hit.value.via,
        text: hit.text,
        start: hit.start,
        end: hit.end,
      }))
  }
}
