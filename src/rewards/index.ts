/**
 * The reward server: verifiers over HTTP for RL engines (OpenRLHF's remote reward protocol, a
 * native batch API used by the verl and TRL adapters in `adapters/`), with health and metrics.
 */
export { RewardMetrics } from './metrics.js'
export {
  type OpenRlhfRecords,
  type OpenRlhfResponse,
  openRlhfResponse,
  readOpenRlhfRequest,
  stripQuery,
} from './openrlhf.js'
export {
  createRewardServer,
  REWARD_PATHS,
  type RewardServer,
  type RewardServerSettings,
} from './server.js'
export { parseRewardSettings, type RewardSettings, rewardSettingsSchema } from './settings.js'
