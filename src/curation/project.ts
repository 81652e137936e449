/**
 * A curation project folder: `reviews.sqlite` (the event store) and an optional `curation.json`
 * naming reviewers, their roles and the assignment overlap:
 * `{ "overlap": 0.2, "reviewers": [{ "name": "ana", "role": "reviewer" }] }`. Tokens are never
 * read from the file's neighbours implicitly: they come from `--token` or the file's `token`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { ConfigError, safeParseJson } from '../errors.js'
import type { ReviewEventStore } from './review-event-store.js'
import { applyEvents, type ProjectState, type ProjectStateSettings } from './review-state.js'
import { createSqliteReviewStore } from './sqlite-review-store.js'

/** Reviewer roles: reviewers decide, adjudicators also resolve disputes, admins also see all. */
export const REVIEWER_ROLES = ['reviewer', 'adjudicator', 'admin'] as const

/** One role. */
export type ReviewerRole = (typeof REVIEWER_ROLES)[number]

/** A named reviewer. */
export interface Reviewer {
  name: string
  role: ReviewerRole
  token?: string
}

/** The project's configuration. */
export interface ProjectConfig {
  overlap: number
  reviewers: Reviewer[]
}

const configSchema = z
  .object({
    overlap: z.number().min(0).max(1).default(0),
    reviewers: z
      .array(
        z
          .object({
            name: z.string().regex(/^[\p{L}\p{N}_.-]{1,64}$/u, 'letters, digits, _ . - only'),
            role: z.enum(REVIEWER_ROLES).default('reviewer'),
            token: z.string().min(16).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()

/** The store file of a project folder. */
export function projectStorePath(folder: string): string {
  return join(folder, 'reviews.sqlite')
}

/**
 * Reads `curation.json` of a project folder (defaults when absent).
 *
 * @throws ConfigError naming the key at fault.
 */
export function readProjectConfig(folder: string): ProjectConfig {
  const path = join(folder, 'curation.json')
  if (!existsSync(path)) return { overlap: 0, reviewers: [] }
  const parsed = safeParseJson(readFileSync(path, 'utf8'), path)
  if (!parsed.ok)
    throw new ConfigError(`curation: "${path}" is not JSON`, {
      key: 'curation.json',
      cause: parsed.error,
    })
  const checked = configSchema.safeParse(parsed.value)
  if (!checked.success) {
    const issue = checked.error.issues[0]
    const key = issue?.path.join('.') ?? ''
    throw new ConfigError(`curation: "${path}": ${key} ${issue?.message ?? 'is invalid'}`, { key })
  }
  return {
    overlap: checked.data.overlap,
    reviewers: checked.data.reviewers.map((reviewer) => ({
      name: reviewer.name,
      role: reviewer.role,
      ...(reviewer.token === undefined ? {} : { token: reviewer.token }),
    })),
  }
}

/** An open project: its store and a state kept up to date from new events. */
export interface CurationProject {
  readonly folder: string
  readonly store: ReviewEventStore
  readonly settings: ProjectStateSettings
  /** The state with every event stored so far applied. */
  state(): Promise<ProjectState>
  close(): Promise<void>
}

/** Opens a project folder (creating the store when missing). */
export function openProject(options: {
  folder: string
  reviewers: readonly string[]
  overlap: number
}): CurationProject {
  const store = createSqliteReviewStore({ path: projectStorePath(options.folder) })
  const settings: ProjectStateSettings = { reviewers: options.reviewers, overlap: options.overlap }
  const state: ProjectState = { items: [], byId: new Map(), lastSeq: 0 }
  return {
    folder: options.folder,
    store,
    settings,
    async state() {
      applyEvents(state, await store.read({ afterSeq: state.lastSeq }), settings)
      return state
    },
    close: () => store.close(),
  }
}
