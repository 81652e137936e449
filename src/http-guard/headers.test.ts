import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { applyConnectionLimits, resolveConnectionLimits } from './headers.js'

describe('connection limits', () => {
  it('gives a silent socket the request deadline plus 5 s unless told otherwise', () => {
    expect(resolveConnectionLimits().idleTimeoutMs).toBe(35_000)
    expect(resolveConnectionLimits({ requestTimeoutMs: 60_000 }).idleTimeoutMs).toBe(65_000)
    // A long answer deadline must not widen the window for receiving the request itself.
    const serving = resolveConnectionLimits({ idleTimeoutMs: 125_000 })
    expect(serving).toMatchObject({ requestTimeoutMs: 30_000, idleTimeoutMs: 125_000 })
  })

  it('applies the idle timeout to the server, separately from the request deadline', () => {
    const server = createServer()
    applyConnectionLimits(server, { idleTimeoutMs: 125_000 })
    expect(server.timeout).toBe(125_000)
    expect(server.requestTimeout).toBe(30_000)
    expect(server.headersTimeout).toBe(10_000)
  })
})
