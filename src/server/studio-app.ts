/**
 * The review studio: a small HTTP app over a curation project. It serves the page (`web/studio/`)
 * and a JSON API, and uses the shared authentication and limits layer (`http-guard/`): every API
 * route needs a reviewer's bearer token when tokens are configured, the page's static files are
 * public, bodies are read with limits, every error goes through `sendError`, and it refuses to
 * listen beyond loopback without tokens. Every change is an event in the project's store.
 *
 * API: `GET /api/me`, `GET /api/items?status=&assigned=me`, `GET /api/items/:id`,
 * `POST /api/items/:id/review`, `POST /api/items/:id/draft` (autosave),
 * `POST /api/items/:id/adjudicate` (adjudicators and admins), `GET /api/stats`.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type CurationProject,
  type ItemState,
  parseReviewPayload,
  projectStats,
  type Reviewer,
  type ReviewerRole,
} from '../curation/index.js'
import { InputError } from '../errors.js'
import {
  applyConnectionLimits,
  boundUrl,
  checkBindPolicy,
  createHttpGuard,
  createKeyring,
  HttpError,
  type Keyring,
  normaliseRequestTarget,
  parseJsonBody,
  presentedKey,
  readRequestBody,
  sendError,
  sendText,
  serverOptions,
} from '../http-guard/index.js'

/** Settings of {@link createStudioApp}. */
export interface StudioSettings {
  project: CurationProject
  /** Named reviewers; those with tokens can log in. Without any token the studio is loopback only. */
  reviewers: readonly Reviewer[]
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  /** Largest request body. Default 1 MiB. */
  maxBodyBytes?: number
  /** Requests per minute per reviewer on the API; 0 disables. Default 600. */
  rateLimitPerMinute?: number
}

/** A running studio. */
export interface StudioApp {
  url: string
  close(): Promise<void>
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/studio.js': { file: 'studio.js', type: 'text/javascript; charset=utf-8' },
  '/studio.css': { file: 'studio.css', type: 'text/css; charset=utf-8' },
}

const STATUSES = new Set(['pending', 'accepted', 'rejected', 'flagged', 'disputed'])

/** The page's folder: `web/studio/` at the repository (or package) root. */
const WEB_FOLDER = new URL('../../web/studio/', import.meta.url)

interface Actor {
  name: string
  role: ReviewerRole
}

function summary(state: ItemState, actor: Actor) {
  return {
    id: state.item.id,
    query:
      state.item.query.length > 160 ? `${state.item.query.slice(0, 157)}...` : state.item.query,
    status: state.status,
    assigned: state.assigned,
    myDecision: state.reviews.get(actor.name)?.decision ?? null,
    reviews: state.reviews.size,
  }
}

function detail(state: ItemState, actor: Actor) {
  const canSeeAll = actor.role !== 'reviewer' || state.status === 'disputed'
  const reviews = [...state.reviews.values()].filter(
    (review) => canSeeAll || review.reviewer === actor.name,
  )
  return {
    item: state.item,
    status: state.status,
    assigned: state.assigned,
    reviews,
    adjudication: state.adjudication ?? null,
    draft: state.drafts.get(actor.name) ?? null,
    final:
      state.final === undefined
        ? null
        : {
            answer: state.final.answer,
            candidateId: state.final.candidate.id,
            reviewer: state.final.reviewer,
            edited: state.final.edited,
          },
  }
}

function json(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, JSON.stringify(value), 'application/json; charset=utf-8', {
    headers: { 'cache-control': 'no-store' },
  })
}

/**
 * Starts the studio.
 *
 * @example
 * const studio = await startStudio({ project, reviewers: [{ name: 'ana', role: 'reviewer', token }] })
 * console.log(studio.url)
 * @throws ConfigError when asked to listen beyond loopback without tokens.
 */
export async function startStudio(settings: StudioSettings): Promise<StudioApp> {
  const host = settings.host ?? '127.0.0.1'
  const withTokens = settings.reviewers.filter((reviewer) => reviewer.token !== undefined)
  checkBindPolicy({
    host,
    keyCount: withTokens.length,
    surface: 'studio',
    keyOption: '--token NAME=TOKEN',
  })
  const guard = createHttpGuard({
    keys: withTokens.map((reviewer) => reviewer.token as string),
    keySource: 'a reviewer token',
    publicRoutes: [...Object.keys(STATIC), '/healthz'],
    rateLimitPerMinute: settings.rateLimitPerMinute ?? 600,
  })
  // One keyring per reviewer: the shared layer's constant-time match says whose token it is.
  const rings: Array<{ reviewer: Reviewer; ring: Keyring }> = withTokens.map((reviewer) => ({
    reviewer,
    ring: createKeyring([reviewer.token as string], `token of ${reviewer.name}`),
  }))
  const project = settings.project
  const maxBodyBytes = settings.maxBodyBytes ?? 1024 * 1024
  // Appends are serialised so that the `before` value of an event is what the actor saw.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  const actorOf = (request: IncomingMessage): Actor => {
    if (rings.length === 0) return { name: 'local', role: 'admin' }
    const presented = presentedKey(request.headers)
    for (const { reviewer, ring } of rings) {
      if (ring.match(presented) !== undefined) return { name: reviewer.name, role: reviewer.role }
    }
    throw new HttpError(401, 'a valid reviewer token is required', { code: 'invalid_api_key' })
  }

  const itemOf = async (id: string): Promise<ItemState> => {
    const state = await project.state()
    const item = state.byId.get(id)
    if (item === undefined)
      throw new HttpError(404, `studio: no item "${id}"`, { code: 'not_found' })
    return item
  }

  const readJson = async (request: IncomingMessage): Promise<unknown> => {
    const body = await readRequestBody(request, { limitBytes: maxBodyBytes })
    try {
      return parseJsonBody(body.text)
    } finally {
      body.release()
    }
  }

  const route = async (
    path: string,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> => {
    const method = request.method ?? 'GET'
    const page = STATIC[path]
    if (page !== undefined) {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${path} answers GET`)
      sendText(response, 200, readFileSync(new URL(page.file, WEB_FOLDER), 'utf8'), page.type)
      return
    }
    if (path === '/healthz') {
      json(response, 200, { status: 'ok' })
      return
    }
    const actor = actorOf(request)
    if (path === '/api/me' && method === 'GET') {
      json(response, 200, actor)
      return
    }
    if (path === '/api/stats' && method === 'GET') {
      const state = await project.state()
      json(response, 200, projectStats(state, await project.store.read()))
      return
    }
    const url = new URL(request.url ?? '/', 'http://studio')
    if (path === '/api/items' && method === 'GET') {
      const status = url.searchParams.get('status')
      if (status !== null && !STATUSES.has(status)) {
        throw new InputError(
          `studio: status "${status}" is not one of ${[...STATUSES].join(', ')}`,
          { field: 'status', value: status },
        )
      }
      const mine = url.searchParams.get('assigned') === 'me'
      const state = await project.state()
      const items = state.items.filter(
        (item) =>
          (status === null || item.status === status) &&
          (!mine || item.assigned.includes(actor.name) || item.assigned.length === 0),
      )
      json(response, 200, { items: items.map((item) => summary(item, actor)) })
      return
    }
    const match = /^\/api\/items\/([^/]+)(?:\/(review|draft|adjudicate))?$/.exec(path)
    if (match === null) throw new HttpError(404, 'no such route', { code: 'not_found' })
    const id = match[1] as string
    const action = match[2]
    if (action === undefined) {
      if (method !== 'GET') throw new HttpError(405, 'answers GET')
      json(response, 200, detail(await itemOf(id), actor))
      return
    }
    if (method !== 'POST') throw new HttpError(405, `${action} answers POST`)
    const body = await readJson(request)
    await serial(async () => {
      const item = await itemOf(id)
      if (action === 'draft') {
        const answer = (body as { answer?: unknown } | null)?.answer
        if (typeof answer !== 'string' || answer.length > 100_000) {
          throw new InputError(
            'studio: draft needs an "answer" string (at most 100,000 characters)',
            { field: 'answer', value: typeof answer },
          )
        }
        const previous = item.drafts.get(actor.name)
        await project.store.append({
          events: [
            {
              actor: actor.name,
              itemId: id,
              type: 'edit',
              before: previous === undefined ? null : { answer: previous },
              after: { answer },
            },
          ],
        })
        return
      }
      const payload = parseReviewPayload(body)
      if (
        payload.candidateId !== undefined &&
        !item.item.candidates.some((candidate) => candidate.id === payload.candidateId)
      ) {
        throw new InputError(`studio: item "${id}" has no candidate "${payload.candidateId}"`, {
          field: 'candidateId',
          value: payload.candidateId,
        })
      }
      if (action === 'adjudicate') {
        if (actor.role === 'reviewer')
          throw new HttpError(403, 'studio: only adjudicators and admins adjudicate', {
            code: 'forbidden',
          })
        await project.store.append({
          events: [
            {
              actor: actor.name,
              itemId: id,
              type: 'adjudicate',
              before: item.adjudication ?? { status: item.status },
              after: payload,
            },
          ],
        })
        return
      }
      await project.store.append({
        events: [
          {
            actor: actor.name,
            itemId: id,
            type: 'review',
            before: item.reviews.get(actor.name) ?? null,
            after: payload,
          },
        ],
      })
    })
    json(response, 200, detail(await itemOf(id), actor))
  }

  const server: Server = createServer(serverOptions(), (request, response) => {
    let path: string
    try {
      path = normaliseRequestTarget(request.url ?? '/')
      guard.admit({
        route: path,
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress,
      })
    } catch (error) {
      sendError(response, error)
      return
    }
    route(path, request, response).catch((error: unknown) => {
      sendError(response, error)
    })
  })
  applyConnectionLimits(server)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(settings.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const url = boundUrl(server.address() as AddressInfo)
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
