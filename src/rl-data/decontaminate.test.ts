import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import { benchmarkRecordText, readBenchmarkFile } from './benchmark-texts.js'
import { buildDecontaminationIndex, decontaminateFile, findContamination } from './decontaminate.js'
import { NgramIndex, ngramHashes, tokenize } from './ngram-index.js'

const QUESTION =
  'A 45-year-old man presents with crushing substernal chest pain radiating to the left arm for two hours; ' +
  'an electrocardiogram shows ST elevation in leads II, III and aVF. Which artery is most likely occluded?'

describe('tokenize and ngramHashes', () => {
  it('lower-cases, normalises and splits on anything but letters and digits', () => {
    expect(tokenize('ＳＴ-Elevation, in leads II/III!')).toEqual([
      'st',
      'elevation',
      'in',
      'leads',
      'ii',
      'iii',
    ])
  })

  it('hashes each window the same wherever it occurs (rolling hash matches a fresh hash)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'dd', 'eé'), { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        (tokens, n) => {
          const rolled = ngramHashes(tokens, n)
          for (let start = 0; start + n <= tokens.length; start += 1) {
            const fresh = ngramHashes(tokens.slice(start, start + n), n)
            expect([rolled[start * 2], rolled[start * 2 + 1]]).toEqual([fresh[0], fresh[1]])
          }
        },
      ),
    )
  })

  it('gives no n-grams for a text shorter than n', () => {
    expect(ngramHashes(['a', 'b'], 3)).toHaveLength(0)
  })
})

describe('NgramIndex', () => {
  it('finds what was added (keeping the first owner) across growth, and nothing else', () => {
    const index = new NgramIndex(16)
    for (let value = 1; value <= 5000; value += 1) index.add(value, value * 7, value % 3)
    index.add(10, 70, 2)
    expect(index.size).toBe(5000)
    expect(index.find(10, 70)).toBe(1)
    expect(index.find(4999, 4999 * 7)).toBe(4999 % 3)
    expect(index.find(10, 71)).toBe(-1)
  })
})

describe('findContamination', () => {
  it('flags a training prompt that copies 13 words of a benchmark question, and not a paraphrase', async () => {
    const index = await buildDecontaminationIndex([
      { benchmark: 'medqa', text: QUESTION },
      { benchmark: 'tiny', text: 'too short to match' },
    ])
    expect(index.stats.tiny).toEqual({ texts: 1, ngrams: 0, too_short: 1 })
    const copied = `Consider this case. ${QUESTION.slice(0, 120)} What next?`
    const match = findContamination(index, copied)
    expect(match?.benchmarks).toEqual({ medqa: match?.matched_ngrams })
    expect(match?.example.split(' ')).toHaveLength(13)
    expect(
      findContamination(
        index,
        'A man with chest pain and inferior ST changes: which coronary artery is blocked?',
      ),
    ).toBeUndefined()
  })

  it('honours a shorter n', async () => {
    const index = await buildDecontaminationIndex(
      [{ benchmark: 'b', text: 'alpha beta gamma delta' }],
      { n: 3 },
    )
    expect(findContamination(index, 'x beta gamma delta y')?.matched_ngrams).toBe(1)
  })
})

describe('benchmark files', () => {
  it('reads question, context and option texts from records of any layout', () => {
    expect(
      benchmarkRecordText({ QUESTION: 'q?', CONTEXTS: ['c1', 'c2'], final_decision: 'yes' }),
    ).toBe('q?\nc1\nc2')
    expect(benchmarkRecordText({ question: 'q', opa: 'x', opb: 'y', cop: 1 })).toBe('q\nx\ny')
    expect(benchmarkRecordText({ answer: 'A' })).toBeUndefined()
  })

  it('reads JSON maps of sets (MIRAGE), JSON Lines and text files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-bench-'))
    const mirage = join(folder, 'b.json')
    writeFileSync(
      mirage,
      JSON.stringify({
        medqa: { '0001': { question: 'q1', options: { A: 'a' } } },
        pubmedqa: { '7': { question: 'q2' } },
      }),
    )
    const texts = await readBenchmarkFile('mirage', mirage)
    expect(texts.map((text) => text.text)).toEqual(['q1\na', 'q2'])
    const lines = join(folder, 'b.jsonl')
    writeFileSync(lines, '{"question": "q3"}\nnot json\n{"answer": "B"}\n')
    const stats = { records: 0, without_text: 0, malformed: 0 }
    expect((await readBenchmarkFile('x', lines, stats)).map((text) => text.text)).toEqual(['q3'])
    expect(stats).toEqual({ records: 2, without_text: 1, malformed: 1 })
    const plain = join(folder, 'b.txt')
    writeFileSync(plain, 'first text\n\nsecond text\n')
    expect((await readBenchmarkFile('t', plain)).map((text) => text.id)).toEqual(['1', '3'])
  })
})

describe('decontaminateFile', () => {
  it('flags or drops contaminated items and copies clean ones unchanged', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'galen-decon-'))
    const input = join(folder, 'train.jsonl')
    const clean = JSON.stringify({
      id: 'ok',
      prompt: 'What is the dose of amoxicillin for otitis media in children?',
      task: 'drug',
      ground_truth: 'x',
    })
    const dirty = JSON.stringify({
      id: 'bad',
      prompt: [{ role: 'user', content: QUESTION }],
      task: 'exam',
      ground_truth: 'B',
    })
    writeFileSync(input, `${clean}\n${dirty}\n[]\n`)
    const index = await buildDecontaminationIndex([{ benchmark: 'medqa', text: QUESTION }])
    const flagged = join(folder, 'flagged.jsonl')
    const result = await decontaminateFile(input, index, { out: flagged })
    expect(result).toMatchObject({
      read: 2,
      contaminated: 1,
      written: 2,
      by_benchmark: { medqa: 1 },
      malformed: 1,
    })
    const lines = readFileSync(flagged, 'utf8').trim().split('\n')
    expect(lines[0]).toBe(clean)
    expect(
      (JSON.parse(lines[1] ?? '{}') as { contamination: { benchmarks: Record<string, number> } })
        .contamination.benchmarks.medqa,
    ).toBeGreaterThan(10)
    const kept = join(folder, 'kept.jsonl')
    const dropped = join(folder, 'dropped.jsonl')
    const dropResult = await decontaminateFile(input, index, {
      out: kept,
      mode: 'drop',
      droppedOut: dropped,
    })
    expect(dropResult.written).toBe(1)
    expect(readFileSync(kept, 'utf8')).toBe(`${clean}\n`)
    expect(readFileSync(dropped, 'utf8')).toContain('"id":"bad"')
  })
})

const medqaPath = 'benchmarks/medqa/phrases_no_exclude_test.jsonl'

describe.skipIf(!hasSharedData(medqaPath))(
  'decontamination against the shared MedQA test set',
  () => {
    it('indexes every MedQA question and flags a copied one but not an unrelated question', async () => {
      const texts = await readBenchmarkFile('medqa', sharedDataPath(medqaPath))
      expect(texts).toHaveLength(1273)
      const index = await buildDecontaminationIndex(texts)
      expect(index.stats.medqa?.too_short).toBe(0)
      const sample = texts[500]?.text ?? ''
      const copied = sample.split('\n')[0] ?? ''
      expect(
        findContamination(index, `Practice item: ${copied}`)?.benchmarks.medqa,
      ).toBeGreaterThan(0)
      expect(
        findContamination(
          index,
          'Describe the mechanism of action of metformin in type 2 diabetes mellitus in adults with obesity.',
        ),
      ).toBeUndefined()
    })
  },
)
