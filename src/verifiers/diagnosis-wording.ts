/**
 * Wording rules of the diagnosis verifier: diagnoses a response rules out, in English and
 * Chinese, and lay English names of common diagnoses.
 */
import { phraseKey, readLexiconEntries } from '../terminology/index.js'

/** English cues before the diagnosis: "Not a myocardial infarction", "no evidence of", "ruled out". */
const ENGLISH_BEFORE =
  /^\s*(?:not(?:\s+(?:a|an|the))?|no(?:\s+evidence\s+of)?|(?:is|was)\s+not|unlikely(?:\s+to\s+be)?|ruled\s+out|excluded|negative\s+for|without|absence\s+of|there\s+is\s+no)\b/i

/** English cues after it: "MI (ruled out)", "pneumonia - excluded", "PE is unlikely". */
const ENGLISH_AFTER =
  /(?:\b(?:ruled\s+out|excluded|unlikely|not\s+(?:likely|supported|present)|negative)\s*[)\].]*\s*$)/i

/**
 * Chinese cues before the diagnosis: 排除 (ruled out), 除外, 不考虑 (not considered), 不支持,
 * 否认, 不是, 并非, 未见, 不像. 待排除 / 待除外 (still to be ruled out) and 不除外 (cannot be ruled
 * out) are not negations.
 */
const CHINESE_BEFORE = /^\s*(?:可以|可|已)?(?:排除|除外|不考虑|不支持|否认|不是|并非|未见|不像)/

/** Chinese cues after it: "心梗（已排除）", "肺炎可能性小", "主动脉夹层不考虑". */
const CHINESE_AFTER =
  /(?:(?<!待)(?:已?排除|可排除|除外)|不考虑|不支持|可能性(?:很|较)?小)\s*[)）]?\s*$/

/** Whether a predicted diagnosis is written as ruled out rather than proposed. */
export function isNegatedDiagnosis(text: string): boolean {
  const trimmed = text.trim()
  if (/^[待不]\s*(?:排除|除外)/.test(trimmed)) return false
  return (
    CHINESE_BEFORE.test(trimmed) ||
    CHINESE_AFTER.test(trimmed) ||
    ENGLISH_BEFORE.test(trimmed) ||
    ENGLISH_AFTER.test(trimmed)
  )
}

let layNames: Map<string, string> | undefined

function layNameMap(): Map<string, string> {
  if (layNames === undefined) {
    layNames = new Map()
    for (const [lay, clinical] of Object.entries(readLexiconEntries('diagnosis-lay-names.json'))) {
      if (typeof clinical === 'string') layNames.set(phraseKey(lay), clinical)
    }
  }
  return layNames
}

/**
 * The clinical name of a lay English diagnosis ("high blood pressure" → "hypertension",
 * "heart attack" → "myocardial infarction") from the shipped lexicon, or the text unchanged.
 */
export function layDiagnosisName(text: string): string {
  return layNameMap().get(phraseKey(text)) ?? text
}
