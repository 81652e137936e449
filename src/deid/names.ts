/**
 * Name detection: patients, relatives and clinicians, in mixed-case, lower-case and ALL-CAPS
 * text, from context cues (titles, credentials, relations, verbs), dictionary look-ups and
 * first-name/surname pairs.
 */
import {
  CREDENTIALS,
  capitalSignal,
  DEVICE_WORDS,
  type Evidence,
  evidence,
  FUNCTION_WORDS,
  isInitial,
  isRelation,
  misspeltHere,
  nameable,
  nameableLoose,
  PERSON_ACTIONS,
  PERSON_FOLLOWERS,
  PERSON_VERBS,
  properLooking,
  STATES,
  STOP_WORDS,
  TITLES,
} from './context.js'
import { type CaseStyle, isMisspelt, isNearWord, type Token } from './tokens.js'

/** A name found over a run of tokens (inclusive indexes). */
export interface TokenRun {
  first: number
  last: number
  confidence: number
  source: string
}

const PARTICLES = new Set([
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
const FOLLOWER_EXCEPTIONS = new Set([
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
const SHORT_RELATIONS = new Set(['dtr', 'dau', 'sis', 'bro', 'hsb', 'sil', 'dil', 'gd', 'gs'])

/** Whether a token may continue a name already started. */
function continues(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
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
function extendName(tokens: readonly Token[], index: number, style: CaseStyle, limit = 3): number {
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
function startsAfterTitle(
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
function titleInUse(tokens: readonly Token[], index: number, style: CaseStyle): boolean {
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
function startsAfterCue(
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
function skipPunctuation(tokens: readonly Token[], index: number, allowed = '.,:(-#/'): number {
  let cursor = index
  while (tokens[cursor]?.kind === 'symbol' && allowed.includes(tokens[cursor]?.text ?? ''))
    cursor += 1
  return cursor
}

/** Finds names in a tokenized text. */
export function detectNames(tokens: readonly Token[], style: CaseStyle): TokenRun[] {
  const runs: TokenRun[] = []
  const count = tokens.length
  for (let index = 0; index < count; index += 1) {
    const token = tokens[index]
    if (token === undefined || token.kind !== 'word') continue
    const base = token.base

    // Titles: "Dr. Smith", "MR. EDWIN PRZYBYLO", "drs Ferullo and Saeed", "DR'S CAMARDA AND CLIFFORD"
    if (TITLES.has(base) || TITLES.has(token.lower)) {
      if (!titleInUse(tokens, index, style)) continue
      let start = skipPunctuation(tokens, index + 1, '.')
      // "Dr. o rourke", "Dr. van Dyke": a particle before the surname
      if (
        PARTICLES.has(tokens[start]?.base ?? '') &&
        !tokens[start + 1]?.lineStart &&
        startsAfterTitle(tokens, start + 1, style)
      ) {
        const particleRun = extendName(tokens, start + 1, style)
        runs.push({ first: start, last: particleRun, confidence: 0.9, source: 'name-title' })
        continue
      }
      let plural = base === 'drs' || token.lower === "dr's" || base === 'doctors'
      const weakTitle = (base === 'ms' || base === 'mr') && tokens[index + 1]?.text !== '.'
      let strict = weakTitle
      while (startsAfterTitle(tokens, start, style, strict)) {
        const last = extendName(tokens, start, style)
        runs.push({ first: start, last, confidence: 0.9, source: 'name-title' })
        // "Dr. A and Dr. B" is caught by the loop; "Drs A and B" continues here
        const next = tokens[last + 1]
        if (next?.base === 'and' || (plural && next?.text === ',')) {
          plural = true
          const following = last + 2
          if (TITLES.has(tokens[following]?.base ?? '')) break
          strict = true
          if (!startsAfterTitle(tokens, following, style, strict)) break
          start = following
          continue
        }
        break
      }
      continue
    }

    // Credentials after a name: "Marie Munroe, RN", "ROBERT V. DEGIORGIO, RRT", "Peppler,MD"
    if (CREDENTIALS.has(base) || (base.length <= 4 && CREDENTIALS.has(base.replace(/\./g, '')))) {
      const after = tokens[index + 1]
      // "3RD": an ordinal, not a dietitian
      const previousToken = tokens[index - 1]
      if (previousToken?.kind === 'number' && previousToken.end === token.start) continue
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
      continue
    }

    // Relations: "wife Mary", "son ,dave,", "DAUGHTER-KRISSY", "Nephew, Neil Meitz"
    if (isRelation(token)) {
      // "son. Found out": a full stop ends the cue, except after a shortened relation ("dtr.")
      let start = skipPunctuation(tokens, index + 1, ',:(-#/?)')
      if (tokens[start]?.text === '.' && SHORT_RELATIONS.has(token.base))
        start = skipPunctuation(tokens, start + 1, ',:(-#/?)')
      if (tokens[start]?.base === 'named' || tokens[start]?.base === 'is')
        start = skipPunctuation(tokens, start + 1)
      if (startsAfterCue(tokens, start, style, 'relation')) {
        runs.push({
          first: start,
          last: extendName(tokens, start, style),
          confidence: 0.8,
          source: 'name-relation',
        })
      }
      continue
    }

    // Verbs: "spoke with Jean", "called Bill", "per Marotta"
    if (PERSON_VERBS.has(base)) {
      let start = index + 1
      if (
        tokens[start]?.base === 'with' ||
        tokens[start]?.base === 'to' ||
        tokens[start]?.base === 'by'
      )
        start += 1
      start = skipPunctuation(tokens, start, ':')
      const lone = start === index + 1 && (base === 'with' || base === 'by' || base === 'per')
      if (startsAfterCue(tokens, start, style, lone ? 'preposition' : 'verb')) {
        runs.push({
          first: start,
          last: extendName(tokens, start, style),
          confidence: 0.7,
          source: 'name-verb',
        })
      }
      continue
    }

    // "Smith aware", "Smith paged": a capitalized unknown or name word before a follower verb
    // Initials: "J. Chang", "S. DOMINICO"
    if (isInitial(token, style) && token.capitalized && tokens[index + 1]?.text === '.') {
      const next = index + 2
      const following = tokens[next]
      if (following !== undefined && !following.lineStart && nameable(following)) {
        const kind = evidence(following)
        if (
          (kind === 'name' || kind === 'unknown') &&
          following.capitalized &&
          following.text.length > 1
        ) {
          runs.push({
            first: index,
            last: extendName(tokens, next, style),
            confidence: 0.7,
            source: 'name-initial',
          })
        }
      }
      continue
    }

    if (!nameable(token) || token.text.length < 2) continue
    const kind = evidence(token)
    // "bill called once", "Bob visited": a common first name doing something
    const action = tokens[index + 1]
    if (
      token.firstNameRank > 0 &&
      token.firstNameRank < 1500 &&
      action !== undefined &&
      !action.lineStart &&
      PERSON_ACTIONS.has(action.base) &&
      (style !== 'mixed' || token.capitalized) &&
      (kind !== 'ambiguous' || style !== 'upper')
    ) {
      runs.push({ first: index, last: index, confidence: 0.65, source: 'name-action' })
      continue
    }
    // A word in no list doing what people do: "Kavaliunas aware", "NISKA SHANBRI AWARE",
    // "Romero family", "Martov called": one or two unknown words before a follower
    if ((kind === 'unknown' || kind === 'name') && token.text.length >= 3) {
      const second = tokens[index + 1]
      const pair =
        second !== undefined &&
        second.kind === 'word' &&
        !second.lineStart &&
        nameable(second) &&
        (evidence(second) === 'unknown' || evidence(second) === 'name') &&
        second.text.length >= 3
      const verbIndex = pair ? index + 2 : index + 1
      const verb = tokens[verbIndex]
      const written =
        style === 'mixed'
          ? token.capitalized && !token.allCaps && (!pair || second?.capitalized === true)
          : true
      if (
        written &&
        verb !== undefined &&
        !verb.lineStart &&
        (PERSON_FOLLOWERS.has(verb.base) ||
          PERSON_ACTIONS.has(verb.base) ||
          verb.base === 'family') &&
        !FOLLOWER_EXCEPTIONS.has(verb.base) &&
        !misspeltHere(tokens, index, style) &&
        !(pair && misspeltHere(tokens, index + 1, style)) &&
        // without capitals, one letter from a word is a typo ("tema notified")
        !(style !== 'mixed' && kind === 'unknown' && isNearWord(token))
      ) {
        runs.push({
          first: index,
          last: verbIndex - 1,
          confidence: 0.65,
          source: 'name-follower',
        })
        index = verbIndex - 1
        continue
      }
    }
    // Dictionary names that are no English word: "Nicholson", "healey", "VASQUEZ"
    if (kind === 'name') {
      if (token.allCaps && token.text.length <= 3 && style === 'mixed') continue
      // a state ("towson maryland") unless it is a common first name ("Virginia", "Georgia")
      if (STATES.has(token.base) && !(token.firstNameRank > 0 && token.firstNameRank < 1000))
        continue
      const rank = Math.min(
        token.firstNameRank || Number.POSITIVE_INFINITY,
        token.surnameRank || Number.POSITIVE_INFINITY,
      )
      // rare dictionary entries collide with shorthand: they need a capital that means something
      if (rank >= 20000 && !capitalSignal(tokens, index, style)) continue
      // in mixed-case text a name alone is capitalized ("rad al", "ate reuben sandwich")
      if (style === 'mixed' && !token.capitalized) continue
      const next = tokens[index + 1]
      const pairedName =
        next !== undefined &&
        next.kind === 'word' &&
        !next.lineStart &&
        nameable(next) &&
        (evidence(next) === 'name' ||
          (evidence(next) === 'unknown' && !misspeltHere(tokens, index + 1, style)) ||
          // "Zoe Young": a first name and a capitalized surname that is also a word
          (style === 'mixed' &&
            evidence(next) === 'ambiguous' &&
            next.capitalized &&
            !next.allCaps &&
            token.firstNameRank > 0 &&
            next.surnameRank > 0))
      if (!pairedName) {
        // short entries are shorthand ("ina", "mai", "tod"); a word before a device or sign
        // names the thing ("Quentin catheter", "parkinson tremor")
        // (a common first name written as one in mixed-case text stays: "Amy", "Zak")
        if (
          token.base.length < 4 &&
          !(
            style === 'mixed' &&
            token.base.length === 3 &&
            !token.allCaps &&
            token.firstNameRank > 0 &&
            token.firstNameRank < 1000
          )
        )
          continue
        if (DEVICE_WORDS.has(next?.base ?? '')) continue
        // without capitals, a lone surname one letter from an English word is a misspelling
        // ("DEINES any pain", "liquid stoll")
        if (
          style !== 'mixed' &&
          token.firstNameRank === 0 &&
          isNearWord(token) &&
          next?.base !== 'family'
        )
          continue
      }
      const confidence = rank < 5000 ? 0.75 : rank < 20000 ? 0.65 : 0.55
      runs.push({
        first: index,
        last: extendName(tokens, index, style),
        confidence,
        source: 'name-dictionary',
      })
      continue
    }
    // First name + surname pairs with capitals: "Jean Hudson", "Carole Hayes", "Art White"
    if (kind === 'ambiguous' || kind === 'unknown') {
      const next = tokens[index + 1]
      if (next === undefined || next.kind !== 'word' || next.lineStart) continue
      const signal =
        style === 'mixed'
          ? token.capitalized && !token.allCaps && next.capitalized && !next.allCaps
          : style === 'upper' &&
            kind === 'ambiguous' &&
            token.firstNameRank > 0 &&
            token.firstNameRank < 1000
      if (!signal || !nameable(next)) continue
      const nextKind = evidence(next)
      if (style !== 'mixed' && nextKind !== 'name') continue
      const firstLike = token.firstNameRank > 0 || (kind === 'unknown' && style === 'mixed')
      const lastLike =
        nextKind === 'name' ||
        nextKind === 'unknown' ||
        (next.surnameRank > 0 && next.surnameRank < 5000)
      if (
        firstLike &&
        lastLike &&
        (kind === 'unknown' ? nextKind === 'name' || nextKind === 'unknown' : true)
      ) {
        if (STOP_WORDS.has(next.base)) continue
        runs.push({
          first: index,
          last: extendName(tokens, index, style),
          confidence: 0.65,
          source: 'name-pair',
        })
      }
    }
  }
  return extendRuns(tokens, style, runs)
}

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
function extendRuns(tokens: readonly Token[], style: CaseStyle, runs: TokenRun[]): TokenRun[] {
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
