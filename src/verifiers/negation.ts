/**
 * Decides whether a mention (a test, a drug) is negated by its sentence: "no need for a CT",
 * "avoid NSAIDs", "a CT is not indicated", "instead of an MRI", "无需CT". A small NegEx-style rule
 * set: cues before the mention within its clause, and cues after it up to the clause end.
 */

/** Cues that negate what follows them in the same clause. */
const BEFORE =
  /(?:\bno\b|\bnot\b|\bnever\b|\bwithout\b|\bavoid(?:ing|ed)?\b|\bunnecessary\b|\bno\s+need\s+(?:for|to)\b|\bnot\s+(?:needed|necessary|required|indicated|recommended)\b|\bdon'?t\b|\bdo\s+not\b|\bdoes\s+not\b|\bshould\s+not\b|\bshouldn'?t\b|\bwould\s+not\b|\bwouldn'?t\b|\brather\s+than\b|\binstead\s+of\b|\bdefer(?:red|ring)?\b|\bhold(?:ing)?\s+off\b|\b(?:with)?hold(?:ing)?\b|\bdiscontinu(?:e|ed|ing)\b|\bstop(?:ped|ping)?\b|\bcontraindicated\b|\bdecline[ds]?\b|\bforgo\b|\bskip\b|无需|不需要|不必|避免|不建议|不推荐|停用|禁用)[^.;:!?\n]*$/i

/** Cues after a mention that negate it ("CT is not indicated", "CT unnecessary"). */
const AFTER =
  /^[^.;!?\n]{0,40}?(?:\b(?:is|are|was|were|would\s+be)\s+(?:not|un)\s*(?:needed|necessary|required|indicated|recommended|warranted|helpful|useful)\b|\bunnecessary\b|\bnot\s+(?:needed|necessary|required|indicated|recommended|warranted)\b|\bcontraindicated\b|\bshould\s+(?:be\s+)?(?:avoided|stopped|discontinued|held)\b|\bcan\s+be\s+(?:avoided|omitted|skipped)\b|不需要|无需|不必)/i

/** Clause breaks: a cue before one of these does not reach a mention after it. */
const CLAUSE_BREAK =
  /[.;!?\n]|\bbut\b|\bhowever\b|\balthough\b|\bthen\b|\bfollowed\s+by\b|,\s*(?:and\s+)?(?:order|obtain|get|check|start|give|perform|consider)\b|但|然后|。|；/gi

/** Cue words that end a negation scope in the other direction ("rule out" is a reason to test). */
const PSEUDO_NEGATION = /\b(?:rule\s+out|r\/o|not\s+only|no\s+doubt|whether\s+or\s+not|if\s+not)\b/i

/**
 * Whether the mention at [start, end) of `text` is negated by its clause.
 */
export function isNegated(text: string, start: number, end: number): boolean {
  const windowStart = Math.max(0, start - 120)
  let before = text.slice(windowStart, start)
  CLAUSE_BREAK.lastIndex = 0
  let cut = -1
  for (let match = CLAUSE_BREAK.exec(before); match !== null; match = CLAUSE_BREAK.exec(before)) {
    cut = match.index + match[0].length
  }
  if (cut >= 0) before = before.slice(cut)
  if (BEFORE.test(before) && !PSEUDO_NEGATION.test(before)) return true
  const after = text.slice(end, end + 80)
  return AFTER.test(after)
}
