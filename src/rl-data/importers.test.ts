import { describe, expect, it } from 'vitest'
import { detectRolloutFormat, normalizeRollout, promptIdFor } from './importers.js'
import {
  promptMessages,
  promptText,
  readLabel,
  safeParseItem,
  safeParseRollout,
} from './records.js'

describe('safeParseRollout', () => {
  it('accepts a Galen rollout and keeps unknown keys', () => {
    const parsed = safeParseRollout({
      prompt_id: 7,
      prompt: [{ role: 'user', content: 'q' }],
      response: 'a',
      reward: 1,
      epoch: 2,
      components: { format: 1 },
      note: 'kept',
    })
    expect(parsed.ok && parsed.value.prompt_id).toBe('7')
    expect(parsed.ok && parsed.value.note).toBe('kept')
  })

  it('names the field at fault for a bad reward', () => {
    const parsed = safeParseRollout(
      { prompt_id: 'p', prompt: 'q', response: 'a', reward: 'high' },
      'line 4',
    )
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.error.message).toMatch(/^rl-data: line 4 is not a valid rollout: reward:/)
      expect(parsed.error.field).toBe('line 4.reward')
    }
  })

  it('rejects a negative epoch and an empty chat prompt', () => {
    expect(
      safeParseRollout({ prompt_id: 'p', prompt: 'q', response: '', reward: 0, epoch: -1 }).ok,
    ).toBe(false)
    expect(safeParseRollout({ prompt_id: 'p', prompt: [], response: '', reward: 0 }).ok).toBe(false)
  })
})

describe('safeParseItem', () => {
  it('requires a ground truth and a task', () => {
    expect(safeParseItem({ id: 'a', prompt: 'q', task: 'exam', ground_truth: 'B' }).ok).toBe(true)
    expect(safeParseItem({ id: 'a', prompt: 'q', task: 'exam' }).ok).toBe(false)
    expect(safeParseItem({ id: 'a', prompt: 'q', ground_truth: 'B' }).ok).toBe(false)
  })
})

describe('prompt helpers', () => {
  it('turns a text prompt into chat messages with an optional system message', () => {
    expect(promptMessages('hi', 'sys')).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hi' },
    ])
    expect(
      promptText([
        { role: 'system', content: 'a' },
        { role: 'user', content: 'b' },
      ]),
    ).toBe('a\n\nb')
  })

  it('reads labels by key or dotted path', () => {
    const record = { task: 'exam', labels: { specialty: 'cardiology', level: 3 } }
    expect(readLabel(record, 'task')).toBe('exam')
    expect(readLabel(record, 'labels.specialty')).toBe('cardiology')
    expect(readLabel(record, 'labels.level')).toBe('3')
    expect(readLabel(record, 'labels.missing')).toBeUndefined()
  })
})

describe('verl importer', () => {
  const line = {
    input: 'user\nWhat is the first-line drug?\nassistant\n',
    output: '<answer>B</answer>',
    gts: 'B',
    score: 1,
    step: 41,
    acc: true,
    pred: 'B',
    format_reward: 0.5,
  }

  it('maps input, output, score, gts and step, and keeps reward extras as components', () => {
    const parsed = normalizeRollout(line, { from: 'verl', stepsPerEpoch: 20 })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.value).toMatchObject({
      prompt_id: promptIdFor(line.input),
      prompt: line.input,
      response: line.output,
      reward: 1,
      ground_truth: 'B',
      epoch: 2,
      step: 41,
      components: { acc: 1, format_reward: 0.5 },
      extra: { pred: 'B' },
    })
  })

  it('leaves the epoch unset without steps per epoch', () => {
    const parsed = normalizeRollout(line, { from: 'verl' })
    expect(parsed.ok && parsed.value.epoch).toBeUndefined()
  })

  it('is detected automatically, and gives rollouts of the same prompt the same id', () => {
    expect(detectRolloutFormat(line)).toBe('verl')
    const other = normalizeRollout({ ...line, output: 'C', score: 0 })
    const first = normalizeRollout(line)
    expect(first.ok && other.ok && first.value.prompt_id === other.value.prompt_id).toBe(true)
  })

  it('reports a dump line without a score', () => {
    const parsed = normalizeRollout({ input: 'q', output: 'a' }, { from: 'verl' }, 'line 3')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok)
      expect(parsed.error.message).toMatch(/line 3 is not a verl rollout dump line: score/)
  })
})

describe('OpenRLHF importer', () => {
  it('reads batch_inference output with a reward', () => {
    const parsed = normalizeRollout({ input: 'q?', output: 'a', reward: 0.25 })
    expect(parsed.ok && parsed.value).toMatchObject({ prompt: 'q?', response: 'a', reward: 0.25 })
  })

  it("reads Galen's label back into task and ground truth", () => {
    const label = JSON.stringify({ task: 'diagnosis', ground_truth: { codes: ['I21.4'] } })
    const parsed = normalizeRollout({
      prompt: 'q',
      label,
      reward: 1,
      score: 0.9,
      datasource: 'dx',
      eval_index: 3,
    })
    expect(parsed.ok && parsed.value).toMatchObject({
      task: 'diagnosis',
      ground_truth: { codes: ['I21.4'] },
      data_source: 'dx',
      response: '',
      components: { score: 0.9, eval_index: 3 },
    })
  })

  it('keeps a plain label as the ground truth and the data source as the task', () => {
    const parsed = normalizeRollout({ prompt: 'q', label: 'C', reward: 0, datasource: 'medqa' })
    expect(parsed.ok && parsed.value).toMatchObject({ ground_truth: 'C', task: 'medqa' })
  })

  it('says what it expected for a line that fits no format', () => {
    const parsed = normalizeRollout({ question: 'q' }, {}, 'line 9')
    expect(parsed.ok).toBe(false)
    if (!parsed.ok)
      expect(parsed.error.message).toMatch(/line 9 is not a rollout: expected "prompt_id"/)
  })
})

describe('the rollout fast path', () => {
  it('leaves a "__proto__" key (an own key after JSON.parse) to zod', async () => {
    const { isPlainRolloutForTest, safeParseRollout } = await import('./records.js')
    const value = JSON.parse(
      '{"prompt_id":"p","prompt":"q","response":"r","reward":1,"components":{"__proto__":0.5,"acc":1}}',
    ) as unknown
    expect(isPlainRolloutForTest(value)).toBe(false)
    const parsed = safeParseRollout(value)
    expect(parsed.ok).toBe(true)
    if (parsed.ok) expect(Object.hasOwn(parsed.value.components ?? {}, '__proto__')).toBe(false)
  })

  it('accepts only what the zod schema accepts, with the same result', async () => {
    const { isPlainRolloutForTest } = await import('./records.js')
    const { rolloutRecordSchema } = await import('./records.js')
    const fc = (await import('fast-check')).default
    // each field is usually valid and sometimes not, so both paths are exercised
    const mostly = <T, U>(
      valid: import('fast-check').Arbitrary<T>,
      invalid: import('fast-check').Arbitrary<U>,
    ) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 })
    const word = fc.string({ minLength: 1 })
    const message = fc.record({
      role: mostly(word, fc.constant('')),
      content: mostly(fc.string(), fc.integer()),
    })
    const candidate = fc.record(
      {
        prompt_id: mostly(
          word,
          fc.oneof(fc.integer(), fc.double(), fc.constant(''), fc.constant(null)),
        ),
        prompt: mostly(
          fc.oneof(fc.string(), fc.array(message, { minLength: 1, maxLength: 3 })),
          fc.oneof(fc.constant([]), fc.integer()),
        ),
        response: mostly(fc.string(), fc.integer()),
        reward: mostly(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.oneof(fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY), fc.string()),
        ),
        task: mostly(word, fc.oneof(fc.constant(''), fc.integer())),
        epoch: mostly(fc.nat(), fc.oneof(fc.constant(-1), fc.double({ min: 0.1, max: 5 }))),
        components: mostly(
          fc.dictionary(word, fc.double({ noNaN: true, noDefaultInfinity: true })),
          fc.oneof(
            fc.constant(null),
            fc.array(fc.integer()),
            fc.dictionary(word, fc.string(), { minKeys: 1 }),
          ),
        ),
        data_source: mostly(word, fc.constant('')),
        ground_truth: fc.anything(),
        extra: fc.anything(),
      },
      { requiredKeys: ['prompt_id', 'prompt', 'response', 'reward'] },
    )
    let accepted = 0
    fc.assert(
      fc.property(candidate, (value) => {
        if (!isPlainRolloutForTest(value)) return
        accepted += 1
        const parsed = rolloutRecordSchema.safeParse(value)
        expect(parsed.success).toBe(true)
        if (parsed.success) expect(parsed.data).toEqual(value)
      }),
      { numRuns: 5000 },
    )
    // the generator makes valid records often: the fast path must have taken many of them
    expect(accepted).toBeGreaterThan(100)
  })
})
