/**
 * Structure-aware chunking bounded by tokens. Markdown headings open sections (a chunk never spans
 * two sections and records its heading path); paragraphs, list items and table rows are kept
 * whole when they fit; longer ones are cut at sentence ends, and a sentence longer than the budget
 * at word boundaries. Consecutive chunks of a section share a tail of whole sentences (the overlap)
 * so that a fact cut at a boundary is still found in one piece.
 */
import { InputError } from '../errors.js'
import { endsChineseSentence, splitSentences } from './sentences.js'
import { countTokens } from './tokens.js'

/** Chunk size settings, in approximate tokens (see `countTokens`). */
export interface ChunkSettings {
  /** Upper bound of a chunk (default 256). */
  maxTokens: number
  /** Tokens of trailing sentences repeated at the start of the next chunk (default 32). */
  overlapTokens: number
}

/** The defaults. */
export const DEFAULT_CHUNK_SETTINGS: ChunkSettings = { maxTokens: 256, overlapTokens: 32 }

/** A chunk of a document's text. */
export interface TextChunk {
  position: number
  text: string
  /** Heading path, outermost first, joined with " > ". */
  heading?: string
  tokenCount: number
}

interface Unit {
  text: string
  tokens: number
  /** How the unit joins the previous one in a chunk (nothing after a Chinese sentence). */
  separator: '\n\n' | '\n' | ' ' | ''
}

interface Section {
  heading: string | undefined
  blocks: string[][]
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/
const LIST_OR_TABLE_LINE = /^(\s*([-*+•]|\d+[.)])\s+|\s*\|)/

function parseSections(text: string): Section[] {
  const sections: Section[] = []
  const path: Array<{ level: number; title: string }> = []
  let current: Section = { heading: undefined, blocks: [] }
  let block: string[] = []
  const flushBlock = () => {
    if (block.length > 0) current.blocks.push(block)
    block = []
  }
  for (const line of text.split('\n')) {
    const heading = HEADING.exec(line)
    if (heading !== null) {
      flushBlock()
      if (current.blocks.length > 0) sections.push(current)
      const level = heading[1]?.length ?? 1
      while (path.length > 0 && (path[path.length - 1]?.level ?? 0) >= level) path.pop()
      path.push({ level, title: heading[2] ?? '' })
      current = { heading: path.map((entry) => entry.title).join(' > '), blocks: [] }
      continue
    }
    if (line.trim() === '') flushBlock()
    else block.push(line)
  }
  flushBlock()
  if (current.blocks.length > 0) sections.push(current)
  return sections
}

function splitLongPiece(text: string, maxTokens: number): string[] {
  // A sentence over budget is cut between words; a word over budget between characters.
  const pieces: string[] = []
  let current: string[] = []
  let tokens = 0
  for (const word of text.split(/\s+/).filter((item) => item !== '')) {
    const wordTokens = countTokens(word)
    if (wordTokens > maxTokens) {
      if (current.length > 0) pieces.push(current.join(' '))
      current = []
      tokens = 0
      // About six characters a token, but one a token for Chinese.
      const step = /\p{Script=Han}/u.test(word) ? maxTokens : Math.max(1, maxTokens * 6 - 6)
      for (let start = 0; start < word.length; start += step)
        pieces.push(word.slice(start, start + step))
      continue
    }
    if (tokens + wordTokens > maxTokens && current.length > 0) {
      pieces.push(current.join(' '))
      current = []
      tokens = 0
    }
    current.push(word)
    tokens += wordTokens
  }
  if (current.length > 0) pieces.push(current.join(' '))
  return pieces
}

function blockUnits(block: string[], maxTokens: number): Unit[] {
  const units: Unit[] = []
  const isList = block.some((line) => LIST_OR_TABLE_LINE.test(line))
  // List items and table rows are units of their own; prose lines form one paragraph.
  const paragraphs = isList ? block : [block.join(' ')]
  paragraphs.forEach((paragraph, paragraphIndex) => {
    const sentences = splitSentences(paragraph.trim())
    let previous = ''
    sentences.forEach((sentence, sentenceIndex) => {
      const pieces =
        countTokens(sentence) > maxTokens ? splitLongPiece(sentence, maxTokens) : [sentence]
      pieces.forEach((piece, pieceIndex) => {
        const first = sentenceIndex === 0 && pieceIndex === 0
        const joined =
          endsChineseSentence(previous) ||
          (pieceIndex > 0 && /\p{Script=Han}$/u.test(previous) && /^\p{Script=Han}/u.test(piece))
        units.push({
          text: piece,
          tokens: countTokens(piece),
          separator: first ? (paragraphIndex === 0 ? '\n\n' : '\n') : joined ? '' : ' ',
        })
        previous = piece
      })
    })
  })
  return units
}

function joinUnits(units: readonly Unit[]): string {
  return units.map((unit, index) => (index === 0 ? unit.text : unit.separator + unit.text)).join('')
}

/**
 * Cuts normalised text into chunks of at most `maxTokens` tokens.
 *
 * @throws InputError when the settings are inconsistent (overlap not below the maximum)
 * @example
 * chunkText('# Dosing\n\nAdults: 500 mg twice daily.', { maxTokens: 256, overlapTokens: 32 })
 * // [{ position: 0, heading: 'Dosing', text: 'Adults: 500 mg twice daily.', tokenCount: 9 }]
 */
export function chunkText(
  text: string,
  settings: ChunkSettings = DEFAULT_CHUNK_SETTINGS,
): TextChunk[] {
  const { maxTokens, overlapTokens } = settings
  if (!Number.isInteger(maxTokens) || maxTokens < 8) {
    throw new InputError(`chunker: maxTokens "${maxTokens}" must be a whole number >= 8`, {
      field: 'maxTokens',
      value: maxTokens,
    })
  }
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
    throw new InputError(
      `chunker: overlapTokens "${overlapTokens}" must be a whole number from 0 to below half of maxTokens`,
      { field: 'overlapTokens', value: overlapTokens },
    )
  }
  const chunks: TextChunk[] = []
  for (const section of parseSections(text)) {
    const units = section.blocks.flatMap((block) => blockUnits(block, maxTokens))
    let current: Unit[] = []
    let tokens = 0
    let fresh = 0
    const emit = () => {
      const chunk: TextChunk = {
        position: chunks.length,
        text: joinUnits(current),
        tokenCount: countTokens(joinUnits(current)),
      }
      if (section.heading !== undefined) chunk.heading = section.heading
      chunks.push(chunk)
    }
    for (const unit of units) {
      // Separators count as nothing: countTokens ignores whitespace.
      if (tokens + unit.tokens > maxTokens && fresh > 0) {
        emit()
        const overlap: Unit[] = []
        let overlapSize = 0
        for (let index = current.length - 1; index >= 0; index -= 1) {
          const candidate = current[index]
          if (candidate === undefined || overlapSize + candidate.tokens > overlapTokens) break
          if (overlapSize + candidate.tokens + unit.tokens > maxTokens) break
          overlap.unshift(candidate)
          overlapSize += candidate.tokens
        }
        current = overlap
        tokens = overlapSize
        fresh = 0
      }
      current.push(unit)
      tokens += unit.tokens
      fresh += 1
    }
    if (fresh > 0) emit()
  }
  return chunks
}
