/**
 * De-identification throughput on one core: MB per second of clinical text through the full
 * rule detector (`detectPhi`, warm and with an empty word cache), against a same-run baseline of the regex-only passes (patterns
 * and dates, no tokens, dictionaries or context). Text: PhysioNet's deid nursing notes from
 * ../shared/data when present, else synthetic notes.
 */
import { existsSync, readFileSync } from 'node:fs'
import { detectDates } from '../src/deid/dates.js'
import { detectPhi, loadDictionaries, redact } from '../src/deid/index.js'
import { detectPatterns } from '../src/deid/patterns.js'
import { sharedDataPath } from '../test/support/shared-data.js'

function corpus(): { notes: string[]; source: string } {
  const path = sharedDataPath('deid/physionet-deid-dev/id.text')
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8')
    const notes = [...text.matchAll(/\|\|\|\|\r?\n?([\s\S]*?)\|\|\|\|END_OF_RECORD/g)].map(
      (match) => match[1] ?? '',
    )
    return { notes, source: 'PhysioNet deid dev notes' }
  }
  const note =
    'Pt is a 92 yo man transferred from Calvert Hospital to GH on 7/22. Dr. Vasquez aware. Wife Mary called (410) 555-1234.\nBP 120/80, HR 88, on levo, PSV 10/5. Plan: transfer to Quartermain 2.\n'
  return { notes: Array.from({ length: 4000 }, () => note), source: 'synthetic notes' }
}

/**
 * MB per second of wall time and per second of this process's CPU time (user + system): on a
 * shared machine the CPU figure is the one-core throughput, the wall figure what this run saw.
 */
function measure(
  notes: readonly string[],
  pass: (text: string) => unknown,
  repeats: number,
): { wall: number; cpu: number } {
  const bytes = notes.reduce((sum, note) => sum + Buffer.byteLength(note), 0) * repeats
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  for (let round = 0; round < repeats; round += 1) for (const note of notes) pass(note)
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStarted)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  return { wall: bytes / 1e6 / seconds, cpu: bytes / 1e6 / cpuSeconds }
}

function format(figure: { wall: number; cpu: number }): string {
  return `${figure.cpu.toFixed(2)} MB/s per CPU-second (${figure.wall.toFixed(2)} MB/s wall)`
}

/** Prints MB/s of the full detector, tags-mode redaction and the regex-only baseline. */
export async function run(): Promise<void> {
  const { notes, source } = corpus()
  const megabytes = notes.reduce((sum, note) => sum + Buffer.byteLength(note), 0) / 1e6
  const loadStarted = performance.now()
  loadDictionaries()
  console.log(`dictionaries loaded in ${(performance.now() - loadStarted).toFixed(0)} ms`)
  console.log(`text: ${source}, ${notes.length} notes, ${megabytes.toFixed(2)} MB`)
  // warm-up: one pass lets V8 optimise the rule functions (the first pass runs ~4x slower)
  measure(notes, (text) => detectPhi(text), 1)
  const baseline = measure(notes, (text) => [detectPatterns(text), detectDates(text)], 3)
  // first sight of every word: a fresh copy of the dictionaries starts with an empty word cache
  // (what a corpus of new notes costs once the code is warm)
  const shipped = loadDictionaries()
  const fresh = { ...shipped, englishWords: new Set(shipped.englishWords) }
  const cold = measure(notes, (text) => detectPhi(text, { dictionaries: fresh }), 1)
  const full = measure(notes, (text) => detectPhi(text), 3)
  const tags = measure(notes, (text) => redact(text), 2)
  console.log(`baseline regex-only (patterns + dates): ${format(baseline)}`)
  console.log(
    `detectPhi (full rules):                  ${format(full)}, ${(full.cpu / baseline.cpu).toFixed(2)}x baseline`,
  )
  console.log(`detectPhi, first pass (empty word cache): ${format(cold)}`)
  console.log(`redact tags mode:                        ${format(tags)}`)
  console.log(
    `target >= 1 MB/s on one core: ${Math.min(full.cpu, cold.cpu) >= 1 ? 'met' : 'NOT met'}`,
  )
}
