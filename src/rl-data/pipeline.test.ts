import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { filterRollouts } from './filter.js'
import { buildPreferencePairs, choosePairs } from './pairs.js'
import { createRandom } from './random.js'
import { selectBestOfN, selectByRewardVariance } from './select.js'
import { computeRolloutStats } from './stats.js'

// prompt -> epoch -> rewards (groups of four)
const GROUPS: Record<string, Record<number, number[]>> = {
  p1: { 0: [1, 1, 1, 0], 1: [1, 1, 1, 1], 2: [1, 1, 1, 1] }, // mastered at 0.9 for 2 epochs
  p2: { 0: [0, 0, 0, 0], 1: [1, 0, 0, 0], 2: [1, 1, 0, 0] },
  p3: { 0: [1, 1, 1, 1], 2: [1, 1, 1, 0.5] }, // perfect, but epochs 0 and 2 are not consecutive
  p4: { 2: [1, 1, 1, 1] }, // one epoch only
}

let folder = ''
let rollouts = ''
let items = ''

function readLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'galen-rl-'))
  const lines: string[] = []
  for (const [prompt, epochs] of Object.entries(GROUPS)) {
    for (const [epoch, rewards] of Object.entries(epochs)) {
      rewards.forEach((reward, index) => {
        lines.push(
          JSON.stringify({
            prompt_id: prompt,
            prompt: `question ${prompt}`,
            response: `resp-${prompt}-${epoch}-${index}`,
            reward,
            task: prompt === 'p4' ? 'drug' : 'exam',
            epoch: Number(epoch),
          }),
        )
      })
    }
  }
  // unsorted input: the commands must not depend on groups being contiguous
  createRandom(5).shuffle(lines)
  lines.splice(10, 0, '{"prompt_id": "broken"', '')
  rollouts = join(folder, 'rollouts.jsonl')
  writeFileSync(rollouts, `${lines.join('\n')}\n`)
  items = join(folder, 'items.jsonl')
  writeFileSync(
    items,
    `${['p1', 'p2', 'p3', 'p4', 'p5']
      .map((id) =>
        JSON.stringify({ id, prompt: `question ${id}`, task: 'exam', ground_truth: 'A' }),
      )
      .join('\n')}\nnot json\n`,
  )
})

describe('computeRolloutStats', () => {
  it('counts prompts, groups, uniform groups and the mean reward, and reports the bad line', async () => {
    const stats = await computeRolloutStats(rollouts)
    expect(stats).toMatchObject({
      prompts: 4,
      groups: 9,
      rollouts: 36,
      uniform_groups: 5,
      malformed: 1,
    })
    expect(stats.mean_reward).toBeCloseTo(25.5 / 36, 12)
    expect(stats.issues[0]?.line).toBe(11)
    expect(stats.epochs).toEqual([0, 1, 2])
    expect(stats.pass_rate_histogram).toEqual({
      '=0': 1,
      '(0,0.2)': 0,
      '[0.2,0.4)': 1,
      '[0.4,0.6)': 1,
      '[0.6,0.8)': 1,
      '[0.8,1)': 0,
      '=1': 5,
    })
    expect(stats.by_task.drug).toMatchObject({ prompts: 1, rollouts: 4, uniform_groups: 1 })
    expect(stats.by_task.exam?.prompts).toBe(3)
    expect(Object.keys(stats.pass_rate_histogram)[0]).toBe('=0')
  })
})

describe('filterRollouts', () => {
  it('drops mastered prompts and uniform groups, says why, and filters the items alongside', async () => {
    const out = join(folder, 'kept.jsonl')
    const dropped = join(folder, 'dropped.jsonl')
    const itemsOut = join(folder, 'items.next.jsonl')
    const result = await filterRollouts(rollouts, {
      out,
      dropUniform: true,
      mastery: { passRate: 0.9, epochs: 2 },
      items: { input: items, out: itemsOut },
      droppedOut: dropped,
    })
    expect(result.input).toEqual({ prompts: 4, groups: 9, rollouts: 36 })
    expect(result.kept).toEqual({ prompts: 2, groups: 3, rollouts: 12 })
    expect(result.dropped.mastered).toEqual({ prompts: 1, groups: 3, rollouts: 12 })
    expect(result.dropped.uniform).toEqual({ prompts: 3, groups: 3, rollouts: 12 })
    expect(result.mastered_share).toBe(0.25)
    const kept = readLines(out)
    expect(kept).toHaveLength(12)
    expect(new Set(kept.map((row) => `${row.prompt_id}/${row.epoch}`))).toEqual(
      new Set(['p2/1', 'p2/2', 'p3/2']),
    )
    const reasons = readLines(dropped).map((row) => `${row.prompt_id}/${row.epoch}:${row.reason}`)
    expect(reasons.sort()).toEqual([
      'p1/0:mastered',
      'p1/1:mastered',
      'p1/2:mastered',
      'p2/0:uniform',
      'p3/0:uniform',
      'p4/2:uniform',
    ])
    expect(result.items).toEqual({ read: 5, kept: 4, dropped: 1, not_in_rollouts: 1, malformed: 1 })
    expect(readLines(itemsOut).map((item) => item.id)).toEqual(['p2', 'p3', 'p4', 'p5'])
  })

  it('keeps only the requested difficulty bands, judged on the latest epoch', async () => {
    const out = join(folder, 'bands.jsonl')
    const result = await filterRollouts(rollouts, { out, keepBands: ['medium'] })
    expect(result.kept.prompts).toBe(1)
    expect(new Set(readLines(out).map((row) => row.prompt_id))).toEqual(new Set(['p2']))
    expect(result.dropped.band.prompts).toBe(3)
  })

  it('adds GRPO or Dr. GRPO advantages to the kept rollouts', async () => {
    const grpo = join(folder, 'grpo.jsonl')
    await filterRollouts(rollouts, { out: grpo, keepBands: ['medium'], advantages: 'grpo' })
    const first = readLines(grpo).find((row) => row.response === 'resp-p2-1-0')
    expect(first?.advantage).toBeCloseTo(0.75 / (0.5 + 1e-6), 9)
    const dr = join(folder, 'dr.jsonl')
    await filterRollouts(rollouts, { out: dr, keepBands: ['medium'], advantages: 'dr-grpo' })
    expect(readLines(dr).find((row) => row.response === 'resp-p2-1-1')?.advantage).toBeCloseTo(
      -0.25,
      12,
    )
  })

  it('refuses mastery on rollouts without epochs', async () => {
    const flat = join(folder, 'flat.jsonl')
    writeFileSync(
      flat,
      `${JSON.stringify({ prompt_id: 'a', prompt: 'q', response: 'r', reward: 1 })}\n`,
    )
    await expect(
      filterRollouts(flat, { out: join(folder, 'x.jsonl'), mastery: { passRate: 0.5, epochs: 1 } }),
    ).rejects.toThrow(/mastery resampling needs an "epoch"/)
  })
})

describe('selection', () => {
  it('keeps the best rollouts of each prompt (best-of-N), first seen on ties', async () => {
    const out = join(folder, 'best.jsonl')
    const result = await selectBestOfN(rollouts, { out, top: 1, minReward: 1 })
    expect(result).toMatchObject({
      prompts: 4,
      selected: 4,
      below_min_reward: 0,
      mean_selected_reward: 1,
    })
    const rows = readLines(out)
    expect(rows.map((row) => row.prompt_id).sort()).toEqual(['p1', 'p2', 'p3', 'p4'])
    expect(rows.every((row) => row.reward === 1)).toBe(true)
  })

  it('counts prompts whose best rollout is below the minimum reward', async () => {
    const result = await selectBestOfN(rollouts, {
      out: join(folder, 'best2.jsonl'),
      top: 2,
      minReward: 2,
    })
    expect(result).toMatchObject({ selected: 0, below_min_reward: 4 })
  })

  it('keeps the prompts with the largest reward spread and their items', async () => {
    const out = join(folder, 'varied.jsonl')
    const itemsOut = join(folder, 'varied-items.jsonl')
    const result = await selectByRewardVariance(rollouts, {
      out,
      top: 1,
      items: { input: items, out: itemsOut },
    })
    expect(result).toMatchObject({ selected_prompts: 1, selected_rollouts: 12, std_cutoff: 0.5 })
    expect(new Set(readLines(out).map((row) => row.prompt_id))).toEqual(new Set(['p2']))
    expect(readLines(itemsOut).map((item) => item.id)).toEqual(['p2'])
    const all = await selectByRewardVariance(rollouts, { out: join(folder, 'varied-all.jsonl') })
    expect(all.selected_prompts).toBe(2)
  })
})

describe('preference pairs', () => {
  it('pairs the best against the worst rollout of each group with a reward gap', async () => {
    const out = join(folder, 'pairs.jsonl')
    const result = await buildPreferencePairs(rollouts, { out })
    expect(result).toMatchObject({ groups: 9, pairs: 4, groups_without_pair: 5 })
    const pair = readLines(out).find((row) => row.prompt_id === 'p3')
    expect(pair).toMatchObject({
      epoch: 2,
      prompt: 'question p3',
      chosen: 'resp-p3-2-0',
      rejected: 'resp-p3-2-3',
      chosen_reward: 1,
      rejected_reward: 0.5,
      margin: 0.5,
    })
  })

  it('needs the gap to be above the margin', async () => {
    const result = await buildPreferencePairs(rollouts, {
      out: join(folder, 'pairs-m.jsonl'),
      margin: 0.5,
    })
    expect(result.pairs).toBe(3)
  })

  it('forms all pairs above the margin, capped per group', () => {
    const candidates = [1, 1, 0, 0].map((reward, line) => ({ line, reward }))
    expect(choosePairs(candidates, 'all', 0)).toHaveLength(4)
    const graded = [0.9, 0.5, 0.1].map((reward, line) => ({ line, reward }))
    const capped = choosePairs(graded, 'all', 0, 1)
    expect(capped.map(([chosen, rejected]) => [chosen.reward, rejected.reward])).toEqual([
      [0.9, 0.1],
    ])
    expect(choosePairs([{ line: 0, reward: 1 }], 'best-worst', 0)).toEqual([])
  })
})
