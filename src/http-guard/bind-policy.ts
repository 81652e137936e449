/**
 * Where a server may listen: loopback without keys; any other interface only with keys, unless
 * the operator says `--insecure-no-auth` (for closed lab clusters), which prints a warning on
 * every start. Also renders the address a server really bound.
 */
import type { AddressInfo } from 'node:net'
import { ConfigError } from '../errors.js'

/** Whether a host name or address only reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  )
}

/** Inputs of {@link checkBindPolicy}. */
export interface BindPolicyOptions {
  host: string
  /** Keys configured. */
  keyCount: number
  /** Allow a keyless server beyond loopback (with a warning). */
  insecureNoAuth?: boolean
  /** The server's name for messages (`serve`, `reward serve`). */
  surface: string
  /** The option that sets keys, for the message (`--api-key`). */
  keyOption: string
}

/**
 * Decides whether a server may listen on `host`.
 *
 * @param options.surface - the server's name for messages (`serve`, `reward serve`).
 * @param options.keyOption - the option that sets keys, for the message (`--api-key`).
 * @returns a warning to print on start (with `insecureNoAuth` beyond loopback), or undefined.
 * @throws ConfigError when `host` is not loopback, no key is set and `insecureNoAuth` is off.
 */
export function checkBindPolicy(options: BindPolicyOptions): string | undefined {
  if (isLoopbackHost(options.host) || options.keyCount > 0) return undefined
  if (options.insecureNoAuth === true) {
    return `${options.surface}: WARNING: listening on "${options.host}" with no key (--insecure-no-auth): anyone who can reach this port can use it`
  }
  throw new ConfigError(
    `${options.surface}: listening on "${options.host}" needs a key (${options.keyOption}); use --insecure-no-auth only on a closed network`,
    { key: options.keyOption },
  )
}

/** The URL of an address a server bound, with IPv6 in brackets (`http://[::]:8787`). */
export function boundUrl(address: AddressInfo | string | null): string {
  if (address === null) return 'http://(not listening)'
  if (typeof address === 'string') return address
  const host =
    address.family === 'IPv6' || address.address.includes(':')
      ? `[${address.address}]`
      : address.address
  return `http://${host}:${address.port}`
}
