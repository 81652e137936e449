/**
 * Runs the `galen` CLI from source in a child process, for CLI tests: returns the exit code and
 * both streams instead of throwing on a non-zero exit. The model endpoint and config file of the
 * developer's environment are cleared so tests see the defaults.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The CLI's entry file. */
export const cliEntry = resolve(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts')

/** Runs `galen ARGS...` and resolves with its exit code, stdout and stderr. */
export async function runGalen(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', cliEntry, ...args], {
      env: { ...process.env, GALEN_MODEL_URL: '', GALEN_CONFIG: '', ...options.env },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/**
 * Runs `galen ARGS...` inside the test process (faster than a child process), capturing what it
 * writes to stdout and stderr and returning the exit code.
 */
export async function runGalenInProcess(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const [{ vi }, { main }] = await Promise.all([import('vitest'), import('../../src/cli/main.js')])
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
  process.exitCode = undefined
  try {
    const code = await main(['node', 'galen', ...args])
    return { code, stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
    process.exitCode = undefined
  }
}
