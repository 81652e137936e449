/**
 * The reward server: verifiers over HTTP for RL engines (OpenRLHF's remote reward protocol, a
 * native batch API used by the verl and TRL adapters in `adapters/`), with health and metrics.
 */
export { runWithCpuDeadline } from './cpu-guard.js'
export { RewardMetrics } from './metrics.js'
export {
  type OpenRlhfRecords,
  type OpenRlhfResponse,
  openRlhfResponse,
  readOpenRlhfRequest,
  stripQuery,
} from './openrlhf.js'
export { createScorer, type Scorer, type ScorerSettings } from './scorer.js'
export {
  createRewardServer,
  REWARD_PATHS,
  type RewardHandleOptions,
  type RewardServer,
  type RewardServerAddress,
  type RewardServerSettings,
} from './server.js'
export { parseRewardSettings, type RewardSettings, rewardSettingsSchema } from './settings.js'
