import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'

/** Invented annotated notes: a clinician after "reviewed with" (no rule cue), two per patient. */
function corpus(): string {
  const given = ['Talwen', 'Brisa', 'Oduya', 'Kelmar', 'Fenwick', 'Ysolde']
  const surnames = ['Varrow', 'Densmire', 'Okonto', 'Hallack', 'Prieve']
  const lines: string[] = []
  for (let index = 0; index < 24; index += 1) {
    const titled = `${given[index % given.length]} ${surnames[index % surnames.length]}`
    // one note in two is written without capitals, as many nursing notes are
    const name = index % 2 === 0 ? titled : titled.toLowerCase()
    const text = `Vitals stable. Plan reviewed with ${name} this morning. Continue diuresis.`
    const start = text.indexOf(name)
    lines.push(
      JSON.stringify({
        id: `n${index}`,
        patient: `p${Math.floor(index / 2)}`,
        text,
        spans: [{ start, end: start + name.length, type: 'HCPName' }],
      }),
    )
  }
  return `${lines.join('\n')}\n`
}

describe('galen deid train, --tagger and eval --cv', () => {
  const folder = mkdtempSync(join(tmpdir(), 'galen-deid-train-'))
  const data = join(folder, 'notes.jsonl')
  const model = join(folder, 'tagger.json')
  writeFileSync(data, corpus())

  it('trains a tagger, saves it, and redacts with it', async () => {
    const trained = await runGalenInProcess([
      'deid',
      'train',
      '--format',
      'jsonl',
      '--data',
      data,
      '--epochs',
      '4',
      '--out',
      model,
    ])
    expect(trained.code).toBe(0)
    expect(trained.stdout).toMatch(/trained on 24 notes of 12 patients/)
    expect(JSON.parse(readFileSync(model, 'utf8')).format).toBe('galen-deid-tagger')
    const note = join(folder, 'note.txt')
    writeFileSync(note, 'Vitals stable. Plan reviewed with zorvan peltrick this morning.')
    const redacted = await runGalenInProcess([
      'deid',
      note,
      '--tagger',
      model,
      '--policy',
      'balanced',
    ])
    expect(redacted.code).toBe(0)
    expect(redacted.stdout).toBe('Vitals stable. Plan reviewed with [NAME] this morning.')
  })

  it('cross-validates by patient and reports both policies', async () => {
    const result = await runGalenInProcess([
      'deid',
      'eval',
      '--format',
      'jsonl',
      '--data',
      data,
      '--cv',
      '3',
      '--group',
      'patient',
      '--epochs',
      '3',
      '--json',
    ])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as {
      folds: Array<{ notes: number }>
      summary: Record<string, { span_recall: { mean: number } }>
    }
    expect(report.folds.map((fold) => fold.notes).reduce((a, b) => a + b, 0)).toBe(24)
    expect(Object.keys(report.summary).sort()).toEqual(['balanced', 'recall'])
    expect(report.summary.balanced?.span_recall.mean).toBeGreaterThan(0.8)
  })

  it('refuses bad options with a usage error naming the value', async () => {
    const policy = await runGalenInProcess([
      'deid',
      'eval',
      '--data',
      data,
      '--format',
      'jsonl',
      '--cv',
      '1',
    ])
    expect(policy.code).toBe(2)
    expect(policy.stderr).toContain('--cv = "1"')
    const missing = await runGalenInProcess(['deid', '-', '--tagger', join(folder, 'none.json')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('cannot read --tagger')
    const noOut = await runGalenInProcess(['deid', 'train', '--format', 'jsonl', '--data', data])
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain('--out MODEL is required')
  })

  it('warns when surrogate mode runs on the public default seed', async () => {
    const note = join(folder, 'seed.txt')
    writeFileSync(note, 'Seen on 3/4/2020 by Dr. Varrow.')
    const result = await runGalenInProcess(['deid', note, '--mode', 'surrogate'])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('public default seed')
    const quiet = await runGalenInProcess(['deid', note, '--mode', 'surrogate', '--seed', 's3cret'])
    expect(quiet.stderr).not.toContain('public default seed')
  })
})
