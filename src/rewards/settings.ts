/**
 * The `rewards` section of `galen.config.json`: how the reward server listens and limits work.
 */
import { z } from 'zod'
import { ConfigError } from '../errors.js'
import { VERIFIER_TASKS } from '../verifiers/index.js'

/** The validated `rewards` section. */
export const rewardSettingsSchema = z
  .object({
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    /** Bearer token every request must carry (at least 16 characters). */
    token: z.string().min(16).optional(),
    maxBodyBytes: z.number().int().positive().optional(),
    maxBufferedBytes: z.number().int().positive().optional(),
    concurrency: z.number().int().positive().optional(),
    maxReceiving: z.number().int().positive().optional(),
    maxQueue: z.number().int().min(0).optional(),
    itemTimeoutMs: z.number().int().positive().optional(),
    /** CPU time one item may use before it is stopped. */
    itemCpuMs: z.number().int().min(0).optional(),
    maxItemChars: z.number().int().positive().optional(),
    maxJsonDepth: z.number().int().min(2).max(1000).optional(),
    headersTimeoutMs: z.number().int().positive().optional(),
    requestTimeoutMs: z.number().int().positive().optional(),
    keepAliveTimeoutMs: z.number().int().positive().optional(),
    /** Task assumed for OpenRLHF labels that do not name one. */
    defaultTask: z.enum(VERIFIER_TASKS).optional(),
  })
  .strict()

/** The `rewards` section. */
export type RewardSettings = z.infer<typeof rewardSettingsSchema>

/**
 * Validates the `rewards` section.
 *
 * @throws ConfigError naming the key and the problem.
 */
export function parseRewardSettings(raw: unknown): RewardSettings {
  const result = rewardSettingsSchema.safeParse(raw ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const key = ['rewards', ...(issue?.path.map(String) ?? [])].join('.')
  throw new ConfigError(`config: "${key}" is invalid: ${issue?.message ?? 'invalid value'}`, {
    key,
  })
}
