/**
 * Credentials: a clinician's name before "RN", "MD", "NP" ("Marie Munroe, RN", "ROBERT V.
 * DEGIORGIO, RRT", "Peppler,MD") and a first name after one ("NP Carol").
 */
import {
  CREDENTIALS,
  DEVICE_WORDS,
  evidence,
  isInitial,
  misspeltHere,
  nameable,
  properLooking,
} from './context.js'
import { extendName, skipPunctuation, startsAfterCue, type TokenRun } from './name-cues.js'
import { type CaseStyle, isMisspelt, type Token } from './tokens.js'

/** Whether a token is a credential ("RN", "M.D", "pharmd"). */
export function isCredential(base: string): boolean {
  return CREDENTIALS.has(base) || (base.length <= 4 && CREDENTIALS.has(base.replace(/\./g, '')))
}

/** Adds the names a credential at `index` marks to `runs`. */
export function credentialRuns(
  tokens: readonly Token[],
  index: number,
  style: CaseStyle,
  runs: TokenRun[],
): void {
  const token = tokens[index]
  if (token === undefined) return
  const after = tokens[index + 1]
  // "3RD": an ordinal, not a dietitian
  const previousToken = tokens[index - 1]
  if (previousToken?.kind === 'number' && previousToken.end === token.start) return
  // "PA line", "PA 54/18", "RN to wean": a credential before a number or a device is no
  // signature ("PA" is also the pulmonary artery)
  const usedAsWord =
    (after !== undefined &&
      !after.lineStart &&
      (after.kind === 'number' || DEVICE_WORDS.has(after.base) || after.base === "p's")) ||
    isMisspelt(token)
  const credentialLooks =
    !usedAsWord &&
    (style !== 'mixed' || token.allCaps || token.text === 'Md' || token.text === 'Np')
  if (credentialLooks) {
    let cursor = index - 1
    if (tokens[cursor]?.text === ',') cursor -= 1
    let first = -1
    let strong = false
    let words = 0
    while (cursor >= 0 && words < 4) {
      const candidate = tokens[cursor]
      if (candidate === undefined) break
      if (
        candidate.kind === 'symbol' &&
        candidate.text === '.' &&
        isInitial(tokens[cursor - 1], style)
      ) {
        cursor -= 1
        continue
      }
      if (candidate.kind !== 'word') break
      if (!nameable(candidate) && !isInitial(candidate, style)) break
      if (misspeltHere(tokens, cursor, style)) break
      const kind = evidence(candidate)
      if (kind === 'word' && !isInitial(candidate, style)) {
        if (!(style === 'mixed' && candidate.capitalized && !candidate.allCaps)) break
      }
      // in mixed-case text a name is capitalized ("maintenance fld, MD will")
      if (kind === 'unknown' && style === 'mixed' && !candidate.capitalized) break
      if (
        kind === 'name' ||
        kind === 'unknown' ||
        (kind === 'ambiguous' && properLooking(tokens, cursor, style))
      )
        strong = true
      first = cursor
      words += 1
      if (candidate.lineStart) break
      cursor -= 1
    }
    // a credential ending a line or followed by punctuation signs a note; mid-sentence ("PA
    // line", "see MD notes") it needs a dictionary name before it
    const signature =
      after === undefined ||
      after.lineStart ||
      (after.kind === 'symbol' && after.text !== '/') ||
      tokens[index - 1]?.text === ','
    let dictionaryName = false
    let allProper = style === 'mixed'
    for (let look = Math.max(0, first); look < index; look += 1) {
      const candidate = tokens[look]
      if (candidate === undefined || candidate.kind !== 'word') continue
      if (evidence(candidate) === 'name') dictionaryName = true
      if (!candidate.capitalized || candidate.allCaps) allProper = false
    }
    if (allProper) dictionaryName = true
    // "SHANQUI QUIKALO NP", "dungor peltov np": two words in no list before a credential
    if (
      style !== 'mixed' &&
      first >= 0 &&
      index - first >= 2 &&
      evidence(tokens[index - 1] ?? token) === 'unknown' &&
      evidence(tokens[index - 2] ?? token) === 'unknown'
    )
      dictionaryName = true
    // without capitals to go by, one word must be a dictionary name or a first name
    let personal = style === 'mixed'
    for (let look = Math.max(0, first); look < index; look += 1) {
      const candidate = tokens[look]
      if (candidate === undefined || candidate.kind !== 'word') continue
      const kind = evidence(candidate)
      if (
        kind === 'name' ||
        kind === 'unknown' ||
        (candidate.firstNameRank > 0 && candidate.firstNameRank < 5000) ||
        isInitial(candidate, style)
      )
        personal = true
    }
    if (
      first >= 0 &&
      personal &&
      strong &&
      (signature || dictionaryName) &&
      !token.lower.endsWith("'s")
    ) {
      let last = index - 1
      if (tokens[last]?.text === ',') last -= 1
      runs.push({ first, last, confidence: 0.85, source: 'name-credential' })
    }
  }
  // "NP CAROL", "RN Mary Smith": a credential before a first name
  const next = skipPunctuation(tokens, index + 1, '.')
  const following = tokens[next]
  // (not after a signature: "Arthur Peppler,MD made no changes")
  const signed = runs.length > 0 && (runs[runs.length - 1]?.last ?? -2) >= index - 2
  if (
    following !== undefined &&
    !usedAsWord &&
    !signed &&
    (following.firstNameRank > 0 ||
      evidence(following) === 'name' ||
      (evidence(following) === 'unknown' &&
        following.text.length >= 3 &&
        (style !== 'mixed' || (following.capitalized && !following.allCaps)) &&
        !misspeltHere(tokens, next, style))) &&
    !(
      following.english &&
      !(style === 'mixed' && following.capitalized) &&
      !(following.firstNameRank > 0 && following.firstNameRank < 1000)
    ) &&
    tokens[next + 1]?.kind !== 'number' &&
    startsAfterCue(tokens, next, style, 'relation')
  ) {
    runs.push({
      first: next,
      last: extendName(tokens, next, style),
      confidence: 0.7,
      source: 'name-credential-before',
    })
  }
}
