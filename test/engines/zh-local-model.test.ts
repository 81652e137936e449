/**
 * The Chinese benchmarks on a real small model: SmolLM2-135M-Instruct (GGUF, node-llama-cpp)
 * answers 6 rare-disease cases, 6 CNMLEQA questions and 4 CHIP-CDN diagnoses through
 * `galen eval run`. Answer quality is irrelevant (135M parameters, barely any Chinese); the paths
 * are tested: every item recorded and scored by its rule-based scorer (ranked diagnoses, exam
 * letters, name sets), no judge, and the summary fields each scorer adds. Greedy and short
 * (`--max-tokens` 8 to 32, one llama.cpp thread) to stay cheap on a shared CPU.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type EvalRecord, readManifest, recoverRecords } from '../../src/eval/index.js'
import { hasSharedData, sharedDataPath } from '../support/shared-data.js'
import { hasLocalModel, smolGguf, startGalen } from './local-model.js'

const rare = 'zh/rare-disease'
const cnmleqa = 'zh/cnmleqa/CNMLEQA-3k.json'
const chipCdn = 'zh/chip-cdn/CHIP-CDN_dev.json'

interface Summary {
  n: number
  correct: number
  unparsed: number
  by_category: Record<string, { n: number }>
  ranking?: { top1: number; top3: number; top10: number; ranked: number }
  normalization?: { n: number; precision: number; recall: number; f1: number }
  judge?: unknown
}

/** Runs `galen eval run` on the GGUF and returns the run's records and summaries. */
async function runOnGguf(
  benchmark: string,
  data: string,
  limit: number,
  extra: readonly string[],
): Promise<{ records: EvalRecord[]; summary: Summary; printed: Summary; out: string }> {
  const out = mkdtempSync(join(tmpdir(), `galen-zh-local-${benchmark}-`))
  const finished = await startGalen([
    'eval',
    'run',
    '--benchmark',
    benchmark,
    '--data',
    sharedDataPath(data),
    '--model',
    smolGguf,
    '--limit',
    String(limit),
    '--seed',
    '0',
    '--temperature',
    '0',
    '--concurrency',
    '1',
    '--timeout-ms',
    '300000',
    '--out',
    out,
    '--json',
    ...extra,
  ]).done
  expect(finished.code, finished.stderr).toBe(0)
  const records = recoverRecords(out).records
  expect(records).toHaveLength(limit)
  expect(new Set(records.map((record) => record.id)).size).toBe(limit)
  for (const record of records) {
    expect(record.status, record.error).not.toBe('error')
    expect(record.status).not.toBe('judge_error')
    expect(record.judge).toBeUndefined()
    expect(typeof record.response).toBe('string')
    expect(record.score).toBeGreaterThanOrEqual(0)
    expect(record.score).toBeLessThanOrEqual(1)
    expect(record.latency_ms).toBeGreaterThan(0)
    expect(record.prompt.at(-1)?.role).toBe('user')
  }
  expect(readManifest(out)?.status).toBe('complete')
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary
  expect(summary.n).toBe(limit)
  expect(summary.correct).toBe(records.filter((record) => record.correct).length)
  expect(summary.unparsed).toBe(records.filter((record) => record.status !== 'ok').length)
  expect(summary.judge).toBeUndefined()
  return { records, summary, printed: JSON.parse(finished.stdout) as Summary, out }
}

/** The mean, rounded to 6 decimals as the summary rounds it. */
const mean = (values: number[]): number =>
  Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 1e6) / 1e6

describe.skipIf(
  !hasLocalModel() ||
    !hasSharedData(`${rare}/phenobrain/Public_Test_set.json`) ||
    !hasSharedData(cnmleqa) ||
    !hasSharedData(chipCdn),
)('Chinese benchmarks on SmolLM2-135M (GGUF, node-llama-cpp)', () => {
  it('rare-disease: 6 cases, each with a rank and top-k hits, summarised as recall', async () => {
    const { records, summary, printed } = await runOnGguf('rare-disease', rare, 6, [
      '--max-tokens',
      '32',
    ])
    for (const record of records) {
      const ranking = record.ranking
      expect(ranking, record.id).toBeDefined()
      if (ranking === undefined) continue
      expect(ranking.top1).toBeLessThanOrEqual(ranking.top3)
      expect(ranking.top3).toBeLessThanOrEqual(ranking.top10)
      if (ranking.rank === null) expect(ranking.top10).toBe(0)
      else expect(ranking.rank).toBeGreaterThanOrEqual(1)
      expect(record.correct).toBe(ranking.top1 === 1)
    }
    expect(summary.ranking).toEqual({
      top1: mean(records.map((record) => record.ranking?.top1 ?? 0)),
      top3: mean(records.map((record) => record.ranking?.top3 ?? 0)),
      top10: mean(records.map((record) => record.ranking?.top10 ?? 0)),
      ranked: 6,
    })
    expect(printed.ranking).toEqual(summary.ranking)
    expect(Object.keys(summary.by_category).every((name) => /^(OMIM|ORPHA|CCRD)$/.test(name))).toBe(
      true,
    )
  })

  it('cnmleqa: 6 questions asked in Chinese, letters read and scored by question type', async () => {
    const { records, summary } = await runOnGguf('cnmleqa', cnmleqa, 6, [
      '--max-tokens',
      '8',
      '--prompt',
      'direct',
    ])
    expect(records[0]?.prompt[0]?.content).toContain('医学专业考试')
    for (const record of records) {
      expect(record.gold[0]).toMatch(/^[A-E]$/)
      if (record.status === 'ok') expect(record.parsed).toMatch(/^[A-E]+$/)
    }
    const types = Object.keys(summary.by_category)
    expect(types.length).toBeGreaterThan(0)
    expect(types.every((name) => name === '案例分析' || name === '知识问答')).toBe(true)
    expect(Object.values(summary.by_category).reduce((sum, group) => sum + group.n, 0)).toBe(6)
  })

  it('chip-cdn: 4 diagnoses read as name sets, summarised as micro P/R/F1', async () => {
    const { records, summary, printed } = await runOnGguf('chip-cdn', chipCdn, 4, [
      '--max-tokens',
      '24',
    ])
    for (const record of records) {
      expect(record.names, record.id).toBeDefined()
      expect(record.names?.matched).toBeLessThanOrEqual(record.names?.predicted.length ?? 0)
    }
    expect(summary.normalization?.n).toBe(4)
    expect(printed.normalization).toEqual(summary.normalization)
  })
})
