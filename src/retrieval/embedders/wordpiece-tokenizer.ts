/**
 * A WordPiece tokenizer read from a Hugging Face `tokenizer.json` (BERT-family models such as
 * MiniLM, BGE or PubMedBERT): BERT's basic pre-tokenisation (optional lower-casing and accent
 * stripping, splits at whitespace and punctuation) then greedy longest-match sub-words.
 */
import { readFileSync } from 'node:fs'
import { ConfigError, safeParseJson } from '../../errors.js'

/** A loaded tokenizer. */
export interface WordPieceTokenizer {
  /** Token ids with `[CLS]` first and `[SEP]` last, truncated to `maxLength`. */
  encode(text: string, maxLength: number): number[]
  readonly padId: number
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function isPunctuation(character: string): boolean {
  return /[\p{P}\p{S}]/u.test(character)
}

/**
 * Builds a tokenizer from the parsed JSON of a `tokenizer.json`.
 *
 * @throws ConfigError when the file is not a WordPiece tokenizer
 */
export function createWordPieceTokenizer(
  json: unknown,
  where = 'tokenizer.json',
): WordPieceTokenizer {
  const model = record(record(json)?.model)
  const vocabulary = record(model?.vocab)
  if (model?.type !== 'WordPiece' || vocabulary === undefined) {
    throw new ConfigError(
      `embedder: ${where} is not a WordPiece tokenizer (model.type "${String(model?.type)}"); only BERT-style models are supported`,
    )
  }
  const ids = new Map<string, number>()
  for (const [token, id] of Object.entries(vocabulary))
    if (typeof id === 'number') ids.set(token, id)
  const normalizer = record(record(json)?.normalizer)
  const lowercase = normalizer?.lowercase !== false
  const stripAccents =
    normalizer?.strip_accents === null || normalizer?.strip_accents === undefined
      ? lowercase
      : normalizer.strip_accents === true
  const prefix =
    typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##'
  const unknown = typeof model.unk_token === 'string' ? model.unk_token : '[UNK]'
  const required = (token: string): number => {
    const id = ids.get(token)
    if (id === undefined) throw new ConfigError(`embedder: ${where} has no "${token}" token`)
    return id
  }
  const clsId = required('[CLS]')
  const sepId = required('[SEP]')
  const unknownId = required(unknown)
  const padId = ids.get('[PAD]') ?? 0

  const basicTokens = (text: string): string[] => {
    let cleaned = text.replace(/\s+/g, ' ')
    if (lowercase) cleaned = cleaned.toLowerCase()
    if (stripAccents) cleaned = cleaned.normalize('NFD').replace(/\p{Mn}+/gu, '')
    const tokens: string[] = []
    for (const word of cleaned.split(' ')) {
      let current = ''
      for (const character of word) {
        if (isPunctuation(character) || /[\u4e00-\u9fff]/u.test(character)) {
          if (current !== '') tokens.push(current)
          tokens.push(character)
          current = ''
        } else current += character
      }
      if (current !== '') tokens.push(current)
    }
    return tokens
  }

  const wordPieces = (word: string): number[] => {
    if (word.length > 100) return [unknownId]
    const pieces: number[] = []
    let start = 0
    while (start < word.length) {
      let end = word.length
      let found: number | undefined
      while (start < end) {
        const piece = (start > 0 ? prefix : '') + word.slice(start, end)
        const id = ids.get(piece)
        if (id !== undefined) {
          found = id
          break
        }
        end -= 1
      }
      if (found === undefined) return [unknownId]
      pieces.push(found)
      start = end
    }
    return pieces
  }

  return {
    padId,
    encode(text, maxLength) {
      const body: number[] = []
      for (const token of basicTokens(text)) {
        body.push(...wordPieces(token))
        if (body.length >= maxLength - 2) break
      }
      return [clsId, ...body.slice(0, Math.max(0, maxLength - 2)), sepId]
    },
  }
}

/** Reads a `tokenizer.json` file. */
export function loadWordPieceTokenizer(path: string): WordPieceTokenizer {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ConfigError(`embedder: cannot read tokenizer "${path}": ${(error as Error).message}`)
  }
  const json = safeParseJson(text, path)
  if (!json.ok) throw new ConfigError(`embedder: ${json.error.message}`)
  return createWordPieceTokenizer(json.value, `"${path}"`)
}
