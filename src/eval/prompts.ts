/**
 * Prompt building (in Chinese for items whose `language` is `zh`): three styles (`json`, the report's "final answer in JSON"; `cot`, reasoning
 * then "The answer is X"; `direct`, the answer only) and few-shot examples as earlier turns.
 */
import type { ChatMessage } from '../llm/index.js'
import type { BenchmarkItem } from './item.js'

/** How the model is asked to answer. */
export type PromptStyle = 'json' | 'cot' | 'direct'

/** The accepted prompt styles. */
export const PROMPT_STYLES: readonly PromptStyle[] = ['json', 'cot', 'direct']

const SYSTEM: Record<BenchmarkItem['kind'], string> = {
  'multiple-choice':
    'You are a medical expert taking a professional examination. Read each question carefully and choose the best answer.',
  calculation:
    'You are a clinical calculation assistant. Compute the requested value from the patient note exactly as the question asks.',
  'open-ended':
    'You are a careful, honest medical assistant. Answer accurately, safely and completely; say what you do not know.',
}

const SYSTEM_ZH: Record<BenchmarkItem['kind'], string> = {
  'multiple-choice': '你是一名正在参加医学专业考试的医学专家。请仔细阅读每道题，选出最佳答案。',
  calculation: '你是一名临床计算助手。请根据病历，严格按照题目要求计算所需的数值。',
  'open-ended': '你是一名严谨、诚实的医学助手。请准确、安全、完整地回答；不确定的内容请如实说明。',
}

/** The system message of normalisation items (CHIP-CDN): map a raw diagnosis to standard names. */
const NORMALIZATION_SYSTEM_ZH =
  '你是一名医学术语标准化助手。请把医生书写的原始诊断映射为《国际疾病分类 ICD-10 北京临床版》中的标准诊断名称。'

const NORMALIZATION_INSTRUCTION_ZH =
  '请给出对应的标准诊断名称（一个原始诊断可能对应多个标准名称）。只输出一个 JSON 对象：{"names": ["标准名称", ...]}。'

function isChinese(item: BenchmarkItem): boolean {
  return item.language === 'zh'
}

function questionBlockZh(item: BenchmarkItem): string {
  const parts: string[] = []
  if (item.context !== undefined && item.context !== '') {
    parts.push(item.kind === 'calculation' ? `病历：\n${item.context}` : `背景：\n${item.context}`)
  }
  if (item.normalization !== undefined) parts.push(`原始诊断：${item.question}`)
  else
    parts.push(
      item.kind === 'calculation' ? `任务：\n${item.question}` : `题目：\n${item.question}`,
    )
  if (item.options !== undefined) {
    parts.push(
      `选项：\n${Object.entries(item.options)
        .map(([letter, text]) => `${letter}. ${text}`)
        .join('\n')}`,
    )
  }
  return parts.join('\n\n')
}

/** The Chinese instruction (the report asks for the final answer as JSON). */
function instructionZh(item: BenchmarkItem, style: PromptStyle): string {
  if (item.normalization !== undefined) return NORMALIZATION_INSTRUCTION_ZH
  if (item.kind === 'open-ended') return ''
  if (item.kind === 'calculation') {
    return style === 'direct'
      ? '只输出一个 JSON 对象：{"answer": "<数值>"}。'
      : '请逐步推理，然后只输出一个 JSON 对象：{"step_by_step_thinking": "<推理过程>", "answer": "<数值>"}。'
  }
  const several = item.multiple === true
  const what = several ? '所有正确选项的字母' : '唯一最佳选项的字母'
  switch (style) {
    case 'json':
      return several
        ? '本题为多选题。只输出一个 JSON 对象：{"reasoning": "<简要推理>", "answer": ["<字母>", ...]}，列出所有正确选项。'
        : '只输出一个 JSON 对象：{"reasoning": "<简要推理>", "answer": "<字母>"}。'
    case 'cot':
      return `请逐步思考，最后单独一行写出"答案：X"，X 为${what}。`
    case 'direct':
      return `只回答${what}，不要输出其他内容。`
  }
}

function questionBlock(item: BenchmarkItem): string {
  if (isChinese(item)) return questionBlockZh(item)
  const parts: string[] = []
  if (item.context !== undefined && item.context !== '') {
    parts.push(
      item.kind === 'calculation' ? `Patient note:\n${item.context}` : `Context:\n${item.context}`,
    )
  }
  parts.push(
    item.kind === 'calculation' ? `Task:\n${item.question}` : `Question:\n${item.question}`,
  )
  if (item.options !== undefined) {
    parts.push(
      `Options:\n${Object.entries(item.options)
        .map(([letter, text]) => `${letter}. ${text}`)
        .join('\n')}`,
    )
  }
  return parts.join('\n\n')
}

function instruction(item: BenchmarkItem, style: PromptStyle): string {
  if (isChinese(item)) return instructionZh(item, style)
  if (item.kind === 'open-ended') return ''
  if (item.kind === 'calculation') {
    if (style === 'direct')
      return 'Output only a JSON object: {"answer": "<the value>"}. For dates use MM/DD/YYYY; for gestational age use ("N weeks", "M days").'
    return 'Think step by step, then output only a JSON object: {"step_by_step_thinking": "<your reasoning>", "answer": "<the value>"}. For dates use MM/DD/YYYY; for gestational age use ("N weeks", "M days").'
  }
  const several = item.multiple === true
  const what = several ? 'every correct option letter' : 'the letter of the single best option'
  switch (style) {
    case 'json':
      return several
        ? 'Output only a JSON object: {"reasoning": "<brief reasoning>", "answer": ["<letter>", ...]} listing every correct option.'
        : 'Output only a JSON object: {"reasoning": "<brief reasoning>", "answer": "<letter>"}.'
    case 'cot':
      return `Think step by step, then finish with a final line "The answer is X" giving ${what}.`
    case 'direct':
      return `Answer with ${what} only, nothing else.`
  }
}

/** The assistant turn of a few-shot example, written as a model should answer. */
function exampleAnswer(item: BenchmarkItem, style: PromptStyle): string {
  const gold = item.gold
  if (item.kind === 'calculation') return JSON.stringify({ answer: gold[0] ?? '' })
  if (item.normalization !== undefined) return JSON.stringify({ names: item.normalization.names })
  if (item.kind === 'open-ended') return gold[0] ?? ''
  const letters = item.multiple === true ? gold : gold.slice(0, 1)
  switch (style) {
    case 'json':
      return JSON.stringify({
        reasoning: '',
        answer: item.multiple === true ? letters : (letters[0] ?? ''),
      })
    case 'cot':
      return isChinese(item) ? `答案：${letters.join('')}` : `The answer is ${letters.join(', ')}.`
    case 'direct':
      return letters.join(', ')
  }
}

/** The user turn of an item. */
export function userMessage(item: BenchmarkItem, style: PromptStyle): string {
  const text = instruction(item, style)
  return text === '' ? questionBlock(item) : `${questionBlock(item)}\n\n${text}`
}

/**
 * Builds the chat messages for an item: a system message, each few-shot example as a user turn
 * and its answer, then the item.
 */
export function buildMessages(
  item: BenchmarkItem,
  style: PromptStyle,
  examples: readonly BenchmarkItem[] = [],
): ChatMessage[] {
  const system =
    item.normalization !== undefined && isChinese(item)
      ? NORMALIZATION_SYSTEM_ZH
      : isChinese(item)
        ? SYSTEM_ZH[item.kind]
        : SYSTEM[item.kind]
  const messages: ChatMessage[] = [{ role: 'system', content: system }]
  for (const example of examples) {
    messages.push({ role: 'user', content: userMessage(example, style) })
    messages.push({ role: 'assistant', content: exampleAnswer(example, style) })
  }
  messages.push({ role: 'user', content: userMessage(item, style) })
  return messages
}
