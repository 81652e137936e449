/**
 * The HTTP service (`galen serve`): OpenAI-compatible grounded chat, search, calculators, rewards,
 * health, metrics and the web page.
 */

export { createRateLimiter, type RateDecision } from '../http-guard/index.js'
export {
  type ApiErrorBody,
  createServiceApp,
  type RewardRoutes,
  type ServiceSettings,
  toApiError,
  WEB_ROOT,
} from './create-app.js'
export { createServiceMetrics, type ServiceMetrics } from './metrics.js'
export { type StudioApp, type StudioSettings, startStudio } from './studio-app.js'
