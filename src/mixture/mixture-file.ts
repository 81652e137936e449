/**
 * The mixture file (`galen-mixture/1`) that `galen mix export` writes and `galen data build
 * --mixture FILE` reads: a ratio per group, optionally split over the group's tasks.
 * See docs/mixture.md for the format.
 */
import { z } from 'zod'
import { InputError, type SafeParseResult } from '../errors.js'

/** The mixture file format tag. */
export const MIXTURE_FORMAT = 'galen-mixture/1'

/** One group of a mixture file. */
export interface MixtureGroup {
  name: string
  /** Share of all training examples drawn from this group (groups sum to 1). */
  ratio: number
  /** Optional split of the group's share over its tasks (shares within the group, sum to 1). */
  tasks?: Record<string, number>
}

/** A mixture file. */
export interface MixtureFile {
  format: typeof MIXTURE_FORMAT
  groups: MixtureGroup[]
  /** Where the mixture came from. */
  provenance?: { study?: string; trial?: number; value?: number; created_at?: string }
}

const SUM_TOLERANCE = 1e-6

const shareSchema = z.number().finite().min(0).max(1)
const mixtureSchema = z
  .object({
    format: z.literal(MIXTURE_FORMAT),
    groups: z
      .array(
        z
          .object({
            name: z.string().min(1),
            ratio: shareSchema,
            tasks: z.record(z.string().min(1), shareSchema).optional(),
          })
          .strict(),
      )
      .min(1),
    provenance: z
      .object({
        study: z.string().optional(),
        trial: z.number().int().optional(),
        value: z.number().optional(),
        created_at: z.string().optional(),
      })
      .optional(),
  })
  .strict()

/**
 * Checks a mixture file given as untrusted JSON: format, shares in [0, 1], group ratios summing
 * to 1, task shares of each group summing to 1, no repeated group name.
 */
export function safeParseMixtureFile(
  value: unknown,
  source = 'mixture',
): SafeParseResult<MixtureFile> {
  const parsed = mixtureSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || '(root)'
    return {
      ok: false,
      error: new InputError(`mixture: ${source} field "${field}": ${issue?.message}`, {
        field,
        value,
      }),
    }
  }
  const file = parsed.data
  const names = new Set<string>()
  let total = 0
  for (const [index, group] of file.groups.entries()) {
    if (names.has(group.name)) {
      return {
        ok: false,
        error: new InputError(`mixture: ${source} repeats group "${group.name}"`, {
          field: `groups.${index}.name`,
          value: group.name,
        }),
      }
    }
    names.add(group.name)
    total += group.ratio
    if (group.tasks !== undefined) {
      const within = Object.values(group.tasks).reduce((sum, share) => sum + share, 0)
      if (Math.abs(within - 1) > SUM_TOLERANCE) {
        return {
          ok: false,
          error: new InputError(
            `mixture: ${source} task shares of group "${group.name}" sum to ${within}, not 1`,
            { field: `groups.${index}.tasks`, value: group.tasks },
          ),
        }
      }
    }
  }
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    return {
      ok: false,
      error: new InputError(`mixture: ${source} group ratios sum to ${total}, not 1`, {
        field: 'groups',
        value: total,
      }),
    }
  }
  return { ok: true, value: file as MixtureFile }
}

/**
 * The effective ratio of every task: group ratio × task share. Groups without tasks appear
 * under their own name.
 */
export function taskRatios(file: MixtureFile): Record<string, number> {
  const ratios: Record<string, number> = {}
  for (const group of file.groups) {
    if (group.tasks === undefined) ratios[group.name] = (ratios[group.name] ?? 0) + group.ratio
    else {
      for (const [task, share] of Object.entries(group.tasks)) {
        ratios[task] = (ratios[task] ?? 0) + group.ratio * share
      }
    }
  }
  return ratios
}
