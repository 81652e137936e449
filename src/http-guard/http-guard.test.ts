import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { checkBindPolicy, isLoopbackHost } from './bind-policy.js'
import { jsonDepthExceeds, parseJsonBody } from './body.js'
import { createByteBudget } from './gate.js'
import { createHttpGuard } from './guard.js'
import { HttpError, toHttpError } from './http-error.js'
import { createKeyring, presentedKey } from './keys.js'
import { normaliseRequestTarget } from './request-target.js'

const KEY = 'key-0123456789abcdefgh'

describe('request targets', () => {
  it.each([
    ['/v1/models', '/v1/models'],
    ['/%761/models', '/v1/models'],
    ['/v%31/search?x=1', '/v1/search'],
    ['http://x/v1/models', '/v1/models'],
    ['HTTPS://evil.example:8080//v1//models#f', '/v1/models'],
    ['/x/../v1/./models', '/v1/models'],
    ['/../../metrics', '/metrics'],
    ['/v1/models/', '/v1/models/'],
    ['http://x', '/'],
  ])('normalises %s to %s', (target, path) => {
    expect(normaliseRequestTarget(target)).toBe(path)
  })

  it('refuses malformed encodings, control characters and other forms with 400', () => {
    for (const target of ['/%zz', '/v1/%00models', '*', 'v1/models']) {
      expect(() => normaliseRequestTarget(target)).toThrow(HttpError)
    }
  })
})

describe('keys', () => {
  it('matches only an accepted key and names it by a fingerprint, not the key', () => {
    const keyring = createKeyring([KEY, `${KEY}-second`])
    const fingerprint = keyring.match(KEY)
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/)
    expect(fingerprint).not.toContain(KEY.slice(0, 6))
    expect(keyring.match(`${KEY}-second`)).not.toBe(fingerprint)
    expect(keyring.match(`${KEY.slice(0, -1)}x`)).toBeUndefined()
    expect(keyring.match('short')).toBeUndefined()
    expect(keyring.match('')).toBeUndefined()
    expect(keyring.match(undefined)).toBeUndefined()
  })

  it('refuses empty and short keys without showing them', () => {
    expect(() => createKeyring([''], '--api-key')).toThrow(/--api-key is empty/)
    const short = () => createKeyring(['abcdefghij'], '--api-key')
    expect(short).toThrow(ConfigError)
    expect(short).not.toThrow(/abcdefghij/)
  })

  it('reads Bearer and x-api-key headers, ignoring an empty one', () => {
    expect(presentedKey({ authorization: `Bearer ${KEY}` })).toBe(KEY)
    expect(presentedKey({ authorization: `bearer   ${KEY}  ` })).toBe(KEY)
    expect(presentedKey({ 'x-api-key': KEY })).toBe(KEY)
    expect(presentedKey({ 'x-api-key': '' })).toBeUndefined()
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined()
  })
})

describe('the guard', () => {
  it('denies by default, lets public routes through and limits per verified key or address', () => {
    const guard = createHttpGuard({
      keys: [KEY],
      publicRoutes: ['/healthz'],
      rateLimitPerMinute: 1,
    })
    const admit = (route: string, headers: Record<string, string>, remoteAddress = '10.0.0.1') =>
      guard.admit({ route, headers, remoteAddress })
    expect(() => admit('/v1/models', {})).toThrow(expect.objectContaining({ status: 401 }))
    expect(() => admit('/anything', {})).toThrow(expect.objectContaining({ status: 401 }))
    expect(admit('/healthz', {})).toMatchObject({ publicRoute: true, authenticated: false })
    expect(admit('/v1/models', { authorization: `Bearer ${KEY}` })).toMatchObject({
      authenticated: true,
    })
    expect(() => admit('/v1/models', { authorization: `Bearer ${KEY}` })).toThrow(
      expect.objectContaining({ status: 429 }),
    )
  })

  it('does not give a made-up bearer a fresh bucket on a keyless server', () => {
    const guard = createHttpGuard({ rateLimitPerMinute: 1 })
    guard.admit({
      route: '/v1/models',
      headers: { authorization: 'Bearer one' },
      remoteAddress: 'a',
    })
    expect(() =>
      guard.admit({
        route: '/v1/models',
        headers: { authorization: 'Bearer two' },
        remoteAddress: 'a',
      }),
    ).toThrow(expect.objectContaining({ status: 429 }))
  })
})

describe('bodies and budgets', () => {
  it('measures JSON depth outside strings only', () => {
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[["}', 3)).toBe(false)
    expect(jsonDepthExceeds('{"a":"\\"[[[[["}', 3)).toBe(false)
    expect(jsonDepthExceeds('[[[[1]]]]', 3)).toBe(true)
    expect(() => parseJsonBody(`${'['.repeat(100)}${']'.repeat(100)}`)).toThrow(
      expect.objectContaining({ status: 400, code: 'json_too_deep' }),
    )
    expect(parseJsonBody('{"a":[1,{"b":2}]}')).toEqual({ a: [1, { b: 2 }] })
  })

  it('keeps part of the byte budget for small bodies', () => {
    const budget = createByteBudget(100, { smallBodyBytes: 10, keptForSmallBytes: 20 })
    expect(budget.reserve(70, 20)).toBe(true)
    expect(budget.reserve(20, 90)).toBe(false)
    expect(budget.reserve(10, 0)).toBe(true)
    expect(budget.used).toBe(80)
    budget.release(80)
    expect(budget.used).toBe(0)
  })
})

describe('errors and binding', () => {
  it('never puts upstream addresses or internal messages in error bodies', async () => {
    const { ApiCallError, GalenError } = await import('../errors.js')
    const upstream = toHttpError(
      new ApiCallError('llm: http://10.0.0.9:8000/v1 failed', { status: 500 }),
    )
    expect(upstream.status).toBe(502)
    expect(JSON.stringify(upstream.body())).not.toContain('10.0.0.9')
    const internal = toHttpError(new Error('/srv/galen/index.db is locked'))
    expect(internal.status).toBe(500)
    expect(JSON.stringify(internal.body())).not.toContain('/srv')
    expect(toHttpError(new GalenError('backend_error', '/srv/x failed')).message).not.toContain(
      '/srv',
    )
  })

  it('refuses a keyless non-loopback bind unless told, with a warning', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('[::1]')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    const options = { host: '0.0.0.0', keyCount: 0, surface: 'serve', keyOption: '--api-key' }
    expect(() => checkBindPolicy(options)).toThrow(ConfigError)
    expect(checkBindPolicy({ ...options, insecureNoAuth: true })).toContain('WARNING')
    expect(checkBindPolicy({ ...options, keyCount: 1 })).toBeUndefined()
  })
})
