/**
 * Factories that return a ready-to-use {@link ManagedChatModel}: a backend wrapped with retries,
 * deadline, limits, cache and accounting.
 */
import { ConfigError } from '../errors.js'
import {
  createOpenAICompatibleBackend,
  type OpenAICompatibleBackendSettings,
} from './backends/openai-compatible.js'
import {
  type ChatModelPolicySettings,
  type ManagedChatModel,
  wrapChatModel,
} from './wrap-chat-model.js'

/** Settings of {@link createOpenAICompatibleModel}: the server, and the policies around it. */
export interface OpenAICompatibleModelSettings
  extends OpenAICompatibleBackendSettings,
    ChatModelPolicySettings {}

/**
 * A model served over the OpenAI protocol (vLLM, SGLang, Ollama, llama.cpp server, or
 * `galen model-server`), with Galen's retries, deadline, limits, cache and accounting.
 *
 * @example
 * const model = createOpenAICompatibleModel({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen3-8b' })
 * const { choices } = await model.chat({
 *   messages: [{ role: 'user', content: 'Name one loop diuretic.' }],
 *   n: 4,
 *   temperature: 0.7,
 * })
 */
export function createOpenAICompatibleModel(
  settings: OpenAICompatibleModelSettings,
): ManagedChatModel {
  return wrapChatModel(createOpenAICompatibleBackend(settings), settings)
}

/**
 * The `model` section of `galen.config.json` (and its environment variables), as the config's
 * schema parses it (absent keys may be `undefined`).
 */
export interface ChatModelConfig {
  /** Base URL of an OpenAI-compatible server, ending in `/v1`. */
  url?: string | undefined
  /** Model name sent to the server. */
  name?: string | undefined
  apiKey?: string | undefined
  headers?: Record<string, string> | undefined
  /** Path of a local GGUF file; used when `url` is absent. */
  gguf?: string | undefined
  /**
   * CPU threads of the local GGUF model. Default: all cores. On a busy machine fewer are much
   * faster, as llama.cpp's threads spin while they wait for each other.
   */
  threads?: number | undefined
  timeoutMs?: number | undefined
  maxRetries?: number | undefined
  concurrency?: number | undefined
  requestsPerMinute?: number | undefined
  /** SQLite file of the response cache. */
  cache?: string | undefined
}

/**
 * Builds the model a configuration describes: the HTTP server when `url` is set, else the local
 * GGUF file. `section` names the configuration key in errors (default `model`).
 *
 * @throws ConfigError when neither `url` nor `gguf` is set.
 */
export async function createChatModelFromSettings(
  config: ChatModelConfig,
  section = 'model',
): Promise<ManagedChatModel> {
  const policies: ChatModelPolicySettings = {
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.maxRetries === undefined ? {} : { maxRetries: config.maxRetries }),
    ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    ...(config.requestsPerMinute === undefined
      ? {}
      : { requestsPerMinute: config.requestsPerMinute }),
    ...(config.cache === undefined ? {} : { cachePath: config.cache }),
  }
  if (config.url !== undefined) {
    return createOpenAICompatibleModel({
      baseUrl: config.url,
      model: config.name ?? 'default',
      ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
      ...(config.headers === undefined ? {} : { headers: config.headers }),
      ...policies,
    })
  }
  if (config.gguf !== undefined) {
    const { createLlamaCppModel } = await import('./backends/llama-cpp.js')
    return wrapChatModel(
      createLlamaCppModel({
        modelPath: config.gguf,
        ...(config.threads === undefined ? {} : { threads: config.threads }),
      }),
      {
        // A local model runs one generation at a time and never fails transiently.
        concurrency: 1,
        maxRetries: 0,
        ...policies,
      },
    )
  }
  throw new ConfigError(
    `llm: no model configured: set "${section}.url" (GALEN_MODEL_URL) or "${section}.gguf" (GALEN_GGUF)`,
    { key: `${section}.url` },
  )
}
