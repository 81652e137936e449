/**
 * Settings of the verifiers (the `verifiers` section of `galen.config.json`): composite weights
 * per task, judge use, and per-verifier options. Validated with zod; errors name the key.
 */
import { z } from 'zod'
import { ConfigError } from '../errors.js'

/** The tasks the verifiers score. */
export const VERIFIER_TASKS = ['exam', 'diagnosis', 'drug', 'test_ordering', 'format'] as const

/** A task name. */
export type VerifierTask = (typeof VERIFIER_TASKS)[number]

const weightSchema = z
  .object({
    correctness: z.number().min(0).max(1),
    format: z.number().min(0).max(1),
  })
  .strict()
  .refine((weights) => weights.correctness + weights.format > 0, {
    message: 'correctness and format weights must not both be 0',
  })

const creditSchema = z
  .object({
    category: z.number().min(0).max(1).optional(),
    block: z.number().min(0).max(1).optional(),
    chapter: z.number().min(0).max(1).optional(),
  })
  .strict()

/** The validated `verifiers` section. */
export const verifierSettingsSchema = z
  .object({
    /** Per-task weights of correctness and format in the composite score. */
    weights: z
      .object({
        exam: weightSchema.optional(),
        diagnosis: weightSchema.optional(),
        drug: weightSchema.optional(),
        test_ordering: weightSchema.optional(),
        format: weightSchema.optional(),
      })
      .strict()
      .optional(),
    judge: z
      .object({
        /** `never`, `inconclusive` (default when a judge model is configured) or `always`. */
        mode: z.enum(['never', 'inconclusive', 'always']).optional(),
        samples: z.number().int().min(1).max(64).optional(),
        temperature: z.number().min(0).max(2).optional(),
        timeoutMs: z.number().int().positive().optional(),
        cacheSize: z.number().int().min(0).optional(),
        principles: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    exam: z
      .object({
        partialCredit: z.enum(['none', 'jaccard', 'proportional']).optional(),
        lenient: z.boolean().optional(),
      })
      .strict()
      .optional(),
    diagnosis: z
      .object({
        credit: creditSchema.optional(),
        k: z.number().int().min(1).max(50).optional(),
        maxPredictions: z.number().int().min(1).max(50).optional(),
        minScore: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    /** Test lexicon file replacing the shipped one (same format as data/lexicons/tests.json). */
    testLexicon: z.string().min(1).optional(),
  })
  .strict()

/** The `verifiers` section, validated. */
export type VerifierSettings = z.infer<typeof verifierSettingsSchema>

/** Default composite weights: exact answers for exams, a small format reward elsewhere. */
export const DEFAULT_WEIGHTS: Readonly<
  Record<VerifierTask, { correctness: number; format: number }>
> = {
  exam: { correctness: 1, format: 0 },
  diagnosis: { correctness: 0.9, format: 0.1 },
  drug: { correctness: 0.9, format: 0.1 },
  test_ordering: { correctness: 0.9, format: 0.1 },
  format: { correctness: 1, format: 0 },
}

/**
 * Validates a raw `verifiers` section.
 *
 * @throws ConfigError naming the key, the value and what is allowed.
 */
export function parseVerifierSettings(raw: unknown, source = 'verifiers'): VerifierSettings {
  const result = verifierSettingsSchema.safeParse(raw ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const key = [source, ...(issue?.path.map(String) ?? [])].join('.')
  throw new ConfigError(`config: "${key}" is invalid: ${issue?.message ?? 'invalid value'}`, {
    key,
  })
}
