import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FUNCTION_WORDS, STOP_WORDS } from './context.js'
import { loadDictionaries } from './dictionaries.js'
import { createDeidentifier, detectPhi, redact } from './index.js'

/** The invented note of the issue, line by line, with what must not survive. */
const INVENTED: ReadonlyArray<[string, readonly string[]]> = [
  ['JOHN SMITH is a 45 yo M', ['JOHN', 'SMITH']],
  ['Pt: SMITH, JOHN', ['SMITH', 'JOHN']],
  ['Patient John Q. Public', ['John', 'Public']],
  ['patient robert brown', ['robert', 'brown']],
  ['K. HARLOW AWARE OF K+ 3.1', ['HARLOW']],
  ['PLAN PER DR VANCE', ['VANCE']],
  ['D/W MD OKAFOR', ['OKAFOR']],
  ['lena brisco aware of plan', ['lena', 'brisco']],
  ['meds given by maria keane rn', ['maria', 'keane']],
  ['SOCIAL: GIRLFRIEND JUNE VISITED', ['JUNE']],
  ['SISTER & DALE (SIGNIFICANT OTHER) AT BEDSIDE', ['DALE']],
  ['plan: transferred to hollister 4 today', ['hollister']],
  ['REFERRED FROM U OF VT MED CENTER', ['VT']],
  ['he works for apex logistics', ['apex', 'logistics']],
  ['returned to san mateo last year', ['san', 'mateo']],
  ['came from St Lukes by ambulance', ['Lukes']],
  ['PMH: CABG 1964, 1982', ['1964', '1982']],
  ["prostate CA '91", ['91']],
  ['ECHO 11/02-11/03 UNCHANGED', ['11/02', '11/03']],
  ['daughter cell 617/555/0199', ['617/555/0199']],
  ['son at 508 5550142', ['5550142']],
]

describe('general-class rules', () => {
  it.each(INVENTED)('leaves nothing of the PHI in "%s"', (text, secrets) => {
    const redacted = redact(text).text
    for (const secret of secrets) expect(redacted).not.toContain(secret)
  })

  it('catches a zero-padded day after a diagnosis under the recall policy only', async () => {
    const text = 'NQWMI 09, NOW CP FREE'
    const recall = await createDeidentifier({ policy: 'recall' }).redact({ text })
    expect(recall.text).not.toContain('09')
    const balanced = await createDeidentifier({ policy: 'balanced' }).redact({ text })
    expect(balanced.text).toContain('09')
  })

  it('never puts a field label inside a span', () => {
    const text = 'Patient: Eleanor Whitcombe    MRN: 00482917'
    const redacted = redact(text).text
    expect(redacted).toContain('MRN:')
    expect(redacted).not.toMatch(/Eleanor|Whitcombe|00482917/)
    for (const span of detectPhi(text)) expect(text.slice(span.start, span.end)).not.toMatch(/MRN/)
  })

  it('leaves clinical shorthand that looks like a title alone ("MR", "MS")', () => {
    expect(redact('3-4+ MR ON ECHO. MS CLEARING.').text).toBe('3-4+ MR ON ECHO. MS CLEARING.')
  })
})

describe('surrogates', () => {
  it('writes a street address that reads as real, consistently for one patient', async () => {
    const deid = createDeidentifier({ mode: 'surrogate', seed: 'test-secret' })
    const text = 'Lives at 86 Quarry Hill Rd.'
    const first = await deid.redact({ text, patientId: 'p1' })
    const again = await deid.redact({ text, patientId: 'p1' })
    expect(first.text).toBe(again.text)
    expect(first.text).not.toContain('Quarry')
    expect(first.text).toMatch(
      /^Lives at \d{2} [A-Z][a-z]+ (?:Street|Avenue|Road|Lane|Drive|Court|Way|Place|Terrace|Boulevard)\.?$/,
    )
  })

  it('replaces a hospital abbreviation with a shipped institution', async () => {
    const deid = createDeidentifier({ mode: 'surrogate', seed: 'test-secret' })
    const result = await deid.redact({ text: 'Dr. Healey saw him at GH.', patientId: 'p1' })
    expect(result.spans.map((span) => span.type)).toContain('HOSPITAL')
    expect(result.text).toMatch(/ at [A-Z][A-Z .']+\.$/)
    expect(result.text).not.toContain(' GH')
  })
})

/** Names from the shipped lists that can be names at all (function and cue words cannot). */
function shippedNames(list: ReadonlyMap<string, number>, count: number): string[] {
  const names: string[] = []
  for (const name of list.keys()) {
    if (names.length >= count) break
    if (name.length < 2 || !/^[a-z]+$/.test(name)) continue
    if (STOP_WORDS.has(name) || FUNCTION_WORDS.has(name)) continue
    names.push(name)
  }
  return names
}

describe('names from the shipped lists in cue contexts (property)', () => {
  const dictionaries = loadDictionaries()
  const firstNames = shippedNames(dictionaries.firstNames, 3000)
  const surnames = shippedNames(dictionaries.surnames, 20000)
  const cased = (name: string, style: number): string =>
    style === 0
      ? name.toUpperCase()
      : style === 1
        ? name.toLowerCase()
        : name.charAt(0).toUpperCase() + name.slice(1)
  const contexts: ReadonlyArray<(given: string, surname: string, initial: string) => string> = [
    (_given, surname) => `Seen by Dr. ${surname} this morning.`,
    (_given, surname) => `Plan per Dr ${surname}, will follow.`,
    (given, surname) => `Spoke with Dr. ${given} ${surname} about the plan.`,
    (_given, surname, initial) => `Dr. ${initial}. ${surname} aware of the labs.`,
    (given, surname) => `Patient: ${surname}, ${given}    MRN: 00412345`,
    (given, surname, initial) => `Name: ${given} ${initial}. ${surname}`,
    (given) => `Wife ${given} called this evening.`,
    (given) => `Daughter: ${given} at bedside.`,
  ]

  it('leaves no letter of the name in tags mode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...firstNames),
        fc.constantFrom(...surnames),
        fc.constantFrom(...'ABCDEFGHJKLMNPRSTW'),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: contexts.length - 1 }),
        (given, surname, initial, style, context) => {
          const build = contexts[context]
          if (build === undefined) return
          const text = build(cased(given, style), cased(surname, style), initial)
          const redacted = redact(text).text
          // every word of the name is gone (compared as whole words, any case)
          const words = new Set(redacted.toLowerCase().match(/[a-z]+/g) ?? [])
          const survivors = [given, surname].filter(
            (name) => text.toLowerCase().includes(name) && words.has(name),
          )
          expect(survivors, `${text} -> ${redacted}`).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  })
})
