/**
 * The optional model pass: asks a {@link ChatModel} for PHI the rules missed. It can only add
 * spans: whatever the model says, rule spans are never removed.
 */
import { safeParseJson } from '../errors.js'
import type { ChatModel } from '../llm/chat-model.js'
import { PHI_TYPES, type PhiSpan, type PhiType } from './types.js'

const INSTRUCTIONS = `You find protected health information (PHI) in clinical text: names of people (patients, relatives, clinicians), dates (not years alone), ages over 89, phone and fax numbers, e-mail addresses, URLs, IP addresses, social security numbers, medical record, account, licence, device and plan numbers, street addresses, cities, hospitals and other places, ZIP codes.
Answer with JSON only: {"phi":[{"text":"exact words from the text","type":"NAME"}]} where type is one of ${PHI_TYPES.join(', ')}. Copy each PHI exactly as written. Answer {"phi":[]} when there is none.`

/** Splits text into chunks of at most `size` characters at line breaks where possible. */
function chunks(text: string, size: number): Array<{ offset: number; text: string }> {
  const result: Array<{ offset: number; text: string }> = []
  let offset = 0
  while (offset < text.length) {
    let end = Math.min(text.length, offset + size)
    if (end < text.length) {
      const breakAt = text.lastIndexOf('\n', end)
      if (breakAt > offset + size / 2) end = breakAt + 1
    }
    result.push({ offset, text: text.slice(offset, end) })
    offset = end
  }
  return result
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Reads the model's answer; anything malformed yields no spans (never throws). */
export function parseModelAnswer(answer: string): Array<{ text: string; type: PhiType }> {
  const start = answer.indexOf('{')
  const end = answer.lastIndexOf('}')
  if (start < 0 || end <= start) return []
  const parsed = safeParseJson(answer.slice(start, end + 1), 'deid model answer')
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return []
  const list = (parsed.value as { phi?: unknown }).phi
  if (!Array.isArray(list)) return []
  const items: Array<{ text: string; type: PhiType }> = []
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue
    const { text, type } = item as { text?: unknown; type?: unknown }
    if (typeof text !== 'string' || text.trim().length < 2) continue
    const normalized = typeof type === 'string' ? type.toUpperCase() : ''
    const phiType = (PHI_TYPES as readonly string[]).includes(normalized)
      ? (normalized as PhiType)
      : 'NAME'
    items.push({ text: text.trim(), type: phiType })
  }
  return items
}

/**
 * Asks the model for PHI in `text` and returns spans for every whole-word mention of what it
 * named. Model failures propagate (the caller decides whether the pass is required).
 */
export async function detectWithModel(options: {
  model: ChatModel
  text: string
  chunkSize?: number
  signal?: AbortSignal
}): Promise<PhiSpan[]> {
  const spans: PhiSpan[] = []
  for (const chunk of chunks(options.text, options.chunkSize ?? 6000)) {
    if (chunk.text.trim() === '') continue
    const result = await options.model.chat({
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: chunk.text },
      ],
      temperature: 0,
      responseFormat: { type: 'json_object' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    })
    const answer = result.choices[0]?.text ?? ''
    for (const item of parseModelAnswer(answer)) {
      const pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(item.text)}(?![A-Za-z0-9])`, 'g')
      for (const match of chunk.text.matchAll(pattern)) {
        const start = chunk.offset + match.index
        spans.push({
          start,
          end: start + match[0].length,
          type: item.type,
          confidence: 0.5,
          source: 'model',
        })
      }
    }
  }
  return spans
}
