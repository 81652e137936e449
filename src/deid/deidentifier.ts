/**
 * The configurable de-identifier: rules, optional model pass, per-patient memory of names and
 * places, and redaction. Corpus ingestion and the CLI use it.
 */
import { InputError } from '../errors.js'
import type { ChatModel } from '../llm/chat-model.js'
import { detectWithRules, mergeSpans } from './detect.js'
import { type DeidDictionaries, loadDictionaries } from './dictionaries.js'
import { detectWithModel } from './model-pass.js'
import { type DeidPolicy, detectWithPolicy, parseDeidPolicy } from './policy.js'
import { parseRedactMode, renderRedaction, settleTagSpans } from './redact.js'
import type { DeidTagger } from './tagger.js'
import type { PhiSpan, PhiType, RedactMode, RedactResult } from './types.js'

/** Construction settings of {@link createDeidentifier}. */
export interface DeidentifierSettings {
  /** Folder of the word lists; default the shipped `data/deid`. */
  dictionaryFolder?: string
  /** Optional model pass: adds the spans the model names, never removes any. */
  model?: ChatModel
  /** Whether bare years are PHI (default true; Safe Harbor allows keeping them). */
  years?: boolean
  /** Spans below this confidence are dropped (default 0). */
  minConfidence?: number
  /** Types to report (default all). */
  types?: readonly PhiType[]
  /** Default mode of {@link Deidentifier.redact} (default `tags`). */
  mode?: RedactMode
  /** Secret seeding surrogates and date shifts (default `galen`). */
  seed?: string
  /** A learned tagger (`trainTagger`, `loadTagger`) whose spans join the rules' spans. */
  tagger?: DeidTagger
  /**
   * `balanced` (default) or `recall`: keep a word only when it is known to be safe, and lean the
   * tagger towards PHI (for preparing training data).
   */
  policy?: DeidPolicy
}

/** Options of one call. */
export interface DeidentifyOptions {
  text: string
  /** Patient the text belongs to: surrogate dates shift per patient. */
  patientId?: string
  signal?: AbortSignal
}

/** A configured de-identifier. */
export interface Deidentifier {
  /** Finds PHI spans (rules, then the model pass when configured). */
  detect(options: DeidentifyOptions): Promise<PhiSpan[]>
  /**
   * Finds PHI in several texts of one patient: a name or place found with confidence in one
   * note is redacted wherever it appears in the others.
   */
  detectMany(options: {
    texts: readonly string[]
    patientId?: string
    signal?: AbortSignal
  }): Promise<PhiSpan[][]>
  /** Detects and rewrites a text. */
  redact(options: DeidentifyOptions & { mode?: RedactMode }): Promise<RedactResult>
}

const REMEMBERED: ReadonlySet<PhiType> = new Set(['NAME', 'HOSPITAL', 'LOCATION'])

/** Words of confident name and place spans, worth looking for in a patient's other notes. */
function collectTerms(
  texts: readonly string[],
  spans: readonly PhiSpan[][],
  dictionaries: DeidDictionaries,
): Map<string, PhiType> {
  const terms = new Map<string, PhiType>()
  texts.forEach((text, index) => {
    for (const span of spans[index] ?? []) {
      if (!REMEMBERED.has(span.type) || span.confidence < 0.75 || span.source === 'model') continue
      for (const word of text
        .slice(span.start, span.end)
        .toLowerCase()
        .match(/[a-z]+(?:'[a-z]+)*(?:-[a-z]+)*/g) ?? []) {
        const base = word.endsWith("'s") ? word.slice(0, -2) : word
        if (
          base.length < 3 ||
          dictionaries.englishWords.has(base) ||
          dictionaries.clinicalTerms.has(base)
        )
          continue
        if (!terms.has(base)) terms.set(base, span.type)
      }
    }
  })
  return terms
}

/**
 * Creates a de-identifier.
 *
 * @example
 * const deid = createDeidentifier({ mode: 'surrogate', seed: process.env.DEID_SEED })
 * const { text } = await deid.redact({ text: note, patientId: '42' })
 * @throws ConfigError when a dictionary is missing; InputError for an unknown mode
 */
export function createDeidentifier(settings: DeidentifierSettings = {}): Deidentifier {
  const dictionaries = loadDictionaries(settings.dictionaryFolder)
  const defaultMode = parseRedactMode(settings.mode ?? 'tags')
  if (
    settings.minConfidence !== undefined &&
    !(settings.minConfidence >= 0 && settings.minConfidence <= 1)
  ) {
    throw new InputError(`deid: minConfidence ${settings.minConfidence} is not between 0 and 1`, {
      field: 'minConfidence',
      value: settings.minConfidence,
    })
  }
  const ruleOptions = {
    dictionaries,
    policy: parseDeidPolicy(settings.policy ?? 'balanced'),
    ...(settings.tagger === undefined ? {} : { tagger: settings.tagger }),
    ...(settings.years === undefined ? {} : { years: settings.years }),
    ...(settings.minConfidence === undefined ? {} : { minConfidence: settings.minConfidence }),
    ...(settings.types === undefined ? {} : { types: settings.types }),
  }
  const withModel = async (
    text: string,
    spans: PhiSpan[],
    signal?: AbortSignal,
  ): Promise<PhiSpan[]> => {
    if (settings.model === undefined) return spans
    const extra = await detectWithModel({
      model: settings.model,
      text,
      ...(signal === undefined ? {} : { signal }),
    })
    const allowed =
      settings.types === undefined
        ? extra
        : extra.filter((span) => settings.types?.includes(span.type))
    return mergeSpans([...spans, ...allowed])
  }
  const detect = async (
    options: DeidentifyOptions,
    knownTerms?: Map<string, PhiType>,
  ): Promise<PhiSpan[]> => {
    if (typeof options.text !== 'string') {
      throw new InputError('deid: text must be a string', { field: 'text', value: options.text })
    }
    const spans = detectWithPolicy(
      options.text,
      knownTerms === undefined ? ruleOptions : { ...ruleOptions, knownTerms },
    )
    return withModel(options.text, spans, options.signal)
  }
  return {
    detect: (options) => detect(options),
    async detectMany(options) {
      // confident rule spans are what spreads; the tagger's and the policy's never do
      const first = options.texts.map((text) => detectWithRules(text, ruleOptions))
      const terms = collectTerms(options.texts, first, dictionaries)
      const results: PhiSpan[][] = []
      for (const text of options.texts) {
        results.push(
          await detect(
            { text, ...(options.signal === undefined ? {} : { signal: options.signal }) },
            terms,
          ),
        )
      }
      return results
    },
    async redact(options) {
      const mode = parseRedactMode(options.mode ?? defaultMode)
      const detected = await detect(options)
      const spans =
        mode === 'tags'
          ? settleTagSpans(options.text, detected, (tagged) =>
              detectWithPolicy(tagged, ruleOptions),
            )
          : detected
      return renderRedaction(options.text, spans, {
        mode,
        dictionaries,
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        ...(options.patientId === undefined ? {} : { patientId: options.patientId }),
      })
    },
  }
}
