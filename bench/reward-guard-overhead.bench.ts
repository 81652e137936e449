/**
 * What the security layer costs the reward server: the current `galen reward serve` against the
 * one in another checkout (GALEN_AB_BASELINE, for example a `git worktree` of the commit before
 * the change), both in their own processes, measured in alternating rounds under the same
 * machine load. Per round: exam batches of 256 items (16 in flight) and single-item requests (64
 * connections), reported per server CPU-second (from /proc/PID/stat) and per second of wall time.
 *
 * GALEN_AB_BASELINE=/tmp/galen-old npm run bench -- reward-guard-overhead
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROUNDS = Number(process.env.GALEN_AB_ROUNDS ?? 3)
const SECONDS = Number(process.env.GALEN_AB_SECONDS ?? 5)

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** The environment without a reward token (both servers listen on loopback without one). */
function withoutToken(): NodeJS.ProcessEnv {
  const { GALEN_REWARD_TOKEN: _token, ...environment } = process.env
  return { ...environment, GALEN_CONFIG: '' }
}

async function start(
  checkout: string,
  config = '',
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(resolve(checkout, 'node_modules/tsx/dist/loader.mjs')).href,
      resolve(checkout, 'src/cli/main.ts'),
      'reward',
      'serve',
      '--port',
      '0',
      '--json',
    ],
    {
      cwd: checkout,
      env: { ...withoutToken(), GALEN_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /"url":\s*"([^"]+)"/.exec(output)
      if (match?.[1] !== undefined) resolveUrl(match[1])
    })
    child.on('exit', (code) => reject(new Error(`reward serve in ${checkout} exited with ${code}`)))
  })
  return { port: Number(new URL(url).port), child }
}

/** Keep-alive connections sending one request after another for `seconds`; returns requests. */
async function drive(
  port: number,
  body: string,
  connections: number,
  seconds: number,
): Promise<number> {
  const payload = Buffer.from(
    `POST /v1/rewards HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
  const stopAt = Date.now() + seconds * 1000
  let done = 0
  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<void>((resolveConnection) => {
          const socket = connect(port, '127.0.0.1')
          socket.setNoDelay(true)
          let buffer: Buffer = Buffer.alloc(0)
          const send = (): void => {
            if (Date.now() >= stopAt) {
              socket.end()
              resolveConnection()
            } else socket.write(payload)
          }
          socket.on('data', (chunk: Buffer) => {
            buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
            for (;;) {
              const headerEnd = buffer.indexOf('\r\n\r\n')
              if (headerEnd < 0) return
              const length = Number(
                /content-length:\s*(\d+)/i.exec(
                  buffer.subarray(0, headerEnd).toString('latin1'),
                )?.[1] ?? 0,
              )
              if (buffer.length < headerEnd + 4 + length) return
              buffer = buffer.subarray(headerEnd + 4 + length)
              done += 1
              send()
            }
          })
          socket.on('error', () => resolveConnection())
          socket.on('connect', send)
        }),
    ),
  )
  return done
}

const letters = ['A', 'B', 'C', 'D']
const item = (index: number) => ({
  task: 'exam',
  response: `Let's think step by step about the findings in this case.\n\nFinal answer: ${letters[index % 4]}`,
  ground_truth: { answer: letters[(index + 1) % 4] },
})
const batch = JSON.stringify({ items: Array.from({ length: 256 }, (_, index) => item(index)) })
const single = JSON.stringify({ items: [item(0)] })

/** Runs the alternating rounds and prints per-CPU-second and wall figures for both servers. */
export async function run(): Promise<void> {
  const baseline = process.env.GALEN_AB_BASELINE
  if (baseline === undefined)
    throw new Error('set GALEN_AB_BASELINE to the checkout to compare with')
  const servers = {
    baseline: await start(resolve(baseline)),
    // GALEN_AB_CURRENT_CONFIG: a config file for the current server only (for example with
    // "rewards": { "itemCpuMs": 0 } to measure the hard CPU deadline's share).
    current: await start(
      resolve(import.meta.dirname, '..'),
      process.env.GALEN_AB_CURRENT_CONFIG ?? '',
    ),
  }
  const totals: Record<
    string,
    {
      items: number
      cpu: number
      wall: number
      singles: number
      singleCpu: number
      singleWall: number
    }
  > = {
    baseline: { items: 0, cpu: 0, wall: 0, singles: 0, singleCpu: 0, singleWall: 0 },
    current: { items: 0, cpu: 0, wall: 0, singles: 0, singleCpu: 0, singleWall: 0 },
  }
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of ['baseline', 'current'] as const) {
        const { port, child } = servers[name]
        const total = totals[name] as (typeof totals)['baseline']
        let cpu = cpuSeconds(child.pid as number)
        total.items += 256 * (await drive(port, batch, 16, SECONDS))
        total.cpu += cpuSeconds(child.pid as number) - cpu
        total.wall += SECONDS
        cpu = cpuSeconds(child.pid as number)
        total.singles += await drive(port, single, 64, SECONDS)
        total.singleCpu += cpuSeconds(child.pid as number) - cpu
        total.singleWall += SECONDS
      }
    }
    for (const [name, total] of Object.entries(totals)) {
      console.log(
        `${name.padEnd(8)} batches of 256: ${Math.round(total.items / total.cpu).toLocaleString('en-US')} items per server CPU-s, ${Math.round(total.items / total.wall).toLocaleString('en-US')} items/s wall; single items: ${Math.round(total.singles / total.singleCpu).toLocaleString('en-US')} requests per server CPU-s, ${Math.round(total.singles / total.singleWall).toLocaleString('en-US')} requests/s wall`,
      )
    }
  } finally {
    servers.baseline.child.kill('SIGTERM')
    servers.current.child.kill('SIGTERM')
  }
}
