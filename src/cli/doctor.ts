/**
 * `galen doctor`: checks what Galen needs on this machine and says what to fix.
 */
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Command } from 'commander'
import { loadConfig } from './config.js'
import { EXIT_FAILURE, EXIT_OK, printJson, runAction } from './run-command.js'

/** The outcome of one check. `warn` is informative (an optional part missing). */
export interface DoctorCheck {
  name: string
  status: 'ok' | 'warn' | 'fail'
  detail: string
  fix?: string
}

const require = createRequire(import.meta.url)

function checkNode(): DoctorCheck {
  const major = Number(process.versions.node.split('.')[0])
  return major >= 20
    ? { name: 'node', status: 'ok', detail: `Node.js ${process.versions.node}` }
    : {
        name: 'node',
        status: 'fail',
        detail: `Node.js ${process.versions.node} is too old`,
        fix: 'install Node.js 20 or newer',
      }
}

function checkSqlite(): DoctorCheck[] {
  const checks: DoctorCheck[] = []
  let database:
    | { prepare(sql: string): { get(): unknown }; exec(sql: string): void; close(): void }
    | undefined
  try {
    const Database = require('better-sqlite3') as new (
      path: string,
    ) => { prepare(sql: string): { get(): unknown }; exec(sql: string): void; close(): void }
    database = new Database(':memory:')
    const row = database.prepare('select sqlite_version() as version').get() as { version: string }
    database.exec('create virtual table doctor_fts using fts5(body)')
    checks.push({
      name: 'sqlite',
      status: 'ok',
      detail: `better-sqlite3, SQLite ${row.version}, FTS5`,
    })
  } catch (error) {
    checks.push({
      name: 'sqlite',
      status: 'fail',
      detail: `better-sqlite3 does not load: ${(error as Error).message}`,
      fix: 'run "npm rebuild better-sqlite3" (needs python3, make and g++); npm 11 builds it only when package.json allows its install script',
    })
    return checks
  }
  try {
    const sqliteVec = require('sqlite-vec') as { load(db: unknown): void }
    sqliteVec.load(database)
    const row = database.prepare('select vec_version() as version').get() as { version: string }
    checks.push({ name: 'sqlite-vec', status: 'ok', detail: `sqlite-vec ${row.version}` })
  } catch (error) {
    checks.push({
      name: 'sqlite-vec',
      status: 'fail',
      detail: `sqlite-vec does not load: ${(error as Error).message}`,
      fix: 'reinstall with "npm ci" so the platform package sqlite-vec-linux-x64 (or yours) is present',
    })
  } finally {
    database.close()
  }
  return checks
}

async function checkEndpoint(
  url: string | undefined,
  apiKey: string | undefined,
  model: string | undefined,
): Promise<DoctorCheck> {
  if (url === undefined) {
    return {
      name: 'model endpoint',
      status: 'warn',
      detail:
        'no model endpoint configured: evaluation runs and generated answers need one (evidence mode and replay work without)',
      fix: 'set GALEN_MODEL_URL (for example http://127.0.0.1:8000/v1) and GALEN_MODEL, or "model.url" in galen.config.json',
    }
  }
  const listUrl = `${url.replace(/\/+$/, '')}/models`
  try {
    const response = await fetch(listUrl, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(5000),
    })
    if (!response.ok) {
      return {
        name: 'model endpoint',
        status: 'fail',
        detail: `${listUrl} answered HTTP ${response.status}`,
        fix:
          response.status === 401
            ? 'set GALEN_API_KEY'
            : 'check the server and the URL (it should end in /v1)',
      }
    }
    const body = (await response.json()) as { data?: Array<{ id?: unknown }> }
    const ids = (body.data ?? []).map((entry) => String(entry.id))
    if (model !== undefined && ids.length > 0 && !ids.includes(model)) {
      return {
        name: 'model endpoint',
        status: 'fail',
        detail: `${url} serves ${ids.join(', ')} but not "${model}"`,
        fix: `set GALEN_MODEL to one of: ${ids.join(', ')}`,
      }
    }
    return {
      name: 'model endpoint',
      status: 'ok',
      detail: `${url} reachable; models: ${ids.join(', ') || '(none listed)'}`,
    }
  } catch (error) {
    return {
      name: 'model endpoint',
      status: 'fail',
      detail: `${listUrl} is not reachable: ${(error as Error).message}`,
      fix: 'start the model server (vLLM, SGLang, Ollama, llama.cpp server, or "galen model-server") or fix GALEN_MODEL_URL',
    }
  }
}

async function checkGguf(path: string | undefined): Promise<DoctorCheck> {
  if (path === undefined) {
    return {
      name: 'local GGUF',
      status: 'warn',
      detail: 'no local GGUF configured (optional)',
      fix: 'set GALEN_GGUF=/path/to/model.gguf to run a local model',
    }
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    return {
      name: 'local GGUF',
      status: 'fail',
      detail: `"${path}" does not exist`,
      fix: 'point GALEN_GGUF at a .gguf file',
    }
  }
  try {
    await import('node-llama-cpp')
    const size = statSync(path).size
    return {
      name: 'local GGUF',
      status: 'ok',
      detail: `${path} (${(size / 1e6).toFixed(1)} MB); node-llama-cpp loads`,
    }
  } catch (error) {
    return {
      name: 'local GGUF',
      status: 'fail',
      detail: `node-llama-cpp does not load: ${(error as Error).message}`,
      fix: 'run "npm ci" so its prebuilt binaries are installed',
    }
  }
}

/** Runs every check. */
export async function runDoctor(options: { configPath?: string } = {}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [checkNode(), ...checkSqlite()]
  let config: ReturnType<typeof loadConfig> | undefined
  try {
    config = loadConfig(options.configPath === undefined ? {} : { path: options.configPath })
    checks.push({
      name: 'config',
      status: 'ok',
      detail:
        config.path === undefined
          ? 'no galen.config.json (defaults and environment only)'
          : `read ${config.path}`,
    })
  } catch (error) {
    checks.push({
      name: 'config',
      status: 'fail',
      detail: (error as Error).message,
      fix: 'fix the value named above',
    })
  }
  const model = config?.config.model
  checks.push(await checkEndpoint(model?.url, model?.apiKey, model?.name))
  checks.push(await checkGguf(model?.gguf))
  const terminology = config?.config.terminology
  if (terminology !== undefined) {
    checks.push(
      existsSync(terminology)
        ? { name: 'terminology', status: 'ok', detail: terminology }
        : {
            name: 'terminology',
            status: 'fail',
            detail: `"${terminology}" does not exist`,
            fix: 'point GALEN_TERMINOLOGY at a folder of ICD-10-CM / Disease Ontology / DrugBank files',
          },
    )
  }
  return checks
}

/** Registers `galen doctor`. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description(
      'check Node.js, SQLite, sqlite-vec, the model endpoint and a local GGUF; say what to fix',
    )
    .option('--json', 'print the checks as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  $ galen doctor\n  $ GALEN_MODEL_URL=http://127.0.0.1:8000/v1 galen doctor --json',
    )
    .action((options: { json?: boolean }, command: Command) =>
      runAction(async () => {
        const configPath = command.optsWithGlobals<{ config?: string }>().config
        const checks = await runDoctor(configPath === undefined ? {} : { configPath })
        if (options.json) printJson({ checks })
        else {
          const marks = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' }
          for (const check of checks) {
            process.stdout.write(`[${marks[check.status]}] ${check.name}: ${check.detail}\n`)
            if (check.fix !== undefined && check.status !== 'ok')
              process.stdout.write(`       fix: ${check.fix}\n`)
          }
        }
        return checks.some((check) => check.status === 'fail') ? EXIT_FAILURE : EXIT_OK
      }),
    )
}
