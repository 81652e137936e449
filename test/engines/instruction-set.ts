/**
 * A small instruction-data set for the engine tests, made the way a user makes one: `galen data
 * build` (the 41 built-in tasks, two instances each, so every task appears once in English and
 * once in Chinese) and `galen data export --format FORMAT`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runGalen } from '../support/cli.js'

/** One built record, as `galen data build` writes it (the fields the tests compare). */
export interface BuiltInstruction {
  id: string
  task: string
  language: 'en' | 'zh'
  prompt: string
  output: string
}

/**
 * Builds `n` instances (seed 1, no decontamination: the built-in tasks' generators only) into
 * `folder/set` and returns the records in file order.
 */
export async function buildInstructionSet(folder: string, n = 82): Promise<BuiltInstruction[]> {
  const set = join(folder, 'set')
  const built = await runGalen([
    'data',
    'build',
    '--n',
    String(n),
    '--seed',
    '1',
    '--out',
    set,
    '--no-decontaminate',
  ])
  if (built.code !== 0) throw new Error(`galen data build failed: ${built.stderr}`)
  return readFileSync(join(set, 'data', 'shard-00000.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BuiltInstruction)
}

/** Exports the set built in `folder/set` with `galen data export`; returns the output folder. */
export async function exportInstructionSet(
  folder: string,
  format: string,
  extra: readonly string[] = [],
): Promise<string> {
  const out = join(folder, `export-${format}`)
  const exported = await runGalen([
    'data',
    'export',
    '--from',
    join(folder, 'set'),
    '--format',
    format,
    '--out',
    out,
    ...extra,
  ])
  if (exported.code !== 0) throw new Error(`galen data export failed: ${exported.stderr}`)
  return out
}
