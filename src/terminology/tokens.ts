/**
 * Tokenising, light stemming and edit distance shared by the terminology indexes.
 */

/** Words that carry no meaning for matching clinical terms. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'in',
  'on',
  'at',
  'to',
  'as',
  'by',
  'for',
  'from',
  'with',
  'without',
  'due',
  'nos',
  'nec',
  'other',
  'unspecified',
  'specified',
  'not',
  'elsewhere',
  'classified',
  'is',
  'was',
  'be',
  'its',
  'this',
  'that',
])

const SUFFIXES = [
  'ations',
  'ation',
  'ically',
  'ical',
  'ions',
  'ion',
  'ive',
  'ial',
  'ies',
  'ic',
  'al',
  'ia',
  'ium',
  'um',
  'es',
  'ed',
  'ing',
  's',
  'e',
  'y',
]

/**
 * A light suffix stemmer for clinical English: British spellings folded (`anaemia` → `anemia`,
 * `oedema` → `edema`), then up to two common suffixes stripped while at least four letters
 * remain (`infarction` → `infarct`, `myocardial`/`myocardium` → `myocardi`).
 */
export function stem(word: string): string {
  let result = word
  if (result.length > 4) {
    result = result.replace(/ae/g, 'e').replace(/^oe/, 'e').replace(/oes/g, 'es')
    if (result.startsWith('haem')) result = `hem${result.slice(4)}`
  }
  for (let pass = 0; pass < 2; pass += 1) {
    if (result.length <= 4) break
    let stripped = false
    for (const suffix of SUFFIXES) {
      if (result.length - suffix.length >= 4 && result.endsWith(suffix)) {
        result = result.slice(0, -suffix.length)
        stripped = true
        break
      }
    }
    if (!stripped) break
  }
  return result
}

/**
 * Splits text into lower-case word tokens (letters and digits; accents folded). Keeps stop words;
 * callers filter them.
 */
export function tokenize(text: string): string[] {
  let lower = text.toLowerCase()
  if (/[\u0080-\uffff]/.test(lower)) lower = lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  const tokens: string[] = []
  const pattern = /[a-z0-9]+|[\u4e00-\u9fff]+/g
  for (let match = pattern.exec(lower); match !== null; match = pattern.exec(lower)) {
    tokens.push(match[0])
  }
  return tokens
}

/**
 * Optimal string alignment (Damerau-Levenshtein with adjacent transpositions) distance, or
 * `limit + 1` as soon as it exceeds `limit`.
 */
export function editDistance(left: string, right: string, limit: number): number {
  if (left === right) return 0
  const leftLength = left.length
  const rightLength = right.length
  if (Math.abs(leftLength - rightLength) > limit) return limit + 1
  let previousPrevious = new Array<number>(rightLength + 1).fill(0)
  let previous = new Array<number>(rightLength + 1)
  let current = new Array<number>(rightLength + 1)
  for (let column = 0; column <= rightLength; column += 1) previous[column] = column
  for (let row = 1; row <= leftLength; row += 1) {
    current[0] = row
    let rowMinimum = row
    const leftCode = left.charCodeAt(row - 1)
    for (let column = 1; column <= rightLength; column += 1) {
      const rightCode = right.charCodeAt(column - 1)
      const cost = leftCode === rightCode ? 0 : 1
      let value = Math.min(
        (previous[column] as number) + 1,
        (current[column - 1] as number) + 1,
        (previous[column - 1] as number) + cost,
      )
      if (
        row > 1 &&
        column > 1 &&
        leftCode === right.charCodeAt(column - 2) &&
        left.charCodeAt(row - 2) === rightCode
      ) {
        value = Math.min(value, (previousPrevious[column - 2] as number) + 1)
      }
      current[column] = value
      if (value < rowMinimum) rowMinimum = value
    }
    if (rowMinimum > limit) return limit + 1
    const recycled = previousPrevious
    previousPrevious = previous
    previous = current
    current = recycled
  }
  const distance = previous[rightLength] as number
  return distance > limit ? limit + 1 : distance
}

/** Edits tolerated in a token of this length: none below 5 letters, 1 up to 8, 2 beyond. */
export function allowedEdits(length: number): number {
  if (length < 5) return 0
  if (length < 9) return 1
  return 2
}
