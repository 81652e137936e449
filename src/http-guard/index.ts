/**
 * The authentication and limits layer shared by every Galen HTTP surface (the answering service,
 * the reward server, the review studio): request-target normalisation, hashed keys compared in
 * constant time, deny-by-default access with public routes, rate limits, admission before work,
 * body limits checked while streaming, JSON depth limits, connection deadlines, security headers,
 * the bind policy and one error body.
 */
export { type BindPolicyOptions, boundUrl, checkBindPolicy, isLoopbackHost } from './bind-policy.js'
export {
  checkBodyHeaders,
  DEFAULT_MAX_JSON_DEPTH,
  jsonDepthExceeds,
  mediaType,
  parseJsonBody,
  type ReadBody,
  type ReadBodyOptions,
  readRequestBody,
  valueDepthExceeds,
} from './body.js'
export {
  type AdmissionGate,
  type ByteBudget,
  createAdmissionGate,
  createByteBudget,
} from './gate.js'
export {
  type Admission,
  createHttpGuard,
  type HttpGuard,
  type HttpGuardSettings,
} from './guard.js'
export {
  applyConnectionLimits,
  type ConnectionLimits,
  resolveConnectionLimits,
  SECURITY_HEADERS,
  serverOptions,
} from './headers.js'
export { type ApiErrorBody, HttpError, toHttpError } from './http-error.js'
export { checkApiKey, createKeyring, type Keyring, MIN_KEY_LENGTH, presentedKey } from './keys.js'
export { createRateLimiter, type RateDecision } from './rate-limiter.js'
export { normaliseRequestTarget } from './request-target.js'
export { sendError, sendText } from './respond.js'
