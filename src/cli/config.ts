/**
 * Galen's configuration: a `galen.config.json` file (path overridable with `--config` or
 * `GALEN_CONFIG`) merged with environment variables, validated with zod. Environment variables win
 * over the file; command-line options win over both (each command applies its own).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { ConfigError, safeParseJson } from '../errors.js'

const positiveInt = z.number().int().positive()

const modelSchema = z
  .object({
    /** Base URL of an OpenAI-compatible server, for example `http://127.0.0.1:8000/v1`. */
    url: z.url().optional(),
    /** Model name sent to the server. */
    name: z.string().min(1).optional(),
    apiKey: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Path of a local GGUF model file (node-llama-cpp). */
    gguf: z.string().min(1).optional(),
    /** CPU threads of a local GGUF model (default: all cores; fewer on a busy machine). */
    threads: positiveInt.optional(),
    timeoutMs: positiveInt.optional(),
    maxRetries: z.number().int().min(0).max(20).optional(),
    concurrency: positiveInt.optional(),
    requestsPerMinute: positiveInt.optional(),
    /** SQLite file of the opt-in response cache. */
    cache: z.string().min(1).optional(),
  })
  .strict()

const serverSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    /** Accepted API keys, each at least 16 characters. */
    apiKeys: z.array(z.string().min(16)).optional(),
  })
  .strict()

/** The validated configuration. Sections a capability does not use are ignored by it. */
export const configSchema = z
  .object({
    model: modelSchema.optional(),
    embeddings: modelSchema.optional(),
    judge: modelSchema.optional(),
    /** Folder of terminology files under their published names. */
    terminology: z.string().min(1).optional(),
    /** SQLite index file of the retrieval corpus. */
    index: z.string().min(1).optional(),
    server: serverSchema.optional(),
    /** Capability-specific sections (rewards, verifiers, retrieval, ...), validated by their owners. */
    rewards: z.record(z.string(), z.unknown()).optional(),
    verifiers: z.record(z.string(), z.unknown()).optional(),
    retrieval: z.record(z.string(), z.unknown()).optional(),
    corpus: z.record(z.string(), z.unknown()).optional(),
    deid: z.record(z.string(), z.unknown()).optional(),
    answer: z.record(z.string(), z.unknown()).optional(),
    eval: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()

export type GalenConfig = z.infer<typeof configSchema>

/** Environment variables Galen reads, and the config key each sets. */
export const ENVIRONMENT_KEYS: ReadonlyArray<{
  variable: string
  key: string
  kind: 'string' | 'int'
}> = [
  { variable: 'GALEN_MODEL_URL', key: 'model.url', kind: 'string' },
  { variable: 'GALEN_MODEL', key: 'model.name', kind: 'string' },
  { variable: 'GALEN_API_KEY', key: 'model.apiKey', kind: 'string' },
  { variable: 'GALEN_GGUF', key: 'model.gguf', kind: 'string' },
  { variable: 'GALEN_THREADS', key: 'model.threads', kind: 'int' },
  { variable: 'GALEN_TIMEOUT_MS', key: 'model.timeoutMs', kind: 'int' },
  { variable: 'GALEN_MAX_RETRIES', key: 'model.maxRetries', kind: 'int' },
  { variable: 'GALEN_CONCURRENCY', key: 'model.concurrency', kind: 'int' },
  { variable: 'GALEN_CACHE', key: 'model.cache', kind: 'string' },
  { variable: 'GALEN_EMBEDDINGS_URL', key: 'embeddings.url', kind: 'string' },
  { variable: 'GALEN_EMBEDDINGS_MODEL', key: 'embeddings.name', kind: 'string' },
  { variable: 'GALEN_JUDGE_URL', key: 'judge.url', kind: 'string' },
  { variable: 'GALEN_JUDGE_MODEL', key: 'judge.name', kind: 'string' },
  { variable: 'GALEN_TERMINOLOGY', key: 'terminology', kind: 'string' },
  { variable: 'GALEN_INDEX', key: 'index', kind: 'string' },
  { variable: 'GALEN_HOST', key: 'server.host', kind: 'string' },
  { variable: 'GALEN_PORT', key: 'server.port', kind: 'int' },
]

/** Where the configuration came from, for `galen doctor`. */
export interface LoadedConfig {
  config: GalenConfig
  /** Absolute path of the file read, or undefined when none was found. */
  path: string | undefined
  /** Environment variables that set a value. */
  fromEnvironment: string[]
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    const child = node[part]
    if (typeof child !== 'object' || child === null) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts[parts.length - 1] as string] = value
}

function describeIssue(issue: z.core.$ZodIssue, source: string, raw: unknown): string {
  const key = issue.path.map(String).join('.')
  let value: unknown = raw
  for (const part of issue.path) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<PropertyKey, unknown>)[part as PropertyKey]
        : undefined
  }
  const shown = value === undefined ? 'missing' : JSON.stringify(value)
  if (issue.code === 'unrecognized_keys') {
    const where = key === '' ? '' : ` in "${key}"`
    return `config: unknown key(s) ${issue.keys.map((name) => `"${name}"`).join(', ')}${where} (${source})`
  }
  return `config: "${key}" = ${shown} is invalid: ${issue.message} (${source})`
}

/**
 * Validates a raw configuration object. Throws {@link ConfigError} naming the key, the value and
 * what is allowed.
 */
export function parseConfig(raw: unknown, source = 'configuration'): GalenConfig {
  const result = configSchema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  if (issue === undefined) throw new ConfigError(`config: invalid ${source}`)
  throw new ConfigError(describeIssue(issue, source, raw), {
    key: issue.path.map(String).join('.'),
  })
}

/**
 * Loads `galen.config.json` (or `path`) and the environment. Relative paths inside the file are
 * resolved against the file's folder.
 *
 * @param options.path - explicit config file; it must exist. Default: `GALEN_CONFIG`, then
 *   `./galen.config.json` when present.
 * @param options.environment - defaults to `process.env`.
 * @throws ConfigError for an unreadable file or an invalid value.
 */
export function loadConfig(
  options: { path?: string; environment?: NodeJS.ProcessEnv } = {},
): LoadedConfig {
  const environment = options.environment ?? process.env
  const fromEnvironmentVariable =
    environment.GALEN_CONFIG === '' ? undefined : environment.GALEN_CONFIG
  const explicit = options.path ?? fromEnvironmentVariable
  const candidate = resolve(explicit ?? 'galen.config.json')
  let fileConfig: Record<string, unknown> = {}
  let path: string | undefined
  if (existsSync(candidate) && statSync(candidate).isDirectory()) {
    throw new ConfigError(`config: "${candidate}" is a folder, not a configuration file`, {
      key: 'config',
    })
  }
  if (existsSync(candidate)) {
    path = candidate
    let text: string
    try {
      text = readFileSync(candidate, 'utf8')
    } catch (error) {
      throw new ConfigError(`config: cannot read "${candidate}"`, { cause: error })
    }
    const parsed = safeParseJson(text, candidate)
    if (!parsed.ok)
      throw new ConfigError(`config: ${parsed.error.message}`, { cause: parsed.error })
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      throw new ConfigError(`config: "${candidate}" must hold a JSON object`)
    }
    fileConfig = parsed.value as Record<string, unknown>
    parseConfig(fileConfig, candidate)
    const base = dirname(candidate)
    for (const key of ['terminology', 'index']) {
      const value = fileConfig[key]
      if (typeof value === 'string') fileConfig[key] = resolve(base, value)
    }
  } else if (explicit !== undefined) {
    throw new ConfigError(`config: file "${candidate}" does not exist`, { key: 'config' })
  }
  const merged = structuredClone(fileConfig)
  const fromEnvironment: string[] = []
  for (const { variable, key, kind } of ENVIRONMENT_KEYS) {
    const text = environment[variable]
    if (text === undefined || text === '') continue
    let value: unknown = text
    if (kind === 'int') {
      if (!/^\d+$/.test(text)) {
        throw new ConfigError(
          `config: ${variable} = "${text}" is invalid: expected a whole number (sets "${key}")`,
          { key: variable },
        )
      }
      value = Number(text)
    }
    setPath(merged, key, value)
    fromEnvironment.push(variable)
  }
  const config = parseConfig(merged, path === undefined ? 'environment' : `${path} + environment`)
  return { config, path, fromEnvironment }
}
