/**
 * MIRAGE's own scorer, reproduced for comparison with its leaderboard (Teddy-XiongGZ/MIRAGE,
 * `src/evaluate.py` and `src/utils.py:locate_answer`). Its behaviour, quirks included:
 *
 * 1. Responses are visited in sorted id order. Only the first stored response counts.
 * 2. The text after the last `"answer_choice": "` is taken (the whole response when absent) and
 *    stripped of surrounding whitespace.
 * 3. Rules, first match wins: the text is exactly a letter A-D (a trailing newline allowed);
 *    starts with a letter followed by " or", " and", "/", ","; contains "Option X"/"option X";
 *    contains ":" followed by a letter; starts with a letter followed by ".", `"`, ":".
 * 4. When nothing matches, the answer is "A" (not "unparsed").
 * 5. An empty response list (`[]`) reuses the previous question's response: Python's loop
 *    variable outlives the loop in `evaluate()`. For the first question there is none, so "A".
 * 6. Only letters A-D exist (a PubMedQA "D" is simply wrong).
 *
 * Records keep `status: 'format_error'` and method `mirage-default-A` when rule 4 decided, so
 * the unparsed rate stays visible while the accuracy matches MIRAGE's.
 */
import type { BenchmarkItem } from '../item.js'
import type { ScoredAnswer } from './scored-answer.js'

const RULES: ReadonlyArray<{ pattern: RegExp; method: string }> = [
  { pattern: /^\s*(A|B|C|D)(?=\n?$)/, method: 'mirage-letter-only' },
  { pattern: /^\s*(A|B|C|D) or/, method: 'mirage-letter-or' },
  { pattern: /^\s*(A|B|C|D) and/, method: 'mirage-letter-and' },
  { pattern: /^\s*(A|B|C|D)\//, method: 'mirage-letter-slash' },
  { pattern: /^\s*(A|B|C|D),/, method: 'mirage-letter-comma' },
  { pattern: /[Oo]ption (A|B|C|D)/, method: 'mirage-option-x' },
  { pattern: /:\s*(A|B|C|D)/, method: 'mirage-colon-x' },
  { pattern: /^\s*(A|B|C|D)\./, method: 'mirage-letter-period' },
  { pattern: /^\s*(A|B|C|D)"/, method: 'mirage-letter-quote' },
  { pattern: /^\s*(A|B|C|D):/, method: 'mirage-letter-colon' },
]

// Python's str.strip() also strips the separators U+001C-U+001F and U+0085.
const PYTHON_SPACE = '\\s\\u001c-\\u001f\\u0085'
const PYTHON_WHITESPACE = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, 'g')

/** MIRAGE's `locate_answer`: the letter and the rule that chose it. */
export function locateMirageAnswer(sentence: string): { letter: string; method: string } {
  for (const rule of RULES) {
    const match = rule.pattern.exec(sentence)
    if (match?.[1] !== undefined) return { letter: match[1], method: rule.method }
  }
  return { letter: 'A', method: 'mirage-default-A' }
}

/** The text MIRAGE hands to `locate_answer`: after the last `"answer_choice": "`, stripped. */
export function mirageAnswerSegment(response: string): string {
  const parts = response.split('"answer_choice": "')
  return (parts.at(-1) ?? '').replace(PYTHON_WHITESPACE, '')
}

/** A stateful MIRAGE scorer: call it on items in sorted id order. */
export interface MirageScorer {
  score(item: BenchmarkItem, responses: readonly string[]): ScoredAnswer
}

/** Creates a MIRAGE scorer (it remembers the last response, see rule 5). */
export function createMirageScorer(): MirageScorer {
  let previous: string | undefined
  return {
    score(item, responses) {
      const first = responses[0]
      let reason = ''
      let text: string | undefined
      if (first !== undefined) {
        previous = first
        text = first
      } else if (previous !== undefined) {
        text = previous
        reason = 'empty response list: MIRAGE reuses the previous response; '
      }
      const located =
        text === undefined
          ? { letter: 'A', method: 'mirage-default-A' }
          : locateMirageAnswer(mirageAnswerSegment(text))
      const correct =
        ['A', 'B', 'C', 'D'].includes(located.letter) && item.gold[0] === located.letter
      const fallback = located.method === 'mirage-default-A'
      return {
        parsed: located.letter,
        status: fallback ? 'format_error' : 'ok',
        correct,
        score: correct ? 1 : 0,
        reason: `${reason}${fallback ? 'nothing matched: MIRAGE answers "A"' : `matched ${located.method}`}`,
        method: located.method,
      }
    },
  }
}
