/**
 * Chinese text analysis for lexical retrieval: Chinese has no spaces between words, so SQLite's
 * `unicode61` tokenizer would index a whole clause ("高血压的一线治疗药物是什么") as one token and a
 * question could only match a passage that repeats it verbatim. Galen segments every stretch of
 * text that holds Han characters into words with jieba (`@node-rs/jieba`, prebuilt, no model
 * download) before indexing and before querying; medical terms from Galen's lexicons
 * (`data/lexicons/zh-medical-terms.json`, `zh-drugs.json`) are added to jieba's dictionary so that
 * they stay whole, and traditional characters are folded to simplified ones (OpenCC tables via
 * `opencc-js`) so that 高血壓 finds 高血压. Text without Han characters is left exactly as it was, so
 * English indexing and queries are unchanged. Why jieba and not FTS5's trigram tokenizer is argued
 * with measurements in `docs/retrieval.md`.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '../errors.js'

const require = createRequire(import.meta.url)

/** Where Galen's lexicons live. */
const LEXICON_FOLDER = fileURLToPath(new URL('../../data/lexicons/', import.meta.url))

/**
 * Bumped whenever the analysis of Chinese text changes, so that indexes built with an older
 * analysis are re-tokenised when they are opened (see `sqlite-backend.ts`).
 */
export const CHINESE_ANALYSIS_VERSION = 1

/** Dictionary frequency given to lexicon words: high enough that jieba keeps them whole. */
const LEXICON_FREQUENCY = 3000

const HAN = /\p{Script=Han}/u
/** Runs of letters and digits without spaces or punctuation (Han, Latin, digits, full-width). */
const RUN = /[\p{Script=Han}A-Za-z0-9]+/gu
const HAN_OR_WIDE = /[\p{Script=Han}\uff01-\uff5e\u3000\u2160-\u216b]/u

/** Whether a text holds Han (Chinese) characters. */
export function hasHan(text: string): boolean {
  return HAN.test(text)
}

interface JiebaInstance {
  cut(sentence: string, hmm?: boolean): string[]
  cutForSearch(sentence: string, hmm?: boolean): string[]
  loadDict(dict: Uint8Array): void
}

interface Segmenter {
  jieba: JiebaInstance
  toSimplified: (text: string) => string
}

let segmenter: Segmenter | undefined
const extraWords: string[] = []

function readLexiconWords(): string[] {
  const words: string[] = []
  for (const name of ['zh-medical-terms.json', 'zh-drugs.json']) {
    const path = `${LEXICON_FOLDER}${name}`
    let value: unknown
    try {
      value = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new ConfigError(
        `retrieval: Chinese lexicon "${path}" cannot be read: ${(error as Error).message}`,
        { cause: error },
      )
    }
    const entries = (value as { entries?: unknown }).entries
    if (Array.isArray(entries)) {
      words.push(...entries.filter((entry): entry is string => typeof entry === 'string'))
    } else if (typeof entries === 'object' && entries !== null) {
      words.push(...Object.keys(entries))
    } else {
      throw new ConfigError(`retrieval: Chinese lexicon "${path}" has no "entries"`)
    }
  }
  return words
}

let lexicon: { words: string[]; fingerprint: string } | undefined

/** The dictionary words (Galen's lexicons and added words) and their fingerprint, cached. */
function lexiconWords(): { words: string[]; fingerprint: string } {
  if (lexicon !== undefined) return lexicon
  const words = [...readLexiconWords(), ...extraWords]
    .map((word) => foldWidth(word.trim()).toLowerCase())
    .filter((word) => word !== '' && !/\s/.test(word))
  const unique = [...new Set(words)].sort()
  const version = (require('@node-rs/jieba/package.json') as { version: string }).version
  const fingerprint = createHash('sha256')
    .update(`galen-zh-${CHINESE_ANALYSIS_VERSION}\njieba ${version}\n${unique.join('\n')}`)
    .digest('hex')
    .slice(0, 16)
  lexicon = { words: unique, fingerprint }
  return lexicon
}

/** Loads jieba and OpenCC on first use (about 0.3 s), not when a text has no Chinese. */
function loadSegmenter(): Segmenter {
  if (segmenter !== undefined) return segmenter
  const { Jieba } = require('@node-rs/jieba') as {
    Jieba: { withDict(dict: Uint8Array): JiebaInstance }
  }
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array }
  const jieba = Jieba.withDict(dict)
  const opencc = require('opencc-js/t2cn') as {
    Converter(options: { from: string; to: string }): (text: string) => string
  }
  const toSimplified = opencc.Converter({ from: 't', to: 'cn' })
  const words = [...new Set(lexiconWords().words.map((word) => toSimplified(word)))]
  jieba.loadDict(Buffer.from(words.map((word) => `${word} ${LEXICON_FREQUENCY}\n`).join('')))
  segmenter = { jieba, toSimplified }
  return segmenter
}

/**
 * Adds words to the Chinese segmentation dictionary (for example the disease names of a
 * terminology). Indexes record the dictionary they were built with and are re-tokenised when it
 * changes, so call this before opening indexes. Words with spaces are ignored.
 */
export function addChineseWords(words: Iterable<string>): void {
  extraWords.push(...words)
  segmenter = undefined
  lexicon = undefined
}

/**
 * An identifier of the current Chinese analysis (version, jieba version and dictionary words):
 * two texts analysed under the same fingerprint are segmented the same way.
 */
export function chineseAnalysisFingerprint(): string {
  return lexiconWords().fingerprint
}

/** Full-width ASCII, the ideographic space and Roman numerals Ⅰ-Ⅻ as plain ASCII. */
function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\u2160-\u216b]/g, (character) => {
    const code = character.charCodeAt(0)
    if (code === 0x3000) return ' '
    if (code <= 0x216b) return ROMAN[code - 0x2160] ?? character
    return String.fromCharCode(code - 0xfee0)
  })
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII']

/**
 * How Chinese runs are cut: `search` gives jieba's search mode (a long word and the dictionary
 * words inside it: 高血压 → 血压, 高血压), `words` gives each word once (高血压).
 */
export type ChineseSegmentation = 'search' | 'words'

/**
 * Splits a text into tokens the way Galen indexes it: every run of letters and digits that holds a
 * Han character is folded (full-width → ASCII, traditional → simplified) and cut into words;
 * other runs are returned as they are. Punctuation and spaces are dropped. Tokens keep their case.
 */
export function segmentRuns(text: string, segmentation: ChineseSegmentation): string[] {
  const tokens: string[] = []
  const folded = foldWidth(text)
  for (const match of folded.matchAll(RUN)) {
    const run = match[0]
    if (!HAN.test(run)) {
      tokens.push(run)
      continue
    }
    const { jieba, toSimplified } = loadSegmenter()
    // Lower case first, as FTS5 would fold it anyway: jieba's dictionary lookups are case-sensitive.
    const simplified = toSimplified(run.toLowerCase())
    const pieces =
      segmentation === 'search'
        ? jieba.cutForSearch(simplified, false)
        : jieba.cut(simplified, false)
    for (const piece of pieces) if (piece.trim() !== '') tokens.push(piece)
  }
  return tokens
}

/**
 * The text to hand SQLite FTS5 for a field: unchanged when it holds no Han and no full-width
 * characters (so English indexing is exactly as before); otherwise its Chinese runs cut into
 * search-mode words separated by spaces, which `unicode61` then indexes word by word.
 */
export function analyzeForIndex(text: string): string {
  if (!HAN_OR_WIDE.test(text)) return text
  let output = ''
  let last = 0
  const folded = foldWidth(text)
  for (const match of folded.matchAll(RUN)) {
    const run = match[0]
    const start = match.index ?? 0
    output += folded.slice(last, start)
    last = start + run.length
    if (!HAN.test(run)) {
      output += run
      continue
    }
    output += ` ${segmentRuns(run, 'search').join(' ')} `
  }
  return output + folded.slice(last)
}

/** Whether a stored text needs {@link analyzeForIndex} (it holds Han or full-width characters). */
export function needsChineseAnalysis(text: string): boolean {
  return HAN_OR_WIDE.test(text)
}

/**
 * Chinese words that frame a question rather than name its topic (particles, pronouns, question
 * words, politeness), dropped from queries like the English question stopwords.
 */
export const CHINESE_QUESTION_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '的 地 得 了 着 过 是 在 有 和 与 及 或 或者 而 并 且 但 但是 就 也 都 还 又 很 太 更 最 吗 呢 吧 啊 呀 哦 嘛 么 ' +
    '什么 怎么 怎样 怎么样 如何 哪些 哪个 哪 为什么 为何 是否 能否 可否 是不是 能不能 会不会 有没有 要不要 ' +
    '可以 能 能够 会 要 想 需要 应该 应当 该 请问 请 问 问题 一下 一些 有些 这 那 这个 那个 这些 那些 这样 那样 ' +
    '我 你 您 他 她 它 我们 你们 他们 自己 大家 谁 多少 多久 几 个 些 种 点 去 让 被 把 对 对于 ' +
    '关于 因为 所以 如果 虽然 然后 现在 目前 已经 一直 经常 总是 时候 时 后 前 中 里 上 下 ' +
    '你好 您好 谢谢 医生 大夫 好 不好 比较 一个 怎么办 怎么回事 回事 咋 咋办'
  ).split(' '),
)
