import { describe, expect, it } from 'vitest'
import { runGalen } from '../../test/support/cli.js'

function galen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runGalen(args)
}

describe('galen CLI', () => {
  it('lists the commands with --help and exits 0', async () => {
    const result = await galen('--help')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('doctor')
  })

  it('exits 2 on an unknown command', async () => {
    const result = await galen('no-such-command')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("unknown command 'no-such-command'")
  })

  it('runs doctor as JSON and reports the native modules', async () => {
    const result = await galen('doctor', '--json')
    const report = JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string }> }
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check.status]))
    expect(byName.sqlite).toBe('ok')
    expect(byName['sqlite-vec']).toBe('ok')
    expect(byName['model endpoint']).toBe('warn')
  })
})
