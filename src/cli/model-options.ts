/**
 * One way for every command to find its model: the command line first, then the environment
 * (`GALEN_MODEL_URL`, `GALEN_MODEL`, `GALEN_GGUF`, `GALEN_API_KEY`, ... and `GALEN_JUDGE_*`), then
 * the configuration file's `model` (or `judge`) section. {@link loadConfig} has already merged the
 * environment over the file, so this module only lays the command line on top.
 */
import { existsSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { ChatModelConfig } from '../llm/index.js'
import type { GalenConfig } from './config.js'
import { UsageError } from './run-command.js'

/** What the command line says about a model; every field is optional. */
export interface ModelOverrides {
  /** `--model URL|GGUF`, `--model-url URL` or `--judge URL|GGUF`: the server or the local file. */
  target?: string | undefined
  /** The option that gave `target`, for error messages (for example `--model`). */
  targetOption?: string
  /** `--model-name NAME` (or `--model NAME` where the server has its own option). */
  name?: string | undefined
  concurrency?: number | undefined
  maxRetries?: number | undefined
  timeoutMs?: number | undefined
}

function isGgufTarget(target: string): boolean {
  if (/^https?:\/\//i.test(target)) return false
  return target.toLowerCase().endsWith('.gguf') || (existsSync(target) && statSync(target).isFile())
}

/**
 * The model settings a command should use, or `undefined` when neither the command line, the
 * environment nor the configuration names a model.
 *
 * A target from the command line replaces both the configured URL and GGUF file; the configured
 * name, API key and headers are kept for a URL target (a GGUF target is named after its file
 * unless `name` is given).
 *
 * @throws UsageError when `target` is neither an http(s) URL nor a GGUF file.
 */
export function resolveModelConfig(
  config: GalenConfig,
  overrides: ModelOverrides = {},
  section: 'model' | 'judge' = 'model',
): ChatModelConfig | undefined {
  const configured: ChatModelConfig = { ...(config[section] ?? {}) }
  let settings: ChatModelConfig
  if (overrides.target !== undefined) {
    const target = overrides.target
    if (isGgufTarget(target)) {
      const { url: _url, apiKey: _apiKey, headers: _headers, gguf: _gguf, ...rest } = configured
      settings = { ...rest, gguf: target, name: overrides.name ?? basename(target, '.gguf') }
    } else if (/^https?:\/\//i.test(target)) {
      const { gguf: _gguf, ...rest } = configured
      settings = { ...rest, url: target }
    } else {
      throw new UsageError(
        `option ${overrides.targetOption ?? '--model'} = "${target}" is invalid: expected an http(s) URL ending in /v1 or a .gguf file`,
      )
    }
  } else {
    if (configured.url === undefined && configured.gguf === undefined) return undefined
    settings = configured
  }
  if (overrides.name !== undefined) settings.name = overrides.name
  if (settings.name === undefined)
    settings.name =
      settings.url === undefined ? basename(settings.gguf ?? 'model', '.gguf') : 'default'
  if (overrides.concurrency !== undefined) settings.concurrency = overrides.concurrency
  if (overrides.maxRetries !== undefined) settings.maxRetries = overrides.maxRetries
  if (overrides.timeoutMs !== undefined) settings.timeoutMs = overrides.timeoutMs
  return settings
}

/** The sentence a command prints when it needs a model and none is set anywhere. */
export function noModelMessage(command: string, option = '--model URL|GGUF'): string {
  return `${command}: no model given: pass ${option}, or set GALEN_MODEL_URL (with GALEN_MODEL) or GALEN_GGUF, or "model" in galen.config.json`
}
