/**
 * Where a name may start and how far it runs: the checks that name rules share after a title,
 * a credential, a relation or a verb.
 */
import {
  capitalSignal,
  DEVICE_WORDS,
  type Evidence,
  evidence,
  FUNCTION_WORDS,
  isInitial,
  misspeltHere,
  nameable,
  nameableLoose,
  PERSON_FOLLOWERS,
} from './context.js'
import type { CaseStyle, Token } from './tokens.js'

/** A name found over a run of tokens (inclusive indexes). */
export interface TokenRun {
  first: number
  last: number
  confidence: number
  source: string
}

/** Particles inside surnames ("van", "de", "o"). */
export const PARTICLES: ReadonlySet<string> = new Set([
  'van',
  'von',
  'de',
  'del',
  'della',
  'di',
  'da',
  'la',
  'le',
  'du',
  'mc',
  'mac',
  'st',
  'ter',
  'ten',
  'den',
  'der',
  'bin',
  'ibn',
  'al',
  'el',
  'o',
])

/** Followers too common after things to mark a person on their own ("in", "at", "made"). */
export const FOLLOWER_EXCEPTIONS: ReadonlySet<string> = new Set([
  'in',
  'at',
  'made',
  'here',
  'present',
  'left',
  'came',
  'ordered',
  'brought',
])

/** Relations written short, whose full stop does not end the cue ("dtr. Mary"). */
export const SHORT_RELATIONS: ReadonlySet<string> = new Set([
  'dtr',
  'dau',
  'sis',
  'bro',
  'hsb',
  'sil',
  'dil',
  'gd',
  'gs',
])

/** Whether a token may continue a name already started. */
export function continues(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (!nameableLoose(token, style)) return false
  if (PERSON_FOLLOWERS.has(token.base)) return false
  const kind = evidence(token)
  if (kind === 'name') return true
  if (kind === 'unknown') return style !== 'mixed' || token.capitalized
  if (kind === 'ambiguous')
    return style === 'mixed'
      ? token.capitalized && !token.allCaps
      : style === 'upper' || token.capitalized
  return capitalSignal(tokens, index, style) && token.text.length > 2
}

/**
 * Extends a name from `index` forward over initials, particles and further name words,
 * returning the last index of the name.
 */
export function extendName(
  tokens: readonly Token[],
  index: number,
  style: CaseStyle,
  limit = 3,
): number {
  let last = index
  let cursor = index + 1
  let added = 0
  while (added < limit) {
    const token = tokens[cursor]
    if (token === undefined) break
    if (token.lineStart) break
    if (token.kind === 'symbol' && token.text === '.' && isInitial(tokens[cursor - 1], style)) {
      cursor += 1
      continue
    }
    if (token.kind !== 'word') break
    if (
      isInitial(token, style) &&
      token.capitalized &&
      (tokens[cursor + 1]?.text === '.' || evidence(tokens[cursor + 1] ?? token) === 'name')
    ) {
      last = cursor
      cursor += 1
      added += 1
      continue
    }
    if (PARTICLES.has(token.base) && continues(tokens, cursor + 1, style)) {
      last = cursor + 1
      cursor += 2
      added += 1
      continue
    }
    if (!continues(tokens, cursor, style)) break
    last = cursor
    cursor += 1
    added += 1
  }
  return last
}

/** Whether a token can start a name right after a strong cue (a title or credential). */
export function startsAfterTitle(
  tokens: readonly Token[],
  index: number,
  style: CaseStyle,
  strict = false,
): boolean {
  const token = tokens[index]
  if (!nameableLoose(token, style)) return false
  if (PERSON_FOLLOWERS.has(token.base)) return false
  // an initial: "Dr. J. Smith", "Mr. K"; not "ms. p: follow"
  if (token.text.length === 1) {
    if (!isInitial(token, style)) return false
    const next = tokens[index + 1]
    return (
      next === undefined ||
      next.lineStart ||
      next.text === '.' ||
      (next.kind === 'word' && evidence(next) !== 'word')
    )
  }
  const kind = evidence(token)
  if (kind === 'word')
    return (
      capitalSignal(tokens, index, style) ||
      (style === 'mixed' && token.capitalized && !token.allCaps)
    )
  // after "ms" or "mr" without a full stop (mental status, mitral regurgitation) or "and", a
  // surname that is also a word needs capitals or to be a first name too ("MR PLAN", "ms
  // given", "and most")
  if (kind === 'ambiguous' && strict) {
    if (style === 'mixed') return token.capitalized && !token.allCaps
    return (
      (token.firstNameRank > 0 && token.firstNameRank < 5000) ||
      (style === 'lower' && token.capitalized)
    )
  }
  return true
}

/**
 * Whether a title token is used as a title: "MS" and "MR" in capitals in mixed-case text are
 * mental status and mitral regurgitation unless a real name follows, and a title glued to a
 * number ("4fr") is a unit.
 */
export function titleInUse(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
  const token = tokens[index]
  if (token === undefined) return false
  const previous = tokens[index - 1]
  if (previous?.kind === 'number' && previous.end === token.start) return false
  if (style === 'mixed' && token.allCaps && (token.base === 'ms' || token.base === 'mr')) {
    const nextIndex = skipPunctuation(tokens, index + 1, '.')
    const next = tokens[nextIndex]
    if (next === undefined || next.kind !== 'word') return false
    const kind = evidence(next)
    return (
      (kind === 'name' || kind === 'unknown') &&
      !misspeltHere(tokens, nextIndex, style) &&
      next.text.length > 1
    )
  }
  return true
}

/** Whether a token can start a name after a weaker cue (a relation or a verb). */
export function startsAfterCue(
  tokens: readonly Token[],
  index: number,
  style: CaseStyle,
  strength: 'relation' | 'verb' | 'preposition',
): boolean {
  const token = tokens[index]
  if (token === undefined || token.text.length < 2) return false
  const loose = Boolean(nameableLoose(token, style))
  // a verb is a weak cue: abbreviations and device words after it are no names
  if (strength !== 'relation') {
    if (!nameable(token) || token.lineStart || misspeltHere(tokens, index, style)) return false
    if (style === 'mixed' && token.allCaps) return false
    if (style !== 'lower' && token.text.length <= 3) return false
    if (DEVICE_WORDS.has(tokens[index + 1]?.base ?? '')) return false
  } else if (!loose) {
    // "Son, Ed,": a capitalized first name after a relation, even when it spells shorthand
    if (
      !(
        style === 'mixed' &&
        token.kind === 'word' &&
        token.capitalized &&
        !token.allCaps &&
        token.firstNameRank > 0 &&
        !FUNCTION_WORDS.has(token.base)
      )
    )
      return false
    return true
  }
  if (PERSON_FOLLOWERS.has(token.base)) return false
  const kind: Evidence = evidence(token)
  if (kind === 'name') {
    return style !== 'mixed' || token.capitalized || strength === 'relation'
  }
  if (kind === 'unknown') {
    const next = tokens[index + 1]
    // "CASEWORKER BRIBRI BRIGORROS": two words in no list after a cue, in text without case
    const twoUnknown =
      style !== 'mixed' &&
      strength === 'verb' &&
      next !== undefined &&
      !next.lineStart &&
      next.kind === 'word' &&
      nameable(next) &&
      evidence(next) === 'unknown' &&
      next.text.length >= 3 &&
      !misspeltHere(tokens, index + 1, style)
    if (twoUnknown) return true
    // "with Gelfoam", "per Csurg": a lone preposition needs a dictionary name, or an initial or
    // surname after the word ("by Delvis J Carvajal")
    if (strength === 'preposition') {
      const next = tokens[index + 1]
      const nextKind = next === undefined || next.lineStart ? 'word' : evidence(next)
      const fullName =
        next !== undefined &&
        next.kind === 'word' &&
        (isInitial(next, style) || nextKind === 'name') &&
        (style !== 'mixed' || next.capitalized)
      if (!fullName) return false
    }
    return style === 'mixed' ? token.capitalized : strength === 'relation'
  }
  if (kind === 'ambiguous') {
    if (style === 'mixed') return token.capitalized && !token.allCaps
    // a common first name followed by a surname-like word: "patty hoeller", "WARREN KAVALIUNAS"
    const next = tokens[index + 1]
    const nextKind = next === undefined || next.lineStart ? 'word' : evidence(next)
    if (
      token.firstNameRank > 0 &&
      token.firstNameRank < 1500 &&
      (nextKind === 'name' || nextKind === 'unknown') &&
      nameable(next)
    )
      return true
    if (style === 'lower' && token.capitalized) return true
    return strength === 'relation' && token.firstNameRank > 0 && token.firstNameRank < 1500
  }
  // "Son Smokey": a mid-sentence capital after a relation in mixed-case text
  return (
    strength === 'relation' &&
    style === 'mixed' &&
    token.capitalized &&
    !token.allCaps &&
    token.text.length > 2 &&
    !token.lineStart &&
    !FUNCTION_WORDS.has(token.base)
  )
}

/** Index of the next non-punctuation token after `index`, skipping ".", ",", ":", "(", "-". */
export function skipPunctuation(
  tokens: readonly Token[],
  index: number,
  allowed = '.,:(-#/',
): number {
  let cursor = index
  while (tokens[cursor]?.kind === 'symbol' && allowed.includes(tokens[cursor]?.text ?? ''))
    cursor += 1
  return cursor
}
