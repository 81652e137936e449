/**
 * `galen data export`: a built set in the formats trainers read. LLaMA-Factory (alpaca and
 * sharegpt JSON Lines with `dataset_info.json`), TRL (conversational `messages` and standard
 * prompt-completion), OpenAI fine-tuning JSON Lines, Super-NaturalInstructions task JSON (one
 * file per task), and verl parquet through rl-data's exporter for the tasks Galen's reward server
 * can score (option-letter answers, scored by the exam verifier). Every format is streamed.
 */
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { InputError, safeParseJson } from '../errors.js'
import { exportRecords } from '../rl-data/index.js'
import type { BuiltRecord } from './build.js'
import type { TaskRegistry } from './registry.js'

/** The export formats. */
export const INSTRUCTION_EXPORT_FORMATS = [
  'llama-factory',
  'trl',
  'openai',
  'superni',
  'verl',
] as const
/** An export format. */
export type InstructionExportFormat = (typeof INSTRUCTION_EXPORT_FORMATS)[number]

/** Options of {@link exportInstructionSet}. */
export interface InstructionExportOptions {
  /** A folder written by `galen data build`. */
  from: string
  format: InstructionExportFormat
  /** Output folder (every format writes a folder). */
  out: string
  /** The registry the set was built from (SuperNI definitions, verl eligibility). */
  registry: TaskRegistry
  /** A system message put before each conversation (chat formats). */
  system?: string
}

/** What an export wrote. */
export interface InstructionExportResult {
  format: InstructionExportFormat
  read: number
  written: number
  files: string[]
  /** Records left out, per task, with the reason (verl: no reward-server verifier). */
  skipped: Record<string, number>
  skipReason?: string
}

/** Streams the records of a built set, shard by shard. */
export async function* readBuiltRecords(from: string): AsyncGenerator<BuiltRecord> {
  let names: string[]
  try {
    names = readdirSync(join(from, 'data'))
      .filter((name) => /^shard-\d+\.jsonl$/.test(name))
      .sort()
  } catch (error) {
    throw new InputError(`instructions: "${from}" is not a built set (no data/ folder)`, {
      field: 'from',
      value: from,
      cause: error,
    })
  }
  if (names.length === 0) {
    throw new InputError(`instructions: "${from}" holds no shard files`, {
      field: 'from',
      value: from,
    })
  }
  for (const name of names) {
    const lines = createInterface({
      input: createReadStream(join(from, 'data', name), 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    let number = 0
    for await (const line of lines) {
      number += 1
      if (line.trim() === '') continue
      const parsed = safeParseJson(line, `${name} line ${number}`)
      if (!parsed.ok) throw parsed.error
      const record = parsed.value as Partial<BuiltRecord>
      if (
        typeof record.prompt !== 'string' ||
        typeof record.output !== 'string' ||
        typeof record.task !== 'string'
      ) {
        throw new InputError(`instructions: ${name} line ${number} lacks prompt, output or task`, {
          field: `${name} line ${number}`,
          value: line.slice(0, 80),
        })
      }
      yield record as BuiltRecord
    }
  }
}

class LineFile {
  private readonly descriptor: number
  private buffer = ''
  lines = 0
  constructor(readonly path: string) {
    this.descriptor = openSync(path, 'w')
  }
  write(text: string): void {
    this.buffer += text
    if (this.buffer.length > 1 << 20) this.flush()
  }
  json(value: unknown): void {
    this.write(`${JSON.stringify(value)}\n`)
    this.lines += 1
  }
  flush(): void {
    if (this.buffer !== '') writeSync(this.descriptor, this.buffer)
    this.buffer = ''
  }
  close(): void {
    this.flush()
    closeSync(this.descriptor)
  }
}

function chat(
  record: BuiltRecord,
  system: string | undefined,
  roles: { user: string; assistant: string; role: string; content: string },
) {
  const messages: Array<Record<string, string>> = []
  if (system !== undefined) messages.push({ [roles.role]: 'system', [roles.content]: system })
  messages.push({ [roles.role]: roles.user, [roles.content]: record.prompt })
  messages.push({ [roles.role]: roles.assistant, [roles.content]: record.output })
  return messages
}

const OPENAI_ROLES = { user: 'user', assistant: 'assistant', role: 'role', content: 'content' }

/** Whether the reward server can score a record: a single option letter (exam verifier). */
export function isRewardVerifiable(record: BuiltRecord): boolean {
  return (
    /^[A-J]$/.test(record.output.trim()) &&
    (record.checker === 'verifier' || record.checker === 'exact')
  )
}

/**
 * Exports a built set.
 *
 * @throws InputError when `from` is not a built set or a record is malformed
 */
export async function exportInstructionSet(
  options: InstructionExportOptions,
): Promise<InstructionExportResult> {
  mkdirSync(options.out, { recursive: true })
  const skipped: Record<string, number> = {}
  let read = 0
  const files: LineFile[] = []
  const open = (name: string) => {
    const file = new LineFile(join(options.out, name))
    files.push(file)
    return file
  }
  const finish = (extra: string[] = []): string[] => {
    for (const file of files) file.close()
    return [...files.map((file) => file.path), ...extra]
  }
  switch (options.format) {
    case 'llama-factory': {
      const alpaca = open('galen_alpaca.jsonl')
      const sharegpt = open('galen_sharegpt.jsonl')
      for await (const record of readBuiltRecords(options.from)) {
        read += 1
        alpaca.json({
          instruction: record.prompt,
          input: '',
          output: record.output,
          ...(options.system === undefined ? {} : { system: options.system }),
        })
        sharegpt.json({
          conversations: [
            { from: 'human', value: record.prompt },
            { from: 'gpt', value: record.output },
          ],
          ...(options.system === undefined ? {} : { system: options.system }),
        })
      }
      const info = open('dataset_info.json')
      info.write(
        `${JSON.stringify(
          {
            galen_alpaca: {
              file_name: 'galen_alpaca.jsonl',
              columns: {
                prompt: 'instruction',
                query: 'input',
                response: 'output',
                ...(options.system === undefined ? {} : { system: 'system' }),
              },
            },
            galen_sharegpt: {
              file_name: 'galen_sharegpt.jsonl',
              formatting: 'sharegpt',
              columns: {
                messages: 'conversations',
                ...(options.system === undefined ? {} : { system: 'system' }),
              },
              tags: {
                role_tag: 'from',
                content_tag: 'value',
                user_tag: 'human',
                assistant_tag: 'gpt',
              },
            },
          },
          null,
          2,
        )}\n`,
      )
      return { format: options.format, read, written: alpaca.lines, files: finish(), skipped }
    }
    case 'trl': {
      const messages = open('messages.jsonl')
      const promptCompletion = open('prompt_completion.jsonl')
      for await (const record of readBuiltRecords(options.from)) {
        read += 1
        messages.json({ messages: chat(record, options.system, OPENAI_ROLES) })
        promptCompletion.json({ prompt: record.prompt, completion: record.output })
      }
      return { format: options.format, read, written: messages.lines, files: finish(), skipped }
    }
    case 'openai': {
      const file = open('openai.jsonl')
      for await (const record of readBuiltRecords(options.from)) {
        read += 1
        file.json({ messages: chat(record, options.system, OPENAI_ROLES) })
      }
      return { format: options.format, read, written: file.lines, files: finish(), skipped }
    }
    case 'superni': {
      const byTask = new Map<string, LineFile>()
      let written = 0
      for await (const record of readBuiltRecords(options.from)) {
        read += 1
        let file = byTask.get(record.task)
        if (file === undefined) {
          const task = options.registry.has(record.task)
            ? options.registry.get(record.task)
            : undefined
          file = open(`${record.task}.json`)
          const header = {
            Contributors: ['Galen authors'],
            Source: (task?.sources ?? []).map((source) => source.name),
            Categories: [task?.group ?? 'galen'],
            Definition: [task?.definition ?? record.task],
            Input_language: ['English', 'Chinese'],
            Output_language: ['English', 'Chinese'],
            Instruction_language: ['English', 'Chinese'],
            Domains: ['Medicine', 'Healthcare'],
            'Positive Examples': [],
            'Negative Examples': [],
            'Instance License': [task?.licence ?? 'see manifest'],
          }
          const text = JSON.stringify(header, null, 4)
          file.write(`${text.slice(0, -2)},\n    "Instances": [\n`)
          byTask.set(record.task, file)
        } else file.write(',\n')
        file.write(
          `        ${JSON.stringify({ id: record.id, input: record.prompt, output: [record.output, ...(record.accepted ?? [])] })}`,
        )
        file.lines += 1
        written += 1
      }
      for (const file of byTask.values()) file.write('\n    ]\n}\n')
      return { format: options.format, read, written, files: finish(), skipped }
    }
    case 'verl': {
      const items = join(options.out, 'items.jsonl.partial')
      const file = new LineFile(items)
      for await (const record of readBuiltRecords(options.from)) {
        read += 1
        if (!isRewardVerifiable(record)) {
          skipped[record.task] = (skipped[record.task] ?? 0) + 1
          continue
        }
        file.json({
          id: record.id,
          prompt: record.prompt,
          task: 'exam',
          ground_truth: { answer: record.output.trim() },
          data_source: `galen/instructions/${record.task}`,
          ability: record.dimension,
        })
      }
      file.close()
      const parquet = join(options.out, 'train.parquet')
      const result = await exportRecords(items, {
        format: 'verl',
        out: parquet,
        ...(options.system === undefined ? {} : { system: options.system }),
      })
      rmSync(items, { force: true })
      return {
        format: options.format,
        read,
        written: result.written,
        files: [parquet],
        skipped,
        skipReason:
          'no reward-server verifier for the output (only option-letter answers are exported)',
      }
    }
  }
}
