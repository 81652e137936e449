import { spawn, spawnSync } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createItemVerifier } from '../verifiers/index.js'
import { createRewardServer, type RewardServer } from './server.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const hasPython = spawnSync('python3', ['--version']).status === 0

/** Runs a Python script asynchronously (the server lives in this process, so never block it). */
function runPython(
  script: string,
  environment: Record<string, string>,
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', ['-c', script], {
      cwd: root,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...environment },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolvePromise({ stdout, stderr, status })
    })
  })
}

describe.skipIf(!hasPython && process.env.CI !== 'true')(
  'python adapters against a live reward server',
  () => {
    let server: RewardServer
    let url: string
    beforeAll(async () => {
      server = createRewardServer({
        verifier: createItemVerifier(),
        port: 0,
        token: 'adapter-token-0123456789',
      })
      url = (await server.start()).url
    })
    afterAll(async () => {
      await server.close()
    })

    it('verl compute_score and compute_score_batch return dicts with the same keys', async () => {
      const script = `
import json, sys
sys.path.insert(0, 'adapters/verl')
from galen_verl import compute_score, compute_score_batch, GalenRewardError
out = {}
out['one'] = compute_score('galen/exam', '<think>A?</think>The answer is C.', 'C')
out['json'] = compute_score('medqa', 'Final answer: B', json.dumps({'task': 'exam', 'ground_truth': {'answer': 'B'}}))
out['tests'] = compute_score('ward', 'Order an ECG and a troponin.', {'task': 'test_ordering', 'tests': ['ECG', 'troponin']})
out['batch'] = compute_score_batch(['exam', 'exam'], ['A or B', 'Answer: A'], ['A', 'A'], [None, {'task': 'exam'}])
try:
    compute_score('exam', 'Answer: A', json.dumps({'task': 'exam', 'ground_truth': {'answer': 'not a letter'}}))
    out['error'] = 'no exception'
except GalenRewardError as error:
    out['error'] = str(error)
print(json.dumps(out))
`
      const result = await runPython(script, {
        GALEN_REWARD_URL: url,
        GALEN_REWARD_TOKEN: 'adapter-token-0123456789',
      })
      expect(result.stderr).toBe('')
      const out = JSON.parse(result.stdout) as Record<string, unknown>
      expect(out.one).toEqual({ score: 1, correctness: 1, format: 1, valid: 1 })
      expect(out.json).toEqual({ score: 1, correctness: 1, format: 1, valid: 1 })
      expect((out.tests as { score: number }).score).toBeCloseTo(0.95)
      expect(out.batch).toEqual([
        { score: 0, correctness: 0, format: 0, valid: 0 },
        { score: 1, correctness: 1, format: 1, valid: 1 },
      ])
      expect(String(out.error)).toContain('item error')
    })

    it('TRL reward_func reads conversational completions and gives None for failed items', async () => {
      const script = `
import json, sys
sys.path.insert(0, 'adapters/trl')
from galen_trl import reward_func
completions = [[{'role': 'assistant', 'content': 'The answer is D'}], [{'role': 'assistant', 'content': 'A/B'}], 'Answer: C']
rewards = reward_func(prompts=['q1', 'q2', 'q3'], completions=completions, ground_truth=['D', 'B', '{"task": "exam", "ground_truth": {"answer": "?"}}'], task=['exam', 'exam', None])
print(json.dumps({'rewards': rewards, 'name': reward_func.__name__}))
`
      const result = await runPython(script, {
        GALEN_REWARD_URL: url,
        GALEN_REWARD_TOKEN: 'adapter-token-0123456789',
      })
      expect(result.stderr).toBe('')
      expect(JSON.parse(result.stdout)).toEqual({ rewards: [1, 0, null], name: 'galen_reward' })
    })

    it('raises instead of returning 0 when the server is unreachable or the token is wrong', async () => {
      const script = `
import sys
sys.path.insert(0, 'adapters/trl')
from galen_trl import reward_func, GalenRewardError
try:
    reward_func(prompts=['q'], completions=['Answer: A'], ground_truth=['A'])
    print('no exception')
except GalenRewardError as error:
    print('raised:', error)
`
      const unreachable = await runPython(script, {
        GALEN_REWARD_URL: 'http://127.0.0.1:9',
        GALEN_REWARD_RETRIES: '1',
      })
      expect(unreachable.stdout).toContain('raised: galen: cannot reach the reward server')
      const wrongToken = await runPython(script, {
        GALEN_REWARD_URL: url,
        GALEN_REWARD_TOKEN: 'wrong-token',
      })
      expect(wrongToken.stdout).toContain('answered 401')
    })
  },
)
