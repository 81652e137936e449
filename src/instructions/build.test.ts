import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hasSharedData, sharedDataPath } from '../../test/support/shared-data.js'
import type { MixtureFile } from '../mixture/index.js'
import { buildDecontaminationIndex } from '../rl-data/index.js'
import { buildInstructionSet } from './build.js'
import { loadTaskRegistry } from './registry.js'
import { loadTaskSources } from './sources.js'

const registry = loadTaskRegistry()
const sources = loadTaskSources()

function folder(name: string): string {
  return mkdtempSync(join(tmpdir(), `galen-build-${name}-`))
}

function filesOf(out: string): Record<string, string> {
  const files: Record<string, string> = {
    'manifest.json': readFileSync(join(out, 'manifest.json'), 'utf8'),
  }
  for (const name of readdirSync(join(out, 'data')).sort()) {
    files[name] = readFileSync(join(out, 'data', name), 'utf8')
  }
  return files
}

interface Manifest {
  n_written: number
  tasks: Array<{
    task: string
    stage: number
    target: number
    written: number
    share: number
    templates: Record<string, number[]>
  }>
  by_stage: Record<string, number>
  by_language: Record<string, number>
  checker: { pass_rate: number }
  decontamination: {
    enabled: boolean
    removed_total: number
    removed: Array<{ id: string; benchmarks: Record<string, number> }>
  }
}

describe('galen data build', () => {
  it('writes byte-identical files for the same inputs and seed, and different ones for another seed', () => {
    const first = folder('a')
    const second = folder('b')
    const third = folder('c')
    buildInstructionSet({ registry, sources, n: 1500, seed: 5, out: first, shardSize: 600 })
    buildInstructionSet({ registry, sources, n: 1500, seed: 5, out: second, shardSize: 600 })
    buildInstructionSet({ registry, sources, n: 1500, seed: 6, out: third, shardSize: 600 })
    expect(filesOf(first)).toEqual(filesOf(second))
    expect(filesOf(first)['shard-00000.jsonl']).not.toEqual(filesOf(third)['shard-00000.jsonl'])
  })

  it('orders stages atomic first, rotates templates and languages, and checks every gold output', () => {
    const out = folder('stages')
    buildInstructionSet({ registry, sources, n: 2000, seed: 1, out })
    const lines = readFileSync(join(out, 'data', 'shard-00000.jsonl'), 'utf8')
      .trim()
      .split('\n')
    const stages = lines.map((line) => (JSON.parse(line) as { stage: number }).stage)
    expect(stages).toEqual([...stages].sort((left, right) => left - right))
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest
    expect(manifest.checker.pass_rate).toBe(1)
    const en = manifest.by_language.en ?? 0
    const zh = manifest.by_language.zh ?? 0
    expect(en + zh).toBe(2000)
    // Languages alternate per task, so each task has at most one more English instance.
    expect(en - zh).toBeGreaterThanOrEqual(0)
    expect(en - zh).toBeLessThanOrEqual(registry.tasks.length)
    for (const task of manifest.tasks) {
      for (const counts of Object.values(task.templates)) {
        expect(counts).toHaveLength(5)
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
      }
    }
  })

  it('follows a galen-mixture/1 file within 1% per task', () => {
    const mixture: MixtureFile = {
      format: 'galen-mixture/1',
      groups: [
        { name: 'calculation', ratio: 0.5 },
        { name: 'evidence', ratio: 0.3, tasks: { 'rag-with-distractors': 0.5, timeliness: 0.5 } },
        { name: 'drug-class', ratio: 0.2 },
      ],
    }
    const out = folder('mixture')
    buildInstructionSet({
      registry,
      sources,
      n: 5000,
      seed: 2,
      out,
      mixture,
      mixtureSource: 'test',
    })
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest
    const share = (id: string) => manifest.tasks.find((task) => task.task === id)?.share ?? 0
    expect(Math.abs(share('rag-with-distractors') - 0.15)).toBeLessThan(0.01)
    expect(Math.abs(share('drug-class') - 0.2)).toBeLessThan(0.01)
    const calculation = registry.tasks
      .filter((task) => task.group === 'calculation')
      .map((task) => task.id)
    const calculationShare = calculation.reduce((sum, id) => sum + share(id), 0)
    expect(Math.abs(calculationShare - 0.5)).toBeLessThan(0.01)
    expect(manifest.n_written).toBe(5000)
  })

  it('adds synonymous-instruction twins: same slots and output, the next template', () => {
    const out = folder('synonyms')
    buildInstructionSet({ registry, sources, n: 400, seed: 8, out, synonymPairs: 0.5 })
    const records = readFileSync(join(out, 'data', 'shard-00000.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string
            prompt: string
            output: string
            template: number
            synonym_of?: string
          },
      )
    const byId = new Map(records.map((record) => [record.id, record]))
    const twins = records.filter((record) => record.synonym_of !== undefined)
    expect(twins.length).toBeGreaterThan(150)
    expect(twins.length).toBeLessThan(250)
    for (const twin of twins) {
      const original = byId.get(twin.synonym_of as string)
      expect(twin.output).toBe(original?.output)
      expect(twin.prompt).not.toBe(original?.prompt)
      expect(twin.template).not.toBe(original?.template)
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest.n_written).toBe(400)
    expect(manifest.synonym_pairs).toEqual({ share: 0.5, lines: twins.length })
  })

  it('rejects a mixture group that names nothing in the registry, listing what exists', () => {
    const mixture: MixtureFile = {
      format: 'galen-mixture/1',
      groups: [{ name: 'dialogue', ratio: 1 }],
    }
    expect(() =>
      buildInstructionSet({ registry, sources, n: 10, seed: 1, out: folder('bad'), mixture }),
    ).toThrow(/mixture name "dialogue" is not a task, a task group \(calculation, /)
  })

  it('resumes an interrupted build and ends with the same bytes as an uninterrupted one', () => {
    const whole = folder('whole')
    buildInstructionSet({ registry, sources, n: 1200, seed: 3, out: whole, shardSize: 400 })
    const resumed = folder('resumed')
    const partial = buildInstructionSet({
      registry,
      sources,
      n: 1200,
      seed: 3,
      out: resumed,
      shardSize: 400,
      maxShards: 1,
    })
    expect(partial.complete).toBe(false)
    const rest = buildInstructionSet({
      registry,
      sources,
      n: 1200,
      seed: 3,
      out: resumed,
      shardSize: 400,
    })
    expect(rest.resumedShards).toBe(1)
    expect(rest.complete).toBe(true)
    expect(filesOf(resumed)).toEqual(filesOf(whole))
  })
})

describe.skipIf(!hasSharedData('benchmarks/medqa/phrases_no_exclude_test.jsonl'))(
  'decontamination',
  () => {
    it('removes instances built from a corpus passage holding a MedQA test question, and lists them', async () => {
      const medqa = sharedDataPath('benchmarks/medqa/phrases_no_exclude_test.jsonl')
      const firstLine = readFileSync(medqa, 'utf8').split('\n')[0] as string
      const question = (JSON.parse(firstLine) as { question: string }).question
      const corpus = folder('corpus')
      cpSync(fileURLToPath(new URL('../../data/demo-corpus/', import.meta.url)), corpus, {
        recursive: true,
      })
      const planted = {
        id: 'planted-medqa',
        title: 'Planted evaluation question',
        text: question,
        publisher: 'Planted for the decontamination test',
        materialType: 'web',
        published: '2024',
        language: 'en',
        authority: 'E',
        url: '',
        tags: ['planted'],
      }
      writeFileSync(join(corpus, 'zz-planted.jsonl'), `${JSON.stringify(planted)}\n`)
      const plantedSources = loadTaskSources({ corpus })
      const index = await buildDecontaminationIndex([{ benchmark: 'medqa', text: question }])
      const out = folder('decontaminated')
      const mixture: MixtureFile = {
        format: 'galen-mixture/1',
        groups: [{ name: 'authority-classification', ratio: 1 }],
      }
      buildInstructionSet({
        registry,
        sources: plantedSources,
        n: 800,
        seed: 1,
        out,
        mixture,
        decontamination: index,
      })
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest
      expect(manifest.decontamination.enabled).toBe(true)
      expect(manifest.decontamination.removed_total).toBeGreaterThan(0)
      expect(manifest.decontamination.removed[0]?.benchmarks).toHaveProperty('medqa')
      const text = readFileSync(join(out, 'data', 'shard-00000.jsonl'), 'utf8')
      expect(text).not.toContain(question.slice(0, 120))
      expect(manifest.n_written + manifest.decontamination.removed_total).toBe(800)
    })
  },
)
