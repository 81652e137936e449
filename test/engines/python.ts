/**
 * Runs the engines' Python (the virtual environment made by scripts/engines/setup.sh) for the
 * engine tests. Under CI a missing environment fails loudly; elsewhere the tests are skipped with
 * the reason (run `bash scripts/engines/setup.sh` first).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** The repository root. */
export const root = resolve(import.meta.dirname, '..', '..')

/** The engines' Python interpreter. */
export const enginePython = resolve(
  process.env.GALEN_ENGINES_VENV ?? resolve(root, '.venv-engines'),
  'bin',
  'python',
)

/** Whether the engines' environment exists; throws under CI when it does not. */
export function hasEngines(): boolean {
  if (existsSync(enginePython)) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `engine tests need ${enginePython}: run "bash scripts/engines/setup.sh" (it creates .venv-engines/)`,
    )
  }
  return false
}

/** The result of one Python run. */
export interface PythonRun {
  status: number | null
  stdout: string
  stderr: string
  /** The last line of stdout parsed as JSON, when it is JSON. */
  json: unknown
}

/**
 * Runs a Python file or `-c` script with the engines' interpreter, asynchronously (servers the
 * script calls may live in this process), offline (HF_HUB_OFFLINE=1), killed after `timeoutMs`.
 */
export function runEnginePython(
  args: readonly string[],
  environment: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<PythonRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(enginePython, [...args], {
      cwd: root,
      env: {
        ...process.env,
        HF_HUB_OFFLINE: '1',
        TRANSFORMERS_OFFLINE: '1',
        HF_DATASETS_OFFLINE: '1',
        TOKENIZERS_PARALLELISM: 'false',
        PYTHONDONTWRITEBYTECODE: '1',
        ...environment,
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      const last = stdout.trim().split('\n').at(-1) ?? ''
      let json: unknown
      try {
        json = JSON.parse(last)
      } catch {
        json = undefined
      }
      resolveRun({ status, stdout, stderr, json })
    })
  })
}

/** Sums a Prometheus counter's samples in a /metrics text. */
export function sumCounter(metrics: string, name: string): number {
  let total = 0
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(name)) continue
    const value = Number(line.slice(line.lastIndexOf(' ') + 1))
    if (Number.isFinite(value)) total += value
  }
  return total
}
