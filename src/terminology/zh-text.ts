/**
 * Folding and character n-grams for Chinese clinical terms. Chinese diagnosis strings have no
 * spaces and mix in Latin abbreviations, full-width characters and stray punctuation, so terms
 * are compared by character unigrams and bigrams after folding rather than by words.
 */

/** Whether a character is a CJK unified ideograph. */
export function isHan(character: string): boolean {
  const code = character.codePointAt(0) ?? 0
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
}

/**
 * Folds a term for matching: NFKC (full-width letters, digits and brackets to ASCII), Latin to
 * lower case, Roman numerals and Chinese ordinal variants left as written, and every character
 * that is not a letter, digit or ideograph removed. Never throws.
 */
export function foldZhTerm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
}

/** The characters of a folded term as code-point strings. */
function characters(text: string): string[] {
  return Array.from(text)
}

/**
 * The unigrams and bigrams of a folded term, as a multiset (term → count). A run of Latin
 * letters or digits counts as one unit, so "ca" and "2型" compare as wholes.
 */
export function zhNgrams(folded: string): Map<string, number> {
  const units: string[] = []
  let run = ''
  for (const character of characters(folded)) {
    if (/[a-z0-9]/.test(character)) {
      run += character
      continue
    }
    if (run !== '') {
      units.push(run)
      run = ''
    }
    units.push(character)
  }
  if (run !== '') units.push(run)
  const grams = new Map<string, number>()
  for (let index = 0; index < units.length; index += 1) {
    const unit = units[index] as string
    grams.set(unit, (grams.get(unit) ?? 0) + 1)
    const next = units[index + 1]
    if (next !== undefined) {
      const bigram = `${unit}\u0001${next}`
      grams.set(bigram, (grams.get(bigram) ?? 0) + 1)
    }
  }
  return grams
}
