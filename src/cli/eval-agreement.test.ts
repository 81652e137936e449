/**
 * CMB-Clin end to end: `galen eval replay` reads DISC-MedLLM's recorded consultations (turn lists)
 * and has them judged by a scripted judge served by `galen model-server` over real HTTP on
 * 127.0.0.1; `galen eval agreement` then compares those scores with the recorded GPT-4 scores.
 * The expected figures are computed here independently from the same files.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGalenInProcess } from '../../test/support/cli.js'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import {
  conversationText,
  getBenchmark,
  type JudgeAgreementReport,
  judgeMessages,
  readConversation,
  readDiscJudgeScores,
} from '../eval/index.js'

const cases = 'zh/disc-medllm-eval/samples/CMB-cases.json'
const dialogues = (model: string): string =>
  `zh/model-outputs/disc-medllm/dialogues/${model}_cmb-clin.json`
const gpt4Scores = (model: string): string =>
  `zh/model-outputs/disc-medllm/gpt4_scores/cmb-clin/result_${model}_cmb-clin.jsonl`
const MODELS = ['gpt-4', 'bianque-v2', 'huatuo-chat']

// The scripted judge: a long doctor turn earns more; one case never gets a usable verdict.
const LONG = '医生：[^\\n]{250,}'
const MEDIUM = '医生：[^\\n]{120,}'
const verdict = (overall: number, level: number): string =>
  JSON.stringify({
    honesty: level,
    harmlessness: 3,
    logicality: level,
    formatting: level,
    relevance: 3,
    comprehensiveness: level,
    overall,
    rationale: 'scripted',
  })

function naivePearson(left: number[], right: number[]): number {
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length
  const ml = mean(left)
  const mr = mean(right)
  let top = 0
  let sl = 0
  let sr = 0
  left.forEach((value, index) => {
    top += (value - ml) * ((right[index] as number) - mr)
    sl += (value - ml) ** 2
    sr += ((right[index] as number) - mr) ** 2
  })
  return top / Math.sqrt(sl * sr)
}

describe.skipIf(
  !hasSharedData(cases) ||
    MODELS.some((model) => !hasSharedData(dialogues(model)) || !hasSharedData(gpt4Scores(model))),
)('CMB-Clin: judged replay of recorded consultations and agreement with GPT-4', () => {
  let server: ChildProcess | undefined
  let url = ''
  let unusableQuestion = ''
  const folder = mkdtempSync(join(tmpdir(), 'galen-agreement-'))

  beforeAll(async () => {
    const { items } = await getBenchmark('cmb-clin').load({ path: sharedDataPath(cases) })
    unusableQuestion = items[5]?.question ?? ''
    const script = {
      rules: [
        { match: { contains: unusableQuestion }, reply: 'I cannot score this one.' },
        { match: { regex: LONG }, reply: verdict(4, 3) },
        { match: { regex: MEDIUM }, reply: verdict(3, 2) },
      ],
      fallback: verdict(2, 1),
    }
    const scriptPath = join(folder, 'judge.script.json')
    writeFileSync(scriptPath, JSON.stringify(script))
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(import.meta.dirname, 'main.ts'),
        'model-server',
        '--script',
        scriptPath,
        '--port',
        '0',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    server = child
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    for (let wait = 0; wait < 400 && url === ''; wait += 1) {
      url = /"url": "([^"]+)"/.exec(stdout)?.[1] ?? ''
      if (url === '') await new Promise((done) => setTimeout(done, 50))
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
  }, 60_000)

  afterAll(() => {
    server?.kill('SIGTERM')
  })

  it('judges each model’s consultations and reports agreement per pair and per model', async () => {
    const { items } = await getBenchmark('cmb-clin').load({ path: sharedDataPath(cases) })
    const expectedOverall: number[] = []
    const expectedReference: number[] = []
    for (const model of MODELS) {
      const out = join(folder, model)
      const replay = await runGalenInProcess([
        'eval',
        'replay',
        '--benchmark',
        'cmb-clin',
        '--data',
        sharedDataPath(cases),
        '--responses',
        sharedDataPath(dialogues(model)),
        '--response-field',
        'conversation',
        '--judge',
        url,
        '--judge-name',
        'scripted',
        '--model-name',
        model,
        '--out',
        out,
        '--json',
      ])
      expect(replay.code, replay.stderr).toBe(0)
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
        n: number
        statuses: Record<string, number>
      }
      expect(summary.n).toBe(37)
      expect(summary.statuses).toEqual({ ok: 36, judge_error: 1 })
      const records = readFileSync(join(out, 'records.jsonl'), 'utf8').trim().split('\n')
      const first = JSON.parse(records[0] as string) as { response: string }
      expect(first.response.startsWith('患者：')).toBe(true)
      expect(first.response).toContain('\n\n医生：')

      // Independently: what the scripted judge must have said for each case of this model.
      const recorded = JSON.parse(readFileSync(sharedDataPath(dialogues(model)), 'utf8')) as Array<{
        id: string
        conversation: unknown
      }>
      const reference = await readDiscJudgeScores(sharedDataPath(gpt4Scores(model)))
      for (const item of items) {
        if (item.question === unusableQuestion) continue
        const turns = readConversation(recorded.find((entry) => entry.id === item.id)?.conversation)
        if (turns === undefined) throw new Error(`no dialogue for ${item.id}`)
        const message = judgeMessages(item, conversationText(turns))[1]?.content ?? ''
        const overall = new RegExp(LONG).test(message)
          ? 4
          : new RegExp(MEDIUM).test(message)
            ? 3
            : 2
        const scores = reference.judgements.find((judgement) => judgement.id === item.id)?.scores
        if (scores === undefined) throw new Error(`no GPT-4 score for ${item.id}`)
        expectedOverall.push(overall)
        expectedReference.push(
          (scores.Proactivity +
            scores.Accuracy +
            scores.Helpfulness +
            scores['Linguistic Quality']) /
            4,
        )
      }
    }
    expect(new Set(expectedOverall).size).toBeGreaterThan(1)

    const agreement = await runGalenInProcess([
      'eval',
      'agreement',
      ...MODELS.flatMap((model) => [
        '--scores',
        join(folder, model),
        '--reference',
        sharedDataPath(gpt4Scores(model)),
      ]),
      '--json',
    ])
    expect(agreement.code, agreement.stderr).toBe(0)
    const report = JSON.parse(agreement.stdout) as JudgeAgreementReport
    expect(report.n).toBe(36 * MODELS.length)
    expect(report.models.map((model) => [model.model, model.n, model.unjudged])).toEqual(
      MODELS.map((model) => [model, 36, 1]),
    )
    const overall = report.pairs.find(
      (pair) => pair.galen === 'overall' && pair.reference === 'mean',
    )
    expect(overall?.n).toBe(expectedOverall.length)
    expect(overall?.pearson).toBeCloseTo(naivePearson(expectedOverall, expectedReference), 4)
    const distance =
      expectedOverall.reduce(
        (sum, value, index) =>
          sum + Math.abs((value - 1) / 4 - ((expectedReference[index] as number) - 1) / 4),
        0,
      ) / expectedOverall.length
    expect(overall?.mean_absolute_difference).toBeCloseTo(distance, 4)
    expect(report.model_level[0]?.models).toBe(3)

    // The same comparison inside one judged replay's JSON.
    const inline = await runGalenInProcess([
      'eval',
      'replay',
      '--benchmark',
      'cmb-clin',
      '--data',
      sharedDataPath(cases),
      '--responses',
      sharedDataPath(dialogues('gpt-4')),
      '--response-field',
      'conversation',
      '--judge',
      url,
      '--reference-scores',
      sharedDataPath(gpt4Scores('gpt-4')),
      '--json',
    ])
    expect(inline.code, inline.stderr).toBe(0)
    const inlineReport = (JSON.parse(inline.stdout) as { judge_agreement: JudgeAgreementReport })
      .judge_agreement
    expect(inlineReport.models[0]?.model).toBe('gpt-4')
    expect(inlineReport.pairs).toEqual(report.models[0]?.pairs)

    // The text report names every model; a missing --reference is a usage error (2).
    const text = await runGalenInProcess([
      'eval',
      'agreement',
      '--scores',
      join(folder, 'gpt-4'),
      '--reference',
      sharedDataPath(gpt4Scores('gpt-4')),
    ])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toContain('| overall | mean | 36 |')
    const unpaired = await runGalenInProcess([
      'eval',
      'agreement',
      '--scores',
      join(folder, 'gpt-4'),
    ])
    expect(unpaired.code).toBe(2)
    expect(unpaired.stderr).toContain('give one --reference per --scores')
    const badPair = await runGalenInProcess([
      'eval',
      'agreement',
      '--scores',
      join(folder, 'gpt-4'),
      '--reference',
      sharedDataPath(gpt4Scores('gpt-4')),
      '--pair',
      'honesty=Acuracy',
    ])
    expect(badPair.code).toBe(2)
    expect(badPair.stderr).toContain('pair "honesty=Acuracy"')
  }, 120_000)
})
