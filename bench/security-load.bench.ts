/**
 * The reward server under abusive clients (issue 12). `galen reward serve` runs in its own process
 * with a token; 64 well-behaved keep-alive clients send exam batches of 16 items with 200 ms of
 * think time, first alone (the quiet run, the baseline measured in the same bench) and then beside
 * abusive clients:
 *
 * - slow headers: 2,000 connections that send one header byte a second and never finish;
 * - endless chunked bodies (with the token): 300 connections sending one chunk a second, never ending;
 * - 60 MB bodies (with the token): 8 connections declaring 60,000,000 bytes and 8 sending 60
 *   chunks of 1 MiB, each at up to 100 MB/s, again 1 s after the server closes them;
 * - ReDoS items (with the token): format items whose schema pattern is `^(a+)+$` against
 *   37 characters, plus an item of 250,000 characters (over the per-item limit).
 *
 * Pass: the well-behaved p99 within 2x of the quiet run, no well-behaved request failing, and the
 * server's resident memory (VmRSS, sampled every 100 ms) under 600 MB.
 * GALEN_SECURITY_LOAD_SECONDS sets each phase's length (default 20).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '..')
const seconds = Number(process.env.GALEN_SECURITY_LOAD_SECONDS ?? 20)
const TOKEN = 'bench-token-0123456789abcdef'
const CLIENTS = 64
/** Pause of a well-behaved client between batches (a trainer between rollout steps), in ms. */
const THINK_MS = Number(process.env.GALEN_SECURITY_LOAD_THINK_MS ?? 200)

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

function rssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

async function startServer(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      pathToFileURL(resolve(root, 'node_modules/tsx/dist/loader.mjs')).href,
      resolve(root, 'src/cli/main.ts'),
      'reward',
      'serve',
      '--port',
      '0',
      '--json',
    ],
    {
      cwd: root,
      env: { ...process.env, GALEN_REWARD_TOKEN: TOKEN, GALEN_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  let errors = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${errors}`)), 90_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /"url":\s*"([^"]+)"/.exec(output)
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.on('exit', (code) => reject(new Error(`reward serve exited with ${code}: ${errors}`)))
  })
  return { port: Number(new URL(url).port), child }
}

function request(path: string, body: string, extra = ''): Buffer {
  return Buffer.from(
    `POST ${path} HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  )
}

const letters = ['A', 'B', 'C', 'D']
const goodBody = JSON.stringify({
  items: Array.from({ length: 16 }, (_, index) => ({
    task: 'exam',
    response: `Let's think step by step. The findings point to option ${letters[index % 4]}.\n\nFinal answer: ${letters[index % 4]}`,
    ground_truth: { answer: letters[(index + 1) % 4] },
  })),
})

/** One well-behaved client: sends a batch, reads the reply, waits THINK_MS, until `stopAt`. */
function goodClient(
  port: number,
  stopAt: number,
  latencies: number[],
  failures: { count: number; statuses: Record<string, number> },
): Promise<void> {
  return new Promise((resolveClient) => {
    const socket = connect(port, '127.0.0.1')
    socket.setNoDelay(true)
    const payload = request('/v1/rewards', goodBody)
    let buffer: Buffer = Buffer.alloc(0)
    let sentAt = 0
    const send = (): void => {
      if (Date.now() >= stopAt) {
        done = true
        socket.end()
        resolveClient()
        return
      }
      sentAt = performance.now()
      socket.write(payload)
    }
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n')
        if (headerEnd < 0) return
        const header = buffer.subarray(0, headerEnd).toString('latin1')
        const length = Number(/content-length:\s*(\d+)/i.exec(header)?.[1] ?? 0)
        if (buffer.length < headerEnd + 4 + length) return
        if (header.slice(9, 12) !== '200') {
          failures.count += 1
          failures.statuses[header.slice(9, 12)] = (failures.statuses[header.slice(9, 12)] ?? 0) + 1
        }
        latencies.push(performance.now() - sentAt)
        buffer = buffer.subarray(headerEnd + 4 + length)
        setTimeout(send, THINK_MS)
      }
    })
    let done = false
    const stop = (failed: boolean): void => {
      if (done) return
      done = true
      if (failed) failures.count += 1
      resolveClient()
    }
    socket.on('error', () => stop(true))
    // A connection the server closes before the run ends is a failed well-behaved request.
    socket.on('close', () => stop(Date.now() < stopAt))
    socket.on('connect', send)
  })
}

/** Keeps `count` abusive connections of one kind open until `stopAt`, reopening closed ones. */
function abuse(
  port: number,
  stopAt: number,
  count: number,
  start: (socket: Socket) => NodeJS.Timeout | undefined,
  tally: { opened: number; closedByServer: number },
  pauseMs = 50,
): Promise<void> {
  const one = (): Promise<void> =>
    new Promise((resolveOne) => {
      if (Date.now() >= stopAt) {
        resolveOne()
        return
      }
      tally.opened += 1
      const socket = connect(port, '127.0.0.1')
      let timer: NodeJS.Timeout | undefined
      const stopTimer = setTimeout(() => socket.destroy(), Math.max(0, stopAt - Date.now()))
      socket.on('connect', () => {
        timer = start(socket)
      })
      socket.on('data', () => undefined)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        clearInterval(timer)
        clearTimeout(stopTimer)
        if (Date.now() < stopAt) {
          tally.closedByServer += 1
          setTimeout(() => one().then(resolveOne), pauseMs)
        } else resolveOne()
      })
    })
  return Promise.all(Array.from({ length: count }, one)).then(() => undefined)
}

/** Runs every abusive client until `stopAt` (in a process of its own); returns the tallies. */
async function runAbusers(
  port: number,
  stopAt: number,
): Promise<Record<string, { opened: number; closedByServer: number }>> {
  const tallies: Record<string, { opened: number; closedByServer: number }> = {}
  const work: Array<Promise<void>> = []
  const wanted = (
    process.env.GALEN_SECURITY_LOAD_ABUSE ?? 'slow,endless,60mb,chunked60mb,redos'
  ).split(',')
  const tally = (kind: string) => {
    tallies[kind] = { opened: 0, closedByServer: 0 }
    return tallies[kind] as { opened: number; closedByServer: number }
  }
  const slowHeaders = 'POST /v1/rewards HTTP/1.1\r\nhost: bench\r\nx-slow: '
  if (wanted.includes('slow'))
    work.push(
      abuse(
        port,
        stopAt,
        2000,
        (socket) => {
          socket.write(slowHeaders)
          return setInterval(() => socket.write('a'), 1000)
        },
        tally('slow headers'),
      ),
    )
  const chunk = Buffer.from('1\r\n \r\n')
  if (wanted.includes('endless'))
    work.push(
      abuse(
        port,
        stopAt,
        300,
        (socket) => {
          socket.write(
            `POST /v1/rewards HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
          )
          return setInterval(() => socket.write(chunk), 1000)
        },
        tally('endless chunked bodies'),
      ),
    )
  const megabyte = Buffer.alloc(1024 * 1024, 'x')
  if (wanted.includes('60mb'))
    work.push(
      abuse(
        port,
        stopAt,
        8,
        (socket) => {
          socket.write(
            `POST /get_reward HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: 60000000\r\n\r\n`,
          )
          let sent = 0
          return setInterval(() => {
            if (sent < 60 && socket.writable) {
              socket.write(megabyte)
              sent += 1
            }
          }, 10)
        },
        tally('60 MB bodies (content-length)'),
        1000,
      ),
    )
  const chunkedMegabyte = Buffer.from(`100000\r\n${'x'.repeat(0x100000)}\r\n`)
  if (wanted.includes('chunked60mb'))
    work.push(
      abuse(
        port,
        stopAt,
        8,
        (socket) => {
          socket.write(
            `POST /v1/rewards HTTP/1.1\r\nhost: bench\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
          )
          let sent = 0
          return setInterval(() => {
            if (sent < 60 && socket.writable) {
              socket.write(chunkedMegabyte)
              sent += 1
            }
          }, 10)
        },
        tally('60 MB bodies (chunked)'),
        1000,
      ),
    )
  const redos = JSON.stringify({
    items: [
      ...Array.from({ length: 8 }, () => ({
        task: 'format',
        response: JSON.stringify({ code: `${'a'.repeat(37)}!` }),
        ground_truth: {
          schema: {
            type: 'object',
            properties: { code: { type: 'string', pattern: '^(a+)+$' } },
          },
        },
      })),
      {
        task: 'exam',
        // Over the per-item text limit (200,000 characters): refused before any verifier runs.
        response: `${'x'.repeat(250_000)} Final answer: C`,
        ground_truth: { answer: 'C' },
      },
    ],
  })
  const redosRequest = request('/v1/rewards', redos)
  if (wanted.includes('redos'))
    work.push(
      abuse(
        port,
        stopAt,
        4,
        (socket) => {
          socket.write(redosRequest)
          return setInterval(() => socket.write(redosRequest), 100)
        },
        tally('ReDoS items'),
      ),
    )
  await Promise.all(work)
  return tallies
}

/** Starts the abusive clients in a child process, so their work does not delay the measuring one. */
function spawnAbusers(
  port: number,
  stopAt: number,
): Promise<Record<string, { opened: number; closedByServer: number }>> {
  // At the lowest priority: on a real network the attacker's CPU is not the server's, while here
  // both share the machine.
  const child = spawn(
    'nice',
    [
      '-n',
      '19',
      process.execPath,
      '--import',
      pathToFileURL(resolve(root, 'node_modules/tsx/dist/loader.mjs')).href,
      fileURLToPath(import.meta.url),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        GALEN_SECURITY_LOAD_ROLE: 'abuser',
        GALEN_SECURITY_LOAD_PORT: String(port),
        GALEN_SECURITY_LOAD_STOP_AT: String(stopAt),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolveTallies, reject) => {
    child.on('exit', () => {
      const line = output.trim().split('\n').at(-1) ?? '{}'
      try {
        resolveTallies(
          JSON.parse(line) as Record<string, { opened: number; closedByServer: number }>,
        )
      } catch (error) {
        reject(error)
      }
    })
  })
}

async function phase(port: number, pid: number, name: string, abusive: boolean) {
  const stopAt = Date.now() + seconds * 1000
  const latencies: number[] = []
  const failures = { count: 0, statuses: {} as Record<string, number> }
  let peakRss = rssMegabytes(pid)
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMegabytes(pid))
  }, 100)
  const work: Array<Promise<void>> = Array.from({ length: CLIENTS }, () =>
    goodClient(port, stopAt, latencies, failures),
  )
  const abusers: Promise<Record<string, { opened: number; closedByServer: number }>> = abusive
    ? spawnAbusers(port, stopAt)
    : Promise.resolve({})
  await Promise.all(work)
  const tallies = await abusers
  clearInterval(sampler)
  const result = {
    name,
    requests: latencies.length,
    failures: failures.count,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    peakRss,
    tallies,
  }
  console.log(
    `${name}: ${result.requests} well-behaved requests (${(result.requests / seconds).toFixed(0)}/s), ${result.failures} failed ${JSON.stringify(failures.statuses)}, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, peak RSS ${result.peakRss.toFixed(0)} MB`,
  )
  for (const [kind, tally] of Object.entries(tallies)) {
    console.log(
      `  abusive ${kind}: ${tally.opened} connections opened, ${tally.closedByServer} closed by the server`,
    )
  }
  return result
}

/** Runs the quiet and the abusive phase and prints the verdict. */
export async function run(): Promise<void> {
  const { port, child } = await startServer()
  const pid = child.pid as number
  try {
    console.log(
      `reward server pid ${pid}, RSS at start ${rssMegabytes(pid).toFixed(0)} MB; phases of ${seconds} s`,
    )
    const quiet = await phase(port, pid, 'quiet', false)
    await new Promise((resolveWait) => setTimeout(resolveWait, 2_000))
    const abusive = await phase(port, pid, 'with abusive clients', true)
    await new Promise((resolveWait) => setTimeout(resolveWait, 3_000))
    const after = rssMegabytes(pid)
    const ratio = abusive.p99 / quiet.p99
    const pass = ratio <= 2 && abusive.failures === 0 && abusive.peakRss < 600
    console.log(
      `p99 ratio ${ratio.toFixed(2)} (target <= 2), peak RSS ${abusive.peakRss.toFixed(0)} MB (target < 600), RSS 3 s after ${after.toFixed(0)} MB, well-behaved failures ${abusive.failures}: ${pass ? 'PASS' : 'FAIL'}`,
    )
    const started = performance.now()
    await fetch(`http://127.0.0.1:${port}/healthz`)
    console.log(`/healthz after the run: ${(performance.now() - started).toFixed(1)} ms`)
  } finally {
    child.kill('SIGTERM')
  }
}

if (process.env.GALEN_SECURITY_LOAD_ROLE === 'abuser') {
  const tallies = await runAbusers(
    Number(process.env.GALEN_SECURITY_LOAD_PORT),
    Number(process.env.GALEN_SECURITY_LOAD_STOP_AT),
  )
  process.stdout.write(`${JSON.stringify(tallies)}\n`)
  process.exit(0)
}
