/**
 * The access decision every Galen HTTP surface makes, in one place: deny by default (every route
 * needs a key when keys are set) with an allow list of public routes, then a per-client rate
 * limit. The decision is made on the route the router matched (or on the normalised request
 * target, see `request-target.ts`), never on the raw URL.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { HttpError } from './http-error.js'
import { createKeyring, type Keyring, presentedKey } from './keys.js'
import { createRateLimiter } from './rate-limiter.js'

/** Construction settings of {@link createHttpGuard}. */
export interface HttpGuardSettings {
  /** Accepted keys (each at least 16 characters); none means no key is asked for. */
  keys?: readonly string[]
  /** Where the keys came from, for error messages. Default `API key`. */
  keySource?: string
  /**
   * Routes answered without a key (exact route patterns or normalised paths, for example
   * `/healthz`). Everything else needs a key.
   */
  publicRoutes?: readonly string[]
  /** Requests per minute per client on protected routes; 0 (default) disables. */
  rateLimitPerMinute?: number
  /**
   * Protected routes left out of the rate limit (they still need a key), for example the reward
   * routes RL trainers call thousands of times a minute; their own admission limits apply.
   */
  unmeteredRoutes?: readonly string[]
}

/** Who made an admitted request. */
export interface Admission {
  /** `key:<fingerprint>` for a keyed request, else `ip:<address>`. */
  client: string
  /** Whether a valid key came with the request. */
  authenticated: boolean
  /** Whether the route is on the public allow list. */
  publicRoute: boolean
}

/** The access decision of one HTTP surface. */
export interface HttpGuard {
  /** Whether keys are configured. */
  readonly requiresKey: boolean
  /**
   * Admits a request to `route` or throws: 401 without a valid key (unless the route is public),
   * 429 past the client's rate. A key on a public route is checked too, so callers may show
   * more to keyed clients.
   *
   * @throws HttpError 401 or 429.
   */
  admit(options: {
    route: string
    headers: IncomingHttpHeaders
    remoteAddress: string | undefined
  }): Admission
}

/**
 * Creates the guard.
 *
 * @example
 * const guard = createHttpGuard({ keys: [process.env.KEY ?? ''], publicRoutes: ['/healthz'] })
 * const { client } = guard.admit({ route: '/v1/rewards', headers: request.headers, remoteAddress })
 * @throws ConfigError for an empty or short key.
 */
export function createHttpGuard(settings: HttpGuardSettings = {}): HttpGuard {
  const keyring: Keyring = createKeyring(settings.keys ?? [], settings.keySource ?? 'API key')
  const publicRoutes = new Set(settings.publicRoutes ?? [])
  const unmeteredRoutes = new Set(settings.unmeteredRoutes ?? [])
  const limiter = createRateLimiter({ perMinute: settings.rateLimitPerMinute ?? 0 })
  return {
    requiresKey: keyring.size > 0,
    admit({ route, headers, remoteAddress }) {
      const publicRoute = publicRoutes.has(route)
      const fingerprint = keyring.size > 0 ? keyring.match(presentedKey(headers)) : undefined
      if (keyring.size > 0 && fingerprint === undefined && !publicRoute) {
        throw new HttpError(401, 'a valid API key is required (Authorization: Bearer KEY)', {
          code: 'invalid_api_key',
          headers: { 'www-authenticate': 'Bearer' },
        })
      }
      // Buckets follow a verified key, else the address: a made-up bearer never buys a fresh one.
      const client =
        fingerprint === undefined ? `ip:${remoteAddress ?? 'unknown'}` : `key:${fingerprint}`
      if (!publicRoute && !unmeteredRoutes.has(route)) {
        const decision = limiter.take(client)
        if (!decision.allowed) {
          throw new HttpError(429, 'rate limit exceeded', {
            type: 'rate_limit_error',
            code: 'rate_limited',
            headers: { 'retry-after': String(decision.retryAfterSeconds) },
          })
        }
      }
      return { client, authenticated: fingerprint !== undefined, publicRoute }
    },
  }
}
