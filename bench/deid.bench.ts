/**
 * De-identification throughput on one core: MB per second of clinical text through the full
 * rule detector (`detectPhi`, warm and with an empty word cache), against a same-run baseline of the regex-only passes (patterns
 * and dates, no tokens, dictionaries or context). Text: PhysioNet's deid nursing notes from
 * ../shared/data when present, else synthetic notes. With the shared notes it also trains the
 * learned tagger (CPU seconds), measures the detector with the tagger on (balanced and recall
 * policies; a first and two warm passes each, and two passes in a fresh process, where nothing
 * is cached or compiled yet) and peak memory, and runs the invented-names check: the tagger
 * trained on one half of the patients, the other half scored with every gold name replaced by an
 * invented one.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { detectDates } from '../src/deid/dates.js'
import {
  type AnnotatedNote,
  assignFolds,
  createDeidentifier,
  type DeidPolicy,
  type DeidTagger,
  detectPhi,
  detectWithPolicy,
  loadDictionaries,
  loadTagger,
  readAnnotatedNotes,
  redact,
  scoreDocuments,
  trainTagger,
} from '../src/deid/index.js'
import { detectPatterns } from '../src/deid/patterns.js'
import { sharedDataPath } from '../test/support/shared-data.js'

/** Argument that makes this file measure one fresh-process pass (see {@link freshPass}). */
const FRESH_PASS_FLAG = '--deid-fresh-pass'

/** What {@link freshPass} prints. */
const FreshFigures = z.object({
  first: z.number(),
  second: z.number(),
  loadSeconds: z.number(),
  load: z.number(),
})

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
  return `${figure.cpu.toFixed(2)} MB/s per CPU-second (${figure.wall.toFixed(2)} MB/s wall; load average ${loadavg()[0]?.toFixed(1)})`
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
  await runTagger()
}

const SYLLABLES = ['ka', 'lo', 'mir', 'ven', 'tas', 'dor', 'bel', 'quin', 'ra', 'zel', 'os', 'tun']

function invented(seed: number, length: number): string {
  let state = seed
  let word = ''
  while (word.length < Math.max(3, length)) {
    state = (state * 1103515245 + 12345) >>> 0
    word += SYLLABLES[(state >>> 16) % SYLLABLES.length]
  }
  return word
}

function caseLike(original: string, value: string): string {
  if (original === original.toUpperCase()) return value.toUpperCase()
  if (original === original.toLowerCase()) return value
  return value.charAt(0).toUpperCase() + value.slice(1)
}

const NAME_TYPES = new Set(['HCPName', 'PTName', 'RelativeProxyName', 'PTNameInitial'])

/** Every word of every gold name replaced by an invented word (consistent per patient). */
function withInventedNames(notes: readonly AnnotatedNote[]): AnnotatedNote[] {
  const memory = new Map<string, string>()
  return notes.map((note) => {
    let text = ''
    let cursor = 0
    const gold = []
    for (const span of [...note.gold].sort((a, b) => a.start - b.start)) {
      if (span.start < cursor) continue
      text += note.text.slice(cursor, span.start)
      const original = note.text.slice(span.start, span.end)
      let value = original
      if (NAME_TYPES.has(span.type)) {
        value = original.replace(/[A-Za-z]{2,}/g, (word) => {
          const key = `${note.patient}/${word.toLowerCase()}`
          let fake = memory.get(key)
          if (fake === undefined) {
            fake = invented(memory.size * 7919 + word.length, word.length)
            memory.set(key, fake)
          }
          return caseLike(word, fake)
        })
      }
      gold.push({ start: text.length, end: text.length + value.length, type: span.type })
      text += value
      cursor = span.end
    }
    text += note.text.slice(cursor)
    return { ...note, text, gold }
  })
}

async function score(
  notes: readonly AnnotatedNote[],
  tagger: DeidTagger | undefined,
): Promise<{ recall: number | null; precision: number | null; names: number | null | undefined }> {
  const deid = createDeidentifier({
    policy: 'balanced',
    ...(tagger === undefined ? {} : { tagger }),
  })
  const documents = []
  for (const note of notes)
    documents.push({
      id: note.id,
      text: note.text,
      gold: note.gold,
      predicted: await deid.detect({ text: note.text }),
    })
  const result = scoreDocuments(documents)
  const names = ['HCPName', 'PTName', 'RelativeProxyName'].map((type) => result.by_type[type])
  const gold = names.reduce((sum, entry) => sum + (entry?.gold ?? 0), 0)
  const caught = names.reduce((sum, entry) => sum + (entry?.caught ?? 0), 0)
  return {
    recall: result.span.recall,
    precision: result.span.precision,
    names: gold === 0 ? null : Number((caught / gold).toFixed(4)),
  }
}

/** Tagger training time, speed with the tagger on, peak memory and the invented-names check. */
export async function runTagger(): Promise<void> {
  const path = sharedDataPath('deid/physionet-deid-dev/id.text')
  if (!existsSync(path)) {
    console.log('tagger: skipped (no ../shared/data/deid/physionet-deid-dev)')
    return
  }
  const all = readAnnotatedNotes({ format: 'physionet', data: path })
  const cpuStarted = process.cpuUsage()
  const started = performance.now()
  const tagger = trainTagger(all)
  const cpu = process.cpuUsage(cpuStarted)
  console.log(
    `tagger trained on ${all.length} notes in ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s (${((performance.now() - started) / 1000).toFixed(1)} s wall)`,
  )
  console.log(
    `peak memory after training (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  )
  const notes = all.map((note) => note.text)
  // each policy's first pass pays for first sight (the tagger's caches; under recall, the
  // near-word check of every unknown word), then two warm passes are timed
  const balancedFirst = measure(notes, (text) => detectWithPolicy(text, { tagger }), 1)
  const balanced = measure(notes, (text) => detectWithPolicy(text, { tagger }), 2)
  const recallPass = (text: string): unknown => detectWithPolicy(text, { tagger, policy: 'recall' })
  const recallFirst = measure(notes, recallPass, 1)
  const recall = measure(notes, recallPass, 2)
  console.log(`rules + tagger, balanced:              ${format(balanced)}`)
  console.log(`rules + tagger, balanced, first pass:  ${format(balancedFirst)}`)
  console.log(`rules + tagger, recall:                ${format(recall)}`)
  console.log(`rules + tagger, recall, first pass:    ${format(recallFirst)}`)
  console.log(
    `target >= 1 MB/s on one core with the tagger (balanced, warm): ${balanced.cpu >= 1 ? 'met' : 'NOT met'}`,
  )
  // what one `galen deid --tagger` run on new notes gets: a fresh process, nothing cached
  const folder = mkdtempSync(join(tmpdir(), 'galen-deid-bench-'))
  try {
    const model = join(folder, 'tagger.json')
    writeFileSync(model, JSON.stringify(tagger.toJSON()))
    for (const policy of ['balanced', 'recall'] as const) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), FRESH_PASS_FLAG, model, policy],
        { encoding: 'utf8' },
      )
      const line = child.stdout.trim().split('\n').pop() ?? ''
      if (child.status !== 0 || !line.startsWith('{')) {
        console.log(`fresh process, ${policy}: failed (${child.stderr.trim().slice(-300)})`)
        continue
      }
      const figures = FreshFigures.parse(JSON.parse(line))
      console.log(
        `fresh process, rules + tagger, ${policy}: first pass ${figures.first.toFixed(2)} MB/s per CPU-second, second pass ${figures.second.toFixed(2)} (loading dictionaries and model ${figures.loadSeconds.toFixed(2)} CPU-s, not counted; load average ${figures.load.toFixed(1)})`,
      )
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
  // the invented-names check: train on one half of the patients, score the other half
  const folds = assignFolds(all, 2, 'patient')
  const train = all.filter((_, index) => folds[index] === 0)
  const held = all.filter((_, index) => folds[index] === 1)
  const halfTagger = trainTagger(train)
  const fake = withInventedNames(held)
  for (const [label, set] of [
    ['held-out half, real surrogate names', held],
    ['held-out half, invented names', fake],
  ] as const) {
    const rules = await score(set, undefined)
    const both = await score(set, halfTagger)
    console.log(
      `${label}: rules span recall ${rules.recall} precision ${rules.precision} (names ${rules.names}); rules + tagger ${both.recall} / ${both.precision} (names ${both.names})`,
    )
  }
  console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
}

/**
 * Run as `node <this file> --deid-fresh-pass MODEL POLICY` (by {@link runTagger}): loads the
 * dictionaries and the model, then times two passes of the rules and the tagger over the dev
 * notes in this new process, where no word has been seen and no code compiled yet; prints one
 * JSON line (MB per CPU-second of each pass, CPU seconds of loading).
 */
function freshPass(model: string, policy: DeidPolicy): void {
  const { notes } = corpus()
  const started = process.cpuUsage()
  loadDictionaries()
  const tagger = loadTagger(readFileSync(model, 'utf8'), { source: model })
  const loading = process.cpuUsage(started)
  const pass = (text: string): unknown => detectWithPolicy(text, { tagger, policy })
  const first = measure(notes, pass, 1)
  const second = measure(notes, pass, 1)
  console.log(
    JSON.stringify({
      first: first.cpu,
      second: second.cpu,
      loadSeconds: (loading.user + loading.system) / 1e6,
      load: loadavg()[0] ?? 0,
    }),
  )
}

if (process.argv[2] === FRESH_PASS_FLAG) {
  freshPass(process.argv[3] ?? '', process.argv[4] === 'recall' ? 'recall' : 'balanced')
}
