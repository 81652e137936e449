/**
 * Reads the queries to draft: JSONL (`{ "id", "query" }` per line, optionally `task` and `answer`
 * for a verifiable reference) or CSV with `id` and `query` columns (and optional `task`, `answer`).
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { InputError, safeParseJson } from '../errors.js'
import { VERIFIER_TASKS } from '../verifiers/index.js'

/** One query to draft. */
export interface DraftQuery {
  id: string
  query: string
  /**
   * A reference answer the verifiers can check: the task (from the verifiers' task list) and its
   * ground truth as `galen verify` reads it (an exam letter may be given bare: `"B"`).
   */
  reference?: { task: string; answer: unknown }
}

function toQuery(record: Record<string, unknown>, where: string, seen: Set<string>): DraftQuery {
  const id = typeof record.id === 'number' ? String(record.id) : record.id
  if (typeof id !== 'string' || id.trim() === '') {
    throw new InputError(`curation: ${where}: "id" is missing or empty`, {
      field: `${where}.id`,
      value: record.id,
    })
  }
  if (seen.has(id)) {
    throw new InputError(`curation: ${where}: id "${id}" appears twice`, {
      field: `${where}.id`,
      value: id,
    })
  }
  seen.add(id)
  const query = record.query
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InputError(`curation: ${where}: "query" is missing or empty`, {
      field: `${where}.query`,
      value: query,
    })
  }
  const task = record.task
  const answer = record.answer ?? record.ground_truth
  if (task === undefined || task === '' || answer === undefined || answer === '')
    return { id, query }
  if (typeof task !== 'string' || !(VERIFIER_TASKS as readonly string[]).includes(task)) {
    throw new InputError(
      `curation: ${where}: task "${String(task)}" is not one of ${VERIFIER_TASKS.join(', ')}`,
      { field: `${where}.task`, value: task },
    )
  }
  // The exam verifier reads `{ "answer": "B" }`; a bare letter is the common way to write it.
  const truth = task === 'exam' && typeof answer === 'string' ? { answer } : answer
  return { id, query, reference: { task, answer: truth } }
}

/**
 * Reads a query file (JSONL unless the name ends in `.csv`).
 *
 * @throws InputError naming the line (or row) and field at fault.
 */
export function readQueries(path: string): DraftQuery[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(`curation: cannot read queries "${path}"`, {
      field: 'queries',
      value: path,
      cause: error,
    })
  }
  const seen = new Set<string>()
  if (path.toLowerCase().endsWith('.csv')) {
    let rows: Record<string, unknown>[]
    try {
      rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
    } catch (error) {
      throw new InputError(`curation: "${path}" is not valid CSV`, {
        field: 'queries',
        value: path,
        cause: error,
      })
    }
    return rows.map((row, index) => toQuery(row, `row ${index + 2}`, seen))
  }
  const queries: DraftQuery[] = []
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    const parsed = safeParseJson(line, `line ${index + 1}`)
    if (
      !parsed.ok ||
      typeof parsed.value !== 'object' ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      throw new InputError(`curation: "${path}" line ${index + 1} is not a JSON object`, {
        field: `line ${index + 1}`,
        value: line.slice(0, 80),
      })
    }
    queries.push(toQuery(parsed.value as Record<string, unknown>, `line ${index + 1}`, seen))
  })
  return queries
}
