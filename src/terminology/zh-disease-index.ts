/**
 * Chinese diagnosis text → ICD-10 codes through the ICD-10 Beijing clinical edition: the exact
 * name (after the shipped abbreviations: 心梗 → 心肌梗死, 冠心病 → 冠状动脉粥样硬化性心脏病), else the
 * most similar name by character n-grams when it is similar enough. Codes are returned in their
 * WHO ICD-10 form (`I21.001` stays, `I10xx02` → `I10`), so the diagnosis verifier can give the
 * same hierarchy credit as for ICD-10-CM keys, across the two code systems where the category
 * matches.
 */
import { type BeijingClinicalIcd, beijingToIcd10, isMorphologyCode } from './beijing-icd.js'
import type { DiagnosisCode, ResolveDiagnosisOptions } from './disease-index.js'
import { createNgramIndex } from './ngram-index.js'
import { cleanForMatching, expandAbbreviations } from './zh-normalizer.js'
import { foldZhTerm } from './zh-text.js'

/** Chinese diagnosis text → codes. */
export interface ZhDiseaseIndex {
  readonly source: string
  readonly nameCount: number
  /** Codes for a Chinese diagnosis, best first; empty when nothing is similar enough. */
  resolve(text: string, options?: ResolveDiagnosisOptions): DiagnosisCode[]
  /** The folded, abbreviation-expanded key a Chinese diagnosis name is compared by. */
  nameKey(text: string): string
}

/**
 * Builds the index from the loaded edition (diagnosis rows only; morphology codes are left out).
 * `minScore` of `resolve` is the lowest n-gram cosine accepted for a name that is not exact
 * (default 0.6).
 */
export function createZhDiseaseIndex(
  beijing: BeijingClinicalIcd,
  abbreviations: Readonly<Record<string, string>> = {},
): ZhDiseaseIndex {
  const expansions = new Map(
    Object.entries(abbreviations).map(([key, value]) => [key.toLowerCase(), value]),
  )
  const nameKey = (text: string): string =>
    foldZhTerm(cleanForMatching(expandAbbreviations(text, expansions)))
  const codesByKey = new Map<string, { code: string; name: string }>()
  const names: string[] = []
  const nameCodes: string[] = []
  for (const entry of beijing.entries) {
    if (isMorphologyCode(entry.code)) continue
    const code = beijingToIcd10(entry.code)
    if (code === undefined) continue
    const key = nameKey(entry.name)
    if (key.length < 2) continue
    const known = codesByKey.get(key)
    if (known !== undefined) {
      // A name listed under a category and its extension code keeps the most specific code.
      if (code.length > known.code.length) {
        known.code = code
        const position = names.indexOf(known.name)
        if (position >= 0) nameCodes[position] = code
      }
      continue
    }
    codesByKey.set(key, { code, name: entry.name })
    names.push(entry.name)
    nameCodes.push(code)
  }
  const index = createNgramIndex(names)
  return {
    source: beijing.source,
    nameCount: names.length,
    nameKey,
    resolve(text, options = {}) {
      const key = nameKey(text)
      const exact = codesByKey.get(key)
      if (exact !== undefined) {
        return [{ code: exact.code, title: exact.name, score: 1, via: 'zh-name', phrase: text }]
      }
      const minScore = options.minScore ?? 0.6
      const expanded = cleanForMatching(expandAbbreviations(text, expansions))
      const hits = index.search(expanded, options.limit ?? 3).filter((hit) => hit.score >= minScore)
      return hits.map((hit) => ({
        code: nameCodes[hit.entry] as string,
        title: names[hit.entry] as string,
        score: Math.round(hit.score * 1000) / 1000,
        via: 'zh-similar',
        phrase: text,
      }))
    },
  }
}
