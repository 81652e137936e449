/**
 * Starts `galen model-server` from source as a child process (so that its CPU is not the bench's)
 * and resolves with its URL and a stop function. Shared by the benches that measure client-side
 * overhead against an instant scripted server.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Starts the scripted model server on a free port with the script at `scriptPath`. */
export async function startModelServerProcess(
  scriptPath: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'model-server',
      '--script',
      scriptPath,
      '--port',
      '0',
      '--json',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const found = /"url": "([^"]+)"/.exec(output)
      if (found?.[1] !== undefined) resolveUrl(found[1])
    })
    child.once('exit', (code) => reject(new Error(`bench: model-server exited with ${code}`)))
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolveStop) => {
        child.once('exit', () => resolveStop())
        child.kill('SIGTERM')
      }),
  }
}
