/**
 * A `fetch` for the openai client built on `node:http` / `node:https` with a keep-alive agent.
 *
 * Why: Node's built-in fetch (undici with WHATWG streams) costs several times more CPU per small
 * request than `http.request`; with the scripted server or a fast local inference server that cost
 * dominated the wall time of evaluation runs (see bench/llm-overhead). This implements only what
 * the openai client uses: string or byte bodies, an abort signal, and a response with `status`,
 * `ok`, `url`, `headers.get/entries`, `json()`, `text()` and `body` (an async iterable for SSE).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

/**
 * The headers of a response, read-only, with the lookups the openai client performs. Reads go to
 * Node's own header object; the map for iteration is built only when something iterates.
 */
class ResponseHeaders {
  readonly #raw: IncomingMessage['headers']
  #values: Map<string, string> | undefined

  constructor(raw: IncomingMessage['headers']) {
    this.#raw = raw
  }

  #map(): Map<string, string> {
    if (this.#values === undefined) {
      this.#values = new Map()
      for (const [name, value] of Object.entries(this.#raw)) {
        if (value !== undefined)
          this.#values.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
    }
    return this.#values
  }

  get(name: string): string | null {
    // Own members only: Node's header object may inherit from Object.prototype.
    const value: unknown = this.#raw[name.toLowerCase()]
    if (typeof value === 'string') return value
    return Array.isArray(value) ? value.join(', ') : null
  }

  has(name: string): boolean {
    return this.get(name) !== null
  }

  entries(): IterableIterator<[string, string]> {
    return this.#map().entries()
  }

  keys(): IterableIterator<string> {
    return this.#map().keys()
  }

  values(): IterableIterator<string> {
    return this.#map().values()
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.#map()) callback(value, name)
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map().entries()
  }
}

/** A buffered (or, for SSE, streamed) response with the members the openai client reads. */
class NodeResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly url: string
  readonly headers: ResponseHeaders
  readonly #buffer: Buffer | undefined
  readonly #stream: IncomingMessage | undefined
  #body: AsyncIterable<Uint8Array> | undefined
  #used = false

  constructor(
    message: IncomingMessage,
    url: string,
    content: { buffer: Buffer } | { stream: IncomingMessage },
  ) {
    this.status = message.statusCode ?? 0
    this.statusText = message.statusMessage ?? ''
    this.ok = this.status >= 200 && this.status < 300
    this.url = url
    this.headers = new ResponseHeaders(message.headers)
    if ('buffer' in content) {
      this.#buffer = content.buffer
      this.#stream = undefined
    } else {
      this.#buffer = undefined
      this.#stream = content.stream
    }
  }

  /** The body as an async iterable of bytes (made on first read: the client rarely asks). */
  get body(): AsyncIterable<Uint8Array> | null {
    if (this.#stream !== undefined) return this.#stream
    if (this.#body === undefined) {
      const buffer = this.#buffer
      this.#body = {
        async *[Symbol.asyncIterator]() {
          if (buffer !== undefined) yield buffer
        },
      }
    }
    return this.#body
  }

  get bodyUsed(): boolean {
    return this.#used
  }

  async text(): Promise<string> {
    this.#used = true
    if (this.#buffer !== undefined) return this.#buffer.toString('utf8')
    const chunks: Buffer[] = []
    for await (const chunk of this.body ?? []) chunks.push(Buffer.from(chunk))
    return Buffer.concat(chunks).toString('utf8')
  }

  /** Parses the body; throws `SyntaxError` for malformed JSON, as `Response.json()` does. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const text = await this.text()
    const bytes = Buffer.from(text, 'utf8')
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('This operation was aborted')
  error.name = 'AbortError'
  ;(error as Error & { cause?: unknown }).cause = signal.reason
  return error
}

/** Where a URL sends a request: parsed once per URL, as `http.request(url)` would parse it. */
interface Target {
  secure: boolean
  hostname: string
  port: number | undefined
  path: string
  /** The `Host` header Node would send. */
  host: string
  /** `Authorization` for credentials in the URL, as Node would send it. */
  basicAuth: string | undefined
}

function parseTarget(url: string): Target {
  const parsed = new URL(url)
  const hostname = parsed.hostname
  const credentials =
    parsed.username === '' && parsed.password === ''
      ? undefined
      : `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
  return {
    secure: parsed.protocol === 'https:',
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    port: parsed.port === '' ? undefined : Number(parsed.port),
    path: `${parsed.pathname}${parsed.search}`,
    host: parsed.host,
    basicAuth:
      credentials === undefined
        ? undefined
        : `Basic ${Buffer.from(credentials).toString('base64')}`,
  }
}

/**
 * The request headers as a flat `[name, value, name, value, ...]` list with lower-case names (Node
 * then writes them as they are, without building its own header map).
 */
function headerList(given: unknown): string[] {
  const list: string[] = []
  if (given === undefined || given === null) return list
  if (given instanceof Headers) {
    given.forEach((value, name) => {
      list.push(name, value)
    })
    return list
  }
  const add = (name: string, value: string): void => setHeader(list, name.toLowerCase(), value)
  if (Array.isArray(given)) {
    for (const pair of given as Array<[string, string]>) add(pair[0], pair[1])
  } else if (typeof given === 'object') {
    for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
      if (value !== undefined && value !== null) add(name, String(value))
    }
  }
  return list
}

/** Where `name` (lower case) is in a flat header list; -1 when absent. */
function headerAt(list: readonly string[], name: string): number {
  for (let at = 0; at < list.length; at += 2) if (list[at] === name) return at
  return -1
}

/** Sets `name` (lower case) in a flat header list, replacing an earlier value. */
function setHeader(list: string[], name: string, value: string): void {
  const at = headerAt(list, name)
  if (at === -1) list.push(name, value)
  else list[at + 1] = value
}

/** A fetch function plus the agents it owns. */
export interface NodeHttpFetch {
  fetch: typeof fetch
  /** Closes idle keep-alive connections. */
  close(): void
}

/**
 * Creates a keep-alive `fetch` over `node:http`. Idle sockets do not keep the process alive.
 *
 * @param settings.maxSockets - connections per host (default unlimited: the caller's limiter
 *   bounds them)
 */
export function createNodeHttpFetch(settings: { maxSockets?: number } = {}): NodeHttpFetch {
  const agentSettings = {
    keepAlive: true,
    ...(settings.maxSockets === undefined ? {} : { maxSockets: settings.maxSockets }),
  }
  const httpAgent = new HttpAgent(agentSettings)
  const httpsAgent = new HttpsAgent(agentSettings)
  const targets = new Map<string, Target>()
  const targetOf = (url: string): Target => {
    let target = targets.get(url)
    if (target === undefined) {
      target = parseTarget(url)
      if (targets.size < 64) targets.set(url, target)
    }
    return target
  }

  const nodeFetch = (input: string | URL | Request, init?: RequestInit): Promise<NodeResponse> =>
    new Promise((resolve, reject) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const signal = init?.signal ?? undefined
      if (signal?.aborted) {
        reject(abortError(signal))
        return
      }
      let target: Target
      try {
        target = targetOf(url)
      } catch (error) {
        reject(error)
        return
      }
      const headers = headerList(init?.headers)
      const body = init?.body
      let payload: string | Uint8Array | undefined
      if (typeof body === 'string' || body instanceof Uint8Array) payload = body
      else if (body !== undefined && body !== null) {
        reject(new TypeError('node-http-fetch: only string and byte bodies are supported'))
        return
      }
      if (payload !== undefined)
        setHeader(headers, 'content-length', String(Buffer.byteLength(payload)))
      if (headerAt(headers, 'host') === -1) headers.push('host', target.host)
      if (target.basicAuth !== undefined && headerAt(headers, 'authorization') === -1)
        headers.push('authorization', target.basicAuth)
      const secure = target.secure
      const send = secure ? httpsRequest : httpRequest
      let settled = false
      const onAbort = (): void => {
        outgoing.destroy(signal === undefined ? undefined : abortError(signal))
      }
      const outgoing = send(
        {
          method: init?.method ?? 'GET',
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          headers,
          agent: secure ? httpsAgent : httpAgent,
        },
        (message) => {
          const type = message.headers['content-type'] ?? ''
          if (type.includes('text/event-stream')) {
            settled = true
            message.on('close', () => signal?.removeEventListener('abort', onAbort))
            resolve(new NodeResponse(message, url, { stream: message }))
            return
          }
          const chunks: Buffer[] = []
          message.on('data', (chunk: Buffer) => chunks.push(chunk))
          message.on('end', () => {
            settled = true
            signal?.removeEventListener('abort', onAbort)
            const buffer = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
            resolve(new NodeResponse(message, url, { buffer }))
          })
          message.on('error', (error) => {
            if (settled) return
            settled = true
            signal?.removeEventListener('abort', onAbort)
            reject(error)
          })
        },
      )
      outgoing.on('error', (error) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        reject(error)
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      outgoing.end(payload)
    })

  return {
    // The openai client reads only the members NodeResponse implements.
    fetch: nodeFetch as unknown as typeof fetch,
    close: () => {
      httpAgent.destroy()
      httpsAgent.destroy()
    },
  }
}
