import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { loadConfig } from './config.js'

function writeConfig(content: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'galen-config-'))
  const path = join(folder, 'galen.config.json')
  writeFileSync(path, content)
  return path
}

describe('loadConfig', () => {
  it('reads the file and lets environment variables win', () => {
    const path = writeConfig(JSON.stringify({ model: { url: 'http://127.0.0.1:9/v1', name: 'a' } }))
    const loaded = loadConfig({ path, environment: { GALEN_MODEL: 'b', GALEN_PORT: '8080' } })
    expect(loaded.config.model).toEqual({ url: 'http://127.0.0.1:9/v1', name: 'b' })
    expect(loaded.config.server?.port).toBe(8080)
    expect(loaded.fromEnvironment).toEqual(['GALEN_MODEL', 'GALEN_PORT'])
  })

  it('names the key and the value of a bad file entry', () => {
    const path = writeConfig(JSON.stringify({ model: { url: 'not a url' } }))
    expect(() => loadConfig({ path, environment: {} })).toThrowError(
      /"model\.url" = "not a url" is invalid/,
    )
  })

  it('names an unknown key', () => {
    const path = writeConfig(JSON.stringify({ modle: {} }))
    expect(() => loadConfig({ path, environment: {} })).toThrowError(/unknown key\(s\) "modle"/)
  })

  it('rejects a non-numeric environment value with the variable name', () => {
    let caught: unknown
    try {
      loadConfig({ environment: { GALEN_PORT: 'eighty', GALEN_CONFIG: undefined } })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigError)
    expect((caught as ConfigError).key).toBe('GALEN_PORT')
    expect((caught as Error).message).toContain('"eighty"')
  })

  it('reports invalid JSON without a stack trace', () => {
    const path = writeConfig('{ "model": ')
    expect(() => loadConfig({ path, environment: {} })).toThrowError(/is not valid JSON/)
  })

  it('fails when an explicit file is missing', () => {
    expect(() => loadConfig({ path: '/nonexistent/galen.json', environment: {} })).toThrowError(
      /does not exist/,
    )
  })
})
