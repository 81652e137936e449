/**
 * The vocabulary of de-identification: PHI types, detected spans and options.
 */

/**
 * The kinds of protected health information Galen detects, after HIPAA Safe Harbor's
 * identifiers as they appear in clinical notes.
 */
export type PhiType =
  | 'NAME'
  | 'DATE'
  | 'AGE'
  | 'PHONE'
  | 'EMAIL'
  | 'URL'
  | 'IP_ADDRESS'
  | 'SSN'
  | 'ID'
  | 'HOSPITAL'
  | 'LOCATION'
  | 'ADDRESS'
  | 'ZIP'

/** Every PHI type, in the order reports list them. */
export const PHI_TYPES: readonly PhiType[] = [
  'NAME',
  'DATE',
  'AGE',
  'PHONE',
  'EMAIL',
  'URL',
  'IP_ADDRESS',
  'SSN',
  'ID',
  'HOSPITAL',
  'LOCATION',
  'ADDRESS',
  'ZIP',
]

/** One detected piece of PHI: character offsets into the input (end exclusive). */
export interface PhiSpan {
  /** Offset of the first character (UTF-16 code units, like `String.prototype.slice`). */
  start: number
  /** Offset just past the last character. */
  end: number
  type: PhiType
  /** How sure the rule that found it is, from 0 to 1. */
  confidence: number
  /** The rule (or `model`) that found it, for debugging and evaluation. */
  source: string
}

/** Options of {@link detectPhi}. */
export interface DetectOptions {
  /**
   * Whether a bare year ("1992", "'92", "MI in 84") counts as PHI. Safe Harbor lets years stay;
   * the default (`true`) removes them too, the conservative choice.
   */
  years?: boolean
  /** Spans below this confidence are dropped. Default 0. */
  minConfidence?: number
  /** PHI types to report; default all. */
  types?: readonly PhiType[]
}

/** How {@link redact} rewrites the text. */
export type RedactMode = 'tags' | 'surrogate' | 'spans'

/** Options of {@link redact}. */
export interface RedactOptions extends DetectOptions {
  /** `tags` (default) writes `[NAME]`, `[DATE]`...; `surrogate` writes realistic fakes. */
  mode?: RedactMode
  /**
   * The patient the text belongs to. Surrogate mode shifts every date of one patient by the
   * same number of days (so intervals are kept); default: one shift for the whole text.
   */
  patientId?: string
  /** Secret that seeds surrogates and date shifts; default `galen`. Change it per corpus. */
  seed?: string
  /** Spans already found (for example by a model pass) to redact as well. */
  extraSpans?: readonly PhiSpan[]
}

/** The result of {@link redact}. */
export interface RedactResult {
  /** The redacted text (the input itself in `spans` mode). */
  text: string
  /** The spans found, with offsets into the input text. */
  spans: PhiSpan[]
  /** Days that dates were shifted by (surrogate mode only). */
  dateShiftDays?: number
}
