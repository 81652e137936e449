import { describe, expect, it } from 'vitest'
import { makeResult } from '../verifiers/index.js'
import { openRlhfResponse, readOpenRlhfRequest, stripQuery } from './openrlhf.js'

describe('stripQuery', () => {
  it('drops the templated prompt and the end-of-turn marker (Qwen / ChatML)', () => {
    const prompt =
      '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\n'
    const query = `${prompt}<think>hmm</think>The answer is C.<|im_end|><|endoftext|><|endoftext|>`
    expect(stripQuery(query, prompt)).toBe('<think>hmm</think>The answer is C.')
  })

  it('finds the response after the last assistant opener when the prompt is unknown', () => {
    const llama =
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nQ?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nAnswer: B<|eot_id|>'
    expect(stripQuery(llama, undefined)).toBe('Answer: B')
    const deepseek =
      '<｜begin▁of▁sentence｜><｜User｜>Q?<｜Assistant｜><think>x</think>Answer: D<｜end▁of▁sentence｜>'
    expect(stripQuery(deepseek, undefined)).toBe('<think>x</think>Answer: D')
  })

  it('copes with a prompt that lost its BOS token and with a prompt without the assistant opener', () => {
    expect(stripQuery('<s>[INST] Q? [/INST] Answer: A</s>', '[INST] Q? [/INST]')).toBe(' Answer: A')
    expect(
      stripQuery(
        '<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\nA<|im_end|>',
        '<|im_start|>user\nQ<|im_end|>\n',
      ),
    ).toBe('A')
  })
})

describe('readOpenRlhfRequest', () => {
  it('turns JSON labels, flat labels and bare exam labels into records', () => {
    const read = readOpenRlhfRequest(
      {
        query: ['P1 R1', 'P2 R2', 'P3 R3'],
        prompts: ['P1', 'P2', 'P3'],
        labels: [
          '{"task":"exam","ground_truth":{"answer":"C"}}',
          '{"task":"exam","answer":"B"}',
          'A',
        ],
      },
      'exam',
    )
    expect(read).toEqual({
      ok: true,
      records: [
        { task: 'exam', ground_truth: { answer: 'C' }, response: ' R1', prompt: 'P1' },
        { task: 'exam', ground_truth: { answer: 'B' }, response: ' R2', prompt: 'P2' },
        { task: 'exam', ground_truth: { answer: 'A' }, response: ' R3', prompt: 'P3' },
      ],
    })
  })

  it('marks queries without a usable label as invalid instead of failing the batch', () => {
    const read = readOpenRlhfRequest({ query: ['only a query', 7] })
    if (!read.ok) throw new Error(read.error)
    expect(read.records).toEqual([
      { invalid: 'labels[0] is missing: send the task and ground truth as the label' },
      { invalid: 'query[1] is not a string' },
    ])
    expect(readOpenRlhfRequest({ prompts: [] })).toEqual({
      ok: false,
      error: 'get_reward: "query" must be a list of strings',
    })
  })

  it('answers with aligned rewards, scores and numeric extra_logs', () => {
    const response = openRlhfResponse([
      makeResult(1, 'ok', 'x', { correct: 1, format: 1 }),
      makeResult(0, 'format_error', 'y', { correct: 0, format: 0 }),
    ])
    expect(response).toEqual({
      rewards: [1, 0],
      scores: [1, 0],
      extra_logs: {
        correct: [1, 0],
        format: [1, 0],
        status_ok: [1, 0],
        status_format_error: [0, 1],
        status_abstain: [0, 0],
        status_timeout: [0, 0],
        status_error: [0, 0],
      },
    })
  })
})
