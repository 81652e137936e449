/**
 * Fast streaming of JSON Lines files: lines are split from 1 MiB chunks and handed to a
 * synchronous callback (no promise per line), and output lines are buffered and written once per
 * chunk with back-pressure. Memory stays at a few chunks whatever the file size.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { InputError, safeParseJson } from '../errors.js'

/** Reports bytes read so far (for progress bars). */
export type ProgressCallback = (bytesRead: number, totalBytes: number) => void

/** A problem with one input line: its 1-based number and what is wrong. */
export interface LineIssue {
  line: number
  message: string
}

/** How many issues are kept in memory (all are counted). */
export const MAX_KEPT_ISSUES = 1000

/** Collects line issues: counts every one, keeps the first {@link MAX_KEPT_ISSUES}. */
export class IssueLog {
  count = 0
  readonly issues: LineIssue[] = []
  /** Called for every issue as it happens (the CLI prints them). */
  readonly onIssue: ((issue: LineIssue) => void) | undefined

  constructor(onIssue?: (issue: LineIssue) => void) {
    this.onIssue = onIssue
  }

  add(line: number, message: string): void {
    this.count += 1
    const issue = { line, message }
    if (this.issues.length < MAX_KEPT_ISSUES) this.issues.push(issue)
    this.onIssue?.(issue)
  }
}

/** The size of a file in bytes, or 0 for standard input. */
export function fileSize(path: string): number {
  if (path === '-') return 0
  try {
    return statSync(path).size
  } catch (error) {
    throw new InputError(`rl-data: cannot read "${path}": ${(error as Error).message}`, {
      field: 'path',
      value: path,
      cause: error,
    })
  }
}

/** Options of {@link forEachLine}. */
export interface ForEachLineOptions {
  onProgress?: ProgressCallback
  /** Awaited after each chunk (for example to flush a writer). */
  afterChunk?: () => Promise<void>
}

/**
 * Calls `onLine(text, lineNumber)` for every non-blank line of a file (`-` for standard input).
 * Line numbers are 1-based and count blank lines. Returns the number of lines.
 *
 * @throws InputError when the file cannot be opened or read
 */
export async function forEachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  options: ForEachLineOptions = {},
): Promise<number> {
  const total = fileSize(path)
  const input = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 })
  const decoder = new StringDecoder('utf8')
  let carry = ''
  let line = 0
  let bytes = 0
  const emit = (raw: string): void => {
    line += 1
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.trim() !== '') onLine(text, line)
  }
  try {
    for await (const chunk of input) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      bytes += buffer.length
      const text = carry + decoder.write(buffer)
      let start = 0
      let end = text.indexOf('\n', start)
      while (end !== -1) {
        emit(text.slice(start, end))
        start = end + 1
        end = text.indexOf('\n', start)
      }
      carry = text.slice(start)
      options.onProgress?.(bytes, total)
      if (options.afterChunk) await options.afterChunk()
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(`rl-data: cannot read "${path}": ${(error as Error).message}`, {
      field: 'path',
      value: path,
      cause: error,
    })
  }
  carry += decoder.end()
  if (carry !== '') emit(carry)
  if (options.afterChunk) await options.afterChunk()
  return line
}

/**
 * Calls `onValue(value, line)` for every line that parses as JSON, and logs the line number and
 * error of every line that does not (never silently skipped).
 */
export function forEachJsonLine(
  path: string,
  onValue: (value: unknown, line: number, text: string) => void,
  issues: IssueLog,
  options: ForEachLineOptions = {},
): Promise<number> {
  return forEachLine(
    path,
    (text, line) => {
      const parsed = safeParseJson(text, `line ${line}`)
      if (parsed.ok) onValue(parsed.value, line, text)
      else issues.add(line, parsed.error.message)
    },
    options,
  )
}

/** A buffered line writer to a file or standard output (`-`). */
export interface LineWriter {
  /** Queues one line (without its newline). Synchronous: call {@link LineWriter.flush} often. */
  writeLine(text: string): void
  /** Queues a value as one JSON line. */
  writeJson(value: unknown): void
  /** Writes what is queued, waiting for the stream to drain when it asks. */
  flush(): Promise<void>
  /** Flushes and closes the file. */
  close(): Promise<void>
  /** Lines written so far. */
  readonly lines: number
}

/** Opens a {@link LineWriter}. */
export function createLineWriter(path: string): LineWriter {
  const stream = path === '-' ? process.stdout : createWriteStream(path)
  let failure: Error | undefined
  stream.on('error', (error: Error) => {
    failure = error
  })
  let pending: string[] = []
  let count = 0
  const check = (): void => {
    if (failure !== undefined) {
      throw new InputError(`rl-data: cannot write "${path}": ${failure.message}`, {
        field: 'out',
        value: path,
        cause: failure,
      })
    }
  }
  const flush = async (): Promise<void> => {
    check()
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stream.off('drain', done)
          stream.off('error', done)
          resolve()
        }
        stream.on('drain', done)
        stream.on('error', done)
      })
    }
    check()
  }
  return {
    writeLine(text) {
      pending.push(text)
      count += 1
    },
    writeJson(value) {
      pending.push(JSON.stringify(value))
      count += 1
    },
    flush,
    async close() {
      await flush()
      if (stream === process.stdout) return
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject)
        stream.end(() => resolve())
      })
      check()
    },
    get lines() {
      return count
    },
  }
}

/**
 * Reads a file as batches of `[lineNumber, text]` (one batch per chunk, blank lines left out), for
 * consumers that pull from several files at once.
 */
export async function* readLineBatches(
  path: string,
  onProgress?: ProgressCallback,
): AsyncGenerator<Array<[number, string]>> {
  const total = onProgress === undefined ? 0 : fileSize(path)
  let bytes = 0
  const input = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 })
  const decoder = new StringDecoder('utf8')
  let carry = ''
  let line = 0
  const push = (batch: Array<[number, string]>, raw: string): void => {
    line += 1
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.trim() !== '') batch.push([line, text])
  }
  try {
    for await (const chunk of input) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
      bytes += buffer.length
      onProgress?.(bytes, total)
      const text = carry + decoder.write(buffer)
      const batch: Array<[number, string]> = []
      let start = 0
      let end = text.indexOf('\n', start)
      while (end !== -1) {
        push(batch, text.slice(start, end))
        start = end + 1
        end = text.indexOf('\n', start)
      }
      carry = text.slice(start)
      if (batch.length > 0) yield batch
    }
  } catch (error) {
    throw new InputError(`rl-data: cannot read "${path}": ${(error as Error).message}`, {
      field: 'path',
      value: path,
      cause: error,
    })
  }
  carry += decoder.end()
  if (carry !== '') {
    const batch: Array<[number, string]> = []
    push(batch, carry)
    if (batch.length > 0) yield batch
  }
}
