/**
 * Shared plumbing of the CLI commands: exit codes, error printing, JSON output, progress bars
 * and JSON Lines reading. Every command's action goes through {@link runAction}.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import cliProgress from 'cli-progress'
import { ConfigError, GalenError, type InputError, safeParseJson } from '../errors.js'

/** Exit codes: 0 ok, 1 failure, 2 bad usage (invalid options or configuration). */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

/** Thrown by a command for bad usage (a missing or invalid option); exits with 2. */
export class UsageError extends GalenError {
  constructor(message: string) {
    super('input_error', message)
    this.name = 'UsageError'
  }
}

/** Maps an error to the exit code it deserves. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT_USAGE
  return EXIT_FAILURE
}

/**
 * Runs a command action, printing errors as one line on stderr (never a stack trace unless
 * `GALEN_DEBUG=1`) and setting `process.exitCode`. The action may return an exit code.
 */
export async function runAction(action: () => Promise<unknown>): Promise<void> {
  try {
    const code = await action()
    if (typeof code === 'number') process.exitCode = code
  } catch (error) {
    process.exitCode = exitCodeFor(error)
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`galen: ${message}\n`)
    if (process.env.GALEN_DEBUG === '1' && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`)
    }
  }
}

/**
 * `1 item`, `2 items`, `0 items`: a count with its noun, singular only for exactly one. Irregular
 * plurals are given (`plural(n, 'query', 'queries')`).
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`
}

/** Prints a value as pretty JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Parses a numeric option, throwing a {@link UsageError} that names the option and value. */
export function parseNumberOption(
  name: string,
  text: string | undefined,
  constraints: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  const kind = constraints.integer ? 'a whole number' : 'a number'
  const bounds = [
    constraints.min === undefined ? '' : ` >= ${constraints.min}`,
    constraints.max === undefined ? '' : ` <= ${constraints.max}`,
  ].join('')
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (constraints.integer && !Number.isInteger(value)) ||
    (constraints.min !== undefined && value < constraints.min) ||
    (constraints.max !== undefined && value > constraints.max)
  ) {
    throw new UsageError(`option ${name} = "${text}" is invalid: expected ${kind}${bounds}`)
  }
  return value
}

/** A progress bar on stderr with ETA; a no-op unless stdout is a terminal. */
export interface Progress {
  increment(delta?: number, payload?: Record<string, string | number>): void
  setTotal(total: number): void
  stop(): void
}

/** Seconds as `45s`, `3m05s` or `1h02m`; `--` while no estimate exists (nothing done yet). */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--'
  const whole = Math.round(seconds)
  if (whole < 60) return `${whole}s`
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`
}

/**
 * Creates a progress bar shown only when stdout is a terminal (so pipes and CI logs stay clean).
 * `payloadFormat` adds fields such as `acc: {accuracy}` after the counts; until the first update
 * gives them a value they show as `-`, and the ETA shows `--` until there is progress to base it on.
 * `stream` (tests) draws on that stream even when it is not a terminal.
 */
export function createProgress(options: {
  total: number
  label: string
  payloadFormat?: string
  force?: boolean
  stream?: NodeJS.WritableStream
}): Progress {
  const enabled =
    options.stream !== undefined ||
    (options.force ?? (process.stdout.isTTY === true && process.stderr.isTTY === true))
  if (!enabled) {
    return { increment() {}, setTotal() {}, stop() {} }
  }
  const initialPayload: Record<string, string> = {}
  for (const match of (options.payloadFormat ?? '').matchAll(/\{(\w+)\}/g)) {
    initialPayload[match[1] as string] = '-'
  }
  let started = false
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} [{bar}] {percentage}% {value}/{total} ETA {eta_formatted}${
        options.payloadFormat ? ` ${options.payloadFormat}` : ''
      }`,
      stream: (options.stream ?? process.stderr) as NodeJS.WriteStream,
      noTTYOutput: options.stream !== undefined,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 200,
      // cli-progress prints odd estimates (Infinity, NaN) before the first step is done.
      formatTime: (seconds: number) => (started ? formatEta(seconds) : '--'),
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(options.total, 0, initialPayload)
  return {
    increment(delta = 1, payload) {
      started = true
      bar.increment(delta, payload)
    },
    setTotal(total) {
      bar.setTotal(total)
    },
    stop() {
      bar.stop()
    },
  }
}

/** One line of a JSON Lines input: its 1-based number and either the parsed value or the error. */
export type JsonLine =
  | { line: number; ok: true; value: unknown }
  | { line: number; ok: false; error: InputError; text: string }

/**
 * Streams a JSON Lines file (or stdin for `-`), yielding every non-blank line parsed or with its
 * error; never throws for a malformed line.
 */
export async function* readJsonLines(path: string): AsyncGenerator<JsonLine> {
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' })
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let line = 0
  for await (const text of lines) {
    line += 1
    if (text.trim() === '') continue
    const parsed = safeParseJson(text, `line ${line}`)
    if (parsed.ok) yield { line, ok: true, value: parsed.value }
    else yield { line, ok: false, error: parsed.error, text }
  }
}

/** A JSON Lines writer to a file or stdout (`-` or undefined) that respects back-pressure. */
export interface JsonLinesWriter {
  write(value: unknown): Promise<void>
  close(): Promise<void>
}

/** Opens a JSON Lines writer. */
export function openJsonLinesWriter(path: string | undefined): JsonLinesWriter {
  const stream: NodeJS.WritableStream =
    path === undefined || path === '-' ? process.stdout : createWriteStream(path)
  return {
    write(value) {
      const ok = stream.write(`${JSON.stringify(value)}\n`)
      if (ok) return Promise.resolve()
      return new Promise((resolveDrain) => stream.once('drain', () => resolveDrain()))
    },
    close() {
      if (stream === process.stdout) return Promise.resolve()
      return new Promise((resolveClose, reject) => {
        stream.once('error', reject)
        stream.end(() => resolveClose())
      })
    },
  }
}
