/**
 * Name detection: patients, relatives and clinicians, in mixed-case, lower-case and ALL-CAPS
 * text, from context cues (titles, credentials, relations, verbs), dictionary look-ups and
 * first-name/surname pairs.
 */
import {
  capitalSignal,
  DEVICE_WORDS,
  evidence,
  isInitial,
  isRelation,
  misspeltHere,
  nameable,
  PERSON_ACTIONS,
  PERSON_FOLLOWERS,
  PERSON_VERBS,
  STATES,
  STOP_WORDS,
  TITLES,
} from './context.js'
import { credentialRuns, isCredential } from './name-credentials.js'
import {
  extendName,
  FOLLOWER_EXCEPTIONS,
  PARTICLES,
  SHORT_RELATIONS,
  skipPunctuation,
  startsAfterCue,
  startsAfterTitle,
  type TokenRun,
  titleInUse,
} from './name-cues.js'
import { extendRuns } from './name-lists.js'
import { type CaseStyle, isNearWord, type Token } from './tokens.js'

export type { TokenRun } from './name-cues.js'

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
    if (isCredential(base)) {
      credentialRuns(tokens, index, style, runs)
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
