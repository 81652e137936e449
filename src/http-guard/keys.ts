/**
 * API keys: validated when a server starts (at least {@link MIN_KEY_LENGTH} characters, never
 * empty), kept only as SHA-256 digests, and compared in constant time against every accepted key
 * so that neither the match nor the key's length shows in the timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { ConfigError } from '../errors.js'

/** The shortest accepted key, in characters. */
export const MIN_KEY_LENGTH = 16

/**
 * Checks one configured key.
 *
 * @param source - where the key came from, for the message (for example `--api-key`).
 * @throws ConfigError when the key is empty (an unset environment variable) or shorter than
 *   {@link MIN_KEY_LENGTH}; the message never shows the key.
 */
export function checkApiKey(key: string, source: string): void {
  if (key.trim() === '') {
    throw new ConfigError(
      `auth: ${source} is empty (is the environment variable that should hold it unset?)`,
      { key: source },
    )
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new ConfigError(
      `auth: ${source} has ${key.length} characters; keys need at least ${MIN_KEY_LENGTH} (for example: openssl rand -hex 24)`,
      { key: source },
    )
  }
}

/** A set of accepted keys, held as digests. */
export interface Keyring {
  /** How many keys are accepted; 0 means no key is required. */
  readonly size: number
  /**
   * The fingerprint (first 12 hex digits of the digest) of the matching key, or undefined.
   * Every accepted key is compared, in constant time, whatever matches.
   */
  match(presented: string | undefined): string | undefined
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/**
 * Builds a keyring; each key is checked with {@link checkApiKey}.
 *
 * @throws ConfigError for an empty or short key.
 */
export function createKeyring(keys: readonly string[], source = 'API key'): Keyring {
  keys.forEach((key, position) => {
    checkApiKey(key, keys.length > 1 ? `${source} #${position + 1}` : source)
  })
  const digests = keys.map(digest)
  const fingerprints = digests.map((value) => value.toString('hex').slice(0, 12))
  return {
    size: digests.length,
    match(presented) {
      if (presented === undefined || presented === '' || digests.length === 0) return undefined
      const given = digest(presented)
      let found = -1
      for (let position = 0; position < digests.length; position += 1) {
        if (timingSafeEqual(given, digests[position] as Buffer) && found < 0) found = position
      }
      return found < 0 ? undefined : fingerprints[found]
    },
  }
}

/** The key a request presents: `Authorization: Bearer KEY`, else `x-api-key: KEY`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization
  if (typeof authorization === 'string') {
    const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)
    if (match !== null) return match[1]
  }
  const apiKey = headers['x-api-key']
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined
}
