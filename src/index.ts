/**
 * Galen's library entry point: the shared errors. Each capability's public API is its own entry,
 * named export by named export in its `index.ts`: import from `galen/llm`, `galen/verifiers`,
 * `galen/rewards`, `galen/eval`, `galen/calculators`, `galen/deid`, `galen/corpus`,
 * `galen/retrieval`, `galen/answer`, `galen/rl-data`, `galen/server` or `galen/terminology`.
 */
export {
  AbortError,
  ApiCallError,
  BackendError,
  ConfigError,
  describeError,
  GalenError,
  type GalenErrorCode,
  InputError,
  isRetryableStatus,
  NotFoundError,
  type SafeParseResult,
  safeParseJson,
  TimeoutError,
} from './errors.js'
