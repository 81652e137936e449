/**
 * Starts `galen serve` from source in an empty folder, as on a fresh machine (its own demo index,
 * no model, no configuration file), and resolves with the URL it prints once listening. Every
 * started process is pushed to `children` so that the caller's afterAll can stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const repositoryRoot = resolve(import.meta.dirname, '..', '..')
const cli = resolve(repositoryRoot, 'src', 'cli', 'main.ts')
// The tsx loader by absolute URL, since the service runs in a fresh folder outside the repository.
const tsxLoader = pathToFileURL(
  resolve(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href

/** Starts `galen serve --port 0 ...args` in a fresh folder; resolves with its URL. */
export function startServeInFreshFolder(options: {
  args?: readonly string[]
  children: ChildProcess[]
  prefix?: string
}): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), options.prefix ?? 'galen-serve-'))
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, cli, 'serve', '--port', '0', ...(options.args ?? [])],
    {
      cwd: home,
      env: {
        ...process.env,
        GALEN_DEMO_INDEX: join(home, 'demo.db'),
        GALEN_MODEL_URL: '',
        GALEN_CONFIG: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  options.children.push(child)
  return new Promise((resolveUrl, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 90_000)
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /listening on (http:\/\/[^\s]+)/.exec(stderr)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}
