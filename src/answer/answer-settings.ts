/**
 * The `answer` section of `galen.config.json`: the evidence policy the service applies by default
 * (the page can still override it per question).
 *
 * ```json
 * { "answer": { "evidence": { "minRelevance": 0.3, "minRelativeRelevance": 0.6, "authorityFloor": "D" } } }
 * ```
 * `"evidence": false` shows the search ranking without the policy.
 */
import { z } from 'zod'
import { ConfigError } from '../errors.js'
import type { EvidencePolicy } from './select-evidence.js'

const share = z.number().min(0).max(1)

/** The schema of the `answer` section. */
export const answerSettingsSchema = z
  .object({
    evidence: z
      .union([
        z.literal(false),
        z
          .object({
            minRelevance: share.optional(),
            minRelativeRelevance: share.optional(),
            authorityFloor: z.enum(['A', 'B', 'C', 'D', 'E']).optional(),
            titleWeight: share.optional(),
            aspectWeight: share.optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict()

/** The validated `answer` section: the evidence policy to pass to `createAnswerer`. */
export interface AnswerSettingsSection {
  evidencePolicy?: Partial<EvidencePolicy> | false
}

/**
 * Validates the `answer` section.
 *
 * @throws ConfigError naming the key and the problem, for example `answer.evidence.minRelevance`
 */
export function parseAnswerSettings(raw: unknown): AnswerSettingsSection {
  const result = answerSettingsSchema.safeParse(raw ?? {})
  if (!result.success) {
    const issue = result.error.issues[0]
    const key = ['answer', ...(issue?.path.map(String) ?? [])].join('.')
    throw new ConfigError(`config: "${key}" is invalid: ${issue?.message ?? 'invalid value'}`, {
      key,
    })
  }
  const evidence = result.data.evidence
  if (evidence === undefined) return {}
  if (evidence === false) return { evidencePolicy: false }
  const policy: Partial<EvidencePolicy> = {}
  if (evidence.minRelevance !== undefined) policy.minRelevance = evidence.minRelevance
  if (evidence.minRelativeRelevance !== undefined)
    policy.minRelativeRelevance = evidence.minRelativeRelevance
  if (evidence.authorityFloor !== undefined) policy.authorityFloor = evidence.authorityFloor
  if (evidence.titleWeight !== undefined) policy.titleWeight = evidence.titleWeight
  if (evidence.aspectWeight !== undefined) policy.aspectWeight = evidence.aspectWeight
  return { evidencePolicy: policy }
}
