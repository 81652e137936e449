/**
 * A per-client token bucket: each client (API key or IP address) may make `perMinute` requests a
 * minute, with bursts up to `burst`. Idle buckets are forgotten so memory stays bounded.
 */

/** The limiter's verdict. */
export interface RateDecision {
  allowed: boolean
  /** Seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number
}

/** Creates a limiter; `perMinute <= 0` allows everything. */
export function createRateLimiter(settings: {
  perMinute: number
  burst?: number
  maxClients?: number
}): {
  take(client: string): RateDecision
} {
  const perMinute = settings.perMinute
  const burst = settings.burst ?? Math.max(1, Math.ceil(perMinute / 6))
  const maxClients = settings.maxClients ?? 10_000
  const refillPerMs = perMinute / 60_000
  const buckets = new Map<string, { tokens: number; updated: number }>()
  return {
    take(client) {
      if (perMinute <= 0) return { allowed: true, retryAfterSeconds: 0 }
      const now = Date.now()
      let bucket = buckets.get(client)
      if (bucket === undefined) {
        if (buckets.size >= maxClients) {
          // Forget the oldest clients (insertion order) rather than grow without bound.
          for (const key of buckets.keys()) {
            buckets.delete(key)
            if (buckets.size < maxClients * 0.9) break
          }
        }
        bucket = { tokens: burst, updated: now }
        buckets.set(client, bucket)
      }
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * refillPerMs)
      bucket.updated = now
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { allowed: true, retryAfterSeconds: 0 }
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.ceil((1 - bucket.tokens) / refillPerMs / 1000),
      }
    },
  }
}
