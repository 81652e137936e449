import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { corpusBleu, mtevalTokens, tokenizeMteval } from './bleu.js'
import { chrfCharacters, chrfWords, corpusChrf } from './chrf.js'
import { readAlignedFiles, splitLines } from './text-lines.js'

describe('mteval-v13a tokenisation', () => {
  it('keeps "." and "," between digits and splits them elsewhere', () => {
    expect(tokenizeMteval('It costs 1,000.50 dollars, or 3.5.')).toBe(
      'It costs 1,000.50 dollars , or 3.5 .',
    )
    expect(tokenizeMteval('born 1.5cm.')).toBe('born 1.5cm .')
    // a point before a digit still splits when a non-digit precedes it
    expect(tokenizeMteval('.5 and 5.')).toBe('. 5 and 5 .')
  })

  it('splits a dash only after a digit, and leaves apostrophes and inner dashes alone', () => {
    expect(tokenizeMteval('1990-91 and well-known')).toBe('1990 - 91 and well-known')
    expect(tokenizeMteval("Aarhus' airport isn't 5-star")).toBe("Aarhus' airport isn't 5 - star")
  })

  it('splits ASCII punctuation and unescapes SGML entities', () => {
    expect(tokenizeMteval('(A&amp;B) "x"/y: z?')).toBe('( A & B ) " x " / y : z ?')
    expect(tokenizeMteval('a &lt;b&gt;')).toBe('a < b >')
  })

  it('turns an empty or blank line into no tokens', () => {
    expect(mtevalTokens('')).toEqual([])
    expect(mtevalTokens('   \t ')).toEqual([])
  })

  it('never leaves double, leading or trailing spaces', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const tokenized = tokenizeMteval(text)
        expect(tokenized).not.toMatch(/^ | $| {2}/)
      }),
    )
  })
})

describe('corpus BLEU', () => {
  it('is 1 for an exact match and counts an empty reference as length 0 for the closest length', () => {
    const sentence = 'the cat sat on the mat today .'
    expect(corpusBleu([sentence], [[sentence, '']]).bleu).toBeCloseTo(1, 12)
    const result = corpusBleu(['a b c d'], [['', 'a b c d e f g h']])
    // closest: |4-0| = 4 ties |4-8| = 4, the shorter (0) wins, so no brevity penalty
    expect(result.referenceLength).toBe(0)
    expect(result.bleu).toBe(0)
  })

  it('clips n-gram counts by the largest count in any one reference', () => {
    const result = corpusBleu(['the the the the'], [['the cat', 'the the']])
    expect(result.precisions[0]).toBeCloseTo(0.5, 12)
  })

  it('is case-sensitive', () => {
    const lower = corpusBleu(['the cat sat on the mat'], [['The Cat sat on the mat']])
    expect(lower.precisions[0]).toBeCloseTo(4 / 6, 12)
  })
})

describe('chrF++', () => {
  it('splits one edge punctuation character off a word, and drops spaces for characters', () => {
    expect(chrfWords('Hello, (world) x.')).toEqual(['Hello', ',', '(world', ')', 'x', '.'])
    expect(chrfCharacters(' a b ')).toEqual(['a', 'b'])
  })

  it('is 1 for an identical hypothesis and keeps the best reference per input', () => {
    expect(corpusChrf(['a cat sat here'], [['a cat sat here']]).chrf).toBeCloseTo(1, 12)
    const best = corpusChrf(['a cat sat here'], [['nothing alike', 'a cat sat here', '']])
    expect(best.chrf).toBeCloseTo(1, 12)
  })

  it('leaves out inputs whose references are all empty', () => {
    const result = corpusChrf(['a cat sat here', 'whatever'], [['a cat sat here'], ['', '  ']])
    expect(result.n).toBe(1)
    expect(result.chrf).toBeCloseTo(1, 12)
  })

  it('gives orders longer than the text almost nothing, as the script does', () => {
    // "a cat" has 4 characters: the 5- and 6-gram F are 1e-16, so chrF++ is 6/8
    expect(corpusChrf(['a cat'], [['a cat']]).chrf).toBeCloseTo(0.75, 12)
  })

  it('counts the first reference for an empty hypothesis', () => {
    const withEmpty = corpusChrf(['a cat', ''], [['a cat'], ['a long reference', 'b']])
    expect(withEmpty.recall).toBeLessThan(1)
    expect(withEmpty.chrf).toBeLessThan(corpusChrf(['a cat'], [['a cat']]).chrf)
  })
})

describe('reference files', () => {
  it('reads a final newline as the end of the last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b'])
    expect(splitLines('a\r\n\nb')).toEqual(['a', '', 'b'])
  })
})

const half = 'knowledge/webnlg2020/rdf2text-test-dev-half'

describe.skipIf(!hasSharedData(`${half}/references/reference0`))(
  'WebNLG+ 2020 figures on the shared half',
  () => {
    const expected = (
      JSON.parse(
        readFileSync(sharedDataPath('knowledge/webnlg2020/published-scores.json'), 'utf8'),
      ) as {
        rdf2text_en: {
          recomputed_here: { dev_half: Record<string, { BLEU: number; 'chrF++': number }> }
        }
      }
    ).rdf2text_en.recomputed_here.dev_half
    const references = [0, 1, 2, 3, 4].map((k) =>
      sharedDataPath(`${half}/references/reference${k}`),
    )
    const teams = readdirSync(sharedDataPath(`${half}/submissions`)).sort()

    it('covers the 16 primary submissions', () => {
      expect(teams.length).toBe(16)
      expect(Object.keys(expected).sort()).toEqual(teams)
    })

    it.each(['Amazon_AI_(Shanghai)', 'Baseline-FORGE2017', 'Baseline-FORGE2020'])(
      'reproduces BLEU and chrF++ of %s to 4 decimals',
      (team) => {
        const { hypotheses, references: refs } = readAlignedFiles(
          sharedDataPath(`${half}/submissions/${team}/primary.en`),
          references,
        )
        const figures = expected[team]
        expect(Math.round(corpusBleu(hypotheses, refs).bleu * 10000) / 10000).toBe(figures?.BLEU)
        expect(Math.round(corpusChrf(hypotheses, refs).chrf * 10000) / 10000).toBe(
          figures?.['chrF++'],
        )
      },
    )
  },
)
