/**
 * Grows name runs: over an initial before a name ("d. renna") and over further names of a list
 * ("Suzette and Hank", "Sons Smokey, Morris and Roger").
 */
import {
  evidence,
  FUNCTION_WORDS,
  misspeltHere,
  nameable,
  PERSON_FOLLOWERS,
  TITLES,
} from './context.js'
import { extendName, type TokenRun } from './name-cues.js'
import type { CaseStyle, Token } from './tokens.js'

/** Sources whose names may continue as a list: "Sons Smokey, Morris and Roger". */
const LIST_SOURCES = new Set(['name-relation', 'name-title'])

/** Whether a token after "and" or a comma of a list of people is one more name. */
function listedName(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (
    !nameable(token) ||
    token.lineStart ||
    token.text.length < 2 ||
    misspeltHere(tokens, index, style)
  )
    return false
  if (PERSON_FOLLOWERS.has(token.base) || FUNCTION_WORDS.has(token.base)) return false
  const kind = evidence(token)
  if (style === 'mixed') return token.capitalized && !token.allCaps && kind !== 'word'
  if (kind === 'name') return true
  return token.firstNameRank > 0 && token.firstNameRank < 1000
}

/**
 * Grows the runs found: over a lower-case or capital initial before a name ("d. renna"), and
 * over further names joined by "and", "&" or list commas ("Suzette and Hank", "Smokey, Morris
 * and Roger").
 */
export function extendRuns(
  tokens: readonly Token[],
  style: CaseStyle,
  runs: TokenRun[],
): TokenRun[] {
  const result: TokenRun[] = []
  const covered = new Set<number>()
  for (const run of runs)
    for (let index = run.first; index <= run.last; index += 1) covered.add(index)
  for (const run of runs) {
    let first = run.first
    // "d. renna", "J. O'Brien": one letter and a full stop, not an abbreviation chain ("p.o.")
    const dot = tokens[first - 1]
    const letter = tokens[first - 2]
    if (
      dot?.text === '.' &&
      letter?.kind === 'word' &&
      letter.text.length === 1 &&
      !/^[a-z]$/i.test(tokens[first - 4]?.text ?? '') &&
      tokens[first - 3]?.text !== '.' &&
      !letter.lineStart === !tokens[first]?.lineStart &&
      !FUNCTION_WORDS.has(letter.lower)
    )
      first -= 2
    result.push(first === run.first ? run : { ...run, first })
    let last = run.last
    const listing = LIST_SOURCES.has(run.source) || run.source === 'name-dictionary'
    for (let guard = 0; guard < 4; guard += 1) {
      const joiner = tokens[last + 1]
      if (joiner === undefined || joiner.lineStart) break
      const isAnd = joiner.base === 'and' || joiner.text === '&'
      const isComma = joiner.text === ',' && LIST_SOURCES.has(run.source)
      if (!isAnd && !isComma) break
      if (!listing && !isAnd) break
      let next = last + 2
      if (isComma && tokens[next]?.base === 'and') next += 1
      if (covered.has(next)) {
        last = next
        continue
      }
      if (TITLES.has(tokens[next]?.base ?? '') || !listedName(tokens, next, style)) break
      const end = extendName(tokens, next, style, 1)
      result.push({ first: next, last: end, confidence: 0.7, source: 'name-list' })
      for (let index = next; index <= end; index += 1) covered.add(index)
      last = end
    }
  }
  return result
}
