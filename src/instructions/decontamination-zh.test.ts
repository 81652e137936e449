import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import type { MixtureFile } from '../mixture/index.js'
import { buildInstructionSet } from './build.js'
import { loadEvaluationIndex } from './evaluation-sets.js'
import { loadTaskRegistry } from './registry.js'
import { loadTaskSources } from './sources.js'

const MEDQA_MCMLE = 'zh/xmedbench-zh/test/medqa-mcmle.json'
const require = createRequire(import.meta.url)
const toTraditional = (
  require('opencc-js/cn2t') as {
    Converter(options: { from: string; to: string }): (text: string) => string
  }
).Converter({ from: 'cn', to: 'tw' })

/** Light edits: options reordered and relettered, one character changed, punctuation and digits reformatted, traditional script. */
function lightlyEdited(question: string, options: readonly string[]): string {
  const characters = Array.from(question)
  const middle = Math.floor(characters.length / 2)
  characters[middle] = characters[middle] === '的' ? '之' : '的'
  const reordered = [...options.slice(1), options[0] as string]
  const body = `${characters.join('')}\n${reordered.map((option, index) => `${'ABCDE'[index]}、${option}`).join('\n')}`
  const reformatted = body
    .replace(/，/g, ', ')
    .replace(/。/g, '. ')
    .replace(/\d/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0))
  return toTraditional(reformatted)
}

describe.skipIf(!hasSharedData(MEDQA_MCMLE))('Chinese decontamination in data builds', () => {
  it('removes instances holding a lightly edited MedQA-MCMLE question, and no unrelated Chinese instance', async () => {
    const path = sharedDataPath(MEDQA_MCMLE)
    const records = JSON.parse(readFileSync(path, 'utf8')) as Array<{
      question: string
      options: string
    }>
    const record = records.find((entry) => entry.question.length >= 60) as (typeof records)[0]
    const options = record.options
      .split('\n')
      .map((line) => line.replace(/^\([A-E]\)\s*/, '').replace(/\.$/, ''))
    const loaded = await loadEvaluationIndex({ specs: [`xmedbench-zh:medqa-mcmle=${path}`] })
    expect(loaded.index?.cjkN).toBe(14)

    const corpus = mkdtempSync(join(tmpdir(), 'galen-zh-decontamination-corpus-'))
    cpSync(fileURLToPath(new URL('../../data/demo-corpus/', import.meta.url)), corpus, {
      recursive: true,
    })
    const publisher = '测试用植入来源'
    const planted = {
      id: 'planted-medqa-mcmle',
      title: '植入的考试题',
      text: `以下病例供讨论：${lightlyEdited(record.question, options)}`,
      publisher,
      materialType: 'web',
      published: '2024',
      language: 'zh',
      authority: 'E',
      url: '',
      tags: ['planted'],
    }
    writeFileSync(join(corpus, 'zz-planted.jsonl'), `${JSON.stringify(planted)}\n`)
    const sources = loadTaskSources({ corpus })
    const registry = loadTaskRegistry()
    const mixture: MixtureFile = {
      format: 'galen-mixture/1',
      groups: [{ name: 'authority-classification', ratio: 1 }],
    }
    const build = (decontaminate: boolean) => {
      const out = mkdtempSync(join(tmpdir(), 'galen-zh-decontamination-'))
      buildInstructionSet({
        registry,
        sources,
        n: 600,
        seed: 3,
        out,
        mixture,
        ...(decontaminate && loaded.index !== undefined ? { decontamination: loaded.index } : {}),
      })
      const lines = readFileSync(join(out, 'data', 'shard-00000.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { id: string; language: string; prompt: string })
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        decontamination: {
          removed_total: number
          removed: Array<{ id: string; benchmarks: Record<string, number>; example: string }>
        }
      }
      return { lines, manifest }
    }

    const plain = build(false)
    const plantedIds = plain.lines
      .filter((line) => line.prompt.includes(publisher))
      .map((line) => line.id)
    expect(plantedIds.length).toBeGreaterThan(0)
    expect(plain.lines.filter((line) => line.language === 'zh').length).toBeGreaterThan(200)

    const cleaned = build(true)
    const removed = cleaned.manifest.decontamination.removed
    expect(removed.map((entry) => entry.id).sort()).toEqual([...plantedIds].sort())
    expect(removed[0]?.benchmarks).toHaveProperty('xmedbench-zh')
    expect(removed[0]?.example).toMatch(/^[\u4e00-\u9fff0-9a-z ]{14,}$/)
    expect(cleaned.lines.some((line) => line.prompt.includes(publisher))).toBe(false)
  })
})
