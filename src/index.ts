/**
 * Galen's library entry point. Each capability's public API is re-exported by name from its own
 * `index.ts`; import from `galen` or from the capability path.
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
